// Patchworks: Import Connector…: the user picks a Postman collection, an OpenAPI document, a HAR file or cURL
// commands; the extension reads it (at most 50 MB) and sends its text to the server, which answers what would be
// created. A webview lists the endpoints and auth methods with checkboxes and the guesses to confirm (those that can
// be left out with a checkbox too); Import writes the checked ones, without what the unticked guesses produced, into the workspace folder (the server refuses any folder outside the workspace) and opens the
// connector. The server never reads the picked path: only the text travels.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import {
  MAX_IMPORT_BYTES,
  asOutcome,
  asPreview,
  formatOf,
  importFailure,
  outcomeMessage,
  type FromImportView,
  type ToImportView,
} from './importModel';

export const IMPORT_COMMAND = 'patchworks.importConnector';

export async function importConnector(services: Services, target?: unknown): Promise<void> {
  if (!requireTrust(trustActions.importing, services.log)) return;
  const folder = target instanceof vscode.Uri ? target : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showWarningMessage('Open a folder first: the imported connector is written into the workspace.');
    return;
  }
  const picked = await vscode.window.showOpenDialog({
    title: 'Import Connector: choose a Postman collection, OpenAPI document, HAR file or cURL commands',
    canSelectMany: false,
    openLabel: 'Preview Import',
    filters: {
      'API descriptions': ['json', 'yaml', 'yml', 'har', 'curl', 'sh', 'txt'],
      'All files': ['*'],
    },
  });
  const file = picked?.[0];
  if (!file) return;
  const text = await readSource(file);
  if (text === undefined) return;
  const fileName = file.path.slice(file.path.lastIndexOf('/') + 1);
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) return;
  const request = { text, fileName, format: formatOf(fileName), targetFolderUri: folder.toString() };
  let preview;
  try {
    preview = asPreview(await client.sendRequest<unknown>('patchworks/importPreview', request));
  } catch (error) {
    const { message } = importFailure(error);
    services.log.error(`Import: ${message}`);
    void vscode.window.showErrorMessage(message);
    return;
  }

  const panel = vscode.window.createWebviewPanel('patchworks.importPreview', `Import ${fileName}`, vscode.ViewColumn.Active, webviewOptions(services.context.extensionUri));
  const post = (message: ToImportView) => void panel.webview.postMessage(message);
  panel.webview.html = webviewHtml(panel.webview, services.context.extensionUri, {
    title: `Import ${fileName}`,
    script: 'import-preview',
    initialState: { type: 'preview', preview, folder: vscode.workspace.asRelativePath(folder, true) } satisfies ToImportView,
  });
  panel.webview.onDidReceiveMessage(async (message: FromImportView) => {
    if (message?.type === 'cancel') {
      panel.dispose();
      return;
    }
    if (message?.type !== 'import' || !Array.isArray(message.only)) return;
    post({ type: 'busy', message: 'Importing…' });
    try {
      const rejected = Array.isArray(message.rejectedGuesses) ? message.rejectedGuesses.filter((id) => typeof id === 'string') : [];
      const outcome = asOutcome(await client.sendRequest<unknown>('patchworks/import', { ...request, only: message.only.filter((id) => typeof id === 'string'), rejectedGuesses: rejected }));
      services.log.info(outcome.text);
      panel.dispose();
      if (outcome.connectorUri) await vscode.window.showTextDocument(vscode.Uri.parse(outcome.connectorUri));
      const choice = await vscode.window.showInformationMessage(outcomeMessage(outcome), 'Show Report');
      if (choice === 'Show Report') services.log.show();
    } catch (error) {
      const { message: failure } = importFailure(error);
      services.log.error(`Import: ${failure}`);
      post({ type: 'failed', message: failure });
    }
  });
}

/** The picked file's text, or undefined (told to the user) when it is too large or cannot be read. */
async function readSource(file: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.size > MAX_IMPORT_BYTES) {
      void vscode.window.showErrorMessage(`The file is ${stat.size.toLocaleString()} bytes; at most 50 MB are imported.`);
      return undefined;
    }
    const bytes = await vscode.workspace.fs.readFile(file);
    if (bytes.byteLength > MAX_IMPORT_BYTES) {
      void vscode.window.showErrorMessage('The file is larger than 50 MB; at most 50 MB are imported.');
      return undefined;
    }
    return new TextDecoder('utf-8').decode(bytes);
  } catch (error) {
    void vscode.window.showErrorMessage(`The file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
