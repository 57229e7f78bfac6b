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
  // The server's missingSecrets: a run would stop before sending. Each message names the variable and where to set it.
  const missing = Array.isArray(r['missingSecrets']) ? r['missingSecrets'] : [];
  const messages = missing
    .map((m) => (typeof m === 'object' && m !== null ? text((m as Record<string, unknown>)['message']) : undefined))
    .filter((m): m is string => m !== undefined);
  if (messages.length > 0) {
    header.push(`// A run would stop before sending: ${messages.length === 1 ? 'a secret has' : `${messages.length} secrets have`} no value.`);
    for (const message of messages) header.push(`//   ${message.replace(/[\r\n]+/g, ' ')}`);
  }
  return `${header.join('\n')}\n${JSON.stringify(result, null, 2)}\n`;
}
