// Scenario: the request runner in a real VS Code against the local test APIs (tests/Patchworks.TestApi).
//  1. WooCommerce staging: "Send request" above list-products, the instance chosen when asked, and the response
//     panel shows the run: completed, 3 pages, 250 records, the records table with ids the test API serves, the
//     masked credential in the request as sent, and a schema comparison: the server's Compare Schema finds the sku
//     field the workspace's copy of the schema lacks (removed in prepareWorkspace), the finding shows in Problems
//     (source Compare Schema, at the endpoint's "schema" key), its quick fix "Update Schema from Run" (Quick Fix...)
//     adds sku to the open connector and compares again, and the problem goes; after a Re-run, Compare with Previous
//     Run shows the two runs side by side.
//  2. Shopware staging (OAuth 2 password grant), sent from the palette: the endpoint is picked from a quick
//     pick, and the token request shows under Auth, its password masked.
//  3. A connector whose pages sit behind a rate limit of two requests a minute: the run waits before page 3,
//     the test presses Cancel on the progress notification, and the panel shows the cancelled run with the two
//     pages read.
//  4. Peoplevox QA (SOAP, a session sign-in first): the records of get-item-types are CSV text inside an XML element;
//     the Records tab lists the records the runner extracted, by the CSV's header row, quoted commas kept inside
//     their cell and MCS-00014's address over three lines one record; Compare Schema reads them in text mode
//     against the sample's item-type schema.
// The test API runs for the whole file on its own port; its root certificate and the connect-to rule reach the
// extension through the patchworks.runner.* settings, and the instance's secret through the environment of
// code-server (env:WOOCOMMERCE_STAGING_CONSUMER_SECRET, env:SHOPWARE_DE_STAGING_PASSWORD), as a user would give them.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { repoRoot, workDir } from './paths.mjs';
import { responsePanel, selectInstance } from './responsePanel.mjs';
import { testApiPort as apiPort, useTestApi } from './testApi.mjs';

const caFile = join(workDir, 'runner-test-api-ca.pem');
const connector = 'samples/woocommerce/woocommerce.connector.json';
const trouble = 'trouble/trouble.connector.json';
const skuLine = '          "sku": { "type": "string" },\n';

// The secret the test API accepts for the staging instance, read from its source so the two cannot drift.
const wooSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/WooCommerceApi.cs'), 'utf8');
const stagingSecret = /StagingConsumerSecret\s*=\s*"([^"]+)"/.exec(wooSource)?.[1];
assert.ok(stagingSecret, 'WooCommerceApi.StagingConsumerSecret is in the test API source');
const shopwareSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/ShopwareApi.cs'), 'utf8');
const shopwarePassword = /AdminPassword\s*=\s*"([^"]+)"/.exec(shopwareSource)?.[1];
assert.ok(shopwarePassword, 'ShopwareApi.AdminPassword is in the test API source');
process.env.SHOPWARE_DE_STAGING_PASSWORD = shopwarePassword;
// code-server inherits the driver's environment (harness.mjs), and the language server inherits code-server's.
process.env.WOOCOMMERCE_STAGING_CONSUMER_SECRET = stagingSecret;
// Peoplevox wants its password Base64-encoded; the QA instance reads it from env:PEOPLEVOX_QA_PASSWORD_BASE64.
const peoplevoxSource = readFileSync(join(repoRoot, 'tests/Patchworks.TestApi/Apis/PeoplevoxApi.cs'), 'utf8');
const peoplevoxPassword = /const string Password\s*=\s*"([^"]+)"/.exec(peoplevoxSource)?.[1];
assert.ok(peoplevoxPassword, 'PeoplevoxApi.Password is in the test API source');
process.env.PEOPLEVOX_QA_PASSWORD_BASE64 = Buffer.from(peoplevoxPassword, 'utf8').toString('base64');

useTestApi({ port: apiPort, caFile });

const session = editorSession('runner', {
  prepareWorkspace(ws) {
    // The product schema without sku, which every record the test API serves has: Compare Schema reports it.
    const woo = join(ws, connector);
    const wooText = readFileSync(woo, 'utf8');
    const withoutSku = wooText.replace(skuLine, '');
    assert.notEqual(withoutSku, wooText, 'the sample declares sku in its product schema');
    writeFileSync(woo, withoutSku);
    mkdirSync(join(ws, 'trouble'), { recursive: true });
    writeFileSync(join(ws, trouble), JSON.stringify({
      $schema: '../schemas/connector.schema.json',
      name: 'Trouble',
      version: { number: 1, name: 'Version 1' },
      systemType: 'Other',
      protocol: 'HTTP',
      // Two requests a minute: page 3 waits for the rate limit, which is when the test cancels.
      rateLimit: { requests: 2, per: 'minute' },
      authMethods: [{ id: 'none', name: 'No authentication', type: 'none' }],
      endpoints: [{
        id: 'rate-limited-pages',
        name: 'Pages behind a tight rate limit',
        direction: 'receive',
        method: 'GET',
        url: 'https://trouble.test/pages/relative',
        dataType: 'json',
        dataPath: 'items',
        pagination: { method: 'nextPageUrl', nextUrlPath: 'next' },
      }],
    }, null, 2));
    writeFileSync(join(ws, 'trouble/local.instance.json'), JSON.stringify({
      $schema: '../schemas/instance.schema.json',
      name: 'Trouble - local',
      connector: 'trouble.connector.json',
      environment: 'test',
      authMethod: 'none',
    }, null, 2));
  },
  settings: {
    'patchworks.runner.connectTo': [`*:443:127.0.0.1:${apiPort}`],
    'patchworks.runner.trustedCertificates': caFile,
  },
});

/** Clicks "Send request" above an endpoint of the open connector (its lens must scroll into view first). */
async function clickSendRequest(editor, path, endpointId) {
  await editor.goTo(editor.positionOf(path, `"id": "${endpointId}"`));
  // The endpoint's lens is the visible one nearest above the cursor's line (which Go to Line revealed).
  const lenses = editor.page.locator('.codelens-decoration a:visible', { hasText: 'Send request' });
  await lenses.first().waitFor({ timeout: 90_000 });
  const lens = await lensAbove(editor, lenses);
  await editor.screenshot(`code-lens-${endpointId}`);
  await lens.click();
}

/**
 * Of the visible lenses, the lowest one above the cursor line. Asked again for up to 30 s: the lenses come in as
 * the server answers, and until the one above the cursor has (or while the editor still lays them out) only
 * others may show.
 */
async function lensAbove(editor, lenses) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // The focused editor's cursor; else (focus elsewhere for a moment, or the cursor between blinks) the current
    // line of the active group's editor.
    const cursor = await editor.page.locator('.monaco-editor.focused .cursor').first().boundingBox({ timeout: 1_000 }).catch(() => null)
      ?? await editor.page.locator('.editor-group-container.active .monaco-editor .view-overlays .current-line').first().boundingBox({ timeout: 1_000 }).catch(() => null);
    let best;
    for (let i = 0; i < await lenses.count(); i += 1) {
      const box = await lenses.nth(i).boundingBox({ timeout: 1_000 }).catch(() => null);
      if (box && cursor && box.y < cursor.y && (!best || box.y > best.y)) best = { y: box.y, lens: lenses.nth(i) };
    }
    if (best) return best.lens;
    if (Date.now() > deadline) throw new Error('no "Send request" lens above the cursor');
    await editor.page.waitForTimeout(250);
  }
}

session.test('Send request runs list-products against the test API and the panel shows its pages and records', async (editor) => {
  await editor.openFile(connector);
  await clickSendRequest(editor, connector, 'list-products');
  await selectInstance(editor, 'staging.instance.json');

  const panel = await responsePanel(editor, 'Response: list-products');
  const outcome = panel.locator('#outcome');
  await outcome.filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
  assert.match(await outcome.innerText(), /3 pages · 250 records/);
  await editor.screenshot('response-summary');

  // Pages: page 1 open, the request as sent with the Basic credential masked, the status and the JSON body.
  await panel.locator('vscode-tab-header', { hasText: 'Pages' }).click();
  const page1 = panel.locator('vscode-collapsible#page-0');
  await page1.locator('.request-line', { hasText: 'GET https://staging.acme-outdoor.co.uk/wp-json/wc/v3/products?page=1&per_page=100' }).waitFor();
  await page1.locator('td', { hasText: 'Basic ••••••' }).waitFor();
  assert.match(await page1.locator('.status-line').innerText(), /^200 OK/);
  assert.match(await page1.locator('pre.body').innerText(), /"sku": "SKU-00001"/);
  const html = await panel.locator('body').innerHTML();
  assert.ok(!html.includes(stagingSecret), 'the secret never reaches the webview');
  await editor.screenshot('response-pages');

  // Records: every page's records, with the ids the test API serves (1..250 in order).
  await panel.locator('vscode-tab-header', { hasText: 'Records' }).click();
  assert.match(await panel.locator('#records-count').innerText(), /^250 records/);
  const firstRow = panel.locator('.records table.grid tbody tr').first();
  assert.deepEqual((await firstRow.locator('td').allInnerTexts()).slice(0, 3), ['1', '1', 'Product 1']);
  const lastRow = panel.locator('.records table.grid tbody tr').last();
  assert.deepEqual((await lastRow.locator('td').allInnerTexts()).slice(0, 2), ['3', '250']);
  await editor.screenshot('response-records');

  // Copy as cURL: the first request, the masked credential as a placeholder, never the secret.
  await editor.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: editor.page.url() });
  await panel.locator('.toolbar vscode-button', { hasText: 'Copy as cURL' }).first().click();
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'Copied as cURL' }).waitFor();
  const curl = await editor.page.evaluate(() => navigator.clipboard.readText());
  assert.match(curl, /^curl 'https:\/\/staging\.acme-outdoor\.co\.uk\/wp-json\/wc\/v3\/products\?page=1&per_page=100'/);
  assert.match(curl, /-H 'Authorization: Basic <redacted>'/);
  assert.ok(!curl.includes(stagingSecret) && !curl.includes('••••••'));
  await editor.screenshot('copied-as-curl');

  // Save Run: the save dialog proposes <endpoint>.run.json beside the connector; the file is the server's run.
  await panel.locator('vscode-button', { hasText: 'Save Run' }).click();
  await editor.quickInput.waitFor({ state: 'visible' });
  // VS Code's own save dialog (a quick input in the browser) lists the folder first, then fills in the name.
  await editor.page.waitForFunction(
    () => document.querySelector('.quick-input-widget input[type="text"]')?.value.endsWith('samples/woocommerce/list-products.run.json'),
  );
  await editor.screenshot('save-run-dialog');
  await editor.page.keyboard.press('Enter');
  const saved = join(editor.workspace, 'samples/woocommerce/list-products.run.json');
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'Saved the run' }).waitFor();
  const savedText = readFileSync(saved, 'utf8');
  const savedRun = JSON.parse(savedText);
  assert.equal(savedRun.formatVersion, 1);
  assert.equal(savedRun.run.pages.length, 3);
  assert.equal(savedRun.run.records, 250);
  assert.ok(!savedText.includes(stagingSecret), 'the saved run holds no secret');

  // Compare Schema: the declared product schema against the 250 records. The server finds sku undeclared.
  await panel.locator('vscode-button', { hasText: 'Compare Schema' }).first().click();
  const schema = panel.locator('#schema-result');
  await schema.filter({ hasText: '250 records checked' }).waitFor();
  await schema.locator('section', { hasText: 'Extra fields, not declared' }).locator('code', { hasText: 'sku: in 250 records' }).waitFor();
  await editor.screenshot('response-schema');

  // The finding is a problem in the editor, from Compare Schema, at list-products' "schema" key.
  const skuProblem = 'sku: received in 250 of 250 records, not declared in the schema';
  const schemaKey = editor.positionOf(connector, '"schema": {');
  const row = await editor.waitForProblem(skuProblem, 'Compare Schema');
  assert.match(row, new RegExp(`\\[Ln ${schemaKey.line}, Col ${schemaKey.column}\\]`), row);
  await editor.screenshot('compare-schema-problem');

  // Its quick fix, Update Schema from Run, at the key in the connector's editor: the same flow as the panel's button.
  await editor.runCommand('View: Focus First Editor Group');
  await editor.goTo({ line: schemaKey.line, column: schemaKey.column + 2 });
  await editor.page.locator('.monaco-editor .squiggly-warning').first().waitFor();
  await editor.runCommand('Quick Fix...');
  const fix = editor.page.locator('.action-widget .monaco-list-row', { hasText: 'Update Schema from Run' }).first();
  await fix.waitFor();
  await editor.screenshot('compare-schema-quick-fix');
  await fix.click();
  const dialog = editor.page.locator('.monaco-dialog-box', { hasText: 'Update the schema of list-products' });
  await dialog.waitFor();
  await editor.screenshot('update-schema-from-quick-fix');
  await dialog.locator('.monaco-button', { hasText: 'Update Schema' }).click();
  // The edit is applied unsaved and Compare Schema runs again: the panel no longer lists sku, and the problem goes.
  await schema.filter({ hasText: '250 records checked' }).waitFor();
  await schema.locator('code', { hasText: 'sku: in 250 records' }).waitFor({ state: 'detached' });
  await editor.runCommand('View: Focus Problems');
  await editor.page.locator('.markers-panel .monaco-list-row', { hasText: skuProblem }).waitFor({ state: 'detached' });
  await editor.screenshot('compare-schema-problem-gone');
  // Saved, the connector declares sku again where the sample does.
  await editor.runCommand('View: Focus First Editor Group');
  const updated = await editor.saveAndRead(connector);
  assert.match(updated, /"sku": \{\s*"type": "string"\s*\}/);
  assert.equal(updated.match(/"sku"/g)?.length, readFileSync(join(repoRoot, connector), 'utf8').match(/"sku"/g)?.length);

  // Update Schema from Run: the sample's schema describes every field the test API serves, so the server answers
  // no edit and the connector stays as it is (the server's edits themselves: SchemaUpdateRequestTests).
  const connectorBefore = readFileSync(join(editor.workspace, 'samples/woocommerce/woocommerce.connector.json'), 'utf8');
  await panel.locator('.toolbar vscode-button', { hasText: 'Update Schema from Run' }).first().click();
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'already describes the 250 records' }).waitFor();
  assert.equal(readFileSync(join(editor.workspace, 'samples/woocommerce/woocommerce.connector.json'), 'utf8'), connectorBefore);
  await editor.screenshot('update-schema-nothing-to-change');

  // Open Response as Document: the first page's body, pretty JSON, in a read-only editor that hides the panel.
  await panel.locator('vscode-button', { hasText: 'Open Response as Document' }).click();
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'list-products-page-1.json' }).waitFor();
  await editor.page.locator('.editor-instance .view-lines', { hasText: '"sku": "SKU-00001"' }).first().waitFor();
  await editor.screenshot('response-as-document');
  // Closing it shows the panel again, rebuilt from its saved state: still on the Schema tab, with the result.
  await editor.page.keyboard.press('Control+W');
  const again = await responsePanel(editor, 'Response: list-products');
  await again.locator('#schema-result', { hasText: '250 records checked' }).waitFor();
  assert.equal(await again.locator('vscode-tabs').getAttribute('selected-index'), '4');
  await editor.screenshot('panel-state-kept');

  // Compare with Previous Run: nothing is kept before the first run; after a re-run the server compares the two
  // (records matched by id) and the Compare tab shows them side by side.
  await again.locator('.toolbar vscode-button', { hasText: 'Compare with Previous Run' }).first().click();
  await again.locator('#compare-message', { hasText: 'No earlier run of list-products with this instance is kept yet' }).waitFor();
  await again.locator('.toolbar vscode-button', { hasText: 'Re-run' }).first().click();
  // A new run resets the panel's results: the message goes, then the run completes.
  await again.locator('#compare-message').waitFor({ state: 'detached', timeout: 60_000 });
  await again.locator('#outcome', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
  await again.locator('.toolbar vscode-button', { hasText: 'Compare with Previous Run' }).first().click();
  const compared = again.locator('#compare-summary');
  await compared.waitFor();
  assert.equal(await compared.innerText(), 'The records are the same (250 records, matched by "id").');
  assert.match(await again.locator('#compare-result table').innerText(), /Records\s+250\s+250/);
  await editor.screenshot('compare-with-previous-run');
});

session.test('A run that signs in first shows its token request under Auth, the password masked', async (editor) => {
  const shopware = 'samples/shopware6/shopware6.connector.json';
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(shopware);
  // From the palette this time: the command asks which endpoint of the active connector to send.
  // (By hand rather than runCommand, which waits for the quick input to close: here a quick pick follows.)
  await editor.page.keyboard.press('F1');
  await editor.quickInput.fill('>Patchworks: Send Request');
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Patchworks: Send Request' }).first().click();
  await editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'list-orders' }).waitFor();
  await editor.screenshot('endpoint-quick-pick');
  await editor.pickQuickInputItem('list-orders');
  await selectInstance(editor, 'de-staging.instance.json');

  const panel = await responsePanel(editor, 'Response: list-orders');
  await panel.locator('#outcome', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
  await panel.locator('vscode-tab-header', { hasText: 'Auth' }).click();
  const token = panel.locator('vscode-collapsible#auth-0');
  await token.click();
  await token.locator('.request-line', { hasText: 'POST https://staging.acme-outdoor.de/api/oauth/token' }).waitFor();
  const sent = await token.locator('pre.body').first().innerText();
  assert.match(sent, /••••••/);
  assert.ok(!sent.includes(shopwarePassword), 'the password is masked in the token request');
  assert.match(await token.locator('.status-line').innerText(), /^200 OK/);
  assert.ok(!(await panel.locator('body').innerHTML()).includes(shopwarePassword));
  await editor.screenshot('auth-token-request');
});

session.test('Cancelling a run that waits on a rate limit stops it and the panel shows the pages read', async (editor) => {
  // The previous test left the response panel's group active: open the connector in the first group again.
  await editor.runCommand('View: Focus First Editor Group');
  await editor.openFile(trouble);
  await clickSendRequest(editor, trouble, 'rate-limited-pages');
  await selectInstance(editor, 'local.instance.json');

  // Two pages go at once; the third waits for the rate limit (about a minute) while the notification says so.
  const progress = editor.page.locator('.notifications-toasts .notification-toast', { hasText: 'Patchworks: rate-limited-pages' });
  await progress.filter({ hasText: 'Page 3' }).waitFor({ timeout: 60_000 });
  const panel = await responsePanel(editor, 'Response: rate-limited-pages');
  await panel.locator('.running').waitFor();
  await editor.screenshot('slow-run-in-progress');
  const started = Date.now();
  await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();

  const outcome = panel.locator('#outcome');
  await outcome.filter({ hasText: 'Cancelled' }).waitFor({ timeout: 20_000 });
  assert.ok(Date.now() - started < 20_000, 'the run stopped well before the rate limit would have let page 3 go');
  assert.match(await outcome.innerText(), /2 pages · 20 records/);
  await progress.waitFor({ state: 'detached' });
  await editor.screenshot('slow-run-cancelled');
  await panel.locator('vscode-tab-header', { hasText: 'Summary' }).click();
  await panel.locator('th', { hasText: 'Stop message' }).waitFor();
  // Page 3 was never sent: the run stopped while it waited, not after.
  assert.equal(await panel.locator('table.key-value tr', { has: panel.locator('th', { hasText: /^Requests$/ }) }).locator('td').innerText(), '2');
  await editor.screenshot('cancelled-summary');
});

session.test('A SOAP endpoint whose records are CSV in an XML element lists them in the Records tab', async (editor) => {
  const peoplevox = 'samples/peoplevox/peoplevox.connector.json';
  // One editor group again: the lens clicked must be the Peoplevox one, not one in the earlier tests' editors.
  await editor.runCommand('View: Close All Editor Groups');
  await editor.openFile(peoplevox);
  await clickSendRequest(editor, peoplevox, 'get-item-types');
  await selectInstance(editor, 'qa.instance.json');

  const panel = await responsePanel(editor, 'Response: get-item-types');
  const outcome = panel.locator('#outcome');
  await outcome.filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
  // The QA instance's search clause keeps the MCS- items: every even item number of the test API's 1234.
  const summary = /(\d+) pages? · (\d+) records/.exec(await outcome.innerText());
  assert.ok(summary, `the outcome names pages and records: ${await outcome.innerText()}`);
  const records = Number(summary[2]);
  assert.ok(records > 0, 'the run counted records');

  await panel.locator('vscode-tab-header', { hasText: 'Records' }).click();
  assert.match(await panel.locator('#records-count').innerText(), new RegExp(`^${records} records`));
  assert.equal(await panel.locator('.records', { hasText: 'counted, not listed' }).count(), 0, 'nothing is left unlisted');
  const header = await panel.locator('.records table.grid thead th').allInnerTexts();
  assert.deepEqual(header.map((h) => h.trim()), ['page', 'ItemCode', 'Name', 'Barcode', 'Description', 'Weight']);
  const firstRow = await panel.locator('.records table.grid tbody tr').first().locator('td').allInnerTexts();
  assert.deepEqual(firstRow.slice(0, 3), ['1', 'MCS-00002', 'Item 2']);
  assert.equal(firstRow[4], 'Item 2, "test" data, with commas', 'a quoted CSV cell keeps its commas and quotes');
  // MCS-00014's description is an address over three lines, quoted: one record (row 7), the next row MCS-00016.
  const rows = panel.locator('.records table.grid tbody tr');
  const addressRow = await rows.nth(6).locator('td').allInnerTexts();
  assert.equal(addressRow[1], 'MCS-00014');
  assert.match(addressRow[4], /^Item 14, returns to:\s+Unit 4, "Leeds Dock"\s+Leeds LS10 1PZ$/);
  assert.equal((await rows.nth(7).locator('td').allInnerTexts())[1], 'MCS-00016');
  const html = await panel.locator('body').innerHTML();
  assert.ok(!html.includes(process.env.PEOPLEVOX_QA_PASSWORD_BASE64), 'the password never reaches the webview');
  await editor.screenshot('soap-csv-records');

  // Compare Schema in text mode: the CSV rows against schemas/item-type.json, which declares more columns.
  await panel.locator('vscode-button', { hasText: 'Compare Schema' }).first().click();
  const schema = panel.locator('#schema-result');
  await schema.filter({ hasText: `${records} records checked` }).waitFor();
  await schema.locator('#schema-text-note').waitFor();
  await schema.locator('section', { hasText: 'Declared, never received' }).locator('code', { hasText: 'SalesPrice' }).waitFor();
  assert.equal(await schema.locator('section', { hasText: 'Wrong types' }).count(), 0, 'CSV text is read as the declared strings');
  await editor.screenshot('soap-csv-schema');
});
