// Update Schema from Run: the server's answer (patchworks/updateSchemaFromRun) and how it is told. No `vscode`.

/** The answer of patchworks/updateSchemaFromRun (server/Patchworks.LanguageServer/Protocol/CustomRequests.cs). */
export interface SchemaUpdateAnswer {
  edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
  report: { uri: string; records: number; changes: { kind: 'added' | 'widened' | 'conflict'; path: string; message: string }[]; gaps: string[] };
  /** Asked with `apply`: whether the editor applied the edits (absent when there was nothing to apply). */
  applied?: boolean;
}

/** The report in a few lines: what will be added and widened, and the conflicts left for the author. */
export function describeSchemaUpdate(report: SchemaUpdateAnswer['report']): string {
  const of = (kind: string) => report.changes.filter((c) => c.kind === kind);
  const line = (label: string, changes: SchemaUpdateAnswer['report']['changes']) =>
    changes.length === 0 ? [] : [`${label} (${changes.length}): ${changes.slice(0, 8).map((c) => `${c.path || '/'} ${c.message}`).join('; ')}${changes.length > 8 ? '; …' : ''}`];
  return [
    ...line('Added', of('added')),
    ...line('Widened', of('widened')),
    ...line('Conflicts, left as declared', of('conflict')),
    ...(report.gaps.length > 0 ? [`Not read: ${report.gaps.join('; ')}`] : []),
  ].join('\n');
}
