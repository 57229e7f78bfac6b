// The end-to-end harness: a real VS Code (code-server on Node 24) with the extension installed and the real
// C# language server, driven by playwright-core in Debian's Chromium. One editor per scenario file:
//
//   import { editorSession } from './harness.mjs';
//   const session = editorSession('diagnostics', { prepareWorkspace: (ws) => { ... } });
//   session.test('a broken placeholder shows in Problems', async (editor) => {
//     await editor.openFile('broken.connector.json');
//     await editor.waitForProblem('PW2001');
//     await editor.screenshot('problem');
//   });
//
// Each session gets a fresh run folder (extension/out/e2e/runs/<scenario>/) holding a copy of the repo's
// samples/ and schemas/ as the workspace, a fresh user-data dir and its own HOME-free state. Screenshots go to
// artifacts/e2e/<scenario>/NN-step.png. Teardown kills code-server, the extension host, the language server
// and Chromium even when a test fails; a failing test prints the tail of code-server's log and of the
// Patchworks output channel. Run the scenarios with extension/scripts/e2e-test.sh (it installs and builds first).
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  artifactsDir, chromiumPath, codeServerBin, extensionsDir, node24, preparedFile, repoRoot, toolsDir, workDir,
} from './paths.mjs';

/** The first port of this run's range; PATCHWORKS_E2E_PORT lets concurrent runs on one machine differ. */
const port = Number(process.env.PATCHWORKS_E2E_PORT || 18200);
/** Generous first waits: the workbench loads in about 5 s and the extension activates in about 8 s, more under load. */
const STARTUP_TIMEOUT = 90_000;
const STEP_TIMEOUT = 30_000;

/**
 * Registers before/after hooks that start and stop one editor for this test file, and returns `test`, which
 * runs a test body with the editor and prints the logs when it fails.
 * options.prepareWorkspace(wsPath): add or change files in the workspace copy before the editor opens.
 * options.settings: extra user settings. options.waitForFile: a file name the explorer must show (default: samples).
 * options.extensionsDir: the extensions folder code-server uses (default: the one prepare.mjs installed the VSIX into).
 * options.bundledServer: true leaves patchworks.server.path unset, so the extension starts the server in its VSIX.
 * options.browserArgs: extra Chromium arguments. options.browserContext: extra options for the browser context.
 * options.untrustedWorkspace: true turns VS Code's workspace trust on (the others run with it off, so trusted) and
 * opens the workspace untrusted, in restricted mode, without the startup prompt.
 */
export function editorSession(scenario, options = {}) {
  let editor;
  before(async () => {
    editor = await startEditor(scenario, options);
  }, { timeout: STARTUP_TIMEOUT * 2 });
  after(async () => {
    await editor?.close();
  });
  return {
    /** Like node:test's test(name, [options], body); body gets (editor, t). */
    test(name, optionsOrBody, maybeBody) {
      const [testOptions, body] = typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody];
      test(name, { timeout: 180_000, ...testOptions }, async (t) => {
        if (!editor) throw new Error(`the editor for "${scenario}" did not start (see the log above)`);
        try {
          await body(editor, t);
        } catch (error) {
          await editor.reportFailure(name);
          throw error;
        }
      });
    },
    get editor() {
      return editor;
    },
  };
}

/** Starts code-server and Chromium for a scenario; on failure cleans up, prints logs and rethrows. */
export async function startEditor(scenario, options = {}) {
  const editor = new Editor(scenario, options);
  try {
    await editor.start();
    return editor;
  } catch (error) {
    await editor.reportFailure('start');
    await editor.close();
    throw error;
  }
}

class Editor {
  constructor(scenario, options) {
    this.scenario = scenario;
    this.options = options;
    this.runDir = join(workDir, 'runs', scenario);
    this.workspace = join(this.runDir, 'ws');
    this.userData = join(this.runDir, 'user-data');
    this.shotsDir = join(artifactsDir, scenario);
    this.shotCount = 0;
    this.serverLog = [];
    this.consoleErrors = [];
  }

  async start() {
    if (!existsSync(preparedFile)) {
      throw new Error(`${preparedFile} is missing: run extension/scripts/e2e-test.sh, or node extension/test/e2e/prepare.mjs first`);
    }
    const prepared = JSON.parse(readFileSync(preparedFile, 'utf8'));
    rmSync(this.runDir, { recursive: true, force: true });
    rmSync(this.shotsDir, { recursive: true, force: true });
    for (const dir of ['ws', 'user-data/User', 'xdg-config', 'xdg-data', 'tmp', 'chromium-config']) {
      mkdirSync(join(this.runDir, dir), { recursive: true });
    }
    mkdirSync(this.shotsDir, { recursive: true });
    // The workspace: samples/ and schemas/ side by side, as in the repo, so every "$schema" path resolves.
    cpSync(join(repoRoot, 'samples'), join(this.workspace, 'samples'), { recursive: true });
    cpSync(join(repoRoot, 'schemas'), join(this.workspace, 'schemas'), { recursive: true });
    await this.options.prepareWorkspace?.(this.workspace);
    writeFileSync(join(this.userData, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': this.options.untrustedWorkspace === true,
      ...(this.options.untrustedWorkspace ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' } : {}),
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'git.enabled': false,
      // Suggestions only when a test asks (or a trigger character), so screenshots show what the step did.
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      ...(this.options.bundledServer ? {} : { 'patchworks.server.path': prepared.serverPath }),
      ...this.options.settings,
    }, null, 2));
    writeFileSync(join(this.runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

    await assertPortFree(port);
    await this.startCodeServer();
    await this.startBrowser();
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT });
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: this.options.waitForFile ?? 'samples' })
      .first().waitFor({ timeout: STARTUP_TIMEOUT });
  }

  async startCodeServer() {
    const logFile = createWriteStream(join(this.runDir, 'code-server.log'));
    // Its own process group (detached), so teardown can signal code-server and everything it started.
    this.codeServer = spawn(node24, [
      codeServerBin, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
      '--disable-update-check', ...(this.options.untrustedWorkspace ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
      '--ignore-last-opened', '--user-data-dir', this.userData, '--extensions-dir', this.options.extensionsDir ?? extensionsDir,
      '--config', join(this.runDir, 'config.yaml'), this.workspace,
    ], {
      cwd: this.runDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(node24, '..')}:${process.env.PATH}`,
        EXTENSIONS_GALLERY: '{}', // no marketplace lookups (the network is closed anyway)
        XDG_CONFIG_HOME: join(this.runDir, 'xdg-config'), // code-server writes config and logs under these
        XDG_DATA_HOME: join(this.runDir, 'xdg-data'),
        TMPDIR: join(this.runDir, 'tmp'), // VS Code's IPC sockets
      },
    });
    killOnExit.add(this);
    const listening = new Promise((resolve, reject) => {
      const onData = (chunk) => {
        const text = chunk.toString();
        logFile.write(text);
        this.serverLog.push(...text.split('\n').filter((line) => line.length > 0));
        if (this.serverLog.length > 2000) this.serverLog.splice(0, this.serverLog.length - 2000);
        if (text.includes('HTTP server listening on')) resolve();
      };
      this.codeServer.stdout.on('data', onData);
      this.codeServer.stderr.on('data', onData);
      this.codeServer.on('exit', (code, signal) => {
        logFile.end();
        this.codeServerExited = true;
        reject(new Error(`code-server exited (code ${code}, signal ${signal}) before it listened`));
      });
    });
    await withTimeout(listening, STARTUP_TIMEOUT, 'code-server did not print "HTTP server listening on"');
  }

  async startBrowser() {
    const { chromium } = createRequire(join(toolsDir, 'package.json'))('playwright-core');
    this.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...(this.options.browserArgs ?? [])],
      // Debian's wrapper enables the crash reporter, which writes under XDG_CONFIG_HOME.
      env: { ...process.env, XDG_CONFIG_HOME: join(this.runDir, 'chromium-config') },
    });
    this.context = await this.browser.newContext({ viewport: { width: 1400, height: 900 }, ...this.options.browserContext });
    this.page = await this.context.newPage();
    this.page.setDefaultTimeout(STEP_TIMEOUT);
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  /** The quick input box (command palette, quick open, go to line). */
  get quickInput() {
    return this.page.locator('.quick-input-widget input[type="text"]');
  }

  /** Runs a command by its palette title (for example "Patchworks: Select Instance"). */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.fill('>' + title);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
    // The palette closes, or a command's own quick pick takes its place (Select Instance): either way the
    // input no longer holds the '>' command query.
    await this.page.waitForFunction(() => {
      const input = document.querySelector('.quick-input-widget input[type="text"]');
      const widget = document.querySelector('.quick-input-widget');
      const visible = widget && widget.getBoundingClientRect().height > 0 && getComputedStyle(widget).display !== 'none';
      return !visible || !input || !input.value.startsWith('>');
    }, undefined, { timeout: 30_000 });
  }

  /**
   * Picks the row containing `text` (a string or RegExp) in the open quick pick (for example one a command showed),
   * then waits for the quick input to hide, unless `waitHidden` is false: when another pick follows at once, the quick
   * input may never hide between the two (wait for the next pick's row instead).
   */
  async pickQuickInputItem(text, { waitHidden = true } = {}) {
    await this.quickInput.waitFor({ state: 'visible' });
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await row.waitFor();
    await row.click();
    if (waitHidden) await this.quickInput.waitFor({ state: 'hidden' });
  }

  /**
   * Opens a workspace file through quick open (more robust than clicking the explorer, which re-sorts).
   * `path` is relative to the workspace, e.g. "samples/woocommerce/woocommerce.connector.json".
   */
  async openFile(path) {
    const name = path.split('/').pop();
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.fill(path);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Where `text` (the occurrence-th, from 1) starts in a workspace file, as 1-based line and column. */
  positionOf(path, text, { occurrence = 1, offset = 0 } = {}) {
    const content = readFileSync(join(this.workspace, path), 'utf8');
    let index = -1;
    for (let n = 0; n < occurrence; n += 1) {
      index = content.indexOf(text, index + 1);
      if (index < 0) throw new Error(`"${text}" (occurrence ${occurrence}) is not in ${path}`);
    }
    const before = content.slice(0, index + offset);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { line, column };
  }

  /** Moves the cursor of the active editor to a 1-based line and column (Go to Line/Column). */
  async goTo({ line, column }) {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.quickInput.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    await this.page.locator('.monaco-editor.focused').first().waitFor();
  }

  /**
   * Types at a place in the active editor. `where` is { line, column } or { after: 'text', occurrence } (found
   * in the file on disk, so use it before unsaved edits move things).
   */
  async typeAt(path, where, text) {
    const position = where.after !== undefined
      ? this.positionOf(path, where.after, { occurrence: where.occurrence, offset: where.after.length })
      : where;
    await this.goTo(position);
    // A person's pace. Typed at 0-30 ms a key, "{{" opened the list every time except, once in three runs, the
    // first "{{" typed right after the file opened while the server was starting: the protocol trace then held
    // both didChange notifications and no completion request at all (VS Code never asked; the server answers
    // "{{" typed fast over stdio, CompletionTypingTests). Cause in VS Code not found.
    await this.page.keyboard.type(text, { delay: 150 });
  }

  /**
   * Waits for the suggest widget to list a row holding `expected` and returns every row's text. The list that
   * a trigger character opened is waited for first; if none opened (see typeAt: VS Code sometimes sends no
   * request for the first trigger after start-up), Ctrl+Space asks explicitly, as a person would.
   */
  async suggestions(expected) {
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    try {
      await rows.filter({ hasText: expected }).first().waitFor({ timeout: 10_000 });
    } catch {
      process.stderr.write(`e2e ${this.scenario}: no suggestions after the trigger character; asking with Ctrl+Space\n`);
      await this.page.keyboard.press('Control+Space');
      await rows.filter({ hasText: expected }).first().waitFor({ timeout: STARTUP_TIMEOUT });
    }
    return rows.allInnerTexts();
  }

  /** Saves the active editor and returns the file's text from disk. */
  async saveAndRead(path) {
    const file = join(this.workspace, path);
    const before = statSync(file).mtimeMs;
    await this.page.keyboard.press('Control+S');
    // The file on disk is the proof; save participants (willSaveWaitUntil) may delay the write a little. One CI run's
    // Ctrl+S never reached the editor (nothing saved in 30 s, the edit in place): after 5 s, focus the editor and press
    // it once more.
    const started = Date.now();
    const deadline = started + STEP_TIMEOUT;
    let retried = false;
    while (statSync(file).mtimeMs === before) {
      if (Date.now() > deadline) throw new Error(`${path} was not saved within ${STEP_TIMEOUT / 1000} s`);
      if (!retried && Date.now() > started + 5_000) {
        retried = true;
        console.log(`${path}: Ctrl+S saved nothing within 5 s; focusing the editor and pressing it again`);
        await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
        await this.page.keyboard.press('Control+S');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // let a non-atomic write finish
    return readFileSync(file, 'utf8');
  }

  /** Focuses the Problems panel and waits for a row containing every given text; returns the row's text. */
  async waitForProblem(...texts) {
    await this.runCommand('View: Focus Problems');
    let row = this.page.locator('.markers-panel .monaco-list-row');
    for (const text of texts) row = row.filter({ hasText: text });
    await row.first().waitFor({ timeout: STARTUP_TIMEOUT });
    return (await row.first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Shows the hover at the cursor (keyboard, so it does not depend on the mouse) and returns its text. */
  async hoverAt(position, expected) {
    await this.goTo(position);
    await this.runCommand('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover', { hasText: expected }).first();
    await hover.waitFor();
    return (await hover.innerText()).trim();
  }

  /** The webview frame of an open webview panel (the n-th, from 0): outer iframe, then its active frame. */
  webviewFrame(index = 0) {
    return this.page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
  }

  /** Saves a screenshot (of the workbench, or another page such as a browser tab) as artifacts/e2e/<scenario>/NN-name.png and returns its path. */
  async screenshot(name, page = this.page) {
    this.shotCount += 1;
    const path = join(this.shotsDir, `${String(this.shotCount).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path });
    return path;
  }

  /** The last lines of the Patchworks output channel (a log file under the user-data dir). */
  patchworksLog(lines = 40) {
    const file = findFile(join(this.userData, 'logs'), (name) => /patchworks/i.test(name) && name.endsWith('.log'));
    if (!file) return '(no Patchworks output channel log was written)';
    return `${file}:\n${tail(readFileSync(file, 'utf8'), lines)}`;
  }

  /** Prints what helps to understand a failure: screenshot, code-server's log, the Patchworks channel. */
  async reportFailure(what) {
    const report = [`--- e2e "${this.scenario}" failed at: ${what} ---`];
    try {
      if (this.page) report.push(`screenshot: ${await this.screenshot(`FAILED-${slug(what)}`)}`);
    } catch (error) {
      report.push(`(no screenshot: ${error.message})`);
    }
    report.push(`code-server log (last 40 lines of ${join(this.runDir, 'code-server.log')}):`, ...this.serverLog.slice(-40));
    report.push(`Patchworks output channel: ${this.patchworksLog()}`);
    if (this.consoleErrors.length > 0) report.push('browser console errors (last 10):', ...this.consoleErrors.slice(-10));
    process.stderr.write(report.join('\n') + '\n');
  }

  /** Stops Chromium and code-server with everything it started (extension host, language servers). */
  async close() {
    killOnExit.delete(this);
    try {
      await withTimeout(this.browser?.close() ?? Promise.resolve(), 10_000, 'chromium did not close');
    } catch {
      // killed below with the rest if it hangs: playwright's launch puts chromium in our process tree
      this.browser?.process?.()?.kill('SIGKILL');
    }
    await this.killCodeServer();
  }

  async killCodeServer() {
    const child = this.codeServer;
    if (!child || this.codeServerExited) return;
    const pids = [child.pid, ...descendants(child.pid)];
    signalAll(child.pid, pids, 'SIGTERM');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await withTimeout(exited, 5_000, 'code-server did not stop');
    } catch {
      // fall through to SIGKILL
    }
    signalAll(child.pid, [...pids, ...descendants(child.pid)], 'SIGKILL');
  }

  killNow() {
    const child = this.codeServer;
    if (child && !this.codeServerExited) signalAll(child.pid, [child.pid, ...descendants(child.pid)], 'SIGKILL');
  }
}

/** Editors still running when the driver exits (a crash, a timeout) are killed synchronously. */
const killOnExit = new Set();
process.on('exit', () => {
  for (const editor of killOnExit) editor.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const editor of killOnExit) editor.killNow();
    process.exit(130);
  });
}

/** The process group, then every listed pid (a child that started its own session is not in the group). */
function signalAll(groupPid, pids, signal) {
  try {
    process.kill(-groupPid, signal);
  } catch {
    // the group is gone
  }
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already exited
    }
  }
}

/** Every process below `pid`, from /proc. */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function assertPortFree(portNumber) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${portNumber} on 127.0.0.1 is in use; set PATCHWORKS_E2E_PORT to a free one`)));
    server.listen(portNumber, '127.0.0.1', () => server.close(resolve));
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function findFile(dir, matches) {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const found = findFile(path, matches);
      if (found) return found;
    } else if (matches(entry)) {
      return path;
    }
  }
  return undefined;
}

function tail(text, lines) {
  return text.split('\n').filter((line) => line.length > 0).slice(-lines).join('\n');
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}
