// What the Add Instance wizard needs to know of a connector: its name, date format and authentication
// methods with the variables an instance fills in for each (the method's own, and the connector variables
// it lists in `uses`, as the server's InstanceAnalyzer.InstanceVariables reads them).
// The ESM build: the UMD one (package.json's main) loads its parts with a require() esbuild cannot bundle.
import { parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';

export interface VariableInfo {
  key: string;
  displayName?: string;
  description?: string;
  default?: string;
  required: boolean;
  secret: boolean;
}

export interface AuthMethodInfo {
  id: string;
  name: string;
  type: string;
  variables: VariableInfo[];
}

export interface ConnectorInfo {
  name: string;
  /** `event`: a broker and listeners (docs/events.md); instances give the connection and the login, no endpoint values. */
  kind: 'api' | 'event';
  dateFormat?: string;
  authMethods: AuthMethodInfo[];
}

export function readConnector(text: string): ConnectorInfo {
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || !isObject(root)) {
    throw new Error('The connector has syntax errors; fix them before adding an instance.');
  }
  const connectorVariables = list(root.variables).map(variable);
  const kind = root.kind === 'event' ? 'event' : 'api';
  const used = (uses: Set<string>) => connectorVariables.filter((v) => uses.has(v.key));
  const authMethods = list(root.authMethods).filter(isObject).map((method): AuthMethodInfo => {
    const uses = new Set(list(method.uses).filter((u): u is string => typeof u === 'string'));
    return {
      id: str(method.id) ?? '',
      name: str(method.name) ?? str(method.id) ?? '',
      type: str(method.type) ?? '',
      // An event connector's instance is asked the connection first (host, port, TLS, virtual host), then the login.
      variables: (kind === 'event' ? [...used(uses), ...list(method.variables).map(variable)] : [...list(method.variables).map(variable), ...used(uses)])
        .filter((v) => v.key !== ''),
    };
  }).filter((m) => m.id !== '');
  const info: ConnectorInfo = { name: str(root.name) ?? 'connector', kind, authMethods };
  const dateFormat = str(root.dateFormat);
  if (dateFormat !== undefined) info.dateFormat = dateFormat;
  return info;
}

function variable(value: unknown): VariableInfo {
  const v = isObject(value) ? value : {};
  const info: VariableInfo = { key: str(v.key) ?? '', required: v.required === true, secret: v.secret === true };
  for (const name of ['displayName', 'description', 'default'] as const) {
    const text = str(v[name]);
    if (text !== undefined) info[name] = text;
  }
  return info;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
