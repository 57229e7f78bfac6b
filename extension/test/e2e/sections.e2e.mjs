// Scenario: "Patchworks: Add Endpoint" and "Patchworks: Add Authentication Method" on the WooCommerce sample,
// a connector with comments and its own layout, in a real VS Code with the real C# language server.
// Each wizard's form is filled as a person would and inserted; the saved file then holds the new item, every
// byte of the original (comments, blank lines, one-line objects) is still there around the insertion,
// `patchworks validate` finds the file clean, and one Undo (Ctrl+Z) gives back the original text exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { editorSession } from './harness.mjs';
import { assertValidatesClean, choose, clean, next, noProblemAt, problemAt, runPatchworksCommand, stepTitle, tick, type, wizard } from './wizardForm.mjs';

// The extension's own JSONC parser (a CommonJS/UMD package), for reading a connector with comments.
const { parse } = createRequire(import.meta.url)('jsonc-parser');

const connector = 'samples/woocommerce/woocommerce.connector.json';
const session = editorSession('sections');

/**
 * Splits `after` into the original text and what was inserted into it: the changed middle (after the common
 * prefix and suffix) must be either the insertion alone, or a comma, original bytes untouched, then the
 * insertion (the comma the JSON needs after the array's last item). Fails when any original byte changed.
 */
function insertedInto(original, after) {
  let prefix = 0;
  while (prefix < original.length && original[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < original.length - prefix && original[original.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix += 1;
  const removed = original.slice(prefix, original.length - suffix);
  const added = after.slice(prefix, after.length - suffix);
  if (removed === '') return added;
  assert.ok(added.startsWith(',') && added.slice(1).startsWith(removed),
    `only insertions: the original's "${removed}" at offset ${prefix} was changed to "${added.slice(0, removed.length + 40)}…"`);
  return added.slice(1 + removed.length);
}

/**
 * Finishes the wizard; once its notice and the connector's tab show, saves the connector and answers its text and
 * what was inserted into the original (insertedInto).
 */
async function finishAndRead(editor, frame, original, notice, name) {
  await frame.locator('#finish').click();
  await editor.page.locator('.notifications-toasts', { hasText: notice }).waitFor();
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'woocommerce.connector.json' }).waitFor();
  await editor.screenshot(name);
  const saved = await editor.saveAndRead(connector);
  return { saved, inserted: insertedInto(original, saved) };
}

/** Ctrl+Z in the connector's editor, then the text on disk after saving: the original, exactly. */
async function assertUndoRestores(editor, original, name) {
  await editor.openFile(connector);
  await editor.page.locator('.monaco-editor .view-lines').first().click();
  await editor.page.keyboard.press('Control+Z');
  await editor.screenshot(`${name}-undone`);
  const undone = await editor.saveAndRead(connector);
  assert.equal(undone, original, 'one Undo gives back the original text, byte for byte');
}

session.test('Add Endpoint: the endpoint is inserted, the rest of the file is untouched, it validates, Undo takes it back', async (editor) => {
  const original = readFileSync(join(editor.workspace, connector), 'utf8');
  assert.match(original, /\n\s*\/\/ /, 'the sample has comments, so keeping them is tested');
  await editor.openFile(connector);
  await runPatchworksCommand(editor, 'Patchworks: Add Endpoint');
  const frame = wizard(editor);
  await stepTitle(frame, 'Endpoint');
  // The server checks the draft inside the file: an empty id is its "missing required property".
  assert.match(await problemAt(frame, 'item[0].id', 'PW1002'), /id/);
  await editor.screenshot('add-endpoint-1-empty');

  await type(frame, 'item[0].id', 'list-coupons');
  await noProblemAt(frame, 'item[0].id');
  await type(frame, 'item[0].name', 'List all coupons');
  await type(frame, 'item[0].entityType', 'coupons');
  // A placeholder the connector does not define: the server's PW2001 beside the URL field.
  await type(frame, 'item[0].url', 'https://{{shop}}/wp-json/wc/v3/coupons');
  assert.match(await problemAt(frame, 'item[0].url', 'PW2001'), /shop/);
  await editor.screenshot('add-endpoint-2-undefined-placeholder');
  await type(frame, 'item[0].url', 'https://{{store_url}}/wp-json/wc/v3/coupons');
  await noProblemAt(frame, 'item[0].url');
  await choose(frame, 'item[0].pagination.method', 'pageNumber');
  await type(frame, 'item[0].pagination.pageParam', 'page');
  await type(frame, 'item[0].pagination.limitParam', 'per_page');
  await type(frame, 'item[0].pagination.limit', '100');
  await clean(frame);
  await editor.screenshot('add-endpoint-3-filled');
  const { saved, inserted } = await finishAndRead(editor, frame, original, 'Endpoint added to samples/woocommerce/woocommerce.connector.json', 'add-endpoint-4-inserted');
  assert.match(inserted, /"id": "list-coupons"/, 'the insertion is the new endpoint');
  const endpoints = parse(saved).endpoints;
  assert.deepEqual(endpoints.at(-1), {
    id: 'list-coupons', name: 'List all coupons', entityType: 'coupons', direction: 'receive', method: 'GET',
    url: 'https://{{store_url}}/wp-json/wc/v3/coupons',
    pagination: { method: 'pageNumber', pageParam: 'page', limitParam: 'per_page', limit: 100 },
  });
  assert.deepEqual(endpoints.slice(0, -1), parse(original).endpoints, 'the other endpoints are as they were');
  assertValidatesClean(join(editor.workspace, connector));

  await assertUndoRestores(editor, original, 'add-endpoint-5');
});

session.test('Add Authentication Method: the method is inserted, the rest of the file is untouched, it validates, Undo takes it back', async (editor) => {
  const original = readFileSync(join(editor.workspace, connector), 'utf8');
  await editor.openFile(connector);
  await runPatchworksCommand(editor, 'Patchworks: Add Authentication Method');
  const frame = wizard(editor);
  await stepTitle(frame, 'Authentication method');
  await editor.screenshot('add-auth-1-empty');

  await type(frame, 'item[0].id', 'query-keys');
  await type(frame, 'item[0].name', 'REST API keys in the query');
  // An id the connector already has: the server says so beside the field.
  await type(frame, 'item[0].id', 'rest-api-keys');
  assert.match(await problemAt(frame, 'item[0].id', 'PW3001'), /The auth method id "rest-api-keys" is already used/);
  await editor.screenshot('add-auth-2-duplicate-id');
  await type(frame, 'item[0].id', 'query-keys');
  await noProblemAt(frame, 'item[0].id');
  await choose(frame, 'item[0].type', 'apiKey');
  await choose(frame, 'item[0].apiKey.in', 'query');
  await type(frame, 'item[0].apiKey.name', 'consumer_key');
  await type(frame, 'item[0].apiKey.value', '{{consumer_key}}');
  await type(frame, 'item[0].url', 'https://{{store_url}}/wp-json/wc/v3/system_status');
  await type(frame, 'item[0].uses', 'store_url');
  await frame.locator('[data-for="item[0].variables"] vscode-button', { hasText: 'Add variable' }).click();
  await type(frame, 'item[0].variables[0].key', 'consumer_key');
  await type(frame, 'item[0].variables[0].displayName', 'Consumer key');
  await tick(frame, 'item[0].variables[0].required');
  await clean(frame);
  await editor.screenshot('add-auth-3-filled');
  const { saved, inserted } = await finishAndRead(editor, frame, original, 'Authentication method added to samples/woocommerce/woocommerce.connector.json', 'add-auth-4-inserted');
  assert.match(inserted, /"id": "query-keys"/, 'the insertion is the new method');
  const methods = parse(saved).authMethods;
  assert.equal(methods.length, 2);
  assert.deepEqual(methods[0], parse(original).authMethods[0], 'the existing method is as it was');
  assert.equal(methods[1].id, 'query-keys');
  assert.deepEqual(methods[1].apiKey, { in: 'query', name: 'consumer_key', value: '{{consumer_key}}' });
  assert.deepEqual(methods[1].uses, ['store_url']);
  assertValidatesClean(join(editor.workspace, connector));

  await assertUndoRestores(editor, original, 'add-auth-5');
});
