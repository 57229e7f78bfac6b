import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { bundledServerPath, locateServer, serverArguments, type FileProbe, type LocateOptions } from '../../src/server/serverLocation';

function probe(files: Record<string, 'exe' | 'file'>): FileProbe {
  return { isFile: (f) => f in files, isExecutable: (f) => files[f] === 'exe' };
}

function options(overrides: Partial<LocateOptions>): LocateOptions {
  return {
    settingPath: '',
    extensionPath: '/ext',
    platform: 'linux',
    arch: 'x64',
    homeDir: '/home/me',
    verbose: false,
    probe: probe({}),
    ...overrides,
  };
}

test('the bundled server is server/<platform>-<arch>/Patchworks.LanguageServer, .exe on Windows', () => {
  assert.equal(bundledServerPath('/ext', 'linux', 'x64'), '/ext/server/linux-x64/Patchworks.LanguageServer');
  assert.equal(bundledServerPath('C:\\ext', 'win32', 'arm64'), 'C:\\ext\\server\\win32-arm64\\Patchworks.LanguageServer.exe');
});

test('without the setting, the bundled server runs directly', () => {
  const exe = bundledServerPath('/ext', 'linux', 'x64');
  const found = locateServer(options({ probe: probe({ [exe]: 'exe' }) }));
  assert.deepEqual(found, { ok: true, launch: { command: exe, args: [], file: exe, fromSetting: false } });
});

test('a missing bundled server names the platform and points at the setting', () => {
  const found = locateServer(options({ platform: 'linux', arch: 'arm64' }));
  assert.equal(found.ok, false);
  if (found.ok) return;
  assert.match(found.failure.reason, /no language server for linux-arm64/);
  assert.match(found.failure.reason, /patchworks\.server\.path/);
  assert.equal(found.failure.fromSetting, true);
});

test('a bundled server that lost its execute bit says to reinstall', () => {
  const exe = bundledServerPath('/ext', 'linux', 'x64');
  const found = locateServer(options({ probe: probe({ [exe]: 'file' }) }));
  assert.equal(found.ok, false);
  if (!found.ok) assert.match(found.failure.reason, /not executable; reinstall/);
});

test('the setting wins over the bundled server; a .dll runs with dotnet', () => {
  const dll = '/src/bin/Patchworks.LanguageServer.dll';
  const found = locateServer(options({ settingPath: dll, verbose: true, probe: probe({ [dll]: 'file', [bundledServerPath('/ext', 'linux', 'x64')]: 'exe' }) }));
  assert.deepEqual(found, { ok: true, launch: { command: 'dotnet', args: [dll, '--verbose'], file: dll, fromSetting: true } });
});

test('the setting may start with ~/ and is trimmed', () => {
  const exe = '/home/me/pw/Patchworks.LanguageServer';
  const found = locateServer(options({ settingPath: '  ~/pw/Patchworks.LanguageServer ', probe: probe({ [exe]: 'exe' }) }));
  assert.equal(found.ok && found.launch.command, exe);
});

test('a setting naming a missing file, a relative path or a non-executable file is refused with the reason', () => {
  const missing = locateServer(options({ settingPath: '/nowhere/server' }));
  assert.ok(!missing.ok && /\/nowhere\/server, which does not exist/.test(missing.failure.reason) && missing.failure.fromSetting);
  const relative = locateServer(options({ settingPath: 'bin/server' }));
  assert.ok(!relative.ok && /must be an absolute path/.test(relative.failure.reason));
  const notExe = locateServer(options({ settingPath: '/x/server', probe: probe({ '/x/server': 'file' }) }));
  assert.ok(!notExe.ok && /not executable \(chmod \+x/.test(notExe.failure.reason));
});

test('on Windows the execute bit is not checked', () => {
  const exe = 'C:\\pw\\Patchworks.LanguageServer.exe';
  const found = locateServer(options({ platform: 'win32', settingPath: exe, probe: { isFile: () => true, isExecutable: () => false } }));
  assert.deepEqual(found, { ok: true, launch: { command: exe, args: [], file: exe, fromSetting: true } });
});

test('--verbose is the only argument, and only when asked for', () => {
  assert.deepEqual(serverArguments(false), []);
  assert.deepEqual(serverArguments(true), ['--verbose']);
});
