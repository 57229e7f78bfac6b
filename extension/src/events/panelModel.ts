// The messages panel's model: what the server sends while a listen runs (patchworks/events/message) and when it
// ends (the answer of patchworks/events/listen), checked and trimmed, the capped list of messages the panel holds,
// and the summary in words. No `vscode` import: the webview bundles it too, and it is unit-tested.
import type { WireFields } from '../server/wireFields';

/** The most messages the panel holds; older ones are dropped from view (the listen goes on). */
export const MESSAGE_CAP = 500;
/** The most characters of a body the panel keeps per message. */
export const BODY_CAP = 64_000;
/** The most records the panel keeps per message. */
export const RECORD_CAP = 200;

export type Settle = 'peek' | 'ack' | 'reject' | 'requeue';

/**
 * A message as patchworks/events/message carries it (the notification's `message`; EventsHandler in the server; the
 * Events tests check these types against what it sends). asEventMessage reads it into what the panel keeps.
 */
export interface EventMessageWire {
  number: number;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  bodyBytes: number;
  body: string | null;
  bodyCut?: boolean;
  bodyChars?: number;
  dataPath: string | null;
  records: unknown[];
  recordsCut?: boolean;
  recordCount?: number;
  recordsProblem: string | null;
  schemaChecked: boolean;
  invalidRecords: unknown[];
  invalidCount?: number;
}

export interface ListenTarget {
  connectorUri: string;
  listenerId: string;
}

export interface ListeningInfo {
  listener: string;
  queue: string;
  broker: string;
  user: string;
  settling: string;
}

export interface EventMessageView {
  number: number;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  /** Only the properties the message has (null ones left out), as text. */
  properties: [string, string][];
  headers: [string, string][];
  bodyBytes: number;
  /** The body as text (its first BODY_CAP characters), or null when it is not UTF-8 text. */
  body: string | null;
  /** The body's length in characters when it was cut (by the server, which says so with bodyCut and bodyChars, or to BODY_CAP). */
  bodyCutFrom?: number;
  dataPath: string | null;
  records: unknown[];
  /** How many records the message had when not all are kept (the server sends at most 200, and RECORD_CAP are kept). */
  recordsCutFrom?: number;
  recordsProblem: string | null;
  schemaChecked: boolean;
  /** The first problems (the server sends at most 200). */
  invalidRecords: string[];
  /** How many records failed the schema in all. */
  invalidCount: number;
}

export interface BrokerFaultView {
  code: string;
  message: string;
}

export interface ListenSummary {
  end: string;
  messages: number;
  acked: number;
  requeued: number;
  rejected: number;
  held: number;
  failedChecks: number;
  reconnected: boolean;
  fault: BrokerFaultView | null;
  interruptions: BrokerFaultView[];
}

export interface ListenAnswer {
  listenId: string;
  listener: string;
  queue: string;
  broker: string;
  settling: string;
  ended: string;
  summary: ListenSummary;
}

/** The end of a listen in words: a headline, the counts, the fault and the interruptions. */
export interface SummaryView {
  headline: string;
  counts: string;
  fault?: string;
  interruptions: string[];
  failed: boolean;
}

export type PanelStatus = 'starting' | 'listening' | 'ended' | 'failed';

export interface PanelState {
  title: string;
  listenerId: string;
  status: PanelStatus;
  /** What happens to the messages, as chosen (before the server says it in `listening.settling`). */
  settleWords: string;
  instance?: string;
  listening?: ListeningInfo;
  messages: EventMessageView[];
  dropped: number;
  summary?: SummaryView;
  error?: string;
}

export type ToWebview =
  | { type: 'state'; state: PanelState }
  | { type: 'listening'; listening: ListeningInfo }
  | { type: 'message'; message: EventMessageView }
  | { type: 'ended'; summary: SummaryView }
  | { type: 'failed'; error: string };

export type FromWebview = { type: 'ready' } | { type: 'stop' };

/** The messages a panel holds: the newest `cap`, with a count of those dropped from view. */
export class MessageLog {
  private items: EventMessageView[] = [];
  private droppedCount = 0;

  constructor(readonly cap = MESSAGE_CAP, initial: readonly EventMessageView[] = [], dropped = 0) {
    if (cap < 1) throw new RangeError('the cap is at least 1');
    this.droppedCount = dropped;
    for (const message of initial) this.add(message);
  }

  /** Adds a message; answers how many older ones left the view to make room (0 or 1). */
  add(message: EventMessageView): number {
    this.items.push(message);
    const over = this.items.length - this.cap;
    if (over <= 0) return 0;
    this.items.splice(0, over);
    this.droppedCount += over;
    return over;
  }

  get messages(): readonly EventMessageView[] {
    return this.items;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.items = [];
    this.droppedCount = 0;
  }
}

/** "12 older messages are no longer shown (the panel keeps the last 500)." or undefined when none were dropped. */
export function droppedText(dropped: number, cap = MESSAGE_CAP): string | undefined {
  if (dropped <= 0) return undefined;
  return `${plural(dropped, 'older message')} ${dropped === 1 ? 'is' : 'are'} no longer shown (the panel keeps the last ${cap.toLocaleString('en-GB')}); the listen saw them all.`;
}

const END_WORDS: Record<string, string> = {
  maxMessages: 'Stopped after the number of messages asked for',
  timeout: 'Stopped: no message arrived in time',
  cancelled: 'Stopped',
  connectionLost: 'Stopped: the connection to the broker was lost',
  fault: 'Stopped: the broker refused the listen',
  seenAll: 'Stopped: every message on the queue was shown',
};

const FAULT_WORDS: Record<string, string> = {
  brokerUnreachable: 'Nothing answered at the broker\'s address',
  authenticationFailed: 'The broker refused the user name or password',
  virtualHostNotFound: 'The virtual host does not exist, or the user may not use it',
  queueNotFound: 'The queue does not exist',
  exchangeNotFound: 'The exchange does not exist',
  accessRefused: 'The user has no permission on the queue or exchange',
  preconditionFailed: 'The queue or exchange exists with other settings than the listener declares',
  tlsFailed: 'The TLS connection failed',
  connectionLost: 'The connection to the broker dropped',
  consumerCancelled: 'The broker cancelled the listener (was the queue deleted?)',
  timeout: 'The broker did not answer in time',
  brokerError: 'The broker reported an error',
};

/** A broker fault in plain words: what it means, then the server's message (which names broker, user and queue). */
export function faultText(fault: BrokerFaultView): string {
  const words = FAULT_WORDS[fault.code] ?? 'The broker reported a problem';
  const message = fault.message.trim();
  return message === '' ? `${words}.` : `${words}: ${message}`;
}

export function summaryView(answer: ListenAnswer): SummaryView {
  const s = answer.summary;
  const headline = `${END_WORDS[s.end] ?? 'Stopped'} (${answer.ended}).`;
  const parts: string[] = [];
  if (s.acked > 0) parts.push(`${s.acked} acknowledged (removed from the queue)`);
  if (s.held > 0) parts.push(`${s.held} held (put back on the queue)`);
  if (s.requeued > 0) parts.push(`${s.requeued} requeued`);
  if (s.rejected > 0) parts.push(`${s.rejected} rejected`);
  let counts = s.messages === 0 ? 'No messages.' : `${plural(s.messages, 'message')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
  if (s.failedChecks > 0) counts += ` ${plural(s.failedChecks, 'message')} failed ${s.failedChecks === 1 ? 'its' : 'their'} records check.`;
  const interruptions = s.interruptions.map((i) => `${s.reconnected ? 'Reconnected after an interruption' : 'Interrupted'}: ${faultText(i)}`);
  if (s.reconnected && interruptions.length === 0) interruptions.push('The connection dropped and came back; the listen went on.');
  const view: SummaryView = { headline, counts, interruptions, failed: s.fault !== null || s.failedChecks > 0 };
  if (s.fault) view.fault = faultText(s.fault);
  return view;
}

/** The "listening" line: queue, broker, user and what happens to the messages. */
export function listeningText(info: ListeningInfo): string {
  return `Listening on queue ${info.queue} at ${info.broker} as ${info.user}: messages are ${info.settling}.`;
}

// ---- reading what the server sent (untrusted shapes: checked, never assumed) ----

export function asListeningInfo(value: unknown): ListeningInfo | undefined {
  if (!isObject(value)) return undefined;
  return {
    listener: text(value.listener),
    queue: text(value.queue),
    broker: text(value.broker),
    user: text(value.user),
    settling: text(value.settling),
  };
}

/** A message of patchworks/events/message, trimmed to what the panel keeps (BODY_CAP, RECORD_CAP). */
export function asEventMessage(wire: unknown): EventMessageView | undefined {
  if (!isObject(wire)) return undefined;
  // Read by the wire type's names: a rename on either side fails the typecheck or EditorEventsTests.
  const value: WireFields<EventMessageWire> = wire;
  if (typeof value.number !== 'number') return undefined;
  const properties: [string, string][] = [];
  if (isObject(value.properties)) {
    for (const [name, v] of Object.entries(value.properties)) if (v !== null && v !== undefined) properties.push([name, String(v)]);
  }
  const headers: [string, string][] = [];
  if (isObject(value.headers)) {
    for (const [name, v] of Object.entries(value.headers)) headers.push([name, v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)]);
  }
  const records = Array.isArray(value.records) ? value.records : [];
  const invalidRecords = Array.isArray(value.invalidRecords) ? value.invalidRecords.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))) : [];
  const message: EventMessageView = {
    number: value.number,
    exchange: text(value.exchange),
    routingKey: text(value.routingKey),
    redelivered: value.redelivered === true,
    properties,
    headers,
    bodyBytes: typeof value.bodyBytes === 'number' ? value.bodyBytes : 0,
    body: typeof value.body === 'string' ? value.body.slice(0, BODY_CAP) : null,
    dataPath: typeof value.dataPath === 'string' ? value.dataPath : null,
    records: records.slice(0, RECORD_CAP),
    recordsProblem: typeof value.recordsProblem === 'string' && value.recordsProblem !== '' ? value.recordsProblem : null,
    schemaChecked: value.schemaChecked === true,
    invalidRecords,
    invalidCount: count(value.invalidCount) > invalidRecords.length ? count(value.invalidCount) : invalidRecords.length,
  };
  // The server cuts a big message before sending it (bodyCut, bodyChars; recordsCut, recordCount): say from how much.
  const bodyChars = typeof value.body !== 'string' ? 0 : value.bodyCut === true && count(value.bodyChars) > value.body.length ? count(value.bodyChars) : value.body.length;
  if (message.body !== null && bodyChars > message.body.length) message.bodyCutFrom = bodyChars;
  const recordCount = count(value.recordCount) > records.length ? count(value.recordCount) : records.length;
  if (recordCount > message.records.length) message.recordsCutFrom = recordCount;
  return message;
}

export function asListenAnswer(value: unknown): ListenAnswer {
  const o = isObject(value) ? value : {};
  const s = isObject(o.summary) ? o.summary : {};
  const fault = (f: unknown): BrokerFaultView | null => (isObject(f) ? { code: text(f.code), message: text(f.message) } : null);
  return {
    listenId: text(o.listenId),
    listener: text(o.listener),
    queue: text(o.queue),
    broker: text(o.broker),
    settling: text(o.settling),
    ended: text(o.ended),
    summary: {
      end: text(s.end),
      messages: count(s.messages),
      acked: count(s.acked),
      requeued: count(s.requeued),
      rejected: count(s.rejected),
      held: count(s.held),
      failedChecks: count(s.failedChecks),
      reconnected: s.reconnected === true,
      fault: fault(s.fault),
      interruptions: Array.isArray(s.interruptions) ? s.interruptions.map(fault).filter((f): f is BrokerFaultView => f !== null) : [],
    },
  };
}

/** The body pretty-printed when it is JSON (and the content type or format says so, or it parses), else as it came. */
export function prettyBody(body: string): string {
  const trimmed = body.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return body;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return body;
  }
}

/**
 * The records as a table when each is an object of plain values (at most 30 columns), else undefined (shown as JSON).
 * Nested values become JSON text in their cell.
 */
export function recordsTable(records: readonly unknown[]): { columns: string[]; rows: string[][] } | undefined {
  if (records.length === 0 || !records.every(isObject)) return undefined;
  const columns: string[] = [];
  for (const record of records as Record<string, unknown>[]) for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  if (columns.length === 0 || columns.length > 30) return undefined;
  const cell = (v: unknown) => (v === undefined ? '' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));
  return { columns, rows: (records as Record<string, unknown>[]).map((r) => columns.map((c) => cell(r[c]))) };
}

/** What the schema check says about a message's records. */
export function checkText(message: EventMessageView): string {
  if (message.recordsProblem) return `The records could not be read: ${message.recordsProblem}`;
  const records = message.recordsCutFrom ?? message.records.length;
  if (!message.schemaChecked) return `${plural(records, 'record')}, not checked against a schema.`;
  if (message.invalidCount === 0) return `${plural(records, 'record')}, checked against the schema: all valid.`;
  return `${plural(records, 'record')}, checked against the schema: ${message.invalidCount.toLocaleString('en-GB')} invalid.`;
}

export function panelTitle(listenerId: string): string {
  return `Messages: ${listenerId}`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
