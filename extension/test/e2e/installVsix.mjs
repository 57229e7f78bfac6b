// Installs a VSIX into an extensions folder with code-server's own installer (as `code --install-extension`
// would), in a throwaway state folder so nothing lands in $HOME. Used by prepare.mjs (the scenarios' VSIX) and
// packaged.e2e.mjs (the VSIX `npm run package` builds).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerBin, node24 } from './paths.mjs';

export function installVsix(vsix, extensionsDir, stateDir) {
  rmSync(extensionsDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
  for (const dir of ['xdg-config', 'xdg-data', 'tmp', 'user-data']) mkdirSync(join(stateDir, dir), { recursive: true });
  execFileSync(node24, [codeServerBin, '--extensions-dir', extensionsDir, '--user-data-dir', join(stateDir, 'user-data'),
    '--install-extension', vsix], {
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: join(stateDir, 'xdg-config'),
      XDG_DATA_HOME: join(stateDir, 'xdg-data'),
      TMPDIR: join(stateDir, 'tmp'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
