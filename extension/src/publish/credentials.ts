// The Patchworks credentials publishing uses, in VS Code's SecretStorage under the names the language server asks
// for with patchworks/getSecrets (PublishHandler): an API key, or a username and password. One kind at a time:
// storing one removes the other, since the server prefers the key. Values never leave SecretStorage except in
// the answer to the server (masked in traces); only which kind is stored is ever shown. No `vscode` import.

export const apiKeySecret = 'patchworks.api-key';
export const usernameSecret = 'patchworks.username';
export const passwordSecret = 'patchworks.password';
export const credentialSecrets = [apiKeySecret, usernameSecret, passwordSecret] as const;

export interface SecretStore {
  get(name: string): Thenable<string | undefined>;
  store(name: string, value: string): Thenable<void>;
  delete(name: string): Thenable<void>;
}

export type Credentials = { kind: 'apiKey'; apiKey: string } | { kind: 'login'; username: string; password: string };

/** Which credentials are stored (as the server would pick them), without their values; undefined for none. */
export async function storedCredentialKind(store: SecretStore): Promise<{ kind: 'apiKey' } | { kind: 'login'; username: string } | undefined> {
  if (await store.get(apiKeySecret)) return { kind: 'apiKey' };
  const username = await store.get(usernameSecret);
  if (username && (await store.get(passwordSecret))) return { kind: 'login', username };
  return undefined;
}

export async function storeCredentials(store: SecretStore, credentials: Credentials): Promise<void> {
  if (credentials.kind === 'apiKey') {
    await store.store(apiKeySecret, credentials.apiKey);
    await store.delete(usernameSecret);
    await store.delete(passwordSecret);
  } else {
    await store.store(usernameSecret, credentials.username);
    await store.store(passwordSecret, credentials.password);
    await store.delete(apiKeySecret);
  }
}

/** Deletes every stored credential; answers how many names held one. */
export async function forgetCredentials(store: SecretStore): Promise<number> {
  let held = 0;
  for (const name of credentialSecrets) {
    if ((await store.get(name)) !== undefined) held += 1;
    await store.delete(name);
  }
  return held;
}

/** The stored secret values (key, password), to mask in anything written to the log. */
export async function credentialValues(store: SecretStore): Promise<string[]> {
  const values = [await store.get(apiKeySecret), await store.get(passwordSecret)];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** An input box's validation: a message, or undefined when the value is fine. */
export function checkApiKey(value: string): string | undefined {
  if (value.trim() === '') return 'Paste the API key (Patchworks: general settings → API keys).';
  if (/\s/.test(value.trim())) return 'An API key has no spaces.';
  return undefined;
}

export function checkUsername(value: string): string | undefined {
  return value.trim() === '' ? 'Enter the username (email address) you log in to Patchworks with.' : undefined;
}

export function checkPassword(value: string): string | undefined {
  return value === '' ? 'Enter the password.' : undefined;
}
