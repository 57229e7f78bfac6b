// Scenario: the wizards for event connectors (docs/events.md) in a real VS Code with the real C# language server.
// - "Patchworks: New Connector" → "Event connector (message broker)", every step filled as a person would (the
//   server's PW8004 beside the binding keys while the listener has no exchange), writes a connector with a broker
//   and a listener that `patchworks validate` finds clean.
// - "Patchworks: Add Instance" on it asks the connection (the broker host the connector gave as default, port,
//   TLS, virtual host) and the login, no endpoint values; the written instance holds a secret: reference, and the
//   password typed in is in no file of the workspace.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import {
  runPatchworksCommand, startNewConnector, wizard, field, type, choose, tick, stepTitle, next, problemAt, noProblemAt, clean, assertValidatesClean,
} from './wizardForm.mjs';

const session = editorSession('events-wizards');
const PASSWORD = 'mq_e2e_do_not_write_me_5672';
const CONNECTOR = 'acme-warehouse/acme-warehouse.connector.json';

/** Clicks Finish until the written file's tab opens (a click can miss the webview under load; see wizards.e2e.mjs). */
async function finish(editor, frame, written, tabName) {
  const tab = editor.page.locator('.tabs-container .tab.active', { hasText: tabName });
  for (let attempt = 1; ; attempt++) {
    await frame.locator('#finish').click();
    const opened = await tab.waitFor({ timeout: 20_000 }).then(() => true, () => false);
    const stillEmpty = !opened && !existsSync(written) && (await frame.locator('#status').innerText().catch(() => '')).trim() === '';
    if (!stillEmpty || attempt === 3) break;
    console.log(`Finish click ${attempt} was not received by the wizard; clicking again`);
  }
  await tab.waitFor();
}

session.test('New Connector → Event connector: every step filled; the written connector validates clean', async (editor) => {
  await startNewConnector(editor, 'Event connector (message broker)');
  const frame = wizard(editor);
  await stepTitle(frame, 'Basic details');
  assert.match(await problemAt(frame, 'name', 'PW1002'), /Missing required property "name"/);
  await type(frame, 'name', 'Acme Warehouse');
  await noProblemAt(frame, 'name');
  await type(frame, 'version.name', 'Version 1 - dispatch events');
  await type(frame, 'description', 'Dispatch confirmations the Acme warehouse publishes on RabbitMQ.');
  await choose(frame, 'systemType', 'WMS');
  await choose(frame, 'colour', 'green');
  await type(frame, 'icon', '../samples/warehouse-events/icon.svg');
  await noProblemAt(frame, 'icon');
  await type(frame, 'helpLink', 'https://www.rabbitmq.com/docs/queues');
  await editor.screenshot('event-connector-1-basics');

  await next(frame, 'Broker');
  await type(frame, 'broker.host', 'mq.acme.example');
  assert.equal(await field(frame, 'broker.tls').evaluate((el) => el.checked), true, 'TLS is on by default');
  await type(frame, 'broker.port', '5671');
  await type(frame, 'broker.virtualHost', '/acme');
  await editor.screenshot('event-connector-2-broker');

  await next(frame, 'Authentication');
  assert.equal(await field(frame, 'auth.type').evaluate((el) => el.value), 'basic', 'username and password by default');
  await choose(frame, 'auth.type', 'Username and password', 'basic');
  await editor.screenshot('event-connector-3-auth');

  await next(frame, 'Listener');
  await type(frame, 'listeners[0].id', 'dispatch-confirmations');
  await type(frame, 'listeners[0].name', 'Dispatch confirmations');
  await type(frame, 'listeners[0].description', 'One message per dispatched order.');
  await type(frame, 'listeners[0].entityType', 'fulfillments');
  await type(frame, 'listeners[0].queue.name', 'patchworks.dispatch');
  assert.equal(await field(frame, 'listeners[0].queue.declare').evaluate((el) => el.checked), true, 'the queue is declared by default');
  // Binding keys without an exchange: the server's PW8004, beside the field.
  await type(frame, 'listeners[0].bindingKeys', 'dispatch.confirmed.*');
  assert.match(await problemAt(frame, 'listeners[0].bindingKeys', 'PW8004'), /exchange/);
  await editor.screenshot('event-connector-4-keys-without-exchange');
  await type(frame, 'listeners[0].exchange.name', 'wms.events');
  await noProblemAt(frame, 'listeners[0].bindingKeys');
  await choose(frame, 'listeners[0].exchange.type', 'topic');
  await tick(frame, 'listeners[0].exchange.declare');
  await choose(frame, 'listeners[0].acknowledgement', 'manual');
  await type(frame, 'listeners[0].prefetch', '20');
  await choose(frame, 'listeners[0].message.format', 'json');
  await type(frame, 'listeners[0].message.dataPath', 'shipments');
  await editor.screenshot('event-connector-4-listener');

  await next(frame, 'Review');
  await clean(frame);
  assert.equal(await frame.locator('#target').innerText(), CONNECTOR);
  const preview = await frame.locator('#preview').innerText();
  assert.match(preview, /"kind": "event"/);
  await editor.screenshot('event-connector-5-review');
  const written = join(editor.workspace, CONNECTOR);
  await finish(editor, frame, written, 'acme-warehouse.connector.json');
  await editor.page.locator('.notifications-toasts', { hasText: `Created ${CONNECTOR}` }).waitFor();
  await editor.screenshot('event-connector-written');

  const connector = JSON.parse(readFileSync(written, 'utf8'));
  assert.equal(connector.$schema, '../schemas/connector.schema.json');
  assert.equal(connector.kind, 'event');
  assert.equal(connector.icon, '../samples/warehouse-events/icon.svg');
  assert.equal(connector.endpoints, undefined);
  assert.deepEqual(connector.variables.map((v) => [v.key, v.default]), [['host', 'mq.acme.example'], ['port', '5671'], ['tls', 'true'], ['virtual_host', '/acme']]);
  assert.deepEqual(connector.authMethods.map((m) => [m.id, m.type, m.uses]), [['password', 'basic', ['host', 'port', 'tls', 'virtual_host']]]);
  assert.deepEqual(connector.broker, { type: 'rabbitmq', host: '{{host}}', port: '{{port}}', virtualHost: '{{virtual_host}}', tls: '{{tls}}' });
  assert.deepEqual(connector.listeners, [{
    id: 'dispatch-confirmations', name: 'Dispatch confirmations', description: 'One message per dispatched order.', entityType: 'fulfillments',
    exchange: { name: 'wms.events', type: 'topic', declare: true },
    bindingKeys: ['dispatch.confirmed.*'],
    queue: { name: 'patchworks.dispatch', declare: true, durable: true },
    prefetch: 20, acknowledgement: 'manual',
    message: { format: 'json', dataPath: 'shipments' },
  }]);
  assertValidatesClean(written);
});

session.test('Add Instance on the event connector: connection and login, no endpoint values; the written instance holds no secret', async (editor) => {
  await editor.openFile(CONNECTOR);
  await runPatchworksCommand(editor, 'Patchworks: Add Instance');
  const frame = wizard(editor);
  await stepTitle(frame, 'Instance');
  await type(frame, 'name', 'Acme Warehouse - test');
  await choose(frame, 'environment', 'test');
  await type(frame, 'companyGroup', 'Default');
  await editor.screenshot('event-instance-1-instance');

  await next(frame, 'Time zone and date format');
  await choose(frame, 'timeZone', 'Europe/London');

  await next(frame, 'Authentication');
  assert.equal(await field(frame, 'authMethod').evaluate((el) => el.value), 'password', 'the connector\'s only method is chosen');

  await next(frame, 'Connection and login');
  // The connection first, with the connector's defaults; then the login.
  const paths = await frame.locator('[data-path^="values."], [data-path^="secrets."]').evaluateAll((els) => els.map((el) => el.dataset.path));
  assert.deepEqual(paths, ['values.host', 'values.port', 'values.tls', 'values.virtual_host', 'values.username', 'secrets.password.storage', 'secrets.password.value']);
  assert.equal(await frame.locator('[data-path^="endpointValues"]').count(), 0, 'no endpoint values are asked');
  assert.equal(await field(frame, 'values.host').evaluate((el) => el.value), 'mq.acme.example');
  assert.equal(await field(frame, 'values.port').evaluate((el) => el.value), '5671');
  await type(frame, 'values.host', 'localhost');
  await type(frame, 'values.port', '5672');
  await type(frame, 'values.tls', 'false');
  await type(frame, 'values.username', 'patchworks');
  await type(frame, 'secrets.password.value', PASSWORD);
  assert.equal(await field(frame, 'secrets.password.value').locator('input').getAttribute('type'), 'password');
  for (const path of ['values.username', 'secrets.password.storage']) await noProblemAt(frame, path);
  await editor.screenshot('event-instance-2-connection');

  await next(frame, 'Review');
  await clean(frame);
  const preview = await frame.locator('#preview').innerText();
  assert.ok(!preview.includes(PASSWORD), 'the preview shows no secret');
  await editor.screenshot('event-instance-3-review');
  const relative = 'acme-warehouse/acme-warehouse-test.instance.json';
  await finish(editor, frame, join(editor.workspace, relative), 'acme-warehouse-test.instance.json');
  await editor.page.locator('.notifications-toasts', { hasText: '1 secret stored in VS Code\'s secret storage' }).waitFor();
  await editor.screenshot('event-instance-written');

  const text = readFileSync(join(editor.workspace, relative), 'utf8');
  assert.deepEqual(JSON.parse(text), {
    $schema: '../schemas/instance.schema.json',
    name: 'Acme Warehouse - test', connector: 'acme-warehouse.connector.json', environment: 'test', companyGroup: 'Default',
    timeZone: 'Europe/London', authMethod: 'password',
    values: { host: 'localhost', port: '5672', tls: 'false', virtual_host: '/acme', username: 'patchworks' },
    secrets: { password: 'secret:acme-warehouse-test-password' },
  });
  for (const file of readdirSync(join(editor.workspace, 'acme-warehouse'), { recursive: true })) {
    const path = join(editor.workspace, 'acme-warehouse', file);
    if (statSync(path).isFile()) assert.ok(!readFileSync(path, 'utf8').includes(PASSWORD), `${file} holds no secret`);
  }
  assertValidatesClean(join(editor.workspace, relative));
});
