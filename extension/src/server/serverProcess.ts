// Spawns the server process for the language client, turning "could not spawn" and "died while starting"
// into a reason the error message can show.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ServerLaunch } from './serverLocation';
import { describeEarlyExit, describeSpawnError, StderrTail } from './startFailure';

export class ServerStartError extends Error {
  constructor(message: string, readonly fromSetting: boolean) {
    super(message);
  }
}

export interface SpawnedServer {
  readonly process: ChildProcess;
  readonly stderr: StderrTail;
  /** Why the process ended, once it has: "exited with code 1 as it started: ...". */
  exitReason(): string | undefined;
}

/** Resolves once the OS has started the process; rejects with the reason when it cannot. */
export function spawnServer(launch: ServerLaunch): Promise<SpawnedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(launch.command, [...launch.args], { stdio: 'pipe', windowsHide: true });
    const stderr = new StderrTail();
    let exitReason: string | undefined;
    child.on('exit', (code, signal) => {
      exitReason = describeEarlyExit(code, signal, stderr.lastMeaningful());
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new ServerStartError(describeSpawnError(launch.command, error.code, error.message), launch.fromSetting));
    });
    child.once('spawn', () => resolve({ process: child, stderr, exitReason: () => exitReason }));
  });
}
