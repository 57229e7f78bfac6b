// Where the end-to-end harness finds its tools and puts its output. One place, so install.sh, prepare.mjs
// and harness.mjs agree (install.sh reads the same versions.json).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = dirname(fileURLToPath(import.meta.url));
export const extensionRoot = resolve(e2eDir, '..', '..');
export const repoRoot = resolve(extensionRoot, '..');

export const versions = JSON.parse(readFileSync(join(e2eDir, 'versions.json'), 'utf8'));

/** The cache install.sh fills, outside the repo and keyed by versions. */
export const cacheDir = process.env.PATCHWORKS_E2E_CACHE || join(homedir(), '.cache', 'patchworks-e2e');
export const nodeDir = join(cacheDir, `node-${versions.node}`);
export const node24 = join(nodeDir, 'bin', 'node');
export const codeServerDir = join(cacheDir, `cs-${versions.codeServer}-node${versions.node}`);
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const toolsDir = join(cacheDir, `tools-pw${versions.playwrightCore}-vsce${versions.vsce}`);
export const vsceBin = join(toolsDir, 'node_modules', '.bin', 'vsce');

/** Build output of prepare.mjs (the VSIX, the extensions folder) and each scenario's run folder. */
export const workDir = join(extensionRoot, 'out', 'e2e');
export const preparedFile = join(workDir, 'prepared.json');
export const extensionsDir = join(workDir, 'extensions');

/** Screenshots and logs a person looks at: artifacts/e2e/<scenario>/. */
export const artifactsDir = join(repoRoot, 'artifacts', 'e2e');

/** The language server as `dotnet build server/Patchworks.LanguageServer -c Release` leaves it (the apphost). */
export const serverProject = join(repoRoot, 'server', 'Patchworks.LanguageServer');
export const serverPath = join(serverProject, 'bin', 'Release', 'net10.0', 'Patchworks.LanguageServer');

export const chromiumPath = process.env.PATCHWORKS_E2E_CHROMIUM || '/usr/bin/chromium';
