// "Patchworks: Pull Connector from Patchworks…": lists the company's system templates (patchworks/listTemplates),
// asks which and into which folder (default: the workspace folder), has the server write the connector, its icon
// and its sidecar (patchworks/pull), then opens the connector and shows the report (what Patchworks does not hold,
// the placeholders to fill in) in the log. Credentials as for publishing: SecretStorage through patchworks/getSecrets.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient';
import type { Services } from '../services';
import { maskValues } from '../server/traceRedaction';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { consentToCredentialOrigin } from './credentialConsent';
import { credentialValues } from './credentials';
import { signInToPatchworks } from './patchworksSignIn';
import { publishFailureOf, wantsSignIn } from './publishFailure';
import { readPublishSettings, type PublishSettings } from './publishSettings';
import { asPullResult, asTemplates, pullSummary, templateItems, type PullResult } from './pullModel';

export const PULL_COMMAND = 'patchworks.pullConnector';

export async function pullConnector(services: Services, signedIn = false): Promise<void> {
  if (!requireTrust(trustActions.pull, services.log)) return;
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri;
  let settings: PublishSettings;
  try {
    settings = await readPublishSettings(workspaceFolder ?? vscode.Uri.file('/'));
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!(await consentToCredentialOrigin(services.context, services.log, settings.apiUrl, settings.connectTo))) return;
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) {
    void vscode.window.showErrorMessage('Pulling needs the Patchworks language server, which is not running. See the Patchworks log.');
    return;
  }
  const connection = {
    apiUrl: settings.apiUrl, connectTo: settings.connectTo, trustedCertificatesPem: settings.trustedCertificatesPem,
    ...(settings.assumptions ? { assumptions: settings.assumptions } : {}),
  };
  const mask = async (text: string) => maskValues(text, await credentialValues(services.context.secrets));

  let templateId: string;
  try {
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Patchworks: reading the system templates…', cancellable: true },
      (_progress, token) => client.sendRequest<unknown>('patchworks/listTemplates', connection, token),
    );
    const templates = asTemplates(answer);
    if (templates.length === 0) {
      void vscode.window.showInformationMessage(`Patchworks: the company has no system templates at ${settings.apiUrl}.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(templateItems(templates), { title: 'Pull which connector from Patchworks?', matchOnDescription: true, matchOnDetail: true });
    if (!picked) return;
    templateId = picked.id;
  } catch (error) {
    await failed(services, error, mask, signedIn);
    return;
  }

  const folder = await pickFolder(workspaceFolder);
  if (!folder) return;
  const run = (force: boolean) => vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Pulling from Patchworks', cancellable: true },
    async (progress, token) => {
      const workDoneToken = randomUUID();
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const message = (value as WorkDoneProgressBegin | WorkDoneProgressReport).message;
        if (message) progress.report({ message });
      });
      try {
        return asPullResult(await client.sendRequest<unknown>('patchworks/pull', { ...connection, id: templateId, folderUri: folder.toString(), force, workDoneToken }, token));
      } finally {
        listening.dispose();
      }
    },
  );
  let result: PullResult;
  try {
    result = await run(false);
  } catch (error) {
    if ((error as { data?: { reason?: unknown } } | null)?.data?.reason === 'exists') {
      const overwrite = 'Overwrite';
      const choice = await vscode.window.showWarningMessage(`Patchworks: ${await mask(publishFailureOf(error).message)}`, { modal: true }, overwrite);
      if (choice !== overwrite) return;
      try {
        result = await run(true);
      } catch (again) {
        await failed(services, again, mask, signedIn);
        return;
      }
    } else {
      await failed(services, error, mask, signedIn);
      return;
    }
  }
  services.log.info(await mask(result.text));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.connectorUri));
  await vscode.window.showTextDocument(document);
  const choice = await vscode.window.showInformationMessage(`Patchworks: ${pullSummary(result)}`, 'Show Report');
  if (choice === 'Show Report') services.log.show();
}

/** The folder to write into: the workspace folder, or one chosen. */
async function pickFolder(workspaceFolder: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (workspaceFolder) {
    const here = `Into ${vscode.workspace.asRelativePath(workspaceFolder, true) || workspaceFolder.fsPath}`;
    const picked = await vscode.window.showQuickPick([{ label: here, uri: workspaceFolder }, { label: 'Choose a folder…', uri: undefined }], { title: 'Where should the connector go?' });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, defaultUri: workspaceFolder, openLabel: 'Pull Here' });
  const folder = chosen?.[0];
  // The server writes only inside a workspace folder: say so here rather than after the Core API was asked.
  if (folder && !vscode.workspace.getWorkspaceFolder(folder)) {
    void vscode.window.showErrorMessage('Patchworks: choose a folder inside the workspace; pulling writes only there.');
    return undefined;
  }
  return folder;
}

async function failed(services: Services, error: unknown, mask: (text: string) => Promise<string>, signedIn: boolean): Promise<void> {
  const failure = publishFailureOf(error);
  const message = await mask(failure.message);
  services.log.error(`Pull: ${message}`);
  if (wantsSignIn(failure) && !signedIn) {
    const choice = await vscode.window.showErrorMessage(`Patchworks: ${message}`, 'Sign In to Patchworks');
    if (choice && (await signInToPatchworks(services))) await pullConnector(services, true);
    return;
  }
  const choice = await vscode.window.showErrorMessage(`Patchworks: ${message}`, 'Show Log');
  if (choice) services.log.show();
}
