// Scenario: the wizards in a real VS Code. "Patchworks: New Connector" filled step by step writes a connector
// that the command line validates clean; "Patchworks: Add Instance" for a sample connector writes an instance
// that holds references only (the secret goes to SecretStorage), and a second live instance in the same
// company group is refused with the server's message before anything is written.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { editorSession } from './harness.mjs';

const session = editorSession('wizards');

/** The wizard's webview: the only webview open while a wizard runs. */
function wizard(editor) {
  return editor.webviewFrame(0);
}

/** Types into a text field as a person would (the field's inner <input>). */
async function type(frame, path, text) {
  const input = frame.locator(`[data-path="${path}"] input, [data-path="${path}"] textarea`).first();
  await input.click();
  await input.fill(text);
}

/** Chooses an option of a select: opens it with a click and clicks the option. */
async function choose(frame, path, label) {
  const select = frame.locator(`[data-path="${path}"]`);
  await select.click();
  await select.locator('.option', { hasText: label }).first().click();
  await frame.locator(`[data-path="${path}"]`).evaluate((el, expected) => {
    if (el.value !== expected) throw new Error(`the select holds "${el.value}", not "${expected}"`);
  }, label);
}

async function tick(frame, path) {
  await frame.locator(`[data-path="${path}"]`).click();
}

async function stepTitle(frame, title) {
  await frame.locator('h1', { hasText: title }).waitFor();
}

async function next(frame, title) {
  await frame.locator('#next').click();
  await stepTitle(frame, title);
}

session.test('New Connector: every step filled, the written file validates clean', async (editor) => {
  await editor.runCommand('Patchworks: New Connector');
  const frame = wizard(editor);
  await stepTitle(frame, 'Basic details');
  await editor.screenshot('new-connector-basics-empty');
});
