import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkVsixEntries, zipEntryNames } from '../../scripts/vsixContents.mjs';

/** A zip's central directory and end record (all that zipEntryNames reads) for the given names. */
function centralDirectory(names: string[]): Buffer {
  const entries = names.map((name) => {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(Buffer.byteLength(name), 28);
    return Buffer.concat([header, Buffer.from(name)]);
  });
  const directory = Buffer.concat(entries);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(16, 16); // the directory starts after 16 bytes of (pretend) file data
  return Buffer.concat([Buffer.alloc(16), directory, end]);
}

const good = [
  'extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/dist/extension.js',
  'extension/schemas/connector.schema.json', 'extension/schemas/instance.schema.json',
  'extension/server/linux-x64/Patchworks.LanguageServer', 'extension/server/linux-x64/Patchworks.Core.dll',
];

test('zip entry names are read from the central directory', () => {
  assert.deepEqual(zipEntryNames(centralDirectory(good)), good);
  assert.throws(() => zipEntryNames(Buffer.from('not a zip at all, not even close to one')), /not a zip/);
});

test('a good linux-x64 VSIX passes the check', () => {
  assert.deepEqual(checkVsixEntries(good, 'linux-x64'), []);
});

test('the check finds a missing or foreign server, node_modules, source maps, sources and secrets', () => {
  const bad = [
    ...good.filter((e) => !e.includes('Patchworks.LanguageServer')),
    'extension/server/win32-x64/Patchworks.LanguageServer.exe',
    'extension/node_modules/jsonc-parser/package.json',
    'extension/dist/extension.js.map',
    'extension/src/extension.ts',
    'extension/.env',
    'extension/media/dev.pem',
  ];
  const problems = checkVsixEntries(bad, 'linux-x64').join('\n');
  for (const expected of ['linux-x64/Patchworks.LanguageServer is missing', "another platform's server", 'node_modules', 'source map', 'TypeScript sources', '.env file', 'key or certificate']) {
    assert.ok(problems.includes(expected), `expected "${expected}" in:\n${problems}`);
  }
});

test('a Windows VSIX needs the .exe', () => {
  const windows = good.map((e) => e.replace('linux-x64/Patchworks.LanguageServer', 'win32-x64/Patchworks.LanguageServer.exe').replace('linux-x64', 'win32-x64'));
  assert.deepEqual(checkVsixEntries(windows, 'win32-x64'), []);
});
