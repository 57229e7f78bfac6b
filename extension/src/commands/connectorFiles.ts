// What the commands read from connector and instance files without the server: which connector an instance
// belongs to, its display label, and a connector's endpoints. Tolerant (JSONC, half-typed files); no `vscode`.
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';

export type PatchworksFileKind = 'connector' | 'instance';

export function fileKind(fsPath: string): PatchworksFileKind | undefined {
  const name = fsPath.toLowerCase();
  if (name.endsWith('.connector.json')) return 'connector';
  if (name.endsWith('.instance.json')) return 'instance';
  return undefined;
}

/** "uk-test" for ".../uk-test.instance.json": the short label the status bar shows. */
export function instanceLabel(fsPath: string): string {
  return path.basename(fsPath).replace(/\.instance\.json$/i, '');
}

export interface InstanceSummary {
  readonly fsPath: string;
  readonly label: string;
  /** The instance's `name`, when it has one. */
  readonly name: string | undefined;
  readonly environment: string | undefined;
  /** The connector file it names, resolved against the instance's folder; undefined when it names none. */
  readonly connectorPath: string | undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function readInstance(fsPath: string, text: string): InstanceSummary {
  const root = parseObject(text);
  const connector = stringOf(root?.['connector']);
  return {
    fsPath,
    label: instanceLabel(fsPath),
    name: stringOf(root?.['name']),
    environment: stringOf(root?.['environment']),
    connectorPath: connector === undefined ? undefined : path.resolve(path.dirname(fsPath), connector),
  };
}

/** Same file, ignoring `.`/`..` segments and, on case-insensitive platforms, case. */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const na = path.normalize(a);
  const nb = path.normalize(b);
  return platform === 'win32' || platform === 'darwin' ? na.toLowerCase() === nb.toLowerCase() : na === nb;
}

/** The instances whose `connector` names this connector file, sorted by label. */
export function instancesOf(connectorPath: string, instances: readonly InstanceSummary[], platform?: NodeJS.Platform): InstanceSummary[] {
  return instances
    .filter((i) => i.connectorPath !== undefined && samePath(i.connectorPath, connectorPath, platform))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export interface EndpointSummary {
  readonly id: string;
  readonly name: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
}

export function readEndpoints(text: string): EndpointSummary[] {
  const endpoints = parseObject(text)?.['endpoints'];
  if (!Array.isArray(endpoints)) return [];
  const found: EndpointSummary[] = [];
  for (const endpoint of endpoints) {
    if (typeof endpoint !== 'object' || endpoint === null) continue;
    const e = endpoint as Record<string, unknown>;
    const id = stringOf(e['id']);
    if (id === undefined) continue;
    found.push({ id, name: stringOf(e['name']), method: stringOf(e['method']), path: stringOf(e['path']) ?? stringOf(e['url']) });
  }
  return found;
}
