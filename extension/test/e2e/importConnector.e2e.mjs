// Scenarios: Patchworks: Paste cURL as Endpoint, in a connector's editor, merges the clipboard's curl command into
// the connector through the C# server, at the cursor: the endpoint lands between the two endpoints the cursor is
// between, the file's comments stay, the URL's host (the default of the connector's base_url variable) becomes
// {{base_url}}, and one Undo takes the paste back. Patchworks: Import Connector… picks an OpenAPI document through
// VS Code's file dialog, previews its endpoints, auth methods and guesses, imports one endpoint without one guess,
// and writes a connector that validates and holds no literal secret.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { startPatchworksCommand } from './palette.mjs';
import { repoRoot } from './paths.mjs';

const { parse } = createRequire(import.meta.url)('jsonc-parser');

const connector = 'shop/shop.connector.json';
const text = `{
  // The shop's own connector: this comment must survive the paste.
  "name": "Shop",
  "version": { "number": 1 },
  "systemType": "eCommerce",
  "protocol": "HTTP",
  "variables": [
    { "key": "base_url", "displayName": "API address", "default": "https://api.shop.example" } // where the API lives
  ],
  "authMethods": [ { "id": "none", "name": "No authentication", "type": "none" } ],
  "endpoints": [
    { "id": "list-products", "name": "List products", "method": "GET", "url": "{{base_url}}/v1/products", "entityType": "product" },
    // Customers come last.
    { "id": "list-customers", "name": "List customers", "method": "GET", "url": "{{base_url}}/v1/customers", "entityType": "customer" }
  ]
}
`;

// A shop's OpenAPI document: two operations, an API key scheme, a header whose example is a live-looking token (a
// secret that must not be written), and page/per_page parameters that make a pagination guess.
const secretToken = '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';
const openApi = `openapi: 3.0.3
info:
  title: Storefront
  version: "1.0"
servers:
  - url: https://api.storefront.example/v1
components:
  securitySchemes:
    apiKey: { type: apiKey, in: header, name: X-Api-Key }
  schemas:
    Order:
      type: object
      properties:
        id: { type: integer }
        status: { type: string }
security:
  - apiKey: []
paths:
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      parameters:
        - { name: page, in: query, schema: { type: integer } }
        - { name: per_page, in: query, schema: { type: integer } }
        - { name: X-Shop-Token, in: header, schema: { type: string }, example: ${secretToken} }
      responses:
        "200":
          description: Orders
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Order" } }
                  total: { type: integer }
  /customers:
    get:
      operationId: listCustomers
      tags: [customers]
      responses:
        "200":
          description: Customers
          content:
            application/json:
              schema: { type: array, items: { type: object, properties: { id: { type: integer } } } }
`;

const session = editorSession('importConnector', {
  prepareWorkspace(ws) {
    mkdirSync(join(ws, 'shop'), { recursive: true });
    writeFileSync(join(ws, 'shop', 'shop.connector.json'), text);
    mkdirSync(join(ws, 'imports'), { recursive: true });
    writeFileSync(join(ws, 'imports', 'storefront.openapi.yaml'), openApi);
  },
});

/** The endpoint ids of a connector's text, in order. */
function endpointIds(connectorText) {
  return (parse(connectorText)?.endpoints ?? []).map((e) => e.id);
}

session.test('Paste cURL as Endpoint inserts the endpoint at the cursor, keeps the comments, and one Undo takes it back', async (editor) => {
  await editor.openFile(connector);
  await editor.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: editor.page.url() });
  await editor.page.evaluate(() => navigator.clipboard.writeText("curl -X GET 'https://api.shop.example/v1/orders?status=processing' -H 'Accept: application/json'"));
  // The cursor at the start of the comment above list-customers: between the two endpoints.
  await editor.goTo({ line: editor.positionOf(connector, '// Customers come last.').line, column: 1 });
  await startPatchworksCommand(editor, 'Patchworks: Paste cURL as Endpoint');
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: /Merged 1 endpoint/ }).waitFor({ timeout: 60_000 });
  await editor.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'v1/orders' }).first().waitFor({ timeout: 30_000 });
  await editor.screenshot('pasted');
  const written = await editor.saveAndRead(connector);
  assert.match(written, /\/\/ The shop's own connector: this comment must survive the paste\./);
  assert.match(written, /\/\/ where the API lives/);
  assert.match(written, /\{\{base_url\}\}\/v1\/orders/);
  assert.ok(!written.includes('https://api.shop.example/v1/orders'), written);
  // Between the two endpoints, before the comment that belongs to the second.
  assert.deepEqual(endpointIds(written), ['list-products', 'get-v1-orders', 'list-customers']);
  const products = written.indexOf('"list-products"');
  const orders = written.indexOf('{{base_url}}/v1/orders');
  const comment = written.indexOf('// Customers come last.');
  assert.ok(products < orders && orders < comment && comment < written.indexOf('"list-customers"'), written);
  // Every byte of the file before the paste is still there, in order: only the endpoint was added.
  const at = written.indexOf('\n', products) + 1;
  const added = written.length - text.length;
  assert.equal(written.slice(0, at) + written.slice(at + added), text);

  await editor.page.locator('.monaco-editor .view-lines').first().click();
  await editor.page.keyboard.press('Control+Z');
  await editor.screenshot('undone');
  assert.equal(await editor.saveAndRead(connector), text, 'one Undo gives back the original text, byte for byte');
});

/** Every file under a folder (the workspace's samples and schemas copies aside). */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true }).map((f) => join(folder, String(f))).filter((f) => statSync(f).isFile());
}

session.test('Import Connector… previews an OpenAPI document and imports the chosen endpoint without the rejected guess', async (editor) => {
  const before = new Set(filesUnder(editor.workspace));
  await startPatchworksCommand(editor, 'Patchworks: Import Connector…');
  // VS Code's simple file dialog (the web workbench's): the path is typed into its box.
  const box = editor.page.locator('.quick-input-widget input[type="text"]');
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  // The dialog fills its box with its start folder once it has read it, and lists a folder only after the input
  // events of a change: on a busy machine our typing can come first and be replaced, or land before the dialog
  // listens. Type again (key by key the second time) until the box holds the path and the list shows the file.
  const document = join(editor.workspace, 'imports', 'storefront.openapi.yaml');
  const listed = editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'storefront.openapi.yaml' }).first();
  for (let attempt = 1; ; attempt += 1) {
    if (attempt === 1) {
      await box.fill(document);
    } else {
      await box.fill('');
      await box.pressSequentially(document, { delay: 5 });
    }
    const shown = await listed.waitFor({ timeout: 8_000 }).then(() => true, () => false);
    await editor.page.waitForTimeout(500);
    if (shown && await box.inputValue() === document) break;
    assert.ok(attempt < 5, `the file dialog did not take the typed path (it holds ${await box.inputValue()})`);
  }
  await editor.screenshot('file-dialog');
  // Accept: Enter, and if the dialog is still open after a while (on a loaded machine it once kept the typed path and
  // its listing but took no Enter), its own button.
  const widget = editor.page.locator('.quick-input-widget');
  for (let attempt = 1; ; attempt += 1) {
    if (attempt === 1) {
      await editor.page.keyboard.press('Enter');
    } else {
      await widget.locator('.monaco-button', { hasText: 'Preview Import' }).first().click();
    }
    const accepted = await widget.waitFor({ state: 'hidden', timeout: 8_000 }).then(() => true, () => false);
    if (accepted) break;
    assert.ok(attempt < 4, `the file dialog did not accept the path (it holds ${await box.inputValue()})`);
  }

  const frame = editor.webviewFrame(0);
  const endpoints = frame.locator('#endpoints');
  await endpoints.locator('label', { hasText: 'listOrders' }).waitFor({ timeout: 60_000 });
  await endpoints.locator('label', { hasText: 'listCustomers' }).waitFor();
  assert.match(await endpoints.locator('label', { hasText: 'listOrders' }).innerText(), /pagination pageNumber · dataPath data/);
  assert.match(await frame.locator('#auth-methods').innerText(), /api-key \(type apiKey\)/);
  const guesses = frame.locator('#guesses');
  const pagination = guesses.locator('li.guess', { hasText: 'pagination pageNumber' });
  await pagination.waitFor();
  assert.match(await pagination.innerText(), /untick to leave out endpoints\[listorders\]\.pagination/);
  // What cannot be left out is information, without a box.
  assert.equal(await guesses.locator('li.guess-info', { hasText: 'systemType' }).locator('input').count(), 0);
  await editor.screenshot('preview');

  await endpoints.locator('label', { hasText: 'listCustomers' }).locator('input[type=checkbox]').uncheck();
  await pagination.locator('input[type=checkbox]').uncheck();
  await editor.screenshot('unticked');
  await frame.locator('#import').click();
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: /Imported 1 endpoint/ }).waitFor({ timeout: 60_000 });
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'storefront.connector.json' }).waitFor({ timeout: 30_000 });
  await editor.screenshot('imported');

  const connectorPath = join(editor.workspace, 'storefront.connector.json');
  const written = readFileSync(connectorPath, 'utf8');
  assert.deepEqual(endpointIds(written), ['listorders'], written);
  assert.ok(!written.includes('listcustomers'), 'the unticked endpoint is not written');
  assert.ok(!written.includes('"pagination"'), 'the rejected guess (pagination) is not written');
  assert.match(written, /"dataPath": "data"/, 'the guess left ticked is kept');
  assert.match(written, /\{\{x_shop_token\}\}/);
  const created = filesUnder(editor.workspace).filter((f) => !before.has(f));
  assert.ok(created.some((f) => f.endsWith('storefront.test.instance.json')), created.join(', '));
  for (const file of created) {
    assert.ok(!readFileSync(file, 'utf8').includes(secretToken), `${file} holds the literal token`);
  }
  const cli = spawnSync('dotnet', ['run', '--project', join(repoRoot, 'server/Patchworks.Cli'), '-c', 'Release', '--', 'validate', connectorPath], { encoding: 'utf8' });
  assert.equal(cli.status, 0, `patchworks validate: ${cli.stdout}${cli.stderr}`);
  assert.match(cli.stderr, /Checked 1 file: 0 errors/);
});
