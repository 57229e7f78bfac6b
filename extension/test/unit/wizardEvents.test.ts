// The wizards for event connectors (docs/events.md): New Connector's event draft → a connector like
// samples/warehouse-events that conforms to schemas/connector.schema.json; Add Instance on an event connector asks
// the connection and the login, never endpoint values, and writes the password as a reference only.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { connectorInfo } from '../../src/wizards/connectorInfo';
import type { ConnectorOutline } from '../../src/server/connectorOutline';
import { shownPaths } from '../../src/forms/draftBuilder';
import { buildEventConnector, emptyEventConnectorDraft, eventConnectorSteps } from '../../src/wizards/eventConnectorForm';
import { buildInstance, emptyInstanceDraft, instanceSteps } from '../../src/wizards/instanceForm';
import { layoutJson } from '../../src/wizards/jsonLayout';
import { withSchema } from '../../src/wizards/schemaReference';
import { checkSchema } from './schemaCheck';
import { connectorSchema as connectorFields, instanceSchema as instanceFields } from './schemaFieldsFixture';

const repo = join(__dirname, '..', '..', '..', '..');
const schemaOf = (name: string) => JSON.parse(readFileSync(join(repo, 'schemas', name), 'utf8')) as Record<string, unknown>;
const connectorSchema = schemaOf('connector.schema.json');
const instanceSchema = schemaOf('instance.schema.json');
const sampleText = readFileSync(join(repo, 'samples', 'warehouse-events', 'warehouse-events.connector.json'), 'utf8');

function eventDraft(): Record<string, unknown> {
  return {
    ...emptyEventConnectorDraft(),
    name: 'Acme Warehouse', version: { number: '1', name: 'Version 1 - dispatch events' }, description: 'Dispatch events of the Acme warehouse.',
    systemType: 'WMS', colour: 'green',
    broker: { host: 'mq.acme.example', tls: true, port: '', virtualHost: '/acme' },
    auth: { type: 'basic' },
    listeners: [{
      id: 'dispatches', name: 'Dispatch confirmations', description: 'One per dispatched order.',
      queue: { name: 'patchworks.dispatch', declare: true },
      exchange: { name: 'wms.events', type: 'topic', declare: true },
      bindingKeys: 'dispatch.confirmed.*, dispatch.cancelled.*',
      acknowledgement: 'manual', prefetch: '20', message: { format: 'json', dataPath: 'shipments' },
    }],
    saveAs: '',
  };
}

test('the checker the tests rely on accepts the warehouse-events sample and refuses a listener without a queue', () => {
  const sample = parse(sampleText) as Record<string, unknown>;
  assert.deepEqual(checkSchema(connectorSchema, sample), []);
  const broken = structuredClone(sample) as { listeners: Record<string, unknown>[] };
  delete broken.listeners[0]!.queue;
  assert.deepEqual(checkSchema(connectorSchema, broken), ['listeners[0]: missing required property queue']);
  assert.deepEqual(checkSchema(connectorSchema, { ...sample, endpoints: 'x' }), ['endpoints: string is not array']);
});

test('the event draft becomes a connector with connection variables, a basic auth method, the broker and the listener, conforming to the schema', () => {
  const built = buildEventConnector(eventDraft());
  assert.deepEqual(checkSchema(connectorSchema, withSchema('../schemas/connector.schema.json', built)), []);
  assert.deepEqual(Object.keys(built), ['kind', 'name', 'version', 'description', 'systemType', 'colour', 'variables', 'authMethods', 'broker', 'listeners']);
  assert.equal(built.kind, 'event');
  assert.deepEqual(built.version, { number: 1, name: 'Version 1 - dispatch events' });
  assert.deepEqual((built.variables as { key: string; default?: string; required?: boolean }[]).map((v) => [v.key, v.default, v.required === true]),
    [['host', 'mq.acme.example', true], ['port', '5671', false], ['tls', 'true', false], ['virtual_host', '/acme', true]]);
  assert.deepEqual(built.authMethods, [{
    id: 'password', name: 'Username and password', type: 'basic', uses: ['host', 'port', 'tls', 'virtual_host'],
    variables: [{ key: 'username', displayName: 'Username', required: true }, { key: 'password', displayName: 'Password', required: true, secret: true }],
    basic: { username: '{{username}}', password: '{{password}}' },
  }]);
  assert.deepEqual(built.broker, { type: 'rabbitmq', host: '{{host}}', port: '{{port}}', virtualHost: '{{virtual_host}}', tls: '{{tls}}' });
  assert.deepEqual(built.listeners, [{
    id: 'dispatches', name: 'Dispatch confirmations', description: 'One per dispatched order.',
    exchange: { name: 'wms.events', type: 'topic', declare: true },
    bindingKeys: ['dispatch.confirmed.*', 'dispatch.cancelled.*'],
    queue: { name: 'patchworks.dispatch', declare: true, durable: true },
    prefetch: 20, acknowledgement: 'manual',
    message: { format: 'json', dataPath: 'shipments' },
  }]);
  // The sample's layout: the same sections in the same order.
  const sampleKeys = Object.keys(parse(sampleText) as object).filter((k) => k in built || k === '$schema');
  assert.deepEqual(Object.keys(withSchema('x', built)).filter((k) => sampleKeys.includes(k)), sampleKeys);
  const text = layoutJson(withSchema('../schemas/connector.schema.json', built));
  assert.match(text, /\n {2}"broker": \{\n {4}"type": "rabbitmq",\n {4}"host": "\{\{host\}\}",/);
  assert.match(text, /\n {2}"listeners": \[\n {4}\{\n {6}"id": "dispatches",/);
  assert.doesNotMatch(text, /"endpoints"|"protocol"/);
});

test('without TLS the port defaults to 5672; no exchange name: no exchange; a text message has no data path; no declare: no durable', () => {
  const draft = eventDraft();
  draft.broker = { host: '', tls: false, port: '', virtualHost: '' };
  draft.listeners = [{ id: 'raw', name: 'Raw', queue: { name: 'raw', declare: false }, exchange: { name: '', type: 'topic', declare: true }, bindingKeys: '', acknowledgement: 'auto', prefetch: '', message: { format: 'text', dataPath: 'ignored' } }];
  const built = buildEventConnector(draft);
  assert.deepEqual(checkSchema(connectorSchema, built), []);
  const variables = built.variables as { key: string; default?: string }[];
  assert.deepEqual(variables.map((v) => [v.key, v.default]), [['host', undefined], ['port', '5672'], ['tls', 'false'], ['virtual_host', '/']]);
  assert.deepEqual(built.listeners, [{ id: 'raw', name: 'Raw', queue: { name: 'raw' }, acknowledgement: 'auto', message: { format: 'text' } }]);
});

test('"no authentication" is a none method that still uses the connection variables', () => {
  const draft = eventDraft();
  draft.auth = { type: 'none' };
  const built = buildEventConnector(draft);
  assert.deepEqual(checkSchema(connectorSchema, built), []);
  assert.deepEqual(built.authMethods, [{ id: 'default-user', name: 'Broker\'s default user', type: 'none', uses: ['host', 'port', 'tls', 'virtual_host'] }]);
});

test('the event wizard\'s steps and the paths its fields answer to (the file\'s, for the listener)', () => {
  const steps = eventConnectorSteps(connectorFields());
  assert.deepEqual(steps.map((s) => s.title), ['Basic details', 'Broker', 'Authentication', 'Listener', 'Review']);
  const paths = shownPaths(steps.flatMap((s) => s.fields), eventDraft());
  for (const expected of ['name', 'version.number', 'systemType', 'icon', 'broker.host', 'broker.tls', 'broker.port', 'broker.virtualHost', 'auth.type',
    'listeners[0]', 'listeners[0].id', 'listeners[0].queue.name', 'listeners[0].queue.declare', 'listeners[0].exchange.name', 'listeners[0].exchange.type',
    'listeners[0].bindingKeys', 'listeners[0].acknowledgement', 'listeners[0].prefetch', 'listeners[0].message.format', 'listeners[0].message.dataPath']) {
    assert.ok(paths.includes(expected), expected);
  }
  assert.ok(!paths.some((p) => p.startsWith('endpoints') || p === 'protocol'), 'nothing of an API connector');
  const listener = steps[3]!.fields[0]!;
  assert.equal(listener.fixed, true);
  assert.deepEqual(listener.item!.fields.find((f) => f.path === 'exchange.type')!.options!.map((o) => o.value), ['direct', 'topic', 'fanout', 'headers']);
  assert.deepEqual(listener.item!.fields.find((f) => f.path === 'message.format')!.options!.map((o) => o.value), ['json', 'xml', 'text']);
  const text = { ...eventDraft(), listeners: [{ message: { format: 'text' } }] };
  assert.ok(!shownPaths(steps.flatMap((s) => s.fields), text).includes('listeners[0].message.dataPath'), 'a text message has no data path to ask');
});

// The server's outlines of the samples (OutlineFixtureTests keeps these files equal to its answers).
const outline = (sample: string): ConnectorOutline =>
  ({ uri: `file:///samples/${sample}`, ...JSON.parse(readFileSync(join(repo, 'extension', 'test', 'unit', 'fixtures', 'outlines', `${sample}.json`), 'utf8')) }) as ConnectorOutline;
const warehouse = connectorInfo(outline('warehouse-events'));
const PASSWORD = 'mq-the-real-password';

test('Add Instance on an event connector asks the connection first, then the login, and no endpoint values', () => {
  assert.equal(warehouse.kind, 'event');
  assert.equal(connectorInfo(outline('woocommerce')).kind, 'api');
  assert.deepEqual(warehouse.authMethods[0]!.variables.map((v) => v.key), ['host', 'port', 'tls', 'virtual_host', 'site', 'username', 'password']);
  const steps = instanceSteps(warehouse, ['UTC'], instanceFields());
  const credentials = steps.find((s) => s.id === 'credentials')!;
  assert.equal(credentials.title, 'Connection and login');
  const draft = emptyInstanceDraft(warehouse);
  assert.deepEqual(draft.values, { host: '', port: '5671', tls: 'true', virtual_host: '/', site: '', username: '' });
  const paths = shownPaths(steps.flatMap((s) => s.fields), draft);
  assert.deepEqual(paths.filter((p) => p.startsWith('values.') || p.startsWith('secrets.')),
    ['values.host', 'values.port', 'values.tls', 'values.virtual_host', 'values.site', 'values.username', 'secrets.password.storage', 'secrets.password.value']);
  assert.ok(!paths.some((p) => p.startsWith('endpointValues')), 'no endpoint values');
  assert.equal(credentials.fields.find((f) => f.path === 'values.host')!.label, 'Broker host (required)');
});

test('the event connector\'s instance holds the connection values and a secret: reference; the password goes to SecretStorage only', () => {
  const draft = {
    ...emptyInstanceDraft(warehouse), name: 'Warehouse - UK live', companyGroup: 'UK', environment: 'live', timeZone: 'Europe/London',
    values: { host: 'mq.warehouse.example', port: '5671', tls: 'true', virtual_host: '/', site: 'uk-leeds', username: 'patchworks' },
    secrets: { password: { storage: 'secret', value: PASSWORD, env: '' } },
  };
  const built = buildInstance(draft, warehouse, 'warehouse-events.connector.json', { password: 'warehouse-uk-live-password' });
  assert.deepEqual(built.instance, {
    name: 'Warehouse - UK live', connector: 'warehouse-events.connector.json', environment: 'live', companyGroup: 'UK', timeZone: 'Europe/London',
    authMethod: 'password',
    values: { host: 'mq.warehouse.example', port: '5671', tls: 'true', virtual_host: '/', site: 'uk-leeds', username: 'patchworks' },
    secrets: { password: 'secret:warehouse-uk-live-password' },
  });
  assert.deepEqual(built.secrets, [{ name: 'warehouse-uk-live-password', value: PASSWORD }]);
  const text = layoutJson(withSchema('../../schemas/instance.schema.json', built.instance));
  assert.ok(!text.includes(PASSWORD));
  assert.deepEqual(checkSchema(instanceSchema, JSON.parse(text)), []);
});
