// Builds what every scenario shares, once per `node --test` run (scripts/e2e-test.sh calls it first):
//   1. the extension (esbuild, `npm run build`),
//   2. a VSIX of it (vsce, from a staging copy so the build folder's tests and node_modules stay out) and
//      that VSIX installed into out/e2e/extensions, the extensions folder every scenario's code-server uses,
//   3. the language server (`dotnet build server/Patchworks.LanguageServer -c Release`), whose apphost the
//      scenarios' settings name in `patchworks.server.path`.
// Writes out/e2e/prepared.json; the harness refuses to start without it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { installVsix } from './installVsix.mjs';
import {
  codeServerBin, extensionRoot, extensionsDir, node24, preparedFile, repoRoot, serverPath, serverProject,
  vsceBin, workDir,
} from './paths.mjs';

function step(title, fn) {
  const started = Date.now();
  process.stderr.write(`e2e prepare: ${title}\n`);
  const result = fn();
  process.stderr.write(`e2e prepare: ${title} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

for (const [what, path] of [['code-server', codeServerBin], ['Node 24', node24], ['vsce', vsceBin]]) {
  if (!existsSync(path)) {
    throw new Error(`e2e prepare: ${what} is missing at ${path}; run extension/test/e2e/install.sh first`);
  }
}

mkdirSync(workDir, { recursive: true });

step('build the extension (npm run build)', () => run('npm', ['run', '--silent', 'build'], { cwd: extensionRoot }));

const vsix = join(workDir, 'patchworks-e2e.vsix');
step('package the VSIX (vsce)', () => {
  // A staging copy: the built extension without sources, tests, node_modules (dist/ is bundled) or a
  // published server (the scenarios use the Release build through patchworks.server.path).
  const stage = join(workDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  const skipped = new Set(['node_modules', 'out', 'src', 'test', 'server', '.vscode-test']);
  mkdirSync(stage, { recursive: true });
  for (const entry of readdirSync(extensionRoot)) {
    if (skipped.has(entry) || entry.endsWith('.vsix')) continue;
    cpSync(join(extensionRoot, entry), join(stage, entry), { recursive: true });
  }
  // Already built above; a prepublish script would need node_modules in the staging copy.
  const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  if (manifest.scripts) delete manifest.scripts['vscode:prepublish'];
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  if (!existsSync(join(stage, '.vscodeignore'))) {
    writeFileSync(join(stage, '.vscodeignore'), ['**/*.map', '**/*.ts', 'tsconfig.json', 'esbuild.mjs', 'scripts/**'].join('\n'));
  }
  rmSync(vsix, { force: true });
  run(vsceBin, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: stage,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
});

step('install the VSIX into code-server', () => installVsix(vsix, extensionsDir, join(workDir, 'install-state')));

step('build the language server (dotnet build -c Release)', () =>
  run('dotnet', ['build', relative(repoRoot, serverProject), '-c', 'Release', '-nologo', '-v', 'quiet'], {
    cwd: repoRoot,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
  }));
if (!existsSync(serverPath)) {
  throw new Error(`e2e prepare: the language server build did not produce ${serverPath}`);
}

const manifest = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
writeFileSync(preparedFile, JSON.stringify({
  extensionId: `${manifest.publisher}.${manifest.name}`,
  vsix: basename(vsix),
  serverPath,
  preparedAt: new Date().toISOString(),
}, null, 2));
process.stderr.write(`e2e prepare: ready (${relative(repoRoot, preparedFile)})\n`);
