// Scenario: cancelling a publish from the editor, and the next publish finishing the job. The fake Core API is
// started so that its 4th write is answered 429 with Retry-After 50 s: the publish waits there, and the test
// presses Cancel on the progress notification during the wait.
//  1. Sign In to Patchworks with an API key.
//  2. Publish Connector, confirmed; Cancel while it waits: a warning says it was cancelled, the sidecar records
//     the three writes done and "cancelled", and Patchworks holds the template made before the cancel.
//  3. Publish Connector again: the plan resumes, and the publish ends with one template and no part made twice.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { editorSession } from './harness.mjs';
import { workDir } from './paths.mjs';
import {
  apiKey, apiUrl, forgetEnvironmentCredentials, publishSettings, coreGet as coreGetOn, toast, clearNotifications,
  startCommand, signInWithApiKey, confirmCredentialOrigin,
} from './publishSteps.mjs';
import { testApiPort as apiPort, useTestApi } from './testApi.mjs';

const caFile = join(workDir, 'publish-cancel-test-api-ca.pem');
const connector = 'samples/shopify/shopify.connector.json';
const sidecar = 'samples/shopify/shopify.publish.json';
const retryAfter = 50; // within the publisher's 60 s bound: it waits rather than failing at once
const coreGet = (path) => coreGetOn(apiPort, caFile, path);

forgetEnvironmentCredentials();
useTestApi({ port: apiPort, caFile, args: ['--core-throttle-write', '4', '--core-retry-after', String(retryAfter)] });
const session = editorSession('publish-cancel', { settings: publishSettings(apiPort, caFile) });

const sidecarTarget = (editor) => JSON.parse(readFileSync(join(editor.workspace, sidecar), 'utf8')).targets[apiUrl];

/** Waits until the Patchworks log holds `pattern` (the server's step reports reach it as they come). */
async function logShows(editor, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(editor.patchworksLog(400))) {
    if (Date.now() > deadline) assert.fail(`the Patchworks log never showed ${pattern}:\n${editor.patchworksLog(40)}`);
    await delay(250);
  }
}

session.test('Sign In to Patchworks with an API key', async (editor) => {
  await signInWithApiKey(editor);
});

session.test('Cancel on the progress notification stops the publish; the sidecar records what was done', async (editor) => {
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');
  await confirmCredentialOrigin(editor);
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 90_000 });
  await dialog.locator('.monaco-button', { hasText: /^Publish version \d+/ }).click();

  // The 4th write is refused with Retry-After: the publisher says it waits, and the notification is still up.
  await logShows(editor, new RegExp(`429; retrying in ${retryAfter} s`), 60_000);
  const progress = toast(editor, "Publishing 'Shopify' to Patchworks");
  await progress.waitFor();
  await editor.screenshot('waiting-on-retry-after');
  const started = Date.now();
  await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();

  const cancelled = toast(editor, 'Publishing was cancelled');
  await cancelled.waitFor({ timeout: 30_000 });
  assert.ok(Date.now() - started < retryAfter * 1000, 'the publish stopped during the wait, not after it');
  await editor.screenshot('cancelled');
  const unfinished = sidecarTarget(editor).unfinished;
  assert.equal(unfinished.error, 'cancelled');
  assert.equal(unfinished.done.length, 3, 'three writes were done before the cancel');
  assert.equal((await coreGet('patchworks/system-templates?filter[name]=Shopify')).data.length, 1, 'the template made before the cancel');
  assert.ok(!editor.patchworksLog(400).includes(apiKey), 'the key is not in the Patchworks log');
  await clearNotifications(editor);
});

session.test('The next publish finishes the job without making anything twice', async (editor) => {
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 90_000 });
  await editor.screenshot('resume-plan');
  await dialog.locator('.monaco-button', { hasText: /^Publish version \d+/ }).click();
  await toast(editor, "Published 'Shopify'").waitFor({ timeout: 120_000 });
  await editor.screenshot('resumed-published');

  assert.equal((await coreGet('patchworks/system-templates?filter[name]=Shopify')).data.length, 1, 'one template');
  const endpoints = (await coreGet('endpoints?per_page=100')).data.map((e) => `${e.authentication_implementation_id}/${e.name}`);
  assert.ok(endpoints.length > 0, 'the endpoints were published');
  assert.equal(new Set(endpoints).size, endpoints.length, 'no endpoint was made twice');
  assert.equal(sidecarTarget(editor).unfinished ?? null, null, 'the sidecar no longer records an unfinished publish');
});
