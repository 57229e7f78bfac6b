// The few lines at the top of the response panel: how the run ended and what it read.
import type { RunResult, StopReason } from '../server/runModel';

/** succeeded: the run proved it read the last page; stopped: it ended without that proof (a limit, a total that
 * disagrees, a missing path, a repeat); as the CLI, which exits 0 only for completed. */
export type RunOutcome = 'succeeded' | 'stopped' | 'failed' | 'cancelled';

export interface RunSummary {
  outcome: RunOutcome;
  stop: StopReason;
  /** The stop reason in words. */
  stopLabel: string;
  stopMessage: string;
  pages: number;
  records: number;
  requests: number;
  authRequests: number;
  bytes: string;
  duration: string;
  rateLimitWait?: string;
  retryWait?: string;
  instance?: string;
  authMethod?: string;
  startedAt: string;
  warnings: string[];
  /** The status of the last response, if any came (a 404 ends a run as httpError). */
  lastStatus?: number;
}

const STOP_LABELS: Record<StopReason, string> = {
  completed: 'Completed: the last page was read',
  maxPages: 'Stopped at the page limit',
  maxRecords: 'Stopped at the record limit',
  repeatedRequest: 'Stopped: the next request would repeat an earlier one',
  endNotProven: 'Stopped: the end of the list was not proven',
  httpError: 'Failed: HTTP error',
  apiError: 'Failed: the API reported an error',
  networkError: 'Failed: network error',
  authenticationFailed: 'Failed: authentication refused',
  scriptFailed: 'Failed: a script failed',
  cancelled: 'Cancelled',
  invalidRequest: 'Failed: the request could not be built',
  missingSecret: 'Failed: a secret has no value (nothing was sent)',
  invalidResponse: 'Failed: the response could not be used',
};

/** The server's outcome (RunResult.Outcome) in the panel's words; a cancel, which the server counts as stopped, shown as its own. */
export function outcomeOf(run: Pick<RunResult, 'stop' | 'outcome'>): RunOutcome {
  if (run.stop === 'cancelled') return 'cancelled';
  return run.outcome === 'completed' ? 'succeeded' : run.outcome;
}

export function buildSummary(run: RunResult): RunSummary {
  const last = run.pages.at(-1)?.exchange.response;
  const summary: RunSummary = {
    outcome: outcomeOf(run),
    stop: run.stop,
    stopLabel: STOP_LABELS[run.stop] ?? run.stop,
    stopMessage: run.stopMessage,
    pages: run.pages.length,
    records: run.records,
    requests: run.requests,
    authRequests: run.auth.length,
    bytes: formatBytes(run.bytes),
    duration: formatDuration(run.durationMs),
    startedAt: run.startedAt,
    warnings: run.warnings ?? [],
  };
  if (run.rateLimitWaitMs > 0) summary.rateLimitWait = formatDuration(run.rateLimitWaitMs);
  if ((run.retryWaitMs ?? 0) > 0) summary.retryWait = formatDuration(run.retryWaitMs ?? 0);
  if (run.instance) summary.instance = run.instance;
  if (run.authMethod) summary.authMethod = run.authMethod;
  if (last) summary.lastStatus = last.status;
  return summary;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
