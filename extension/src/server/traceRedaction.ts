// Protocol traces (patchworks.server.trace = messages / verbose) print message contents. Secrets are masked by
// structure, not by searching text: each trace line vscode-jsonrpc writes ("Sending request 'm - (1)'." and, on
// the next line, "Params: {json}", "Result: {json}" or "Error data: {json}") is parsed, and the fields the table
// below names for its method are masked. A `patchworks/*` method that is not in the table, a payload that does
// not parse, or a line whose method cannot be read loses its payload. Anywhere in any message, the arguments of
// a `patchworks.storeSecret` command (a quick fix's, or workspace/executeCommand's) lose their `value`. No `vscode`.
import { SERVER_MASK } from './runModel';

/** The one mask: the server's (RequestResolver.Mask), as runs and resolved requests show it. */
export const maskedSecret = SERVER_MASK;

/**
 * The JSON paths of a message's secrets, per part. A path is dot-separated property names; `*` is every property
 * of an object or element of an array; `name[*]` is every element of the array `name`. Empty: no secrets.
 */
export interface SecretFields {
  readonly params?: readonly string[];
  readonly result?: readonly string[];
  readonly error?: readonly string[];
}

export const noSecrets: SecretFields = Object.freeze({});

/**
 * Every `patchworks/*` message, in both directions. The unit tests require an entry for every method the server
 * handles or sends ([JsonRpcMethod], RequestClientAsync, NotifyAsync in server/Patchworks.LanguageServer) and every
 * one the extension names.
 */
export const patchworksMessages: Readonly<Record<string, SecretFields>> = {
  // server → client: the secret values the server asked for by name (instance secrets, the Patchworks API key,
  // username and password, refresh tokens), answered from SecretStorage.
  'patchworks/getSecrets': { result: ['*'] },
  // server → client: an OAuth 2 refresh token to keep in SecretStorage.
  'patchworks/setSecret': { params: ['value'] },
  // client → server: values typed for a run (secrets among them: the runner asks for what the instance lacks).
  'patchworks/runEndpoint': { params: ['values.*'] },
  // client → server: the same ad hoc values, for Show Resolved Request (its answer is masked by the server).
  'patchworks/resolveRequest': { params: ['values.*'] },
  // The instance's credentials come from SecretStorage (getSecrets); the answer says signed in or why not, and
  // its exchanges are redacted by the server.
  'patchworks/signIn': noSecrets,
  // Credentials come from SecretStorage (getSecrets), never in these; plans, results and refusals hold none.
  'patchworks/publishPlan': noSecrets,
  'patchworks/publish': noSecrets,
  // Template names and ids, files written and the pull's report: no secret (the server reads the credentials itself).
  'patchworks/listTemplates': noSecrets,
  'patchworks/pull': noSecrets,
  // The imported source's text may hold credentials (an Authorization header, a key in a URL): masked. The answers
  // name the source's URLs and report entries, which may quote them: masked too; errors carry the report's entries.
  'patchworks/importPreview': { params: ['text'], result: ['endpoints[*].url', 'entries', 'text', 'guesses', 'dropped', 'conflicts'], error: ['entries'] },
  'patchworks/import': { params: ['text'], result: ['entries', 'text', 'guesses', 'dropped', 'conflicts'], error: ['entries'] },
  // A wizard's draft file: what the file would hold, as textDocument/didChange would carry it.
  'patchworks/validateDraft': noSecrets,
  'patchworks/setActiveInstance': noSecrets,
  'patchworks/setWorkspaceTrust': noSecrets,
  'patchworks/releaseRun': noSecrets,
  // Connector tests: the cases and their results (record values in failures come from the redacted run).
  'patchworks/testCases': noSecrets,
  'patchworks/runTests': noSecrets,
  // Add Test: the case as the form built it (expectations and figures, no record values) and the edits that add it.
  'patchworks/addTestCase': noSecrets,
  // Two whole runs, already redacted by the server: left out of the trace for their size.
  'patchworks/compareRuns': { params: ['previous', 'current'] },
  // A whole run, already redacted by the server: left out for its size. The answer is edits to a schema and the
  // merger's report (property names and types; enum values the records hold may be quoted in a conflict).
  'patchworks/updateSchemaFromRun': { params: ['run', 'unsaved'], result: ['report.changes[*].message'] },
  // A whole run, already redacted by the server, and unsaved schema files: left out for their size. The answer names
  // fields, types and counts, and where they are declared: no value a record held.
  'patchworks/compareSchema': { params: ['run', 'unsaved'] },
  // Event connectors: the broker password comes from SecretStorage (getSecrets); values typed for a listen or a
  // send may hold secrets. A message notification carries what the broker delivered (like a response body, no
  // credential of ours); the answers name the queue, the broker (host, port, virtual host) and the user, never the
  // password.
  'patchworks/events/listen': { params: ['values.*'] },
  'patchworks/events/stop': noSecrets,
  'patchworks/events/message': noSecrets,
  'patchworks/events/send': { params: ['values.*'] },
  // A connector's outline: ids, names, variable definitions (a secret variable's default is left out by the server).
  'patchworks/connectorOutline': noSecrets,
  // The schema's form fields: descriptions and choices, no values.
  'patchworks/schemaFields': noSecrets,
  // The names secrets are stored under (never their values).
  'patchworks/secretNames': noSecrets,
  // The workspace's connector and instance files: paths, names, kinds, environments.
  'patchworks/workspaceFiles': noSecrets,
  // Add Endpoint / Add Authentication Method: the item as the form built it and the edits that insert it (the whole
  // connector's text after them, as textDocument/didChange would carry it).
  'patchworks/insertSection': noSecrets,
};

/** The command whose argument `{ name, value }` carries a secret value (a PW5005 quick fix). */
export const storeSecretCommand = 'patchworks.storeSecret';

const headerPattern = /^(?:Sending|Received) (?:request|notification|response) '([^']+?)(?: - \([^)]*\))?'/;
const payloadPattern = /^(Params|Result|Error data): ([\s\S]*)$/;

export function redactTrace(message: string): string {
  const newline = message.indexOf('\n');
  if (newline < 0) return message.startsWith('{"isLSPMessage"') ? redactLspMessage(message) : message;
  const header = message.slice(0, newline);
  const payload = message.slice(newline + 1);
  const method = headerPattern.exec(header)?.[1];
  const parts = payloadPattern.exec(payload);
  if (!parts) {
    // "No result returned." / "No parameters provided.", or a line we do not know: keep only what holds nothing.
    return /^No (result returned|parameters provided)\.$/.test(payload) ? message : `${header}\n(payload not logged)`;
  }
  const [, label, json] = parts as unknown as [string, 'Params' | 'Result' | 'Error data', string];
  const fields = method === undefined ? undefined : method.startsWith('patchworks/') ? patchworksMessages[method] : noSecrets;
  if (fields === undefined) return `${header}\n(payload not logged: no redaction rule for ${method ?? 'this message'})`;
  const paths = label === 'Params' ? fields.params : label === 'Result' ? fields.result : fields.error;
  const needsParsing = (paths?.length ?? 0) > 0 || json.includes(storeSecretCommand);
  if (!needsParsing) return message;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return `${header}\n(payload not logged: it could not be read to mask its secrets)`;
  }
  for (const path of paths ?? []) value = maskPath(value, parsePath(path));
  value = maskStoreSecretArguments(value);
  return `${header}\n${label}: ${JSON.stringify(value, null, 4)}`;
}

/**
 * The JSON trace format (`traceObject`: `{"isLSPMessage":true,"type":"send-request","message":{...}}` on one line).
 * A response does not name its method, so its result and error data are left out whole.
 */
function redactLspMessage(line: string): string {
  let entry: { type?: unknown; message?: Record<string, unknown> };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return '(trace entry not logged: it could not be read to mask its secrets)';
  }
  const inner = entry.message;
  if (typeof inner !== 'object' || inner === null) return line;
  let copy: Record<string, unknown> = { ...inner };
  if (typeof copy.method === 'string') {
    const fields = copy.method.startsWith('patchworks/') ? patchworksMessages[copy.method] : noSecrets;
    if (fields === undefined) delete copy.params;
    else for (const path of fields.params ?? []) copy.params = maskPath(copy.params, parsePath(path));
  } else {
    if ('result' in copy) copy.result = '(not logged)';
    if (typeof copy.error === 'object' && copy.error !== null) copy.error = { ...(copy.error as object), data: '(not logged)' };
  }
  copy = maskStoreSecretArguments(copy) as Record<string, unknown>;
  return JSON.stringify({ ...entry, message: copy });
}

type Segment = { kind: 'name'; name: string } | { kind: 'all' };

function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    if (part === '*') segments.push({ kind: 'all' });
    else if (part.endsWith('[*]')) segments.push({ kind: 'name', name: part.slice(0, -3) }, { kind: 'all' });
    else segments.push({ kind: 'name', name: part });
  }
  return segments;
}

/** The value with what the path reaches masked (a copy; the input is not changed). */
function maskPath(value: unknown, path: readonly Segment[]): unknown {
  if (path.length === 0) return value === null || value === undefined ? value : maskedSecret;
  const [head, ...rest] = path as [Segment, ...Segment[]];
  if (Array.isArray(value)) {
    if (head.kind !== 'all') return value;
    return value.map((item) => maskPath(item, rest));
  }
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(copy)) {
    if (head.kind === 'all' || key === head.name) copy[key] = maskPath(copy[key], rest);
  }
  return copy;
}

/** Every `{ command: "patchworks.storeSecret", arguments: [...] }` in the value, its arguments' `value` masked. */
function maskStoreSecretArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskStoreSecretArguments);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) copy[key] = maskStoreSecretArguments(item);
  if (copy.command === storeSecretCommand && copy.arguments !== undefined) {
    copy.arguments = Array.isArray(copy.arguments)
      ? copy.arguments.map((argument) => maskPath(argument, parsePath('value')))
      : maskedSecret;
  }
  return copy;
}

/**
 * Masks every occurrence of the given secret values (the Patchworks API key or password a user signed in with) in
 * a message before it reaches the log: messages relayed from the server should never hold them, and this makes sure.
 */
export function maskValues(message: string, values: readonly string[]): string {
  let masked = message;
  for (const value of values) {
    if (value.length > 0) masked = masked.split(value).join(maskedSecret);
  }
  return masked;
}
