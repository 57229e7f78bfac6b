// The text of the read-only "resolved request" document: the server's answer to `patchworks/resolveRequest`
// (secrets already masked by the server) as JSONC, under a short header. No `vscode` import.

export function resolvedRequestText(connectorName: string, result: unknown): string {
  const r = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const header = [
    `// ${text(r['method']) ?? '?'} ${text(r['url']) ?? '?'}`,
    `// ${connectorName} › ${text(r['endpoint']) ?? '?'}, ${text(r['instance']) ? `instance "${text(r['instance'])}"` : 'no instance'}` +
      (text(r['authMethod']) ? `, auth "${text(r['authMethod'])}"` : ''),
    '// Resolved by the Patchworks language server; secrets are masked. Read-only: run "Show Resolved Request" again to refresh.',
  ];
  return `${header.join('\n')}\n${JSON.stringify(result, null, 2)}\n`;
}
