// The server's requests and commands that touch secrets: `patchworks/getSecrets` (answered from VS Code's
// SecretStorage), `patchworks/setSecret` (refresh tokens the server keeps there) and `patchworks.storeSecret` (a PW5005 quick fix moving a literal secret out of a file).
// Secret values are never logged; only names are.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { answerGetSecrets, parseSetSecretParams, parseStoreSecretArgument } from './secretAnswers';

export function registerSecretHandlers(client: LanguageClient, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): void {
  client.onRequest('patchworks/getSecrets', async (params: unknown) => {
    // Defense in depth: the server asks only to run, sign in or publish, which it refuses in an untrusted workspace.
    if (!vscode.workspace.isTrusted) {
      log.warn('The server asked for secrets in an untrusted workspace; none given.');
      return {};
    }
    const answer = await answerGetSecrets(params, (name) => secrets.get(name));
    log.info(`The server asked for secrets; SecretStorage holds ${Object.keys(answer).length}: ${Object.keys(answer).join(', ') || 'none'}.`);
    return answer;
  });
  // The server keeps OAuth 2 refresh tokens here so that a sign-in survives a restart of the editor.
  client.onRequest('patchworks/setSecret', async (params: unknown) => {
    const secret = parseSetSecretParams(params);
    if (!secret) {
      log.warn('The server asked to keep a secret under a name it does not own; refused.');
      return null;
    }
    if (secret.value === null) {
      await secrets.delete(secret.name);
      log.info(`Forgot the refresh token "${secret.name}".`);
    } else {
      await secrets.store(secret.name, secret.value);
      log.info(`Kept a refresh token in VS Code's secret storage ("${secret.name}").`);
    }
    return null;
  });
}

export function registerStoreSecretCommand(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('patchworks.storeSecret', async (arg: unknown) => {
    const secret = parseStoreSecretArgument(arg);
    if (!secret) {
      void vscode.window.showErrorMessage('Patchworks: the secret was not stored: the command needs { name, value }.');
      return;
    }
    await secrets.store(secret.name, secret.value);
    log.info(`Stored the secret "${secret.name}" in VS Code's secret storage.`);
    void vscode.window.showInformationMessage(`Patchworks: stored the secret "${secret.name}" in VS Code's secret storage (secret:${secret.name}).`);
  });
}
