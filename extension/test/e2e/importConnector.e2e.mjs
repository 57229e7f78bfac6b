// Scenario: Patchworks: Paste cURL as Endpoint, in a connector's editor, merges the clipboard's curl command into
// the connector through the C# server: the endpoint is added, the file's comments stay, and the URL's host, the
// default of the connector's base_url variable, becomes {{base_url}}.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';
import { startPatchworksCommand } from './palette.mjs';

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
    { "id": "list-products", "name": "List products", "method": "GET", "url": "{{base_url}}/v1/products", "entityType": "product" }
  ]
}
`;

const session = editorSession('importConnector', {
  prepareWorkspace(ws) {
    mkdirSync(join(ws, 'shop'), { recursive: true });
    writeFileSync(join(ws, 'shop', 'shop.connector.json'), text);
  },
});

session.test('Paste cURL as Endpoint adds the endpoint and keeps the comments', async (editor) => {
  await editor.openFile(connector);
  await editor.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: editor.page.url() });
  await editor.page.evaluate(() => navigator.clipboard.writeText("curl -X GET 'https://api.shop.example/v1/orders?status=processing' -H 'Accept: application/json'"));
  await startPatchworksCommand(editor, 'Patchworks: Paste cURL as Endpoint');
  await editor.page.locator('.notifications-toasts .notification-toast', { hasText: /Merged 1 endpoint/ }).waitFor({ timeout: 60_000 });
  // The editor shows the merged file, not the one before the paste.
  await editor.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'v1/orders' }).first().waitFor({ timeout: 30_000 });
  await editor.screenshot('pasted');
  const written = readFileSync(join(editor.workspace, connector), 'utf8');
  assert.match(written, /\/\/ The shop's own connector: this comment must survive the paste\./);
  assert.match(written, /\/\/ where the API lives/);
  assert.match(written, /"list-products"/);
  assert.match(written, /\{\{base_url\}\}\/v1\/orders/);
  assert.ok(!written.includes('https://api.shop.example/v1/orders'), written);
});
