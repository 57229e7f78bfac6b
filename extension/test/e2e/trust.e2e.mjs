// Scenario: a cloned repository opened untrusted (VS Code's workspace trust on, the folder in restricted mode).
// Its own .vscode/settings.json tries to send every HTTPS connection elsewhere (patchworks.runner.connectTo).
//  1. A connector shows its Resolve code lens but no Send request lens, and no Send Request or Publish action in
//     the editor title; hovers and diagnostics work as usual.
//  2. Patchworks: Send Request from the palette: "Trust this workspace to send requests and run connector
//     scripts." with Manage Workspace Trust, which opens VS Code's Workspace Trust editor. Nothing is asked or sent.
//  3. Publish Connector and Sign In to Patchworks: the same refusal, naming their action.
//  4. Trusting the folder there: the Send request lens and the editor-title action appear, no reload asked.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { startPatchworksCommand } from './palette.mjs';

const connector = 'samples/woocommerce/woocommerce.connector.json';
const session = editorSession('trust', {
  untrustedWorkspace: true,
  prepareWorkspace: (ws) => {
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'patchworks.runner.connectTo': ['*:443:127.0.0.1:9'] }, null, 2));
  },
});

const lens = (editor, text) => editor.page.locator('.codelens-decoration a:visible', { hasText: text });
const titleAction = (editor, label) => editor.page.locator(`.editor-actions [aria-label^="${label}"]`);
const toast = (editor, text) => editor.page.locator('.notifications-toasts .notification-toast', { hasText: text });

async function clearNotifications(editor) {
  await editor.runCommand('Notifications: Clear All Notifications');
  await editor.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' }).catch(() => {});
}

/** Opens the connector at its first endpoint, whose lenses are then in view. */
async function openAtEndpoint(editor) {
  await editor.openFile(connector);
  await editor.goTo(editor.positionOf(connector, '"id": "list-products"'));
}

/** Nothing asks for an endpoint, an instance, a key or a confirmation. */
async function nothingAsked(editor, what) {
  await editor.quickInput.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => assert.fail(`${what}: a quick input is open`));
  assert.equal(await editor.page.locator('.monaco-dialog-box').count(), 0, `${what}: a dialog is open`);
}

session.test('an untrusted workspace shows Resolve but no Send request lens, and no run or publish action', async (editor) => {
  await openAtEndpoint(editor);
  await lens(editor, 'Resolve').first().waitFor({ timeout: 90_000 });
  await editor.screenshot('untrusted-connector');
  assert.equal(await lens(editor, 'Send request').count(), 0, 'no Send request lens in an untrusted workspace');
  assert.equal(await titleAction(editor, 'Send Request').count(), 0);
  assert.equal(await titleAction(editor, 'Publish Connector').count(), 0);
  assert.ok(await titleAction(editor, 'Show Resolved Request').count() > 0, 'the editor title still offers Show Resolved Request');
});

session.test('Send Request asks to trust the workspace and opens the Workspace Trust editor', async (editor) => {
  await startPatchworksCommand(editor, 'Patchworks: Send Request');
  const refused = toast(editor, 'Trust this workspace to send requests and run connector scripts.');
  await refused.waitFor({ timeout: 30_000 });
  await nothingAsked(editor, 'Send Request');
  await editor.screenshot('send-request-asks-for-trust');
  await refused.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
  // VS Code 1.139 shows its Workspace Trust editor as a modal editor.
  const trustEditor = editor.page.getByText('You are in Restricted Mode');
  await trustEditor.waitFor({ timeout: 30_000 });
  await editor.screenshot('workspace-trust-editor');
  await editor.page.keyboard.press('Escape');
  await trustEditor.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.doesNotMatch(editor.patchworksLog(200), /patchworks\/runEndpoint|Running list-products/);
  await clearNotifications(editor);
});

session.test('Publish Connector and Sign In to Patchworks are refused the same way', async (editor) => {
  await editor.openFile(connector);
  for (const [command, action] of [
    ['Patchworks: Publish Connector', 'publish connectors'],
    ['Patchworks: Sign In to Patchworks', 'sign in to Patchworks'],
    ['Patchworks: Sign In to Instance', 'sign in to an instance'],
  ]) {
    await startPatchworksCommand(editor, command);
    await toast(editor, `Trust this workspace to ${action}.`).waitFor({ timeout: 30_000 });
    await nothingAsked(editor, command);
    await clearNotifications(editor);
  }
  await editor.screenshot('publish-and-sign-in-refused');
});

session.test('trusting the folder brings the Send request lens and actions', async (editor) => {
  await editor.runCommand('Workspaces: Manage Workspace Trust');
  const trust = editor.page.locator('.workspace-trust-buttons .monaco-button', { hasText: /Trust/, hasNotText: "Don't" }).first();
  await trust.waitFor({ timeout: 30_000 });
  await trust.click();
  await editor.page.getByText('You are in Restricted Mode').waitFor({ state: 'hidden', timeout: 30_000 });
  await editor.screenshot('folder-trusted');
  // Close the modal Workspace Trust editor. Escape closes it only once focus is back in it after the click (one run
  // pressed too early and the next steps found no text editor), so press it until the editor is gone.
  const trusted = editor.page.getByText('You trust this folder');
  for (let attempt = 0; attempt < 5 && (await trusted.isVisible()); attempt++) {
    await trusted.click();
    await editor.page.keyboard.press('Escape');
    await trusted.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => {});
  }
  assert.equal(await trusted.isVisible(), false, 'the Workspace Trust editor is still open');
  // (VS Code may restart the extension host as it enables what restricted mode held back: the server then
  // starts trusted; otherwise the extension tells the running one, which refreshes its lenses.)
  await openAtEndpoint(editor);
  await lens(editor, 'Send request').first().waitFor({ timeout: 90_000 });
  await titleAction(editor, 'Send Request').first().waitFor({ timeout: 30_000 });
  await editor.screenshot('trusted-connector');
});
