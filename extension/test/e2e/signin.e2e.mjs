// Scenario: "Patchworks: Sign In to Instance" for the HubSpot production instance (OAuth 2 authorisation code
// with PKCE) in a real VS Code, against the local test APIs (tests/Patchworks.TestApi's HubSpot fake).
//  1. The command makes the language server listen on a loopback port and ask the editor to open HubSpot's
//     consent URL (window/showDocument, external); in code-server vscode.env.openExternal opens it as a new
//     browser tab. Chromium resolves app.hubspot.com to the test API (--host-resolver-rules), whose consent page
//     consents and redirects to the loopback listener: the tab shows "Sign-in finished", the editor says the
//     instance is signed in, and the extension kept the refresh token in SecretStorage. No file in the
//     workspace, the settings or the logs holds the refresh token, with the protocol trace verbose (patchworks/setSecret
//     and the getSecrets answers are in it, masked).
//  2. After Restart Server (no token cached in the server any more) a request on the instance signs in with the
//     kept refresh token: no browser tab opens, and the run's token request is the refresh_token grant.
// The app's client secret (secret:hubspot-app-client-secret) reaches the server through the environment
// (PATCHWORKS_SECRET_HUBSPOT_APP_CLIENT_SECRET), as a user outside VS Code's secret storage would give it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { repoRoot, workDir } from './paths.mjs';
import { responsePanel, selectInstance } from './responsePanel.mjs';
import { useTestApi } from './testApi.mjs';
import { runPatchworksCommand } from './wizardForm.mjs';

const apiPort = Number(process.env.PATCHWORKS_E2E_PORT || 18200) + 2;
const caFile = join(workDir, 'signin-test-api-ca.pem');
const instance = 'samples/hubspot/production.instance.json';
const connector = 'samples/hubspot/hubspot.connector.json';
/** The test API's refresh tokens (TokenIssuer "hs_rt_" + 32 hex digits). */
const refreshTokenPattern = /hs_rt_[0-9a-f]{32}/;

const hubSpotSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/HubSpotApi.cs'), 'utf8');
const clientSecret = /ClientSecret\s*=\s*"([^"]+)"/.exec(hubSpotSource)?.[1];
assert.ok(clientSecret, 'HubSpotApi.ClientSecret is in the test API source');
// code-server inherits the driver's environment (harness.mjs), and the language server inherits code-server's.
process.env.PATCHWORKS_SECRET_HUBSPOT_APP_CLIENT_SECRET = clientSecret;

useTestApi({ port: apiPort, caFile });

const session = editorSession('signin', {
  settings: {
    'patchworks.runner.connectTo': [`*:443:127.0.0.1:${apiPort}`],
    'patchworks.runner.trustedCertificates': caFile,
    // The refresh token travels in patchworks/setSecret and in getSecrets answers: the trace must mask it.
    'patchworks.server.trace': 'verbose',
  },
  // The user's browser reaches HubSpot's consent page: the test API, which serves a certificate of its own CA.
  browserArgs: [`--host-resolver-rules=MAP app.hubspot.com 127.0.0.1:${apiPort}`],
  browserContext: { ignoreHTTPSErrors: true },
});

/** Every regular file under `dir` whose text matches `pattern` (not sockets or pipes: reading a pipe blocks). */
function filesMatching(dir, pattern) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) found.push(...filesMatching(path, pattern));
    else if (stat.isFile() && stat.size < 50_000_000 && pattern.test(readFileSync(path, 'latin1'))) found.push(path);
  }
  return found;
}

/**
 * The browser tab openExternal opens. VS Code may first ask before opening an external site, or say the
 * browser blocked the pop-up; either dialog's "Open" button is what a person would press.
 */
async function externalTab(editor, opened) {
  const dialogOpen = editor.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^(Open|Open Link)$/ }).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const tab = await Promise.race([opened, editor.page.waitForTimeout(500).then(() => undefined)]);
    if (tab) return tab;
    if (await dialogOpen.isVisible()) {
      await editor.screenshot('open-external-asked');
      await dialogOpen.click();
    }
    if (Date.now() > deadline) throw new Error('no browser tab opened for the sign-in');
  }
}

session.test('Sign In to Instance: the consent in the browser, signed in, the refresh token only in SecretStorage', async (editor) => {
  await editor.openFile(instance);
  const visited = [];
  editor.context.on('request', (request) => visited.push(request.url()));
  const opened = editor.context.waitForEvent('page', { timeout: 90_000 });
  await runPatchworksCommand(editor, 'Patchworks: Sign In to Instance');
  const tab = await externalTab(editor, opened);

  // The consent URL the server built: HubSpot's authorise page, PKCE, a loopback redirect.
  await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/, { timeout: 60_000 });
  await tab.locator('h1', { hasText: 'Sign-in finished' }).waitFor();
  await editor.screenshot('consent-tab-finished', tab);
  await tab.close();
  // What the browser was sent to: HubSpot's authorise page with the sample's client id and scopes, a PKCE S256
  // challenge, and the server's loopback listener as the redirect.
  const authorize = new URL(visited.find((url) => url.startsWith('https://app.hubspot.com/oauth/authorize?')) ?? assert.fail(`no authorise request among ${visited.length}`));
  assert.equal(authorize.searchParams.get('client_id'), '7fd1c0b2-3a4e-4c55-9d1e-0b8a6f2e9c31');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.match(authorize.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.ok(authorize.searchParams.get('state'), 'a state');

  const toast = editor.page.locator('.notifications-toasts', { hasText: 'production.instance.json is signed in with \'oauth\'' });
  await toast.waitFor({ timeout: 60_000 });
  await editor.screenshot('signed-in');
  const log = editor.patchworksLog(1_000_000);
  assert.match(log, /Kept a refresh token in VS Code's secret storage \("patchworks\.refresh-token\./);

  // The refresh token is in no file: not the workspace (the instance file included), not the settings, not a log.
  assert.doesNotMatch(readFileSync(join(editor.workspace, instance), 'utf8'), refreshTokenPattern);
  assert.deepEqual(filesMatching(editor.workspace, refreshTokenPattern), [], 'no workspace file holds a refresh token');
  assert.deepEqual(filesMatching(editor.runDir, refreshTokenPattern), [], 'no file of the editor (settings, state, logs) holds a refresh token');
  assert.match(editor.patchworksLog(1_000_000), /Received request 'patchworks\/setSecret - \(\d+\)'\.\nParams: \{[^}]*"value": "••••••"/, 'the verbose trace shows setSecret, masked');
});

session.test('After a server restart a request signs in with the kept refresh token, with no browser', async (editor) => {
  const started = () => editor.patchworksLog(1_000_000).split('The language server is running (pid').length - 1;
  const before = started();
  await editor.runCommand('Patchworks: Restart Server');
  for (const deadline = Date.now() + 90_000; started() <= before;) {
    if (Date.now() > deadline) throw new Error(`the server did not restart:\n${editor.patchworksLog()}`);
    await editor.page.waitForTimeout(250);
  }
  await editor.screenshot('server-restarted');
  let tabs = 0;
  editor.context.on('page', () => { tabs += 1; });

  await editor.openFile(connector);
  await editor.page.keyboard.press('F1');
  await editor.quickInput.fill('>Patchworks: Send Request');
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Patchworks: Send Request' }).first().click();
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'list-contacts' }).waitFor();
  await editor.pickQuickInputItem('list-contacts');
  await selectInstance(editor, 'production.instance.json');

  const panel = await responsePanel(editor, 'Response: list-contacts');
  await panel.locator('#outcome', { hasText: 'Completed' }).waitFor({ timeout: 90_000 });
  await editor.screenshot('run-completed');
  await panel.locator('vscode-tab-header', { hasText: 'Auth' }).click();
  const token = panel.locator('vscode-collapsible#auth-0');
  await token.click();
  await token.locator('.request-line', { hasText: 'POST https://api.hubapi.com/oauth/v1/token' }).waitFor();
  const sent = await token.locator('pre.body').first().innerText();
  assert.match(sent, /grant_type=refresh_token/, 'the kept refresh token was used');
  assert.doesNotMatch(sent, refreshTokenPattern, 'the refresh token is masked');
  assert.doesNotMatch(await panel.locator('body').innerHTML(), refreshTokenPattern);
  await editor.screenshot('refresh-token-grant');
  // The restarted server got the token from the extension, which read it from SecretStorage (names only are logged).
  assert.match(editor.patchworksLog(1_000_000), /The server asked for secrets; SecretStorage holds \d+: [^\n]*patchworks\.refresh-token\./);
  assert.equal(tabs, 0, 'no browser tab opened: no second consent');
  // With the verbose trace, the getSecrets answer that carried the refresh token is in the log, masked.
  assert.match(editor.patchworksLog(1_000_000), /Sending response 'patchworks\/getSecrets - \(\d+\)'[^\n]*\nResult: \{[^}]*patchworks\.refresh-token\.[^}]*"••••••"/);
  assert.deepEqual(filesMatching(editor.runDir, refreshTokenPattern), [], 'no file of the editor (settings, state, logs) holds a refresh token');
});
