// Scenario: a connector with an undefined placeholder gets the C# server's PW2001 diagnostic as a row in the
// Problems panel, at the placeholder's position, and as a squiggle in the editor.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSession } from './harness.mjs';

const broken = 'samples/woocommerce/broken.connector.json';

const session = editorSession('diagnostics', {
  prepareWorkspace(ws) {
    // A copy of the WooCommerce sample whose list-products URL names a variable nobody defines.
    const sample = readFileSync(join(ws, 'samples/woocommerce/woocommerce.connector.json'), 'utf8');
    const url = '"https://{{store_url}}/wp-json/wc/v3/products"';
    assert.ok(sample.includes(url), 'the sample still has the URL this scenario breaks');
    writeFileSync(join(ws, broken), sample.replace(url, '"https://{{store_host}}/wp-json/wc/v3/products"'));
  },
});

session.test('an undefined {{placeholder}} shows PW2001 from the language server in Problems', async (editor) => {
  await editor.openFile(broken);
  await editor.screenshot('broken-connector-open');
  const row = await editor.waitForProblem('PW2001', 'store_host');
  // The row names the server's code and points at the placeholder itself (just after "{{").
  assert.match(row, /'\{\{store_host\}\}' is not defined/);
  assert.match(row, /patchworks\W+PW2001/);
  const at = editor.positionOf(broken, '{{store_host}}');
  const [, line, column] = row.match(/\[Ln (\d+), Col (\d+)\]/) ?? [];
  assert.deepEqual({ line: Number(line), column: Number(column) }, { line: at.line, column: at.column + 2 });
  await editor.screenshot('problems-panel');
  // The same diagnostic as a squiggle under the placeholder in the editor.
  await editor.goTo(at);
  await editor.page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await editor.screenshot('squiggle-at-placeholder');
});
