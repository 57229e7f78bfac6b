// The run as the language server's patchworks/runEndpoint answers it and `patchworks run --out` saves it
// (docs/runner.md, "The saved run"; server/Patchworks.Core/Running/Results/RunResult.cs). Properties the server
// leaves null are absent from the JSON, hence the optional fields. Secrets are already redacted to `••••••`.

export interface Header {
  name: string;
  value: string;
}

export interface RequestRecord {
  method: string;
  url: string;
  headers: Header[];
  body?: string;
}

export interface ResponseRecord {
  status: number;
  reason: string;
  headers: Header[];
  /** A text body (not JSON), or the first part of a streamed one. */
  body?: string;
  /** A JSON body, parsed. `null` JSON is kept as a missing property by the server, so `undefined` is possible. */
  json?: unknown;
  /** A body too large to keep in memory, streamed to this file (already redacted). */
  bodyFile?: string;
  sizeBytes: number;
  contentType?: string;
  timeToHeadersMs: number;
  elapsedMs: number;
}

export interface RetriedAttempt {
  status: number;
  why: string;
  waitedMs: number;
}

export interface ExchangeRecord {
  request: RequestRecord;
  response?: ResponseRecord;
  error?: string;
  retries?: RetriedAttempt[];
}

export interface PageResult {
  number: number;
  exchange: ExchangeRecord;
  records?: number;
  nextPage?: string;
  /**
   * An XML or CSV page's records as the runner extracted them (CSV rows keyed by the header row, XML elements as
   * flattened fields, or their text): the panel lists these and never parses the body itself. Absent for JSON pages
   * (their records are the body's at the data path) and in runs saved before the runner kept them. Fewer than
   * `records` when the page's records passed the runner's size bound.
   */
  listedRecords?: unknown[];
}

export interface AuthExchange {
  purpose: string;
  exchange: ExchangeRecord;
}

export type StopReason =
  | 'completed'
  | 'maxPages'
  | 'maxRecords'
  | 'repeatedRequest'
  | 'httpError'
  | 'apiError'
  | 'networkError'
  | 'authenticationFailed'
  | 'scriptFailed'
  | 'cancelled'
  | 'invalidRequest'
  | 'endNotProven'
  | 'missingSecret'
  | 'invalidResponse';

export interface RunResult {
  connector: string;
  endpoint: string;
  instance?: string;
  authMethod?: string;
  /** The data path the runner read the JSON pages' records at (the endpoint's, resolved). */
  dataPath?: string;
  startedAt: string;
  durationMs: number;
  auth: AuthExchange[];
  pages: PageResult[];
  records: number;
  bytes: number;
  requests: number;
  rateLimitWaitMs: number;
  /** Waits before retries (429, 5xx, throttled in a 200); absent in runs saved before it existed. */
  retryWaitMs?: number;
  stop: StopReason;
  stopMessage: string;
  /** What the stop means (RunResult.Outcome): completed proved its end; a limit, a cancel or an unproven end stopped it; the rest failed. */
  outcome: 'completed' | 'stopped' | 'failed';
  /** Only a completed run succeeded (the CLI exits 0 only then). */
  succeeded: boolean;
  warnings: string[];
  scriptLog?: string[];
}

export interface RunFile {
  formatVersion: number;
  run: RunResult;
}

/** What the server puts in place of every secret value. */
/** The server's mask for a secret (RequestResolver.Mask; OutlineProtocolTests checks the two are the same). */
export const SERVER_MASK = '••••••';

/** One record of a run with the page it came from. */
export interface ListedRecord {
  page: number;
  record: unknown;
}

/**
 * The records the response panel lists, as the server found them (RecordListing.cs: a JSON page's body at the run's
 * data path, an XML or CSV page's listed records; only pages the runner counted records on).
 */
export interface RecordListing {
  /** The first records (at most 500), in page order. */
  records: ListedRecord[];
  /** How many records the pages gave in all. */
  total: number;
  /** A counted page's records are missing or fewer than counted (a body too large to keep, the runner's size bound). */
  notListed: boolean;
  /** Some records are an XML or CSV page's: their values are text. */
  text: boolean;
}

/** patchworks/runEndpoint's answer: the run as saved, and the records the panel lists beside it. */
export interface RunAnswer extends RunFile {
  listing: RecordListing;
}

/** The run and its listing apart: the run is what is kept (run history, Save Run), the listing only shown. */
export function splitRunAnswer(value: unknown): { file: RunFile; listing: RecordListing } {
  const { listing, ...file } = asRunFile(value) as Partial<RunAnswer> & RunFile;
  const valid = listing && typeof listing === 'object' && Array.isArray(listing.records) && typeof listing.total === 'number';
  if (!valid) throw new Error('The language server answered patchworks/runEndpoint without the records it listed (an older server?).');
  return { file, listing };
}

/** A clear message when the answer is not a run (an older server, a protocol mismatch). */
export function asRunFile(value: unknown): RunFile {
  const file = value as Partial<RunFile> | null;
  if (!file || typeof file !== 'object' || typeof file.run !== 'object' || file.run === null || !Array.isArray(file.run.pages)) {
    throw new Error('The language server answered patchworks/runEndpoint with something that is not a run.');
  }
  return file as RunFile;
}

/** One side of patchworks/compareRuns: the run's own figures. */
export interface RunFigures {
  records: number;
  recordsRead: number;
  pages: number;
  requests: number;
  durationMs: number;
  bytes: number;
  stop?: string;
  startedAt?: string;
}

/** A field whose JSON types differ between two runs. */
export interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'typeChanged';
  before: string[];
  after: string[];
}

/** The server's answer to patchworks/compareRuns (`patchworks compare --format json`). */
export interface RunComparison {
  previous: RunFigures;
  current: RunFigures;
  key?: string;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  addedSample: unknown[];
  removedSample: unknown[];
  changedKeys: string[];
  fields: FieldChange[];
  gaps: string[];
  same: boolean;
}
