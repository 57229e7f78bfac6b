// What a refused patchworks/events/listen or /send says: its message and the reason in its error data (missing
// secrets, an untrusted workspace, no sample body). No `vscode` import (unit-tested).

export interface MissingSecret {
  variable: string;
  usedBy: string;
  reference: string;
  message: string;
}

export interface RequestProblem {
  message: string;
  reason?: string;
  missingSecrets: MissingSecret[];
}

export function requestProblem(error: unknown): RequestProblem {
  const message = error instanceof Error ? error.message : typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error);
  const data = typeof error === 'object' && error !== null ? (error as { data?: unknown }).data : undefined;
  const problem: RequestProblem = { message, missingSecrets: [] };
  if (typeof data !== 'object' || data === null) return problem;
  const { reason, missingSecrets } = data as { reason?: unknown; missingSecrets?: unknown };
  if (typeof reason === 'string') problem.reason = reason;
  if (Array.isArray(missingSecrets)) {
    for (const m of missingSecrets) {
      if (typeof m !== 'object' || m === null || typeof (m as { variable?: unknown }).variable !== 'string') continue;
      const s = m as Record<string, unknown>;
      problem.missingSecrets.push({ variable: s.variable as string, usedBy: str(s.usedBy), reference: str(s.reference), message: str(s.message).replace(/\s*\n\s*/g, ' ') });
    }
  }
  return problem;
}

/** The SecretStorage name of a `secret:NAME` reference, else undefined (an env: reference is set in the environment). */
export function secretStorageName(reference: string): string | undefined {
  const match = /^secret:(.+)$/.exec(reference.trim());
  return match?.[1]?.trim() || undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
