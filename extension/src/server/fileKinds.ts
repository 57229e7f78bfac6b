// Which kind of Patchworks file a path names, by its name alone (the server reads the files). No `vscode`.
import * as path from 'node:path';

export type PatchworksFileKind = 'connector' | 'instance';

export function fileKind(fsPath: string): PatchworksFileKind | undefined {
  const name = fsPath.toLowerCase();
  if (name.endsWith('.connector.json')) return 'connector';
  if (name.endsWith('.instance.json')) return 'instance';
  return undefined;
}

/** "uk-test" for ".../uk-test.instance.json": the short label the status bar shows (the server's ConnectorOutline.Label). */
export function instanceLabel(fsPath: string): string {
  return path.basename(fsPath).replace(/\.instance\.json$/i, '');
}
