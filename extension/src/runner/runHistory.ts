// The last runs of each endpoint with each instance, kept in the extension's own storage (never in the
// workspace): the server's redacted run JSON, as Save Run writes it, one file per run. Compare with Previous Run
// reads the newest one older than the run shown. Only node:fs, so the unit tests use a temporary folder.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import * as path from 'node:path';

export interface HistoryKey {
  connectorUri: string;
  endpointId: string;
  /** The instance the run used (a file URI string), or null for a run without one. */
  instanceUri: string | null;
}

/** How many runs are kept per endpoint and instance; older ones are deleted as new ones come. */
export const HISTORY_SIZE = 10;

/** A run larger than this is not kept (it would be read back whole to compare). */
export const MAX_KEPT_CHARS = 64 * 1024 * 1024;

export class RunHistory {
  constructor(private readonly root: string, private readonly size = HISTORY_SIZE) {}

  /** The folder of one endpoint-and-instance: a hash, so no URI or id reaches a path. */
  folderOf(key: HistoryKey): string {
    const hash = createHash('sha256').update(`${key.connectorUri}\n${key.endpointId}\n${key.instanceUri ?? ''}`).digest('hex').slice(0, 32);
    return path.join(this.root, 'run-history', hash);
  }

  /**
   * Keeps a run (its JSON text, already redacted by the server) and deletes the oldest beyond the history's size.
   * Answers false when the run is not kept (too large, or it has no start time to order it by).
   */
  async add(key: HistoryKey, runText: string): Promise<boolean> {
    const startedAt = startedAtOf(runText);
    if (!startedAt || runText.length > MAX_KEPT_CHARS) return false;
    const folder = this.folderOf(key);
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, `${fileStamp(startedAt)}.json`);
    // Written beside and renamed: a reader never sees half a run.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, runText, { encoding: 'utf8', mode: 0o600 });
    await rename(partial, file);
    const runs = await this.list(key);
    await Promise.all(runs.slice(this.size).map((name) => rm(path.join(folder, name), { force: true })));
    return true;
  }

  /** The kept runs' file names, newest first. */
  async list(key: HistoryKey): Promise<string[]> {
    try {
      const names = await readdir(this.folderOf(key));
      return names.filter((n) => /^\d{8}T\d{9}Z\.json$/.test(n)).sort().reverse();
    } catch {
      return [];
    }
  }

  /** The newest kept run that started before `startedAt` (the run shown), as its text; undefined when none is kept. */
  async previous(key: HistoryKey, startedAt: string): Promise<{ text: string; startedAt: string } | undefined> {
    const before = fileStamp(startedAt);
    for (const name of await this.list(key)) {
      if (name.slice(0, -'.json'.length) >= before) continue;
      try {
        const text = await readFile(path.join(this.folderOf(key), name), 'utf8');
        const started = startedAtOf(text);
        if (started) return { text, startedAt: started };
      } catch {
        // Deleted meanwhile (another window pruned it): try the next.
      }
    }
    return undefined;
  }
}

/** The run's startedAt, read from its JSON text ({formatVersion, run: {startedAt}}), or undefined. */
export function startedAtOf(runText: string): string | undefined {
  try {
    const value = (JSON.parse(runText) as { run?: { startedAt?: unknown } }).run?.startedAt;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** 2026-12-07T03:18:04.123+00:00 → 20261207T031804123Z: sortable, and a valid file name everywhere. */
export function fileStamp(startedAt: string): string {
  const d = new Date(startedAt);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}Z`;
}
