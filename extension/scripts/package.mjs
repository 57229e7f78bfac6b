// `npm run package [-- --target linux-x64 --target win32-x64 ...]`: for each target, publishes the language
// server self-contained and ReadyToRun into server/<target>/, bundles the extension in production mode, and
// packages a platform-specific VSIX into ../artifacts/vsix/, then checks the VSIX's file list.
// Default target: linux-x64. Targets: linux-x64, linux-arm64, alpine-x64, win32-x64, win32-arm64,
// darwin-x64, darwin-arm64.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkVsixEntries, readVsixEntries } from './vsixContents.mjs';

const extension = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(extension, '..');
const outDir = join(repo, 'artifacts', 'vsix');

/** VS Code's platform targets and the .NET runtime identifiers of their servers. */
const runtimeIds = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-musl-x64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
  'darwin-x64': 'osx-x64',
  'darwin-arm64': 'osx-arm64',
};

function parseTargets(argv) {
  const targets = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = arg === '--target' ? argv[++i] : arg.startsWith('--target=') ? arg.slice('--target='.length) : undefined;
    if (value === undefined) throw new Error(`unknown argument ${arg}; use --target <${Object.keys(runtimeIds).join('|')}>`);
    for (const t of value.split(',')) {
      if (!(t in runtimeIds)) throw new Error(`unknown target ${t}; one of ${Object.keys(runtimeIds).join(', ')}`);
      targets.push(t);
    }
  }
  return targets.length > 0 ? targets : ['linux-x64'];
}

function run(command, args, cwd) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function main() {
  const targets = parseTargets(process.argv.slice(2));
  const { name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
  mkdirSync(outDir, { recursive: true });
  run('node', ['scripts/copy-schemas.mjs'], extension);
  run('node', ['esbuild.mjs', '--production'], extension);
  // A production build writes no maps, but a development build may have left some (dist/extension.js.map,
  // dist/ui/*.js.map): the VSIX check refuses them.
  for (const entry of readdirSync(join(extension, 'dist'), { recursive: true })) {
    if (String(entry).endsWith('.map')) rmSync(join(extension, 'dist', String(entry)), { force: true });
  }

  for (const target of targets) {
    // Only this target's server may be in server/ when vsce collects files.
    rmSync(join(extension, 'server'), { recursive: true, force: true });
    const serverDir = join(extension, 'server', target);
    run('dotnet', [
      'publish', 'server/Patchworks.LanguageServer', '-c', 'Release', '-r', runtimeIds[target],
      '--self-contained', 'true', '-p:PublishReadyToRun=true', '-o', serverDir,
    ], repo);
    // Debug symbols are for us, not for users; they would double the size.
    run('find', [serverDir, '-name', '*.pdb', '-delete'], repo);

    const vsix = join(outDir, `${name}-${target}-${version}.vsix`);
    run(join(extension, 'node_modules', '.bin', 'vsce'), [
      'package', '--no-dependencies', '--target', target, '--allow-missing-repository', '--skip-license', '-o', vsix,
    ], extension);

    const problems = checkVsixEntries(readVsixEntries(vsix), target);
    if (problems.length > 0) {
      throw new Error(`${relative(repo, vsix)} is not right:\n  ${problems.join('\n  ')}`);
    }
    console.log(`\n${relative(repo, vsix)}: ${(statSync(vsix).size / 1024 / 1024).toFixed(1)} MB, contents checked.`);
  }
}

try {
  main();
} catch (error) {
  console.error(`\npackage: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
