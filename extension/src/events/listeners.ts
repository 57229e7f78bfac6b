// The listeners of an event connector file, read with a fault-tolerant JSONC parser: enough for the palette's
// listener pick and to know whether a listener has a sample body. The server validates the file.
import { parse, type ParseError } from 'jsonc-parser';

export interface ConnectorListener {
  id: string;
  name?: string;
  queue?: string;
  hasSampleBody: boolean;
}

export interface EventConnectorSummary {
  name?: string;
  isEvent: boolean;
  listeners: ConnectorListener[];
}

export function readListeners(text: string): EventConnectorSummary {
  const errors: ParseError[] = [];
  const root = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  const object = isObject(root) ? root : {};
  const listeners: ConnectorListener[] = [];
  for (const item of Array.isArray(object.listeners) ? object.listeners : []) {
    if (!isObject(item) || typeof item.id !== 'string' || item.id === '') continue;
    const listener: ConnectorListener = { id: item.id, hasSampleBody: isObject(item.message) && item.message.sampleBody !== undefined && item.message.sampleBody !== null };
    if (typeof item.name === 'string') listener.name = item.name;
    if (isObject(item.queue) && typeof item.queue.name === 'string') listener.queue = item.queue.name;
    listeners.push(listener);
  }
  const summary: EventConnectorSummary = { isEvent: object.kind === 'event', listeners };
  if (typeof object.name === 'string') summary.name = object.name;
  return summary;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
