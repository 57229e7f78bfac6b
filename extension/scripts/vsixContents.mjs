// Reads the file list of a VSIX (a zip) without a dependency, and checks it: the platform's server is
// there, and nothing that must not ship is (node_modules, source maps, TypeScript sources, secrets).
import { readFileSync } from 'node:fs';

/** The names in a zip's central directory. */
export function zipEntryNames(buffer) {
  const eocdSignature = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory record');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry at ${offset}`);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

export function readVsixEntries(file) {
  return zipEntryNames(readFileSync(file));
}

const forbidden = [
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.map$/, 'a source map'],
  [/^extension\/src\//, 'TypeScript sources'],
  [/^extension\/test\//, 'tests'],
  [/(^|\/)\.env(\.|$)/, 'an .env file'],
  [/\.(pem|key|pfx|p12)$/i, 'a key or certificate'],
  [/(^|\/)secrets?\.json$/i, 'a secrets file'],
  [/\.vsix$/, 'another VSIX'],
];

/** Problems with a VSIX's entries for a target such as "linux-x64"; empty when it is fine. */
export function checkVsixEntries(entries, target) {
  const problems = [];
  const exe = target.startsWith('win32-') ? 'Patchworks.LanguageServer.exe' : 'Patchworks.LanguageServer';
  const server = `extension/server/${target}/${exe}`;
  if (!entries.includes(server)) problems.push(`the server ${server} is missing`);
  for (const other of new Set(entries.filter((e) => e.startsWith('extension/server/')).map((e) => e.split('/')[2]))) {
    if (other !== target) problems.push(`it carries another platform's server: extension/server/${other}/`);
  }
  for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/schemas/connector.schema.json', 'extension/schemas/instance.schema.json']) {
    if (!entries.includes(required)) problems.push(`${required} is missing`);
  }
  for (const entry of entries) {
    for (const [pattern, what] of forbidden) {
      if (pattern.test(entry)) problems.push(`${entry} is ${what}`);
    }
  }
  return problems;
}
