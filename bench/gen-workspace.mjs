#!/usr/bin/env node
// Generates a large Patchworks workspace from the repository's samples (issue 20, "workspace scale").
//
//   node bench/gen-workspace.mjs [--connectors 500] [--instances-per-connector 4] [--out bench/out/workspace] [--samples samples]
//
// The sample folders (each with a *.connector.json) are copied round-robin to <out>/c001, <out>/c002, ...: every file
// of the folder (instances, tests file, the schemas/samples/scripts/soap files the connector references, recordings,
// the icon). Each folder then holds exactly N instances: the sample's own (in name order, trimmed if it has more) and
// copies of them named <base>-<k>.instance.json, with "name" suffixed " <k>" and "companyGroup" suffixed "-<k>" (set to
// "Default-<k>" when the instance has none), so the one-live-one-test-per-company-group rule (PW5008) still holds.
// The repository's schemas/ folder is copied to <out>/schemas and every "$schema": "../../schemas/..." becomes
// "../schemas/...". Files are edited as text, not parsed: the samples have comments (JSONC). No dependencies.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const options = { connectors: 500, instancesPerConnector: 4, out: join(repo, 'bench/out/workspace'), samples: join(repo, 'samples') };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const value = () => {
    if (i + 1 >= args.length) throw new Error(`${args[i]} needs a value`);
    return args[++i];
  };
  switch (args[i]) {
    case '--connectors': options.connectors = Number.parseInt(value(), 10); break;
    case '--instances-per-connector': options.instancesPerConnector = Number.parseInt(value(), 10); break;
    case '--out': options.out = resolve(value()); break;
    case '--samples': options.samples = resolve(value()); break;
    case '-h': case '--help':
      console.log('node bench/gen-workspace.mjs [--connectors 500] [--instances-per-connector 4] [--out bench/out/workspace] [--samples samples]');
      process.exit(0);
    default: throw new Error(`unknown option ${args[i]}`);
  }
}
if (!(options.connectors > 0) || !(options.instancesPerConnector >= 0)) throw new Error('--connectors must be > 0 and --instances-per-connector >= 0');

// The sample folders: those holding a *.connector.json, in name order.
const samples = readdirSync(options.samples, { withFileTypes: true })
  .filter(e => e.isDirectory())
  .map(e => join(options.samples, e.name))
  .filter(folder => readdirSync(folder).some(f => f.endsWith('.connector.json')))
  .sort();
if (samples.length === 0) throw new Error(`no sample folder with a *.connector.json under ${options.samples}`);

rmSync(options.out, { recursive: true, force: true });
mkdirSync(options.out, { recursive: true });
cpSync(join(repo, 'schemas'), join(options.out, 'schemas'), { recursive: true });

const fixSchema = text => text.replace(/("\$schema"\s*:\s*")\.\.\/\.\.\/schemas\//g, '$1../schemas/');
const width = Math.max(3, String(options.connectors).length);
let instances = 0;
let bytes = 0;

for (let c = 0; c < options.connectors; c++) {
  const sample = samples[c % samples.length];
  const folder = join(options.out, `c${String(c + 1).padStart(width, '0')}`);
  cpSync(sample, folder, { recursive: true });

  // Top-level JSON files: the $schema paths move one level up.
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name.endsWith('.json') && statSync(path).isFile()) {
      const text = readFileSync(path, 'utf8');
      const fixed = fixSchema(text);
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }

  const own = readdirSync(folder).filter(f => f.endsWith('.instance.json')).sort();
  if (own.length === 0 && options.instancesPerConnector > 0) throw new Error(`${sample} has no instance to copy`);
  for (const extra of own.slice(options.instancesPerConnector)) rmSync(join(folder, extra));
  const kept = own.slice(0, options.instancesPerConnector);
  for (let k = kept.length; k < options.instancesPerConnector; k++) {
    const source = own[k % own.length];
    const copy = Math.floor(k / own.length) + 1; // 2, 3, ...: the sample's own files are copy 1
    const text = readFileSync(join(folder, source), 'utf8');
    writeFileSync(join(folder, `${basename(source, '.instance.json')}-${copy}.instance.json`), duplicateInstance(text, copy));
  }
  instances += options.instancesPerConnector;
  for (const name of readdirSync(folder, { recursive: true })) {
    const path = join(folder, String(name));
    if (statSync(path).isFile()) bytes += statSync(path).size;
  }
}

/** An instance's copy: its first "name" suffixed, its "companyGroup" suffixed (added after "connector" when absent). */
function duplicateInstance(text, copy) {
  let out = text.replace(/("name"\s*:\s*")((?:[^"\\]|\\.)*)"/, (_, head, name) => `${head}${name} ${copy}"`);
  if (/"companyGroup"\s*:/.test(out)) {
    out = out.replace(/("companyGroup"\s*:\s*")((?:[^"\\]|\\.)*)"/, (_, head, group) => `${head}${group}-${copy}"`);
  } else {
    out = out.replace(/("connector"\s*:\s*"(?:[^"\\]|\\.)*"\s*,)/, `$1 "companyGroup": "Default-${copy}",`);
    if (!out.includes('"companyGroup"')) throw new Error('an instance without "connector": cannot place its companyGroup');
  }
  return out;
}

if (!existsSync(join(options.out, 'schemas', 'connector.schema.json'))) throw new Error('schemas were not copied');
console.log(`${options.out}: ${options.connectors} connectors (${samples.length} samples round-robin), ${instances} instances, ${(bytes / 1048576).toFixed(1)} MB`);
