// The answer to the server's `patchworks/getSecrets`: the names SecretStorage holds, the others left out so
// the server falls back to the environment. No `vscode` import; the store is injected.

export interface GetSecretsParams {
  names: string[];
}

export async function answerGetSecrets(
  params: unknown,
  read: (name: string) => Thenable<string | undefined>,
): Promise<Record<string, string>> {
  const names = namesOf(params);
  const answer: Record<string, string> = {};
  for (const name of new Set(names)) {
    const value = await read(name);
    if (value !== undefined) answer[name] = value;
  }
  return answer;
}

function namesOf(params: unknown): string[] {
  if (typeof params !== 'object' || params === null) return [];
  const names = (params as { names?: unknown }).names;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && n !== '') : [];
}

/** The argument of `patchworks.storeSecret`, checked; undefined when it is not `{ name, value }` strings. */
export function parseStoreSecretArgument(arg: unknown): { name: string; value: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { name, value } = arg as { name?: unknown; value?: unknown };
  if (typeof name !== 'string' || name.trim() === '' || typeof value !== 'string') return undefined;
  return { name, value };
}

/**
 * The params of the server's `patchworks/setSecret` (an OAuth 2 refresh token to keep, or null to forget a
 * refused one), checked; undefined when malformed. Only names the server owns are accepted, so the request
 * cannot overwrite a user's own `secret:` values.
 */
export function parseSetSecretParams(params: unknown): { name: string; value: string | null } | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const { name, value } = params as { name?: unknown; value?: unknown };
  if (typeof name !== 'string' || !name.startsWith(SERVER_OWNED_SECRET_PREFIX)) return undefined;
  if (value !== null && typeof value !== 'string') return undefined;
  return { name, value };
}

/** Secrets the server keeps for itself (refresh tokens) live under this prefix in SecretStorage. */
export const SERVER_OWNED_SECRET_PREFIX = 'patchworks.refresh-token.';
