#!/usr/bin/env node
// Workspace scale (issue 20, item 3): starts the language server on a generated workspace (bench/gen-workspace.mjs),
// opens one connector in its middle at once and hovers on it, and measures how long until every connector and
// instance file has been diagnosed, and the memory of the process at that moment; times `patchworks validate` of the
// same folder in the same run. No dependencies (a Content-Length framed JSON-RPC client over the server's stdio, after
// ../shared/bench/lspbench/lspbench.mjs).
//
//   node bench/workspace-bench.mjs --server bench/out/lsp/server/Patchworks.LanguageServer \
//     [--cli server/Patchworks.Cli/bin/Release/net9.0/patchworks] [--workspace bench/out/workspace] [--runs 3]
//     [--timeout 60000] [--json bench/out/workspace/results.json] [--server-args "--verbose"] [--verbose]
//     [--baseline /other/build/Patchworks.LanguageServer]   (interleaved: each run starts the baseline, then the server)
//
// "Fully diagnosed": the server publishes textDocument/publishDiagnostics for every file it analyses, an empty list
// for a clean file (DiagnosticsPublisher.PublishAsync always publishes the file's own URI), and the workspace index
// (LifecycleHandler.Initialized) schedules every connector and instance file it finds. So the moment every
// *.connector.json and *.instance.json under the workspace has had at least one publish is the moment it is fully
// diagnosed. Tests files are not scheduled by the index (only when open), so they are not counted.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const o = {
  server: join(repo, 'bench/out/lsp/server/Patchworks.LanguageServer'),
  cli: null,
  workspace: join(repo, 'bench/out/workspace'),
  runs: 3,
  timeout: 60000,
  json: null,
  serverArgs: '',
  verbose: false,
  label: null,
  baseline: null,
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const v = () => argv[++i];
  switch (argv[i]) {
    case '--server': o.server = resolve(v()); break;
    case '--cli': o.cli = resolve(v()); break;
    case '--workspace': o.workspace = resolve(v()); break;
    case '--runs': o.runs = Number(v()); break;
    case '--timeout': o.timeout = Number(v()); break;
    case '--json': o.json = resolve(v()); break;
    case '--server-args': o.serverArgs = v(); break;
    case '--label': o.label = v(); break;
    case '--baseline': o.baseline = resolve(v()); break;
    case '--verbose': o.verbose = true; break;
    default: throw new Error(`unknown option ${argv[i]}`);
  }
}
o.json ??= join(o.workspace, 'results.json');

const sleep = ms => new Promise(r => setTimeout(r, ms));
const uriOf = path => pathToFileURL(path).href;
const normUri = u => { try { return decodeURIComponent(u); } catch { return u; } };

function procStatus(pid) {
  try {
    const t = readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = k => { const m = t.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')); return m ? Number(m[1]) : null; };
    return { VmRSS_kB: get('VmRSS'), VmHWM_kB: get('VmHWM'), Threads: get('Threads') };
  } catch { return null; }
}
function cpuMs(pid) { // utime+stime in ms, CLK_TCK 100
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return null; }
}

class Connection {
  constructor(proc) {
    this.proc = proc; this.nextId = 1; this.pending = new Map(); this.listeners = []; this.buf = Buffer.alloc(0);
    proc.stdout.on('data', d => this.onData(d));
    proc.stdin.on('error', () => {});
  }
  onData(chunk) {
    const t = performance.now();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const he = this.buf.indexOf('\r\n\r\n');
      if (he < 0) return;
      const m = this.buf.subarray(0, he).toString('ascii').match(/Content-Length:\s*(\d+)/i);
      if (!m) { this.buf = this.buf.subarray(he + 4); continue; }
      const start = he + 4, len = Number(m[1]);
      if (this.buf.length < start + len) return;
      const msg = JSON.parse(this.buf.subarray(start, start + len).toString('utf8'));
      this.buf = this.buf.subarray(start + len);
      this.dispatch(msg, t);
    }
  }
  dispatch(msg, t) {
    if (msg.method === undefined && msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (p) { this.pending.delete(msg.id); p({ result: msg.result, error: msg.error, t }); }
      return;
    }
    if (msg.id !== undefined) { // a request of the server's (configuration, registration): answer null
      this.write({ jsonrpc: '2.0', id: msg.id, result: null });
      return;
    }
    if (o.verbose && msg.method === 'window/logMessage') console.error(`[server] ${msg.params?.message}`);
    for (const l of this.listeners) l(msg, t);
  }
  write(obj) {
    const s = JSON.stringify(obj);
    const t = performance.now();
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(s, 'utf8')}\r\n\r\n${s}`);
    return t;
  }
  notify(method, params) { return this.write({ jsonrpc: '2.0', method, params }); }
  request(method, params) {
    const id = this.nextId++;
    const promise = new Promise(r => this.pending.set(id, r));
    const t0 = this.write({ jsonrpc: '2.0', id, method, params });
    return { t0, promise };
  }
}

function walk(folder, out = []) {
  for (const e of readdirSync(folder, { withFileTypes: true })) {
    const p = join(folder, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && (e.name.endsWith('.connector.json') || e.name.endsWith('.instance.json'))) out.push(p);
  }
  return out;
}

const files = walk(o.workspace).sort();
const expected = new Set(files.map(f => normUri(uriOf(f))));
const connectors = files.filter(f => f.endsWith('.connector.json'));
const instances = files.length - connectors.length;
// The API connector nearest the middle (an event connector has no "url" to hover).
const opened = [...connectors.slice(Math.floor(connectors.length / 2)), ...connectors]
  .find(f => /"url"\s*:\s*"/.test(readFileSync(f, 'utf8')));
const openedText = readFileSync(opened, 'utf8');
// The hover target: the value of the first "url" key (the first endpoint's), one character into the string.
const hoverAt = (() => {
  const lines = openedText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/"url"\s*:\s*"/);
    if (m) return { line: i, character: m.index + m[0].length + 1 };
  }
  throw new Error(`no "url" in ${opened}`);
})();

async function runServer(run, server = o.server) {
  const t0 = performance.now();
  const args = o.serverArgs ? o.serverArgs.split(/\s+/).filter(Boolean) : [];
  const proc = spawn(server, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', d => { stderr += d; if (o.verbose) process.stderr.write(d); });
  const conn = new Connection(proc);
  const seen = new Set();
  let publishes = 0;
  let diagnosticsNow = new Map(); // uri -> count of the latest publish
  let allAt = null;
  let memAt = null;
  let resolveAll;
  const all = new Promise(r => { resolveAll = r; });
  conn.listeners.push((msg, t) => {
    if (msg.method !== 'textDocument/publishDiagnostics') return;
    publishes++;
    const uri = normUri(msg.params.uri);
    diagnosticsNow.set(uri, msg.params.diagnostics?.length ?? 0);
    if (expected.has(uri)) seen.add(uri);
    if (allAt === null && seen.size === expected.size) {
      allAt = t;
      memAt = procStatus(proc.pid);
      resolveAll();
    }
  });

  const rootUri = uriOf(o.workspace);
  const init = conn.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
    capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } }, workspace: { workspaceFolders: true } },
    initializationOptions: { workspaceTrusted: true },
  });
  const initReply = await init.promise;
  const initMs = initReply.t - t0;
  conn.notify('initialized', {});
  const openT = conn.notify('textDocument/didOpen', { textDocument: { uri: uriOf(opened), languageId: 'json', version: 1, text: openedText } });
  const hover = conn.request('textDocument/hover', { textDocument: { uri: uriOf(opened) }, position: hoverAt });
  const hoverReply = await hover.promise;
  const hoverMs = hoverReply.t - openT;
  const hoverOk = !!hoverReply.result?.contents;

  const timedOut = await Promise.race([all.then(() => false), sleep(o.timeout).then(() => true)]);
  const cpu = cpuMs(proc.pid);
  await conn.request('shutdown', null).promise;
  conn.notify('exit', null);
  await new Promise(r => { proc.on('exit', r); setTimeout(() => { proc.kill(); r(); }, 3000); });
  let diagnostics = 0;
  for (const [uri, n] of diagnosticsNow) if (expected.has(uri)) diagnostics += n;
  const result = {
    run,
    initializeMs: initMs,
    hoverMs,
    hoverOk,
    diagnosedMs: timedOut ? null : allAt - t0,
    diagnosedFiles: seen.size,
    expectedFiles: expected.size,
    publishes,
    diagnostics,
    VmHWM_MB: memAt ? memAt.VmHWM_kB / 1024 : null,
    VmRSS_MB: memAt ? memAt.VmRSS_kB / 1024 : null,
    cpuMs: cpu,
  };
  if (timedOut) console.error(`run ${run}: timed out with ${seen.size}/${expected.size} files diagnosed${stderr ? `\n${stderr.slice(-2000)}` : ''}`);
  return result;
}

function runCli() {
  if (!o.cli) return null;
  const t0 = performance.now();
  const r = spawnSync(o.cli, ['validate', o.workspace], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const summary = (r.stdout + r.stderr).trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
  return { validateMs: ms, exitCode: r.status, summary };
}

const stats = xs => {
  const v = xs.filter(x => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { min: v[0], median: mid, max: v[v.length - 1], n: v.length };
};

const runs = [];
const baselineRuns = [];
const describe = (who, run, server, cli) => console.error(`${who} run ${run}: initialize ${server.initializeMs.toFixed(0)} ms, hover ${server.hoverMs.toFixed(0)} ms${server.hoverOk ? '' : ' (empty!)'}, ` +
  `diagnosed ${server.diagnosedMs?.toFixed(0) ?? 'timeout'} ms (${server.diagnosedFiles}/${server.expectedFiles}), ` +
  `VmHWM ${server.VmHWM_MB?.toFixed(0)} MB, ${server.diagnostics} diagnostics` + (cli ? `, validate ${cli.validateMs.toFixed(0)} ms (exit ${cli.exitCode})` : ''));
for (let run = 1; run <= o.runs; run++) {
  if (o.baseline) {
    const base = await runServer(run, o.baseline);
    baselineRuns.push(base);
    describe('baseline', run, base, null);
  }
  const server = await runServer(run);
  const cli = runCli();
  runs.push({ ...server, ...(cli ?? {}) });
  describe('server', run, server, cli);
}

const figures = [
  ['spawn → initialize reply (ms)', 'initializeMs', 0],
  ['didOpen → first hover answer (ms)', 'hoverMs', 0],
  ['spawn → every file diagnosed (ms)', 'diagnosedMs', 0],
  ['VmHWM when diagnosed (MB)', 'VmHWM_MB', 0],
  ['VmRSS when diagnosed (MB)', 'VmRSS_MB', 0],
  ['server CPU at the end (ms)', 'cpuMs', 0],
  ['diagnostics (sum of the latest publishes)', 'diagnostics', 0],
  ['`patchworks validate` (ms)', 'validateMs', 0],
];
const summary = {};
const baselineSummary = {};
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const lines = [
  `Workspace ${o.workspace}: ${connectors.length} connectors, ${instances} instances; opened ${opened.slice(o.workspace.length + 1)}, hover at ${hoverAt.line + 1}:${hoverAt.character + 1}.`,
  `${o.runs} runs${o.baseline ? ' interleaved with the baseline' : ''}, load average ${load}${o.label ? `, ${o.label}` : ''}.`,
  '',
  o.baseline ? '| figure | baseline min | baseline median | baseline max | min | median | max |' : '| figure | min | median | max |',
  o.baseline ? '| --- | ---: | ---: | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: | ---: |',
];
const cells = s => s ? `${s.min.toFixed(0)} | ${s.median.toFixed(0)} | ${s.max.toFixed(0)}` : '- | - | -';
for (const [name, key] of figures) {
  const s = stats(runs.map(r => r[key]));
  summary[key] = s;
  if (o.baseline) {
    const b = stats(baselineRuns.map(r => r[key]));
    baselineSummary[key] = b;
    if (s || b) lines.push(`| ${name} | ${cells(b)} | ${cells(s)} |`);
  } else if (s) {
    lines.push(`| ${name} | ${cells(s)} |`);
  }
}
console.log(lines.join('\n'));
mkdirSync(dirname(o.json), { recursive: true });
writeFileSync(o.json, JSON.stringify({
  date: new Date().toISOString(), loadavg: load, label: o.label, workspace: o.workspace, connectors: connectors.length, instances,
  opened, hoverAt, server: o.server, cli: o.cli, runs, summary,
  ...(o.baseline ? { baseline: o.baseline, baselineRuns, baselineSummary } : {}),
}, null, 2));
console.error(`wrote ${o.json}`);
if ([...runs, ...baselineRuns].some(r => r.diagnosedMs === null)) process.exitCode = 1;
