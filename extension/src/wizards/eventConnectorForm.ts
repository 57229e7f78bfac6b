// The New Connector wizard for an event connector (kind "event", docs/events.md): basic details → broker →
// authentication → listener → review. The form asks plain questions (the broker's host, port, TLS); the file
// gets them as the sample warehouse-events has them: connection variables an instance fills in (`host` required,
// `port`, `tls`, `virtual_host` with the answers as defaults), a broker reading them as {{variables}}, one
// auth method using them, and one listener. Field paths are the file's where the two agree (basic details,
// `listeners[0]...`), so the server's diagnostics land beside their fields.
import type { Json } from '../forms/draftBuilder';
import type { FieldSpec, StepSpec } from '../forms/formSpec';
import type { SchemaReader } from './schemaFields';

/** The auth method choices: AMQP PLAIN with a username and password, or the broker's default user. */
export const eventAuthChoices = [
  { value: 'basic', label: 'Username and password' },
  { value: 'none', label: 'None (the broker\'s default user)' },
];

function listenerFields(schema: SchemaReader): FieldSpec[] {
  const field = (definition: string, name: string, label: string, path = name, kind?: FieldSpec['kind']): FieldSpec =>
    schema.field(schema.definition(definition), name, label, path, kind);
  const queue = (name: string, label: string, kind?: FieldSpec['kind']) => field('queue', name, label, `queue.${name}`, kind);
  const exchange = (name: string, label: string) => field('exchange', name, label, `exchange.${name}`);
  const message = (name: string, label: string) => field('message', name, label, `message.${name}`);
  return [
    field('listener', 'id', 'Id'),
    field('listener', 'name', 'Name'),
    field('listener', 'description', 'Description', 'description', 'textarea'),
    field('listener', 'entityType', 'Entity type'),
    queue('name', 'Queue name'),
    { ...queue('declare', 'Declare the queue (durable) when it does not exist'), help: 'Unticked: the queue must exist on the broker, and is checked before listening.' },
    { ...exchange('name', 'Exchange name'), help: 'The exchange the queue is bound to. Empty: the queue receives what is sent to it directly.' },
    { ...exchange('type', 'Exchange type'), optional: true },
    { ...exchange('declare', 'Declare the exchange when it does not exist') },
    { ...field('listener', 'bindingKeys', 'Binding keys (comma-separated)'), help: 'Routing keys the queue is bound with (topic exchanges: * one word, # any words); may use {{variables}}.' },
    field('listener', 'acknowledgement', 'Acknowledgement'),
    // The schema's description, whose "(basic.qos)." the form's two-sentence cut would split.
    { ...field('listener', 'prefetch', 'Prefetch'), help: 'How many unacknowledged messages the broker hands over at once; 0 means unlimited. Default: 10.' },
    message('format', 'Message format'),
    { ...message('dataPath', 'Data path'), showWhen: { path: 'message.format', in: ['json', 'xml'] } },
  ];
}

export function eventConnectorSteps(schema: SchemaReader): StepSpec[] {
  const root = schema.definition('');
  const basic = (name: string, label: string, kind?: FieldSpec['kind']) => schema.field(root, name, label, name, kind);
  const version = (name: string, label: string) => schema.field(schema.definition('version'), name, label, `version.${name}`);
  return [
    {
      id: 'basics', title: 'Basic details', intro: 'What the connector is called and which system publishes the messages.',
      fields: [basic('name', 'Name'), version('number', 'Version number'), version('name', 'Version name'), basic('description', 'Description', 'textarea'),
        basic('systemType', 'System type'), { ...basic('icon', 'Icon'), browse: { label: 'Choose icon file' } }, { ...basic('colour', 'Colour'), optional: true },
        basic('helpLink', 'Help link')],
    },
    {
      id: 'broker', title: 'Broker',
      intro: 'The RabbitMQ broker. Each becomes a variable instances fill in (host, port, tls, virtual_host); what you type here is its default.',
      fields: [
        { path: 'broker.host', label: 'Broker host', kind: 'text', placeholder: 'mq.example.com', help: 'The host name or address of the broker; the required variable host.' },
        { path: 'broker.tls', label: 'Use TLS (AMQPS)', kind: 'checkbox' },
        { path: 'broker.port', label: 'Port', kind: 'text', placeholder: '5671 with TLS, 5672 without', help: 'Empty: 5671 with TLS, 5672 without.' },
        { path: 'broker.virtualHost', label: 'Virtual host', kind: 'text', placeholder: '/' },
      ],
    },
    {
      id: 'auth', title: 'Authentication', intro: 'How instances log in to the broker. The password is a secret: instances keep a reference to it, never the value.',
      fields: [{ path: 'auth.type', label: 'Authentication', kind: 'select', options: eventAuthChoices }],
    },
    {
      id: 'listener', title: 'Listener', intro: 'One queue to listen on: where its messages come from and what they hold. Add more in the file later.',
      fields: [{ path: 'listeners', label: 'Listener', kind: 'list', fixed: true, item: { title: 'Listener', fields: listenerFields(schema) } }],
    },
    { id: 'review', title: 'Review', intro: 'The file as it will be written.', fields: [{ path: 'saveAs', label: 'Save as (relative to the workspace folder)', kind: 'text' }], review: true },
  ];
}

export function emptyEventConnectorDraft(): Record<string, unknown> {
  return {
    name: '', version: { number: '1', name: '' }, systemType: '', description: '',
    broker: { host: '', tls: true, port: '', virtualHost: '/' },
    auth: { type: 'basic' },
    listeners: [{ id: '', name: '', queue: { name: '', declare: true }, exchange: { name: '', type: 'topic', declare: false }, bindingKeys: '', acknowledgement: 'manual', prefetch: '', message: { format: 'json', dataPath: '' } }],
    saveAs: '',
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {});

/** A number as a number; anything else as typed, for the server to report at its path. */
function numberOrText(value: string): Json {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The connector file's value from the draft, in the order of the samples. */
export function buildEventConnector(draft: Record<string, unknown>): Record<string, Json> {
  const result: Record<string, Json> = { kind: 'event' };
  const put = (target: Record<string, Json>, key: string, value: Json | undefined) => {
    if (value !== undefined && value !== '') target[key] = value;
  };
  put(result, 'name', text(draft.name));
  const version = record(draft.version);
  const builtVersion: Record<string, Json> = {};
  put(builtVersion, 'number', text(version.number) === '' ? undefined : numberOrText(text(version.number)));
  put(builtVersion, 'name', text(version.name));
  if (Object.keys(builtVersion).length > 0) result.version = builtVersion;
  for (const key of ['description', 'systemType', 'icon', 'colour', 'helpLink']) put(result, key, text(draft[key]));

  const broker = record(draft.broker);
  const tls = broker.tls !== false;
  const host: Record<string, Json> = { key: 'host', displayName: 'Broker host', required: true };
  put(host, 'default', text(broker.host));
  host.description = 'Host name or address of the RabbitMQ broker.';
  result.variables = [
    host,
    { key: 'port', displayName: 'AMQP port', default: text(broker.port) || (tls ? '5671' : '5672'), advanced: true, description: '5671 for AMQPS (TLS), 5672 without TLS.' },
    { key: 'tls', displayName: 'Use TLS', default: tls ? 'true' : 'false', advanced: true, description: 'true for AMQPS, false for a broker without TLS.' },
    { key: 'virtual_host', displayName: 'Virtual host', default: text(broker.virtualHost) || '/', required: true },
  ];
  const uses = ['host', 'port', 'tls', 'virtual_host'];
  result.authMethods = [record(draft.auth).type === 'none'
    ? { id: 'default-user', name: 'Broker\'s default user', type: 'none', uses }
    : {
      id: 'password', name: 'Username and password', type: 'basic', uses,
      variables: [
        { key: 'username', displayName: 'Username', required: true },
        { key: 'password', displayName: 'Password', required: true, secret: true },
      ],
      basic: { username: '{{username}}', password: '{{password}}' },
    }];
  result.broker = { type: 'rabbitmq', host: '{{host}}', port: '{{port}}', virtualHost: '{{virtual_host}}', tls: '{{tls}}' };
  const listeners = Array.isArray(draft.listeners) ? draft.listeners : [];
  result.listeners = listeners.map((item) => buildListener(record(item)));
  return result;
}

function buildListener(item: Record<string, unknown>): Record<string, Json> {
  const listener: Record<string, Json> = {};
  const put = (target: Record<string, Json>, key: string, value: Json | undefined) => {
    if (value !== undefined && value !== '') target[key] = value;
  };
  for (const key of ['id', 'name', 'description', 'entityType']) put(listener, key, text(item[key]));
  const exchange = record(item.exchange);
  if (text(exchange.name) !== '') {
    const built: Record<string, Json> = { name: text(exchange.name) };
    put(built, 'type', text(exchange.type));
    if (exchange.declare === true) built.declare = true;
    listener.exchange = built;
  }
  const keys = (typeof item.bindingKeys === 'string' ? item.bindingKeys.split(',') : Array.isArray(item.bindingKeys) ? item.bindingKeys.map(String) : [])
    .map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length > 0) listener.bindingKeys = keys;
  const queue = record(item.queue);
  const builtQueue: Record<string, Json> = {};
  put(builtQueue, 'name', text(queue.name));
  if (queue.declare === true) {
    builtQueue.declare = true;
    builtQueue.durable = true;
  }
  listener.queue = builtQueue;
  put(listener, 'prefetch', text(item.prefetch) === '' ? undefined : numberOrText(text(item.prefetch)));
  put(listener, 'acknowledgement', text(item.acknowledgement));
  const message = record(item.message);
  const builtMessage: Record<string, Json> = {};
  put(builtMessage, 'format', text(message.format));
  // A text message has no records to find (PW8010): its data path is not written.
  if (text(message.format) !== 'text') put(builtMessage, 'dataPath', text(message.dataPath));
  if (Object.keys(builtMessage).length > 0) listener.message = builtMessage;
  return listener;
}
