// Scenario: "Patchworks: Add Test…" on the HubSpot sample, in a real VS Code with the real C# language server.
// The wizard's form is filled as a person would: a case name the endpoint has already is refused beside the
// field (the server's answer), then a new name and expectations (status, stop reason, record bounds, schemaValid,
// fields). Finish adds the case to hubspot.tests.json through the server's edits: the tests file opens at the new
// case, and holds it with every original comment and byte around it. A second case, added from the endpoint's
// "Add test" lens while the tests file is open, stays unsaved in its editor until saved. A connector without a
// tests file (WooCommerce's removed) gets a new one: its "$schema" relative to the workspace's schemas/, the chosen
// instance as the file's.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { editorSession } from './harness.mjs';
import { choose, clean, next, noProblemAt, problemAt, runPatchworksCommand, stepTitle, tick, type, wizard } from './wizardForm.mjs';

// The extension's own JSONC parser, for reading a tests file with comments and trailing commas.
const { parse } = createRequire(import.meta.url)('jsonc-parser');

const connector = 'samples/hubspot/hubspot.connector.json';
const tests = 'samples/hubspot/hubspot.tests.json';
const session = editorSession('addTest');

/** What was inserted into `original` to give `after`; fails when any original byte changed (comments included). */
function insertedInto(original, after) {
  let prefix = 0;
  while (prefix < original.length && original[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < original.length - prefix && original[original.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix += 1;
  const removed = original.slice(prefix, original.length - suffix);
  assert.equal(removed, '', `only an insertion: the original's "${removed}" at offset ${prefix} was changed`);
  return after.slice(prefix, after.length - suffix);
}

/** Waits (up to 30 s) until the file on disk holds `text`. */
async function waitForDisk(file, text) {
  const deadline = Date.now() + 30_000;
  while (!readFileSync(file, 'utf8').includes(text)) {
    if (Date.now() > deadline) throw new Error(`${file} does not hold ${text} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

session.test('Add Test: a duplicate name is refused, the new case is added to the tests file with its comments kept', async (editor) => {
  const original = readFileSync(join(editor.workspace, tests), 'utf8');
  const comments = original.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('//'));
  assert.ok(comments.length > 0, 'the sample tests file has comments, so keeping them is tested');
  await editor.openFile(connector);
  await runPatchworksCommand(editor, 'Patchworks: Add Test…');
  const frame = wizard(editor);
  await stepTitle(frame, 'Test case');
  await problemAt(frame, 'caseName', 'Give the case a name.');
  await editor.screenshot('add-test-1-empty');

  await choose(frame, 'endpointId', 'list-contacts (List all contacts)', 'list-contacts');
  // The sample has "every page" for list-contacts already: the server says so beside the name.
  await type(frame, 'caseName', 'every page');
  assert.match(await problemAt(frame, 'caseName', 'already'), /has a case named "every page" already/);
  await editor.screenshot('add-test-2-duplicate-name');
  await type(frame, 'caseName', 'from the wizard');
  await noProblemAt(frame, 'caseName');
  await type(frame, 'description', 'Added by the Add Test wizard.');

  await next(frame, 'Expectations');
  // A record bound in the wrong order: the tests file's own rule, beside the field.
  await type(frame, 'expect.records.min', '500');
  await type(frame, 'expect.records.max', '10');
  assert.match(await problemAt(frame, 'expect.records.min', 'min 500 is more than max 10'), /no run can pass/);
  await editor.screenshot('add-test-3-bounds-out-of-order');
  await type(frame, 'expect.records.min', '1');
  await type(frame, 'expect.records.max', '1000');
  await tick(frame, 'expect.schemaValid');
  await type(frame, 'expect.fields', 'id, properties.email');
  await type(frame, 'expect.maxDurationMs', '30000');
  await clean(frame);
  await editor.screenshot('add-test-4-filled');

  await frame.locator('#finish').click();
  await editor.page.locator('.notifications-toasts', { hasText: 'Added the test "from the wizard" of list-contacts' }).waitFor();
  // The tests file opens at the new case, selected. No editor had it open, so VS Code wrote the edit to disk.
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'hubspot.tests.json' }).waitFor();
  await editor.page.locator('.monaco-editor .selected-text').first().waitFor();
  await waitForDisk(join(editor.workspace, tests), '"from the wizard"');
  await editor.screenshot('add-test-5-added');
  const saved = readFileSync(join(editor.workspace, tests), 'utf8');

  const inserted = insertedInto(original, saved);
  assert.match(inserted, /"from the wizard": \{/, 'the insertion is the new case');
  for (const comment of comments) assert.ok(saved.includes(comment), `the comment "${comment}" is kept`);
  const file = parse(saved, [], { allowTrailingComma: true });
  assert.deepEqual(file.endpoints['list-contacts']['from the wizard'], {
    description: 'Added by the Add Test wizard.',
    expect: { status: 200, stop: 'completed', records: { min: 1, max: 1000 }, schemaValid: true, maxDurationMs: 30000, fields: ['id', 'properties.email'] },
  });
  assert.deepEqual(Object.keys(file.endpoints['list-contacts']), ['every page', 'from the wizard']);
  // The file's own style: the case is indented like its siblings and ends its members with commas, as the file does.
  assert.match(saved, /\n {6}"from the wizard": \{\n {8}"description": "Added by the Add Test wizard\.",\n/);
  assert.match(saved, /"fields": \["id", "properties\.email"\],\n {8}\},\n {6}\},\n {4}\},/);
});

/** Of the visible lenses, the lowest one above the cursor line (asked again for up to 30 s while the lenses come in). */
async function lensAbove(editor, lenses) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const cursor = await editor.page.locator('.monaco-editor.focused .cursor').first().boundingBox({ timeout: 1_000 }).catch(() => null)
      ?? await editor.page.locator('.editor-group-container.active .monaco-editor .view-overlays .current-line').first().boundingBox({ timeout: 1_000 }).catch(() => null);
    let best;
    for (let i = 0; i < await lenses.count(); i += 1) {
      const box = await lenses.nth(i).boundingBox({ timeout: 1_000 }).catch(() => null);
      if (box && cursor && box.y < cursor.y && (!best || box.y > best.y)) best = { y: box.y, lens: lenses.nth(i) };
    }
    if (best) return best.lens;
    if (Date.now() > deadline) throw new Error('no "Add test" lens above the cursor');
    await editor.page.waitForTimeout(250);
  }
}

session.test('Add test lens: the endpoint is chosen, and the open tests file gets the case unsaved', async (editor) => {
  // The first test left both files open, the tests file active: back to the connector by its tab.
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'hubspot.tests.json' }).waitFor();
  const before = readFileSync(join(editor.workspace, tests), 'utf8');
  await editor.page.locator('.tabs-container .tab', { hasText: 'hubspot.connector.json' }).click();
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'hubspot.connector.json' }).waitFor();
  await editor.goTo(editor.positionOf(connector, '"id": "list-deals"'));
  const lenses = editor.page.locator('.codelens-decoration a:visible', { hasText: 'Add test' });
  await lenses.first().waitFor({ timeout: 90_000 });
  const lens = await lensAbove(editor, lenses);
  await editor.screenshot('add-test-lens-1');
  await lens.click();
  const frame = wizard(editor);
  await stepTitle(frame, 'Test case');
  assert.equal(await frame.locator('[data-path="endpointId"]').evaluate((el) => el.value), 'list-deals', 'the lens\'s endpoint is chosen');
  await type(frame, 'caseName', 'from the lens');
  await noProblemAt(frame, 'caseName');
  await next(frame, 'Expectations');
  await type(frame, 'expect.records.exactly', '75');
  await type(frame, 'expect.pages', '1');
  await clean(frame);
  await editor.screenshot('add-test-lens-2-filled');
  await frame.locator('#finish').click();
  await editor.page.locator('.notifications-toasts', { hasText: 'Added the test "from the lens" of list-deals' }).waitFor();
  // Open in an editor already: the editor shows the case, the disk is as it was until Ctrl+S writes it.
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'hubspot.tests.json' }).waitFor();
  await editor.page.locator('.monaco-editor .view-lines', { hasText: '"from the lens"' }).first().waitFor();
  assert.equal(readFileSync(join(editor.workspace, tests), 'utf8'), before, 'nothing written until saved');
  await editor.screenshot('add-test-lens-3-unsaved');
  const saved = await editor.saveAndRead(tests);
  const inserted = insertedInto(before, saved);
  assert.match(inserted, /"from the lens": \{/);
  const file = parse(saved, [], { allowTrailingComma: true });
  assert.deepEqual(file.endpoints['list-deals']['from the lens'], { expect: { status: 200, stop: 'completed', records: 75, pages: 1 } });
  assert.ok(file.endpoints['list-contacts']['from the wizard'], 'the first case is still there');
});

session.test('Add Test on a connector without tests creates the file with its $schema and instance', async (editor) => {
  const created = 'samples/woocommerce/woocommerce.tests.json';
  rmSync(join(editor.workspace, created));
  await editor.openFile('samples/woocommerce/woocommerce.connector.json');
  await runPatchworksCommand(editor, 'Patchworks: Add Test…');
  const frame = wizard(editor);
  await stepTitle(frame, 'Test case');
  assert.equal(await frame.locator('[data-path="endpointId"]').evaluate((el) => el.value), 'list-products', 'the first endpoint is chosen');
  await type(frame, 'caseName', 'first');
  await choose(frame, 'instance', 'staging.instance.json');
  await next(frame, 'Expectations');
  // The review names the file to be created.
  await frame.getByText('samples/woocommerce/woocommerce.tests.json (a new file)').first().waitFor();
  await clean(frame);
  await editor.screenshot('add-test-new-file-1');
  await frame.locator('#finish').click();
  await editor.page.locator('.notifications-toasts', { hasText: 'Added the test "first" of list-products to samples/woocommerce/woocommerce.tests.json (a new file)' }).waitFor();
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'woocommerce.tests.json' }).waitFor();
  const file = join(editor.workspace, created);
  const deadline = Date.now() + 30_000;
  while (!existsSync(file) || !readFileSync(file, 'utf8').includes('"first"')) {
    if (Date.now() > deadline) throw new Error(`${created} was not written`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await editor.screenshot('add-test-new-file-2');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
    $schema: '../../schemas/connector-tests.schema.json',
    instance: 'staging.instance.json',
    endpoints: { 'list-products': { first: { expect: { status: 200, stop: 'completed' } } } },
  });
});
