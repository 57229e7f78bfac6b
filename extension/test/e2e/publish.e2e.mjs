// Scenario: publishing a connector to the Patchworks marketplace from a real VS Code, against the fake Core API
// of the local test APIs (tests/Patchworks.TestApi, core-documented.patchworks.test on 127.0.0.1: the strict stand-in of the documented Core API, real HTTPS).
//  1. Publish Connector with no credentials: a modal asks before credentials go to this (not the default) Core API,
//     once; then the server refuses and the error offers Sign In to Patchworks.
//  2. Sign In to Patchworks from the palette with an API key (quick pick of the method, a password input box).
//  3. Publish Connector on the Shopify sample: the plan opens beside the editor and a modal asks to confirm;
//     publishing reports its steps in a notification and ends with "Published ... Open in Patchworks". The fake
//     API, asked over HTTPS, holds the system template; the sidecar shopify.publish.json holds its id.
//  4. Publish again: "nothing to change", and the API got no write.
//  5. Pull Connector from Patchworks into the workspace folder: the connector, its icon and sidecar, opened.
// The protocol trace is verbose throughout; the log never holds the key or the password.
// The test API runs for the whole file on its own port; its root certificate and the connect-to rule reach the
// server through patchworks.runner.*, the Core API's address through patchworks.publish.apiUrl.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { workDir } from './paths.mjs';
import {
  apiKey, apiUrl, username, password, forgetEnvironmentCredentials, publishSettings, coreGet as coreGetOn, toast, clearNotifications,
  startCommand, signInWithApiKey, confirmCredentialOrigin,
} from './publishSteps.mjs';
import { testApiPort as apiPort, useTestApi } from './testApi.mjs';

const caFile = join(workDir, 'publish-test-api-ca.pem');
const connector = 'samples/shopify/shopify.connector.json';
const sidecar = 'samples/shopify/shopify.publish.json';
const coreGet = (path) => coreGetOn(apiPort, caFile, path);

forgetEnvironmentCredentials();
useTestApi({ port: apiPort, caFile });
// The protocol trace is on (verbose): the API key, username and password travel in patchworks/getSecrets answers.
const session = editorSession('publish', { settings: { ...publishSettings(apiPort, caFile), 'patchworks.server.trace': 'verbose' } });

session.test('Publish Connector without credentials offers Sign In to Patchworks', async (editor) => {
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');
  await confirmCredentialOrigin(editor, { screenshot: true });
  const refused = toast(editor, 'No Patchworks credentials');
  await refused.waitFor({ timeout: 60_000 });
  await refused.locator('.monaco-button', { hasText: 'Sign In to Patchworks' }).waitFor();
  await editor.screenshot('no-credentials-offers-sign-in');
  assert.ok(!existsSync(join(editor.workspace, sidecar)), 'nothing was written');
  await clearNotifications(editor);
});

session.test('Sign In to Patchworks from the palette keeps an API key in secret storage', async (editor) => {
  await signInWithApiKey(editor, { screenshots: true });
});

session.test('Publish Connector shows the plan, publishes on confirmation and links to Patchworks', async (editor) => {
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');

  // The plan beside the editor, and a modal to confirm it.
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 90_000 });
  assert.match(await dialog.innerText(), /Publish 'Shopify' to Patchworks\?/);
  assert.match(await dialog.innerText(), /First publish: Patchworks has no system template for 'Shopify' yet; publishing version \d+/);
  assert.match(await dialog.innerText(), /\d+ to create, 0 to change, 0 unchanged\./);
  await editor.page.locator('.tabs-container .tab', { hasText: 'Publish plan - Shopify.md' }).waitFor();
  await editor.page.locator('.editor-instance .view-lines', { hasText: "## Will be created" }).first().waitFor();
  await editor.screenshot('plan-and-confirmation');

  const publish = dialog.locator('.monaco-button', { hasText: /^Publish version \d+/ });
  await publish.click();
  const published = toast(editor, "Published 'Shopify' version");
  await published.waitFor({ timeout: 90_000 });
  const text = (await published.innerText()).replace(/\s+/g, ' ');
  await published.locator('.monaco-button', { hasText: 'Open in Patchworks' }).waitFor();
  await published.locator('.monaco-button', { hasText: 'Show Log' }).waitFor();
  await editor.screenshot('published');

  // What the fake Core API holds now, asked over HTTPS.
  const templates = (await coreGet('patchworks/system-templates?filter[name]=Shopify&per_page=100')).data;
  assert.equal(templates.length, 1, 'one system template named Shopify');
  const template = templates[0];
  assert.match(text, new RegExp(`system template ${template.id}\\b`));
  const auth = (await coreGet(`authentication-implementations?filter[system_template_id]=${template.id}&per_page=100`)).data;
  assert.ok(auth.length >= 1, 'its authentication implementations were created');
  const endpoints = (await coreGet(`endpoints?filter[authentication_implementation_id]=${auth[0].id}&per_page=100`)).data;
  assert.ok(endpoints.length >= 1, 'its endpoints were created');

  // The sidecar beside the connector: the ids, the version, no unfinished record, no secret.
  const sidecarText = readFileSync(join(editor.workspace, sidecar), 'utf8');
  const target = JSON.parse(sidecarText).targets[apiUrl];
  assert.equal(target.ids.template, String(template.id));
  assert.equal(target.publishedVersion, template.version);
  assert.equal(target.unfinished, undefined);
  assert.ok(!sidecarText.includes(apiKey), 'the sidecar holds no key');

  // The steps reached the log, and the key never did.
  const log = editor.patchworksLog(1_000_000);
  // The icon goes first, through the documented logo upload; the template that names its logo_url follows.
  assert.match(log, /Publish: \(1\/\d+\) Uploading the icon \(icon\.svg, \d+ bytes, sha256 [0-9a-f]+\)/);
  assert.match(log, /Publish: \(2\/\d+\) Creating system template 'Shopify'/);
  assert.ok(!log.includes(apiKey), 'the key is not in the Patchworks log');
  await clearNotifications(editor);
});

session.test('Publishing again changes nothing', async (editor) => {
  const before = (await coreGet('patchworks/system-templates?filter[name]=Shopify')).data[0];
  const sidecarBefore = readFileSync(join(editor.workspace, sidecar), 'utf8');
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');
  const nothing = toast(editor, 'nothing to change');
  await nothing.waitFor({ timeout: 90_000 });
  assert.match((await nothing.innerText()).replace(/\s+/g, ' '), /Nothing to publish: the marketplace already holds version \d+ of 'Shopify'/);
  await editor.screenshot('nothing-to-change');
  assert.equal(await editor.page.locator('.monaco-dialog-box').count(), 0, 'no confirmation for a plan without writes');
  const after = (await coreGet('patchworks/system-templates?filter[name]=Shopify')).data[0];
  assert.equal(after.updated_at, before.updated_at, 'the template was not written');
  assert.equal(readFileSync(join(editor.workspace, sidecar), 'utf8'), sidecarBefore, 'the sidecar is unchanged');
});

session.test('A change to a published version offers a bump, written into the file with its comments', async (editor) => {
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(connector);
  await editor.typeAt(connector, { after: 'https://shopify.dev/docs/api/admin-rest' }, '#rest');
  const saved = await editor.saveAndRead(connector);
  assert.match(saved, /"version": \{ "number": 1, "name": "Version 1 - Admin API 2024-10" \}/);

  await startCommand(editor, 'Patchworks: Publish Connector');
  await editor.page.locator('.quick-input-widget', { hasText: 'already in Patchworks and the file differs' }).waitFor({ timeout: 90_000 });
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Major' }).waitFor();
  await editor.screenshot('bump-choice');
  await editor.pickQuickInputItem('Minor');

  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 90_000 });
  assert.match(await dialog.innerText(), /Patchworks holds version 1 \(system template \d+\); the file has version 1; publishing version 2 \(Version 2 - Admin API 2024-10\) \(a minor bump/);
  assert.match(await dialog.innerText(), /0 to create, 1 to change/);
  await editor.page.locator('.editor-instance .view-lines', { hasText: 'help_link' }).first().waitFor();
  await editor.screenshot('bump-plan');
  await dialog.locator('.monaco-button', { hasText: 'Publish version 2' }).click();
  const published = toast(editor, "Published 'Shopify' version 2");
  await published.waitFor({ timeout: 90_000 });
  assert.match((await published.innerText()).replace(/\s+/g, ' '), /the file's version was raised/);
  await editor.screenshot('bump-published');

  const template = (await coreGet('patchworks/system-templates?filter[name]=Shopify')).data[0];
  assert.equal(template.version, 2);
  assert.equal(template.version_name, 'Version 2 - Admin API 2024-10');
  assert.equal(template.help_link, 'https://shopify.dev/docs/api/admin-rest#rest');
  const file = readFileSync(join(editor.workspace, connector), 'utf8');
  assert.match(file, /"version": \{ "number": 2, "name": "Version 2 - Admin API 2024-10" \}/);
  assert.match(file, /\/\/ REST calls drain a leaky bucket/, 'the file keeps its comments');
});

session.test('Signed out, then in with a username and password: publishing logs in, and neither secret reaches the log', async (editor) => {
  await startCommand(editor, 'Patchworks: Sign Out of Patchworks');
  await toast(editor, 'Signed out of Patchworks').waitFor();
  await editor.screenshot('signed-out');
  await clearNotifications(editor);

  await startCommand(editor, 'Patchworks: Sign In to Patchworks');
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Username and password' }).first().click();
  await editor.page.locator('.quick-input-widget', { hasText: 'username (1/2)' }).waitFor();
  await editor.quickInput.fill(username);
  await editor.page.keyboard.press('Enter');
  const passwordBox = editor.page.locator('.quick-input-widget input[type="password"]');
  await editor.page.locator('.quick-input-widget', { hasText: 'password (2/2)' }).waitFor();
  await passwordBox.fill(password);
  await editor.screenshot('sign-in-password-masked');
  await editor.page.keyboard.press('Enter');
  await toast(editor, `Signed in to Patchworks with the login ${username}`).waitFor();
  await clearNotifications(editor);

  // The API key is gone: only a login token gets this answer from the fake Core API.
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(connector);
  await startCommand(editor, 'Patchworks: Publish Connector');
  const nothing = toast(editor, 'nothing to change');
  await nothing.waitFor({ timeout: 90_000 });
  await editor.screenshot('login-nothing-to-change');
  const log = editor.patchworksLog(1_000_000);
  assert.match(log, /Sending response 'patchworks\/getSecrets - \(\d+\)'[^\n]*\nResult: \{/, 'the verbose trace shows the getSecrets answers');
  assert.ok(!log.includes(password), 'the password is not in the Patchworks log');
  assert.ok(!log.includes(apiKey), 'the key is not in the Patchworks log');
});

session.test('Pull Connector from Patchworks writes the published connector into the workspace and opens it', async (editor) => {
  await clearNotifications(editor);
  await startCommand(editor, 'Patchworks: Pull Connector from Patchworks');
  // The company's system templates, read from the Core API: the Shopify one published above.
  const template = editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Shopify' }).first();
  await template.waitFor({ timeout: 90_000 });
  await editor.screenshot('pull-templates');
  await template.click();
  const here = editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Into / }).first();
  await here.waitFor();
  await here.click();

  const pulled = toast(editor, "Pulled 'Shopify' version 2");
  await pulled.waitFor({ timeout: 90_000 });
  assert.match((await pulled.innerText()).replace(/\s+/g, ' '), /Publishing it now would change nothing\./);
  await editor.screenshot('pulled');

  // Beside the workspace's samples: the connector, its icon and its sidecar, with the template's id; no secret.
  const written = readFileSync(join(editor.workspace, 'shopify.connector.json'), 'utf8');
  assert.match(written, /"name": "Shopify"/);
  assert.match(written, /"version": \{\s*"number": 2,/);
  assert.ok(existsSync(join(editor.workspace, 'icon.svg')), 'the icon was downloaded');
  const templateId = (await coreGet('patchworks/system-templates?filter[name]=Shopify')).data[0].id;
  const pulledSidecar = JSON.parse(readFileSync(join(editor.workspace, 'shopify.publish.json'), 'utf8'));
  assert.equal(pulledSidecar.targets[apiUrl].ids.template, String(templateId));
  for (const secret of [apiKey, password]) {
    assert.ok(!written.includes(secret) && !JSON.stringify(pulledSidecar).includes(secret), 'no credential in the pulled files');
  }
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'shopify.connector.json' }).waitFor();
});
