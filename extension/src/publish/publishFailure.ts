// What a failed patchworks/publishPlan or patchworks/publish means for the person: the server's error data says
// why ({ reason, problems }, docs/language-server.md), which decides the next step offered (sign in, bump the
// version, show the problems). No `vscode` import.

export type FailureReason =
  | 'noCredentials' | 'credentialsRefused' | 'connectorErrors' | 'remoteNewer' | 'versionPublished'
  | 'cancelled' | 'failed' | 'coreApi' | 'other';

export interface PlacedProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface PublishFailure {
  reason: FailureReason;
  message: string;
  problems: PlacedProblem[];
}

const reasons: readonly FailureReason[] = [
  'noCredentials', 'credentialsRefused', 'connectorErrors', 'remoteNewer', 'versionPublished', 'cancelled', 'failed', 'coreApi',
];

/** A ResponseError of vscode-jsonrpc (code, message, data) or anything else thrown. */
export function publishFailureOf(error: unknown): PublishFailure {
  const message = error instanceof Error ? error.message : String(error);
  const data = (error as { data?: unknown } | null)?.data;
  const reason = (data as { reason?: unknown } | null)?.reason;
  const problems = (data as { problems?: unknown } | null)?.problems;
  return {
    reason: typeof reason === 'string' && (reasons as string[]).includes(reason) ? (reason as FailureReason) : 'other',
    message,
    problems: Array.isArray(problems) ? problems.filter(isProblem) : [],
  };
}

function isProblem(value: unknown): value is PlacedProblem {
  const p = value as Partial<PlacedProblem> | null;
  return typeof p === 'object' && p !== null && typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/** The failures signing in (again) can fix. */
export function wantsSignIn(failure: PublishFailure): boolean {
  return failure.reason === 'noCredentials' || failure.reason === 'credentialsRefused';
}

/** The problems as `file:line:col: message` lines for the log. */
export function problemLines(failure: PublishFailure): string[] {
  return failure.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
}
