// What the Add Instance wizard needs to know of a connector: its name, date format and authentication
// methods with the variables an instance fills in for each (the method's own, and the connector variables
// it lists in `uses`), from the server's outline (InstanceAnalyzer.InstanceVariables): no reading of the file here.
import type { ConnectorOutline, OutlineVariable } from '../server/connectorOutline';

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

/**
 * The wizard's view of the server's outline (patchworks/connectorOutline). An event connector's instance is asked
 * the connection first (host, port, TLS, virtual host: the connector variables the method uses), then the login.
 */
export function connectorInfo(outline: ConnectorOutline): ConnectorInfo {
  if (outline.syntaxErrors > 0) {
    throw new Error('The connector has syntax errors; fix them before adding an instance.');
  }
  const kind = outline.kind === 'event' ? 'event' : 'api';
  const authMethods = outline.authMethods.map((method): AuthMethodInfo => {
    const variables = method.instanceVariables.map(variable);
    const connection = method.instanceVariables.map((v, i) => [v, variables[i]!] as const).filter(([v]) => v.level === 'connector').map(([, info]) => info);
    const own = method.instanceVariables.map((v, i) => [v, variables[i]!] as const).filter(([v]) => v.level !== 'connector').map(([, info]) => info);
    return { id: method.id, name: method.name, type: method.type ?? '', variables: kind === 'event' ? [...connection, ...own] : [...own, ...connection] };
  });
  const info: ConnectorInfo = { name: outline.name ?? 'connector', kind, authMethods };
  if (outline.dateFormat !== undefined) info.dateFormat = outline.dateFormat;
  return info;
}

function variable(v: OutlineVariable): VariableInfo {
  const info: VariableInfo = { key: v.key, required: v.required, secret: v.secret };
  if (v.displayName !== undefined) info.displayName = v.displayName;
  if (v.description !== undefined) info.description = v.description;
  if (v.default !== undefined) info.default = v.default;
  return info;
}
