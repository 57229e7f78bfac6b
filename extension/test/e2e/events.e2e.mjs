// Scenario: an event connector's Listen and Send Test Message in a real VS Code against a throw-away RabbitMQ node
// (scripts/rabbitmq-node.sh, user and password patchworks/patchworks), started before the editor and stopped after.
// The workspace's warehouse-events test instance points at the node (127.0.0.1, its port, a site of its own, so a
// queue of its own); its password reaches the language server through code-server's environment
// (env:WAREHOUSE_TEST_MQ_PASSWORD), as a user would give it.
//  1. The "Listen" lens above dispatch-confirmations, the test instance chosen when asked, Peek: the messages panel
//     shows the listening line (queue, broker, user, held and put back).
//  2. The "Send test message" lens, the sample body: the broker's confirmation shows; the panel shows message 1 with
//     the record SO-100482, checked against the schema.
//  3. Stop: the summary says 1 held; the patchworks CLI's own peek then finds the message still on the queue.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { editorSession } from './harness.mjs';
import { repoRoot } from './paths.mjs';
import { responsePanel, selectInstance } from './responsePanel.mjs';

const nodeScript = join(repoRoot, 'scripts/rabbitmq-node.sh');
const cli = join(repoRoot, 'server/Patchworks.Cli/bin/Release/net10.0/patchworks.dll');
const folder = 'samples/warehouse-events';
const connector = `${folder}/warehouse-events.connector.json`;
const site = `e2e-${process.pid}-${Date.now().toString(36)}`;
const queue = `patchworks.${site}.dispatch`;
// The node's user (scripts/rabbitmq-node.sh); code-server inherits the driver's environment (harness.mjs), and the
// language server inherits code-server's.
process.env.WAREHOUSE_TEST_MQ_PASSWORD = 'patchworks';

let baseDir;
let nodeDir;
let amqpPort;
// Registered before editorSession's hooks, so the node is up (and its port known) when the workspace is prepared.
before(() => {
  // The CLI checks the queue at the end; test.sh builds it with the solution, a lone run of this file may not have.
  if (!existsSync(cli)) execFileSync('dotnet', ['build', join(repoRoot, 'server/Patchworks.Cli'), '-c', 'Release', '-nologo', '-v', 'quiet'], { stdio: 'inherit', timeout: 600_000 });
  baseDir = mkdtempSync(join(tmpdir(), 'patchworks-e2e-rabbitmq-'));
  nodeDir = join(baseDir, 'node');
  const output = execFileSync('bash', [nodeScript, 'start', nodeDir], { encoding: 'utf8', timeout: 150_000, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(output, /amqp:\/\/patchworks:patchworks@127\.0\.0\.1:\d+\//, output);
  amqpPort = Number(readFileSync(join(nodeDir, 'amqp-port'), 'utf8').trim());
}, { timeout: 760_000 });
after(() => {
  // Always, also when a test failed: the node's beam.smp and shell, and its folder.
  if (nodeDir) {
    try {
      execFileSync('bash', [nodeScript, 'stop', nodeDir], { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // stopped already
    }
  }
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
});

const session = editorSession('events', {
  prepareWorkspace(ws) {
    const file = join(ws, folder, 'test.instance.json');
    const original = readFileSync(file, 'utf8');
    const changed = original
      .replace('"host": "localhost"', '"host": "127.0.0.1"')
      .replace('"port": "5672"', `"port": "${amqpPort}"`)
      .replace('"site": "uk-leeds"', `"site": "${site}"`);
    assert.ok(changed.includes(String(amqpPort)) && changed.includes(site), 'the test instance names the node and the site');
    writeFileSync(file, changed);
  },
});

/** Clicks the lens `title` above the listener `listenerId` of the open connector. */
async function clickLens(editor, title, listenerId) {
  await editor.goTo(editor.positionOf(connector, `"id": "${listenerId}"`));
  const lenses = editor.page.locator('.codelens-decoration a:visible', { hasText: title });
  await lenses.first().waitFor({ timeout: 90_000 });
  const lens = await lensAbove(editor, lenses, title);
  await editor.screenshot(`lens-${title.replace(/\W+/g, '-').toLowerCase()}`);
  await lens.click();
}

/** Of the visible lenses, the lowest one above the cursor line (asked again for up to 30 s while they come in). */
async function lensAbove(editor, lenses, title) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const cursor = await editor.page.locator('.monaco-editor.focused .cursor').first().boundingBox({ timeout: 1_000 }).catch(() => null)
      ?? await editor.page.locator('.editor-group-container.active .monaco-editor .view-overlays .current-line').first().boundingBox({ timeout: 1_000 }).catch(() => null);
    let best;
    for (let i = 0; i < await lenses.count(); i += 1) {
      const box = await lenses.nth(i).boundingBox({ timeout: 1_000 }).catch(() => null);
      if (box && cursor && box.y < cursor.y && (!best || box.y > best.y)) best = { y: box.y, lens: lenses.nth(i) };
    }
    if (best) return best.lens;
    if (Date.now() > deadline) throw new Error(`no "${title}" lens above the cursor`);
    await editor.page.waitForTimeout(250);
  }
}

/** The messages the patchworks CLI's peek finds on the listener's queue (the queue left as it was). */
function peekWithCli(ws) {
  return new Promise((resolve, reject) => {
    execFile('dotnet', [cli, 'events', 'listen', join(ws, connector), '--listener', 'dispatch-confirmations', '--instance', join(ws, folder, 'test.instance.json'),
      '--peek', '--timeout', '3', '--format', 'json', '--root', ws], { env: process.env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && !stdout) reject(new Error(`patchworks events listen failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

session.test('Listen shows a test message as it arrives; Stop puts the peeked message back', async (editor) => {
  await editor.openFile(connector);

  // 1. Listen, the instance chosen when asked, Peek.
  await clickLens(editor, 'Listen', 'dispatch-confirmations');
  // "No instance is selected": Select Instance, the test instance; the settle pick takes the instance pick's place at
  // once (on a busy machine the quick input never hides between the two, so wait for the next pick's row instead).
  await selectInstance(editor, 'test.instance.json', { waitHidden: false });
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Peek (messages stay on the queue)' }).first().waitFor({ timeout: 30_000 });
  await editor.screenshot('settle-pick');
  await editor.pickQuickInputItem('Peek (messages stay on the queue)');
  const panel = await responsePanel(editor, 'Messages: dispatch-confirmations');
  const status = panel.locator('#status', { hasText: 'Listening on queue' });
  await status.waitFor({ timeout: 90_000 });
  const line = await status.innerText();
  assert.match(line, new RegExp(`queue ${queue.replace(/\./g, '\\.')} at 127\\.0\\.0\\.1:${amqpPort}`));
  assert.match(line, /as patchworks: messages are held and put back on the queue when the listen stops/);
  assert.doesNotMatch(await panel.locator('body').innerText(), /password/i);
  await editor.screenshot('listening');

  // 2. Send test message with the sample body.
  await clickLens(editor, 'Send test message', 'dispatch-confirmations');
  await editor.pickQuickInputItem('The listener\'s sample body');
  const sent = editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'Test message sent' });
  await sent.waitFor({ timeout: 60_000 });
  assert.match(await sent.innerText(), new RegExp(`routing key "dispatch\\.confirmed\\.${site}", confirmed by the broker`));
  const message = panel.locator('section.message[data-number="1"]');
  await message.waitFor({ timeout: 60_000 });
  const messageText = await message.innerText();
  assert.match(messageText, /Message 1/);
  assert.match(messageText, /SO-100482/);
  assert.match(messageText, /checked against the schema: all valid/);
  assert.match(messageText, new RegExp(`dispatch\\.confirmed\\.${site}`));
  assert.match(messageText, /wms\.events/);
  await editor.screenshot('message-arrived');

  // 3. Stop: the summary; the message is back on the queue.
  await panel.locator('#stop').click();
  const summary = panel.locator('#summary');
  await summary.waitFor({ timeout: 60_000 });
  const summaryText = await summary.innerText();
  assert.match(summaryText, /Stopped \(cancelled\)/);
  assert.match(summaryText, /1 message: 1 held \(put back on the queue\)/);
  assert.equal(await panel.locator('#stop').count(), 0, 'no Stop button once the listen ended');
  await editor.screenshot('summary');

  const peeked = (await peekWithCli(editor.workspace)).split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));
  const records = peeked.flatMap((m) => m.records ?? []);
  assert.ok(records.some((r) => r.orderNumber === 'SO-100482'), `the message is still on the queue: ${JSON.stringify(peeked).slice(0, 2000)}`);
});
