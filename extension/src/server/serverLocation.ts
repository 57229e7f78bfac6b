// Where the language server is and how to run it: the `patchworks.server.path` setting (an executable, or a
// .dll run with `dotnet`) or the server bundled in the VSIX. No `vscode` import, so the unit tests cover it.
import * as path from 'node:path';

export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /** The file that was found (the executable or the .dll), for messages and the log. */
  readonly file: string;
  readonly fromSetting: boolean;
}

export interface ServerLocationFailure {
  /** One sentence a user can act on. */
  readonly reason: string;
  /** True when the setting caused it, so the message offers "Open Settings". */
  readonly fromSetting: boolean;
}

export type ServerLocation = { ok: true; launch: ServerLaunch } | { ok: false; failure: ServerLocationFailure };

/** What the locator needs from the file system, injected so tests need no real files. */
export interface FileProbe {
  isFile(file: string): boolean;
  isExecutable(file: string): boolean;
}

export interface LocateOptions {
  /** The setting's value, possibly empty or with a leading `~`. */
  readonly settingPath: string | undefined;
  readonly extensionPath: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly homeDir: string;
  readonly verbose: boolean;
  readonly probe: FileProbe;
}

export const serverName = 'Patchworks.LanguageServer';

/** `server/<platform>-<arch>/Patchworks.LanguageServer[.exe]` inside the extension. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string {
  const exe = platform === 'win32' ? `${serverName}.exe` : serverName;
  return pathsOf(platform).join(extensionPath, 'server', `${platform}-${arch}`, exe);
}

/** The server's own arguments: it speaks LSP on stdio either way; `--verbose` lowers its log level to Debug. */
export function serverArguments(verbose: boolean): string[] {
  return verbose ? ['--verbose'] : [];
}

export function locateServer(options: LocateOptions): ServerLocation {
  const setting = options.settingPath?.trim() ?? '';
  const args = serverArguments(options.verbose);
  if (setting !== '') {
    const file = expandHome(setting, options.homeDir, options.platform);
    if (!pathsOf(options.platform).isAbsolute(file)) {
      return fail(`The setting patchworks.server.path must be an absolute path; it is "${setting}".`, true);
    }
    if (!options.probe.isFile(file)) {
      return fail(`The setting patchworks.server.path names ${file}, which does not exist or is not a file.`, true);
    }
    if (file.toLowerCase().endsWith('.dll')) {
      return { ok: true, launch: { command: 'dotnet', args: [file, ...args], file, fromSetting: true } };
    }
    if (options.platform !== 'win32' && !options.probe.isExecutable(file)) {
      return fail(`The setting patchworks.server.path names ${file}, which is not executable (chmod +x it, or name the .dll to run it with dotnet).`, true);
    }
    return { ok: true, launch: { command: file, args, file, fromSetting: true } };
  }
  const bundled = bundledServerPath(options.extensionPath, options.platform, options.arch);
  if (!options.probe.isFile(bundled)) {
    return fail(
      `This installation has no language server for ${options.platform}-${options.arch} (looked for ${bundled}). ` +
        'Install the VSIX built for this platform, or set patchworks.server.path to a server you built.',
      true,
    );
  }
  if (options.platform !== 'win32' && !options.probe.isExecutable(bundled)) {
    return fail(`The bundled language server ${bundled} is not executable; reinstall the extension.`, false);
  }
  return { ok: true, launch: { command: bundled, args, file: bundled, fromSetting: false } };
}

/** Windows paths on Windows, POSIX elsewhere (and in tests on any host). */
function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function expandHome(file: string, homeDir: string, platform: NodeJS.Platform): string {
  return file === '~' || file.startsWith('~/') ? pathsOf(platform).join(homeDir, file.slice(1)) : file;
}

function fail(reason: string, fromSetting: boolean): ServerLocation {
  return { ok: false, failure: { reason, fromSetting } };
}
