// What the publish scenarios share: the strict Core API stand-in's credentials (read from its source so the two cannot
// drift), the settings that point the editor at it, reading it back over HTTPS, and the palette steps.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { startPatchworksCommand } from './palette.mjs';
import { repoRoot } from './paths.mjs';

const coreSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/CoreApi/DocumentedCoreApi.cs'), 'utf8');
const constant = (name) => new RegExp(`${name}\\s*=\\s*"([^"]+)"`).exec(coreSource)?.[1];
export const apiKey = constant('ApiKey');
export const username = constant('Username');
export const password = constant('Password');
assert.ok(apiKey && username && password, 'DocumentedCoreApi.ApiKey, Username and Password are in the test API source');
export const coreHost = 'core-documented.patchworks.test';
export const apiUrl = `https://${coreHost}/api/v1`;

/** The editor must get its credentials from Sign In, not from the driver's environment (the server's fallback). */
export function forgetEnvironmentCredentials() {
  for (const name of ['PATCHWORKS_API_KEY', 'PATCHWORKS_USERNAME', 'PATCHWORKS_PASSWORD']) delete process.env[name];
}

/** The Core API's address through patchworks.publish.apiUrl; its root certificate and connect-to rule through patchworks.runner.*. */
export function publishSettings(apiPort, caFile) {
  return {
    'patchworks.publish.apiUrl': apiUrl,
    'patchworks.runner.connectTo': [`*:443:127.0.0.1:${apiPort}`],
    'patchworks.runner.trustedCertificates': caFile,
  };
}

/** GET on the fake Core API over HTTPS, as any client would (its host name, its root certificate, the key). */
export function coreGet(apiPort, caFile, path) {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: apiPort, servername: coreHost, path: `/api/v1/${path}`, method: 'GET',
      ca: readFileSync(caFile, 'utf8'),
      headers: { Host: coreHost, Authorization: apiKey, Accept: 'application/json' },
    }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${path}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

export function toast(editor, text) {
  return editor.page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

export async function clearNotifications(editor) {
  await editor.runCommand('Notifications: Clear All Notifications');
  await editor.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' }).catch(() => {});
}

/**
 * The fake Core API is not the default one: the first publish asks, in a modal, before the credentials go to it
 * (remembered in the extension's globalState from then on). Answers Send.
 */
export async function confirmCredentialOrigin(editor, { screenshot = false } = {}) {
  const dialog = editor.page.locator('.monaco-dialog-box', { hasText: `Send your Patchworks credentials to ${new URL(apiUrl).origin}?` });
  await dialog.waitFor({ timeout: 90_000 });
  assert.match(await dialog.innerText(), /This is not the Patchworks Core API/);
  if (screenshot) await editor.screenshot('confirm-credential-origin');
  await dialog.locator('.monaco-button', { hasText: /^Send$/ }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Runs a command whose first step is its own quick pick or input. */
export const startCommand = startPatchworksCommand;

/** "Patchworks: Sign In to Patchworks" with the fake's API key, typed into the password box. */
export async function signInWithApiKey(editor, { screenshots = false } = {}) {
  await startCommand(editor, 'Patchworks: Sign In to Patchworks');
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Username and password' }).waitFor();
  if (screenshots) await editor.screenshot('sign-in-method');
  // (A row click, not pickQuickInputItem: the quick input stays open for the next step, the key's box.)
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'API key' }).first().click();
  // The key is typed into a password box: VS Code's quick input with type="password".
  const keyBox = editor.page.locator('.quick-input-widget input[type="password"]');
  await keyBox.waitFor({ state: 'visible' });
  await editor.page.locator('.quick-input-widget', { hasText: 'Sign in to Patchworks: API key' }).waitFor();
  await keyBox.fill(apiKey);
  if (screenshots) await editor.screenshot('sign-in-api-key-masked');
  await editor.page.keyboard.press('Enter');
  await toast(editor, 'Signed in to Patchworks with an API key').waitFor();
  if (screenshots) await editor.screenshot('signed-in');
  await clearNotifications(editor);
}
