// The pure half of importing from the editor: the answers of patchworks/importPreview and patchworks/import read
// defensively, the format a picked file's name suggests, the ids the user kept, the messages shown. No `vscode`,
// so it is unit-tested; the webview script imports its types.
import type { WireFields } from '../server/wireFields';

/** The largest source the extension reads and sends, as the server and Patchworks' own import: 50 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ReportLine {
  kind: string;
  location: string;
  message: string;
}

export interface PreviewEndpoint {
  /** The request's location in the source: what `only` names. */
  id: string;
  name: string;
  path: string;
  method: string;
  url: string;
  endpointId: string | undefined;
  /** The pagination method the import found or guessed (pageNumber, nextPageUrl...), if any. */
  pagination: string | undefined;
  dataPath: string | undefined;
}

/** A guess of the report: its id (what `rejectedGuesses` names) and what leaving it out removes; no outputs: it cannot be left out. */
export interface PreviewGuess extends ReportLine {
  id: string;
  outputs: string[];
}

/** A range of a text edit, as in LSP. */
export interface EditRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ConnectorEdit {
  range: EditRange;
  newText: string;
}

export interface PreviewAuth {
  id: string;
  kind: string;
  authMethodId: string | undefined;
  /** The Patchworks auth type the method gets (apiKey, oauth2...). */
  type: string | undefined;
}

export interface PreviewVariable {
  key: string;
  secret: boolean;
  location: string | undefined;
}

/** A secret the import found: the connector variable and the environment variable its instance reads. */
export interface SecretHint {
  variable: string;
  environmentVariable: string;
}

export interface ImportPreview {
  format: string;
  connectorFileName: string;
  connectorUri: string;
  merge: boolean;
  endpoints: PreviewEndpoint[];
  authMethods: PreviewAuth[];
  variables: PreviewVariable[];
  guesses: PreviewGuess[];
  dropped: ReportLine[];
  conflicts: ReportLine[];
  secrets: SecretHint[];
  text: string;
}

export interface ImportOutcome {
  connectorUri: string;
  writtenUris: string[];
  merged: boolean;
  endpointCount: number;
  secrets: SecretHint[];
  guesses: ReportLine[];
  /** A merge answered as edits of the open connector (Paste cURL as Endpoint): the extension applies them. */
  connectorEdits: ConnectorEdit[];
  text: string;
}

/**
 * The wire shape of patchworks/importPreview and patchworks/import (ImportHandler.Answer in the server; the language
 * server's ImportRequestTests check these types against its answers). asPreview and asOutcome read it defensively
 * into what the extension shows (ImportPreview, ImportOutcome).
 */
export interface ImportAnswer {
  format: string;
  connectorFileName: string;
  instanceFileName: string | null;
  /** Requests in the source. */
  requests: number;
  endpointCount: number;
  /** Requests left out as duplicates of another. */
  duplicates: number;
  endpoints: ImportAnswerEndpoint[];
  authMethods: ImportAnswerAuth[];
  variables: PreviewVariable[];
  guesses: ImportAnswerEntry[];
  dropped: ImportAnswerEntry[];
  conflicts: ImportAnswerEntry[];
  secrets: SecretHint[];
  /** Every line of the report. */
  entries: ImportAnswerEntry[];
  text: string;
  connectorUri: string;
  /** Preview: the import merges into an existing connector. */
  merge?: boolean;
  /** Import: the files written. */
  writtenUris?: string[];
  merged?: boolean;
  /** Import with returnEdits into an existing connector: the edits the editor applies. */
  connectorEdits?: ConnectorEdit[];
}

export interface ImportAnswerEndpoint {
  id: string;
  name: string;
  path: string;
  method: string;
  url: string;
  endpointId: string | null;
  pagination: string | null;
  dataPath: string | null;
  /** Kept by the request's `only` (everything when none was given). */
  selected: boolean;
}

export interface ImportAnswerAuth {
  id: string;
  kind: string;
  authMethodId: string | null;
  type: string | null;
  selected: boolean;
}

/** A report line; a guess has its id and what leaving it out removes. */
export interface ImportAnswerEntry {
  kind: string;
  location: string;
  message: string;
  id?: string;
  outputs?: string[];
}

/** The webview's messages. */
export type FromImportView = { type: 'import'; only: string[]; rejectedGuesses: string[] } | { type: 'cancel' };
export type ToImportView = { type: 'preview'; preview: ImportPreview; folder: string } | { type: 'busy'; message: string } | { type: 'failed'; message: string };

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optional = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function lines(value: unknown): ReportLine[] {
  return list(value).map((entry) => {
    const e = record(entry);
    return { kind: text(e.kind), location: text(e.location), message: text(e.message) };
  });
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : -1);

function position(value: unknown): { line: number; character: number } | undefined {
  const p = record(value);
  const line = count(p.line);
  const character = count(p.character);
  return line >= 0 && character >= 0 ? { line, character } : undefined;
}

/** The edits of a merge answered as edits; one malformed edit drops them all (half a merge is worse than none). */
function edits(value: unknown): ConnectorEdit[] {
  const read = list(value).map((entry) => {
    const e = record(entry);
    const range = record(e.range);
    const start = position(range.start);
    const end = position(range.end);
    return start && end && typeof e.newText === 'string' ? { range: { start, end }, newText: e.newText } : undefined;
  });
  return read.every((e) => e !== undefined) ? (read as ConnectorEdit[]) : [];
}

function guesses(value: unknown): PreviewGuess[] {
  return list(value).map((entry) => {
    const e = record(entry);
    return { kind: text(e.kind), location: text(e.location), message: text(e.message), id: text(e.id), outputs: list(e.outputs).filter((o): o is string => typeof o === 'string' && o !== '') };
  });
}

function secrets(value: unknown): { variable: string; environmentVariable: string }[] {
  return list(value).map((entry) => {
    const e = record(entry);
    return { variable: text(e.variable), environmentVariable: text(e.environmentVariable) };
  });
}

export function asPreview(answer: unknown): ImportPreview {
  const a: WireFields<ImportAnswer> = record(answer);
  return {
    format: text(a.format),
    connectorFileName: text(a.connectorFileName),
    connectorUri: text(a.connectorUri),
    merge: a.merge === true,
    endpoints: list(a.endpoints).map((entry) => {
      const e: WireFields<ImportAnswerEndpoint> = record(entry);
      return {
        id: text(e.id), name: text(e.name), path: text(e.path), method: text(e.method), url: text(e.url), endpointId: optional(e.endpointId),
        pagination: optional(e.pagination), dataPath: optional(e.dataPath),
      };
    }).filter((e) => e.id !== ''),
    authMethods: list(a.authMethods).map((entry) => {
      const e: WireFields<ImportAnswerAuth> = record(entry);
      return { id: text(e.id), kind: text(e.kind), authMethodId: optional(e.authMethodId), type: optional(e.type) };
    }).filter((e) => e.id !== ''),
    variables: list(a.variables).map((entry) => {
      const e = record(entry);
      return { key: text(e.key), secret: e.secret === true, location: optional(e.location) };
    }),
    guesses: guesses(a.guesses),
    dropped: lines(a.dropped),
    conflicts: lines(a.conflicts),
    secrets: secrets(a.secrets),
    text: text(a.text),
  };
}

export function asOutcome(answer: unknown): ImportOutcome {
  const a: WireFields<ImportAnswer> = record(answer);
  return {
    connectorUri: text(a.connectorUri),
    writtenUris: list(a.writtenUris).filter((u): u is string => typeof u === 'string'),
    merged: a.merged === true,
    endpointCount: typeof a.endpointCount === 'number' ? a.endpointCount : 0,
    secrets: secrets(a.secrets),
    guesses: lines(a.guesses),
    connectorEdits: edits(a.connectorEdits),
    text: text(a.text),
  };
}

/** The format to ask for from a picked file's name: auto unless the name says (a .curl or .sh file is cURL). */
export function formatOf(fileName: string): string {
  const name = fileName.toLowerCase();
  if (name.endsWith('.postman_collection.json')) return 'postman';
  if (name.endsWith('.har')) return 'har';
  if (name.endsWith('.curl') || name.endsWith('.sh')) return 'curl';
  return 'auto';
}

/** The ids to send as `only`: the checked endpoints and auth methods, in the preview's order. */
export function chosenIds(preview: ImportPreview, checked: ReadonlySet<string>): string[] {
  return [...preview.endpoints.map((e) => e.id), ...preview.authMethods.map((a) => a.id)].filter((id) => checked.has(id));
}

/**
 * The ids to send as `rejectedGuesses`: the guesses that can be left out (they have outputs) whose box is unticked.
 * A guess without outputs has no box: it is never rejected.
 */
export function rejectedGuesses(preview: ImportPreview, kept: ReadonlySet<string>): string[] {
  return preview.guesses.filter((g) => g.id !== '' && g.outputs.length > 0 && !kept.has(g.id)).map((g) => g.id);
}

/** What Paste cURL as Endpoint asks the server: merge into the connector, new endpoints at the cursor, answered as edits the editor applies (one Undo takes them back). */
export function pasteRequest(clipboard: string, connectorUri: string, folderUri: string, cursor: { line: number; character: number }) {
  return {
    text: clipboard,
    format: 'curl',
    targetFolderUri: folderUri,
    mergeInto: connectorUri,
    // A pasted endpoint belongs to a connector someone already tests: no test instance beside it.
    writeInstance: false,
    insertAt: { line: cursor.line, character: cursor.character },
    returnEdits: true,
  };
}

/** Whether a clipboard's text is a curl command line (what Paste cURL as Endpoint accepts). */
export function looksLikeCurl(clipboard: string): boolean {
  return /^\s*curl(\.exe)?\s/i.test(clipboard);
}

/** The message after an import: what was written, and the secrets to set. */
export function outcomeMessage(outcome: ImportOutcome): string {
  const name = (u: string) => decodeURIComponent(u.slice(u.lastIndexOf('/') + 1));
  const files = outcome.writtenUris.map(name);
  const written = outcome.connectorEdits.length > 0
    ? `added to ${name(outcome.connectorUri)}${files.length > 0 ? ` and wrote ${files.join(' and ')}` : ''}`
    : files.length === 0 ? 'nothing new: no file changed' : `wrote ${files.join(' and ')}`;
  const verb = outcome.merged ? 'Merged' : 'Imported';
  const secretText = outcome.secrets.length === 0 ? '' : ` Set ${outcome.secrets.map((s) => s.environmentVariable).join(', ')} before running the test instance.`;
  return `${verb} ${outcome.endpointCount} endpoint${outcome.endpointCount === 1 ? '' : 's'}; ${written}.${secretText}`;
}

/** The server's refusal as a sentence (with the location of a malformed source). */
export function importFailure(error: unknown): { message: string; reason: string | undefined } {
  const e = record(error);
  const data = record(e.data);
  const reason = optional(data.reason);
  const message = optional(e.message) ?? String(error);
  return { message, reason };
}
