// Scenario: the samples' connector tests in VS Code's Test Explorer, in a real VS Code with the real C# server.
//  1. The Testing view lists every sample's tests file (by its connector's name), and "Run All Tests" with the
//     default profile (Replay: the recordings in samples/*/recordings, no network, no credentials) passes them all.
//  2. In shopify.tests.json an expectation is changed (150 → 999 records, unsaved): "Run Tests in Current File"
//     fails that case, and the failure is shown in the editor at the expectation, with what was expected and got.
import assert from 'node:assert/strict';
import { editorSession } from './harness.mjs';

const tests = 'samples/shopify/shopify.tests.json';
const session = editorSession('testExplorer');

const samples = ['HubSpot', 'Mirakl', 'NetSuite', 'Peoplevox', 'Shopify', 'Shopware', 'WooCommerce'];

session.test('Run All Tests replays every sample\'s cases from their recordings and all pass', async (editor) => {
  // The Testing view (the beaker in the activity bar).
  await editor.page.locator('.activitybar .action-item .action-label[aria-label^="Testing"]').first().click();
  // The controller lists the tests files once the server has answered, labelled by their connectors' names.
  const rows = editor.page.locator('.test-explorer .monaco-list-row');
  for (const name of samples) await rows.filter({ hasText: name }).first().waitFor({ timeout: 120_000 });
  await editor.screenshot('test-explorer-listed');
  await editor.runCommand('Test: Run All Tests');
  // Each sample's row turns passed (its cases all passed); none failed.
  for (const name of samples) {
    await rows.filter({ hasText: name }).filter({ has: editor.page.locator('.codicon-testing-passed-icon') }).first().waitFor({ timeout: 120_000 });
  }
  assert.equal(await rows.filter({ has: editor.page.locator('.codicon-testing-failed-icon') }).count(), 0, 'no sample has a failed case');
  await editor.screenshot('test-explorer-all-passed');
});

session.test('A changed expectation fails its case, shown at the expectation in the tests file', async (editor) => {
  await editor.openFile(tests);
  const where = editor.positionOf(tests, '"exactly": 150', { offset: '"exactly": '.length });
  await editor.goTo(where);
  // Replace 150 with 999 (unsaved: the server runs what the editor shows).
  await editor.page.keyboard.press('Shift+End');
  await editor.page.keyboard.type('999 },', { delay: 50 });
  await editor.runCommand('Test: Run Tests in Current File');
  // In the editor, on the expectation's line: what was got against what was expected.
  const inline = editor.page.locator('.monaco-editor').getByText('150 != exactly 999');
  await inline.first().waitFor({ timeout: 120_000 });
  // In Test Results: the failed case and its message.
  await editor.page.getByText('records.exactly: expected exactly 999, got 150').first().waitFor();
  await editor.screenshot('test-failure-at-expectation');
});
