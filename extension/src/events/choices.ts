// The choices Listen and Send Test Message offer, and what each means for the server. No `vscode` import
// (unit-tested); index.ts shows them as quick picks.
import type { Settle } from './panelModel';

export interface SettleChoice {
  label: string;
  detail: string;
  settle: Settle;
}

/** What happens to the messages a listen receives. Peek first: it is the default, and it changes nothing on the queue. */
export const SETTLE_CHOICES: readonly SettleChoice[] = [
  { label: 'Peek (messages stay on the queue)', detail: 'Each message is held while the listen runs, then put back on the queue in place.', settle: 'peek' },
  { label: 'Acknowledge (remove them from the queue)', detail: 'Each message is acknowledged: the broker deletes it. Another consumer will not get it.', settle: 'ack' },
  { label: 'Reject (dead-letter them)', detail: 'Each message is rejected: sent to the queue\'s dead-letter exchange, or dropped when it has none.', settle: 'reject' },
];

/** The settle value for a picked label; undefined for anything else (a dismissed pick). */
export function settleFor(label: string | undefined): Settle | undefined {
  return SETTLE_CHOICES.find((c) => c.label === label)?.settle;
}

/** What the panel says about the messages before the server confirms it. */
export function settleWords(settle: Settle): string {
  switch (settle) {
    case 'peek':
      return 'held and put back on the queue when the listen stops';
    case 'ack':
      return 'acknowledged (removed from the queue)';
    case 'reject':
      return 'rejected (dead-lettered, or dropped)';
    default:
      return 'requeued (left on the queue)';
  }
}

export type BodySource = 'sample' | 'editor' | 'file';

export interface BodyChoice {
  label: string;
  description?: string;
  source: BodySource;
}

export const SAMPLE_BODY_LABEL = 'The listener\'s sample body';
export const EDITOR_BODY_LABEL = 'The active editor\'s text';
export const FILE_BODY_LABEL = 'A file…';

/**
 * The bodies Send Test Message offers: the listener's sample body first (the default) when it has one, the active
 * editor's text when an editor other than the connector is open (its name as description), and a file.
 */
export function bodyChoices(options: { sampleBody: boolean; editorName?: string }): BodyChoice[] {
  const choices: BodyChoice[] = [];
  if (options.sampleBody) choices.push({ label: SAMPLE_BODY_LABEL, description: 'message.sampleBody', source: 'sample' });
  if (options.editorName) choices.push({ label: EDITOR_BODY_LABEL, description: options.editorName, source: 'editor' });
  choices.push({ label: FILE_BODY_LABEL, source: 'file' });
  return choices;
}

/** The largest body the server takes (EventsHandler.MaxBodyBytes). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The `body` parameter of patchworks/events/send for a choice: undefined for the sample body (the server reads it),
 * else the text read. Throws with a message a person can act on when there is nothing to send.
 */
export async function bodyFor(source: BodySource, read: { editorText(): string | undefined; fileText(): Promise<string | undefined> }): Promise<{ body?: string } | undefined> {
  if (source === 'sample') return {};
  const body = source === 'editor' ? read.editorText() : await read.fileText();
  if (body === undefined) return undefined; // no editor, or the file dialog dismissed
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new Error(`The message is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB; nothing was sent.`);
  return { body };
}

/** The send's answer in words, and how loud to say it. */
export function sendResultText(answer: { confirmed: boolean; outcome: string; message: string; routingKey: string; exchange: string; bytes: number; fault: { code: string; message: string } | null }): { level: 'info' | 'warning' | 'error'; text: string } {
  if (answer.confirmed) {
    const where = answer.exchange === '' ? 'the default exchange' : `exchange ${answer.exchange}`;
    return { level: 'info', text: `Test message sent: ${answer.bytes.toLocaleString('en-GB')} bytes to ${where} with routing key "${answer.routingKey}", confirmed by the broker.` };
  }
  if (answer.fault) return { level: 'error', text: `Test message not sent: ${answer.fault.message || answer.message}` };
  return { level: 'warning', text: `Test message not delivered (${answer.outcome}): ${answer.message}` };
}
