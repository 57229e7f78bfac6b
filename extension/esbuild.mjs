// Bundles the extension (Node, CommonJS, `vscode` external) and each webview's script (browser, ESM).
// `--tests` also bundles test/unit/*.test.ts into out/ for `node --test`; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const production = process.argv.includes('--production');

/** Every folder under src/ui/ with a main.ts is one webview's script: dist/ui/<folder>.js. */
function webviewEntries() {
  const root = 'src/ui';
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'main.ts')))
    .map((d) => ({ in: join(root, d.name, 'main.ts'), out: d.name }));
}

const builds = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose require('./impl/...') calls esbuild cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: !production,
    minify: production,
  },
  {
    // The webview component library, loaded by every webview as a module script.
    entryPoints: [{ in: 'node_modules/@vscode-elements/elements/dist/bundled.js', out: 'elements' }],
    outdir: 'dist/ui',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
  },
  {
    entryPoints: webviewEntries(),
    outdir: 'dist/ui',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
  },
];

if (tests) {
  const dir = 'test/unit';
  const entries = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f)) : [];
  builds.push({
    entryPoints: entries,
    outdir: 'out/test/unit',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
  });
}

for (const options of builds) {
  if (options.entryPoints.length === 0) continue;
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build({ logLevel: 'warning', ...options });
  }
}

// The shared webview stylesheet sits beside the scripts so one localResourceRoot (dist/ui) serves all.
mkdirSync('dist/ui', { recursive: true });
copyFileSync('media/webview.css', 'dist/ui/webview.css');
