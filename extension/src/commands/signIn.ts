// "Patchworks: Sign In to Instance": obtains the instance's token now (patchworks/signIn), without sending an
// endpoint request. For the OAuth 2 authorisation code grant this is the browser sign-in; the server keeps the
// refresh token in SecretStorage (patchworks/setSecret), so later runs need no browser.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { readRunSettings, RunSettingsError } from '../settings/runnerSettings';
import { toUri } from './selectInstance';
import { signInMessage, type SignInAnswer } from './signInMessage';
import { workspaceFiles } from '../server/connectorOutline';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';

export async function signIn(services: Services, instanceArg?: unknown): Promise<void> {
  if (!requireTrust(trustActions.signInToInstance, services.log)) return;
  const instance = toUri(instanceArg) ?? activeInstanceFile() ?? (await pickInstance(services));
  if (!instance) return;
  let settings;
  try {
    settings = await readRunSettings(instance);
  } catch (error) {
    if (error instanceof RunSettingsError) {
      void vscode.window.showErrorMessage(`Patchworks: ${error.message}`);
      return;
    }
    throw error;
  }
  const name = path.basename(instance.fsPath);
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Signing in ${name}…`, cancellable: true },
    async (_progress, token) => {
      const client = await services.whenClientReady();
      return client.sendRequest<SignInAnswer>('patchworks/signIn', {
        instanceUri: instance.toString(),
        timeoutSeconds: settings.timeoutSeconds,
        connectTo: settings.connectTo,
        trustedCertificatesPem: settings.trustedCertificatesPem,
      }, token);
    },
  ).then((a) => a, (error: unknown) => ({ signedIn: false, message: error instanceof Error ? error.message : String(error) }) as SignInAnswer);
  const text = signInMessage(name, answer);
  services.log.info(text);
  if (answer.signedIn) void vscode.window.showInformationMessage(text);
  else void vscode.window.showErrorMessage(text, 'Open Log').then((choice) => choice && services.log.show());
}

function activeInstanceFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'file' && uri.fsPath.endsWith('.instance.json') ? uri : undefined;
}

async function pickInstance(services: Services): Promise<vscode.Uri | undefined> {
  const instances = (await workspaceFiles(services)).instances;
  if (instances.length === 0) {
    void vscode.window.showWarningMessage('Patchworks: there is no instance file (*.instance.json) in the workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    instances.map((i) => ({ label: i.label, description: i.name, detail: vscode.workspace.asRelativePath(vscode.Uri.parse(i.uri)), uri: vscode.Uri.parse(i.uri) })),
    { title: 'Sign in to an instance', matchOnDetail: true },
  );
  return picked?.uri;
}
