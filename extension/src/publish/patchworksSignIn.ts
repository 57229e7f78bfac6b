// "Patchworks: Sign In to Patchworks" and "Sign Out of Patchworks": the credentials publishing uses (not an
// instance's: that is "Sign In to Instance"). An API key, or a username and password for a login token; kept in
// VS Code's SecretStorage only (credentials.ts), read by the language server through patchworks/getSecrets.
import * as vscode from 'vscode';
import type { Services } from '../services';
import {
  checkApiKey, checkPassword, checkUsername, forgetCredentials, storeCredentials, storedCredentialKind, type Credentials,
} from './credentials';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';

/** Asks for credentials and stores them; true when the user finished. */
export async function signInToPatchworks(services: Services): Promise<boolean> {
  if (!requireTrust(trustActions.signInToPatchworks, services.log)) return false;
  const current = await storedCredentialKind(services.context.secrets);
  const method = await vscode.window.showQuickPick(
    [
      {
        label: '$(key) API key',
        method: 'apiKey' as const,
        detail: 'A key from Patchworks general settings → API keys (manager role or above). Keys do not expire.',
      },
      {
        label: '$(account) Username and password',
        method: 'login' as const,
        detail: 'Logs in for a token (24 h), renewed while you publish.',
      },
    ],
    {
      title: 'Sign in to Patchworks (for publishing connectors)',
      placeHolder: current ? `Replaces the ${current.kind === 'apiKey' ? 'API key' : 'login'} stored now. How do you sign in?` : 'How do you sign in?',
      ignoreFocusOut: true,
    },
  );
  if (!method) return false;
  const credentials = method.method === 'apiKey' ? await askApiKey() : await askLogin(current?.kind === 'login' ? current.username : undefined);
  if (!credentials) return false;
  await storeCredentials(services.context.secrets, credentials);
  const what = credentials.kind === 'apiKey' ? 'an API key' : `the login ${credentials.username}`;
  services.log.info(`Signed in to Patchworks with ${what}, kept in VS Code's secret storage.`);
  void vscode.window.showInformationMessage(`Signed in to Patchworks with ${what}. It is kept in VS Code's secret storage, never in a file.`);
  return true;
}

export async function signOutOfPatchworks(services: Services): Promise<void> {
  const held = await forgetCredentials(services.context.secrets);
  const text = held > 0
    ? 'Signed out of Patchworks: the credentials were removed from VS Code\'s secret storage.'
    : 'You were not signed in to Patchworks: no credentials were stored.';
  services.log.info(text);
  void vscode.window.showInformationMessage(text);
}

async function askApiKey(): Promise<Credentials | undefined> {
  const apiKey = await vscode.window.showInputBox({
    title: 'Sign in to Patchworks: API key',
    prompt: 'The Patchworks API key (sent as it is in the Authorization header of Core API requests).',
    password: true,
    ignoreFocusOut: true,
    validateInput: checkApiKey,
  });
  return apiKey === undefined ? undefined : { kind: 'apiKey', apiKey: apiKey.trim() };
}

async function askLogin(username?: string): Promise<Credentials | undefined> {
  const user = await vscode.window.showInputBox({
    title: 'Sign in to Patchworks: username (1/2)',
    prompt: 'The username (email address) you log in to the Patchworks dashboard with.',
    ...(username ? { value: username } : {}),
    ignoreFocusOut: true,
    validateInput: checkUsername,
  });
  if (user === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: 'Sign in to Patchworks: password (2/2)',
    prompt: `The password of ${user.trim()}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: checkPassword,
  });
  return password === undefined ? undefined : { kind: 'login', username: user.trim(), password };
}
