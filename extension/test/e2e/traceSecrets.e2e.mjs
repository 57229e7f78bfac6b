// Scenario: the protocol trace (patchworks.server.trace: verbose) with a secret typed for a run. The WooCommerce
// staging instance reads its consumer secret from an environment variable that is not set here, so Send Request
// asks for it in a password box; the run sends it to the server in patchworks/runEndpoint's values, which the
// trace shows masked. Afterwards no file of the editor (the Patchworks log with its trace, settings, state) and no
// file of the workspace holds the secret.
// (Sign-in's refresh token and publishing's key and password, with the trace on: signin.e2e.mjs, publish.e2e.mjs.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { repoRoot, workDir } from './paths.mjs';
import { responsePanel, selectInstance } from './responsePanel.mjs';
import { testApiPort as apiPort, useTestApi } from './testApi.mjs';

const caFile = join(workDir, 'trace-secrets-test-api-ca.pem');
const connector = 'samples/woocommerce/woocommerce.connector.json';
const wooSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/WooCommerceApi.cs'), 'utf8');
const stagingSecret = /StagingConsumerSecret\s*=\s*"([^"]+)"/.exec(wooSource)?.[1];
assert.ok(stagingSecret, 'WooCommerceApi.StagingConsumerSecret is in the test API source');
delete process.env.WOOCOMMERCE_STAGING_CONSUMER_SECRET; // so the runner asks for it

useTestApi({ port: apiPort, caFile });
const session = editorSession('trace-secrets', {
  settings: {
    'patchworks.runner.connectTo': [`*:443:127.0.0.1:${apiPort}`],
    'patchworks.runner.trustedCertificates': caFile,
    'patchworks.server.trace': 'verbose',
  },
});

/** Every regular file under `dir` holding `text` (not sockets or pipes: reading a pipe blocks). */
function filesHolding(dir, text) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) found.push(...filesHolding(path, text));
    else if (stat.isFile() && stat.size < 50_000_000 && readFileSync(path, 'latin1').includes(text)) found.push(path);
  }
  return found;
}

session.test('a secret typed for a run is masked in the verbose trace and written nowhere', async (editor) => {
  await editor.openFile(connector);
  await editor.page.keyboard.press('F1');
  await editor.quickInput.fill('>Patchworks: Send Request');
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Patchworks: Send Request' }).first().click();
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'list-products' }).first().waitFor();
  await editor.pickQuickInputItem('list-products');
  await selectInstance(editor, 'staging.instance.json');

  // The consumer secret has no value: a password box asks for it, for this run only.
  const secretBox = editor.page.locator('.quick-input-widget input[type="password"]');
  await editor.page.locator('.quick-input-widget', { hasText: '{{consumer_secret}}' }).waitFor({ timeout: 60_000 });
  await secretBox.fill(stagingSecret);
  await editor.screenshot('secret-typed');
  await editor.page.keyboard.press('Enter');

  const panel = await responsePanel(editor, 'Response: list-products');
  await panel.locator('#outcome', { hasText: 'Completed' }).waitFor({ timeout: 90_000 });
  await editor.screenshot('run-completed');

  const log = editor.patchworksLog(1_000_000);
  assert.match(log, /Sending request 'patchworks\/runEndpoint - \(\d+\)'\.\nParams: \{[\s\S]*?"values": \{\s*"consumer_secret": "••••••"/, 'the trace shows the run\'s values, masked');
  assert.ok(!log.includes(stagingSecret), 'the typed secret is not in the Patchworks log');
  assert.deepEqual(filesHolding(editor.runDir, stagingSecret), [], 'no file of the editor or the workspace holds the typed secret');
});
