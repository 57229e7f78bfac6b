// Scenario: typing "{{" in an endpoint's URL asks the C# server for completion; the list holds the variables in
// scope there (the endpoint's own and the connector's), and accepting one writes the placeholder.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';

const file = 'samples/woocommerce/completion.connector.json';
const emptied = '"https://{{store_url}}/wp-json/wc/v3/products/"';

const session = editorSession('completion', {
  prepareWorkspace(ws) {
    // A copy of the WooCommerce sample whose update-product-stock URL lost its {{product_id}}.
    const sample = readFileSync(join(ws, 'samples/woocommerce/woocommerce.connector.json'), 'utf8');
    const url = '"https://{{store_url}}/wp-json/wc/v3/products/{{product_id}}"';
    assert.ok(sample.includes(url), 'the sample still has the URL this scenario edits');
    writeFileSync(join(ws, file), sample.replace(url, emptied));
  },
});

session.test('"{{" in a URL completes the variables in scope and inserts the chosen one', async (editor) => {
  await editor.openFile(file);
  await editor.screenshot('connector-open');
  // After "products/", inside the URL string: the trigger character "{" opens the list (or Ctrl+Space does).
  await editor.typeAt(file, { after: emptied.slice(0, -1) }, '{{');
  const labels = await editor.suggestions('product_id');
  const rows = editor.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await editor.screenshot('completion-list');
  assert.ok(labels.some((label) => label.includes('product_id')), `the endpoint's variable is offered: ${labels.join(' | ')}`);
  assert.ok(labels.some((label) => label.includes('store_url')), `the connector's variable is offered: ${labels.join(' | ')}`);

  await rows.filter({ hasText: 'product_id' }).first().click();
  await editor.page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'hidden' });
  await editor.screenshot('completion-accepted');
  const text = await editor.saveAndRead(file);
  assert.ok(text.includes('"https://{{store_url}}/wp-json/wc/v3/products/{{product_id}}"'),
    `the URL reads ${text.match(/"url": "[^"]*products\/[^"]*"/)?.[0]}`);
});

session.test('in another endpoint\'s URL, that endpoint\'s variable is not offered', async (editor) => {
  // list-products has no variables of its own: the connector's store_url is in scope, product_id is not.
  await editor.typeAt(file, { after: '/wp-json/wc/v3/products' }, '/{{');
  const labels = await editor.suggestions('store_url');
  await editor.screenshot('completion-other-endpoint');
  assert.ok(!labels.some((label) => label.includes('product_id')), `product_id is out of scope here: ${labels.join(' | ')}`);
  await editor.page.keyboard.press('Escape');
});
