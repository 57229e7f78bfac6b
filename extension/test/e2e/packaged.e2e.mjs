// Scenario: the VSIX users install. `npm run package` (scripts/package.mjs) builds the linux-x64 VSIX with the
// self-contained ReadyToRun server bundled at server/linux-x64/; it is installed into its own extensions folder
// and code-server runs with NO patchworks.server.path, so the only server the extension can start is the one
// inside the VSIX. Proof that it started: the Output log names the bundled executable, a process runs it, and
// its PW2001 diagnostic shows in Problems and its hover describes a variable.
// The packaging (a self-contained publish) is done here, not in prepare.mjs, so only this scenario pays for it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { editorSession } from './harness.mjs';
import { installVsix } from './installVsix.mjs';
import { extensionRoot, repoRoot, workDir } from './paths.mjs';

const target = 'linux-x64';
const packagedExtensionsDir = join(workDir, 'packaged-extensions');
const broken = 'samples/woocommerce/broken.connector.json';

before(() => {
  const started = Date.now();
  execFileSync('node', ['scripts/package.mjs', '--target', target], { cwd: extensionRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const { name, version } = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, 'artifacts', 'vsix', `${name}-${target}-${version}.vsix`);
  installVsix(vsix, packagedExtensionsDir, join(workDir, 'packaged-install-state'));
  process.stderr.write(`e2e packaged: npm run package and install took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}, { timeout: 900_000 });

const session = editorSession('packaged', {
  extensionsDir: packagedExtensionsDir,
  bundledServer: true,
  prepareWorkspace(ws) {
    const sample = readFileSync(join(ws, 'samples/woocommerce/woocommerce.connector.json'), 'utf8');
    const url = '"https://{{store_url}}/wp-json/wc/v3/products"';
    assert.ok(sample.includes(url), 'the sample still has the URL this scenario breaks');
    writeFileSync(join(ws, broken), sample.replace(url, '"https://{{store_host}}/wp-json/wc/v3/products"'));
  },
});

/** Command lines of the processes running an executable under `dir` (from /proc). */
function processesUnder(dir) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.startsWith(dir)) found.push(cmdline);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * Opens the Output log with Patchworks: Open Log until its view shows `text`. Asked again, at most three times:
 * one CI run in many showed the Output panel without the channel's lines within 30 s, although the log file held
 * them (the screenshot of each miss is kept to see why).
 */
async function showLogContaining(editor, text) {
  const lines = editor.page.locator('.output-view .view-lines', { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await editor.runCommand('Patchworks: Open Log');
    try {
      await lines.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      await editor.screenshot(`output-miss-${attempt}`);
      if (attempt === 3) throw error;
    }
  }
}

session.test('the packaged VSIX starts its bundled server without patchworks.server.path', async (editor) => {
  const settings = JSON.parse(readFileSync(join(editor.userData, 'User', 'settings.json'), 'utf8'));
  assert.equal(settings['patchworks.server.path'], undefined, 'no server.path: the bundled server must be used');
  const [installed] = readdirSync(packagedExtensionsDir).filter((e) => e.startsWith('patchworks-toolkit.patchworks-connectors-'));
  assert.ok(installed, `the packaged VSIX is installed in ${packagedExtensionsDir}`);
  const bundled = join(packagedExtensionsDir, installed, 'server', target, 'Patchworks.LanguageServer');

  await editor.openFile(broken);
  await editor.screenshot('broken-connector-open');
  const row = await editor.waitForProblem('PW2001', 'store_host');
  assert.match(row, /'\{\{store_host\}\}' is not defined/);
  await editor.screenshot('problems-from-bundled-server');

  // The server that answered is the bundled one: the extension says which it started, and it is running.
  const log = editor.patchworksLog(200);
  assert.ok(log.includes(`Starting the language server: ${bundled}`), `the Output log names the bundled server:\n${log}`);
  assert.ok(processesUnder(bundled).length > 0, `a process runs ${bundled}`);
  await showLogContaining(editor, 'Starting the language server');
  await editor.screenshot('output-names-bundled-server');

  const hover = await editor.hoverAt(editor.positionOf(broken, '{{store_url}}', { offset: 3 }), 'Store address');
  assert.match(hover, /connector variable/);
  await editor.screenshot('hover-from-bundled-server');
});
