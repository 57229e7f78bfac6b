// Driving the wizards' webview form (wizardView.ts) as a person would: fields by their data-path, selects
// opened with a click, the server's answers read beside each field. Shared by the wizard scenarios.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startPatchworksCommand } from './palette.mjs';
import { repoRoot } from './paths.mjs';

/** Runs a Patchworks command that opens no quick input of its own (a wizard): picked, and the palette gone. */
export async function runPatchworksCommand(editor, title) {
  await startPatchworksCommand(editor, title);
  await editor.quickInput.waitFor({ state: 'hidden' });
}

/**
 * "Patchworks: New Connector" and its first question, the kind: `kind` is the label of the choice
 * ("API connector" or "Event connector (message broker)").
 */
export async function startNewConnector(editor, kind) {
  await startPatchworksCommand(editor, 'Patchworks: New Connector');
  const choice = editor.page.locator('.quick-input-widget .monaco-list-row', { hasText: kind }).first();
  await choice.waitFor();
  await choice.click();
  await editor.quickInput.waitFor({ state: 'hidden' });
}

/** The wizard's webview: the only webview open while a wizard runs. */
export const wizard = (editor) => editor.webviewFrame(0);

export const field = (frame, path) => frame.locator(`[data-path="${path}"]`);

/** Types into a text field as a person would (the field's inner input or textarea). */
export async function type(frame, path, text) {
  const input = field(frame, path).locator('input, textarea').first();
  await input.click();
  await input.fill(text);
}

/**
 * Opens a select with a click and clicks the option whose label is exactly `label` (a combobox: types to filter
 * first). A click that lands while the select re-renders (the server's answer marking it) can leave it closed,
 * so the opening click is retried.
 */
export async function choose(frame, path, label, value = label) {
  const select = field(frame, path);
  // At the top of the view, so the dropdown has room to open below it.
  await select.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const option = select.locator('li.option').filter({ hasText: exact }).first();
  const combobox = select.locator('.combobox-input');
  for (let attempt = 1; ; attempt++) {
    if (await combobox.count() > 0) {
      await combobox.click();
      await combobox.fill(label);
    } else {
      await select.click();
    }
    try {
      await option.waitFor({ state: 'visible', timeout: 3_000 });
      await option.click({ timeout: 3_000 });
      break;
    } catch (error) {
      if (attempt === 5) throw error;
      await select.press('Escape').catch(() => {});
    }
  }
  assert.equal(await select.evaluate((el) => el.value), value, `${path} holds the chosen value`);
}

export async function tick(frame, path) {
  await field(frame, path).click();
  assert.equal(await field(frame, path).evaluate((el) => el.checked), true, `${path} is ticked`);
}

export async function stepTitle(frame, title) {
  await frame.locator('h1', { hasText: title }).waitFor();
}

export async function next(frame, title) {
  await frame.locator('#next').click();
  await stepTitle(frame, title);
}

/** Waits until the server's answer places `text` beside the field (or list item) at `path`. */
export async function problemAt(frame, path, text) {
  const box = frame.locator(`[data-errors-for="${path}"]`, { hasText: text });
  await box.waitFor();
  return (await box.innerText()).trim();
}

export async function noProblemAt(frame, path) {
  // An empty box is not displayed: attached is all there is to wait for.
  await frame.locator(`[data-errors-for="${path}"]:empty`).waitFor({ state: 'attached' });
}

/** Waits for the server's answer to say the whole draft is clean. */
export async function clean(frame) {
  await frame.locator('#summary', { hasText: 'The server reports no problems.' }).waitFor();
}

/**
 * The command line's verdict on a file: `patchworks validate` must exit 0 with no errors or warnings (its summary
 * is on stderr). Not --no-build: prepare.mjs builds the language server only, so the first run builds the CLI.
 */
export function assertValidatesClean(file) {
  const cli = spawnSync('dotnet', ['run', '--project', join(repoRoot, 'server/Patchworks.Cli'), '-c', 'Release', '--', 'validate', file], { encoding: 'utf8' });
  assert.equal(cli.status, 0, `patchworks validate: ${cli.stdout}${cli.stderr}`);
  assert.match(cli.stderr, /Checked 1 file: 0 errors, 0 warnings/);
}
