// The local test APIs (tests/Patchworks.TestApi) for a scenario file: started on their own port before the
// editor, stopped after. Their root certificate is written to `caFile`, for patchworks.runner.trustedCertificates.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { repoRoot } from './paths.mjs';

/** `args`: more options for the test API, such as --core-throttle-write 4 --core-retry-after 50. */
/** The test APIs' port: PATCHWORKS_E2E_API_PORT, else the one after code-server's (PATCHWORKS_E2E_PORT, 18200). */
export const testApiPort = Number(process.env.PATCHWORKS_E2E_API_PORT || Number(process.env.PATCHWORKS_E2E_PORT || 18200) + 1);

export function useTestApi({ port, caFile, args = [] }) {
  let testApi;
  before(async () => {
    mkdirSync(dirname(caFile), { recursive: true });
    testApi = spawn('dotnet', ['run', '--project', join(repoRoot, 'tests/Patchworks.TestApi'), '-c', 'Release', '--',
      '--port', String(port), '--ca-out', caFile, ...args], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the test API did not start within 180 s:\n${output}`)), 180_000);
      const onData = (chunk) => {
        output += chunk;
        if (output.includes(`https://127.0.0.1:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      testApi.stdout.on('data', onData);
      testApi.stderr.on('data', onData);
      testApi.on('exit', (code) => reject(new Error(`the test API exited (${code}):\n${output}`)));
    });
  }, { timeout: 200_000 });
  after(() => {
    try {
      process.kill(-testApi.pid, 'SIGTERM'); // dotnet run and the API it started: one process group
    } catch {
      // already gone
    }
  });
}
