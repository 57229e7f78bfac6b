// patchworks/secretNames: the SecretStorage names of an instance's secrets, as the server names them
// (SecretNames in server/Patchworks.Core/Editing: the instance's name as a slug, a hyphen, the variable's key), so the
// Add Instance wizard and the server's quick fixes write the same `secret:NAME`.
import type { LanguageClient } from 'vscode-languageclient/node';

export interface SecretNamesAnswer {
  slug: string;
  names: Record<string, string>;
}

export async function fetchSecretNames(client: LanguageClient, instanceName: string, keys: string[]): Promise<Record<string, string>> {
  const answer = (await client.sendRequest('patchworks/secretNames', { instanceName, keys })) as Partial<SecretNamesAnswer> | null;
  const names = answer?.names;
  if (!names || typeof names !== 'object' || keys.some((key) => typeof names[key] !== 'string')) {
    throw new Error('The language server answered patchworks/secretNames without a name for every secret (an older server?).');
  }
  return names;
}
