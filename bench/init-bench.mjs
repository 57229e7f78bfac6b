// Start-up: time from spawn to the initialize reply, our server and the JSON server interleaved (A B, B A, ...),
// N runs each; prints min / median / max and the ratio of the medians. No dependencies.
// Usage: node bench/init-bench.mjs [runs]   (after bench/lsp-compare.sh has published the server and installed
// vscode-json-languageserver into bench/out/lsp)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'lsp');
const ours = [join(out, 'server', 'Patchworks.LanguageServer'), []];
const json = ['node', [join(out, 'lspbench', 'node_modules', 'vscode-json-languageserver', 'bin', 'vscode-json-languageserver'), '--stdio']];
for (const [command, args] of [ours, json]) {
  const file = command === 'node' ? args[0] : command;
  if (!existsSync(file)) {
    console.error(`init-bench: ${file} not found; run bench/lsp-compare.sh first`);
    process.exit(2);
  }
}
const runs = Number(process.argv[2] ?? 10);

function once([command, args]) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    let text = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${command}: no initialize reply in 10 s`)); }, 10_000);
    child.stdout.on('data', (chunk) => {
      text += chunk.toString();
      if (/"id"\s*:\s*1/.test(text)) {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - start) / 1e6);
        child.kill();
      }
    });
    child.on('error', reject);
  });
}

const times = { ours: [], json: [] };
for (let i = 0; i < runs; i++) {
  const order = i % 2 === 0 ? ['ours', 'json'] : ['json', 'ours'];
  for (const which of order) times[which].push(await once(which === 'ours' ? ours : json));
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const line = (name, list) => `${name.padEnd(28)} ${Math.min(...list).toFixed(0).padStart(5)} ${median(list).toFixed(0).padStart(7)} ${Math.max(...list).toFixed(0).padStart(5)}`;
console.log(`start → initialize reply, ms, ${runs} runs each, interleaved`);
console.log(`${''.padEnd(28)}   min  median   max`);
console.log(line('patchworks', times.ours));
console.log(line('vscode-json-languageserver', times.json));
console.log(`ratio of medians (patchworks / JSON): ${(median(times.ours) / median(times.json)).toFixed(2)}x`);
