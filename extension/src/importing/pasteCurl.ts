// Patchworks: Paste cURL as Endpoint: the clipboard's curl command becomes an endpoint of the connector in the
// active editor. The server merges it (patchworks/import with mergeInto), keeping the file's comments and what it
// has; a URL that starts with a connector variable's default becomes that variable's placeholder.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { MAX_IMPORT_BYTES, asOutcome, importFailure, looksLikeCurl, outcomeMessage } from './importModel';

export const PASTE_CURL_COMMAND = 'patchworks.pasteCurlAsEndpoint';

export async function pasteCurlAsEndpoint(services: Services): Promise<void> {
  if (!requireTrust(trustActions.importing, services.log)) return;
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!document || document.uri.scheme !== 'file' || !document.fileName.endsWith('.connector.json')) {
    void vscode.window.showWarningMessage('Open a connector (*.connector.json) to paste a cURL command into.');
    return;
  }
  const clipboard = await vscode.env.clipboard.readText();
  if (!looksLikeCurl(clipboard)) {
    void vscode.window.showWarningMessage('The clipboard holds no curl command: copy one (it starts with "curl") and try again.');
    return;
  }
  if (clipboard.length > MAX_IMPORT_BYTES) {
    void vscode.window.showErrorMessage('The clipboard holds more than 50 MB; paste a single curl command.');
    return;
  }
  // The server merges into what is on disk or open; saving first keeps the two the same.
  if (document.isDirty && !(await document.save())) return;
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) return;
  const folder = vscode.Uri.joinPath(document.uri, '..');
  try {
    const outcome = asOutcome(await client.sendRequest<unknown>('patchworks/import', {
      text: clipboard,
      format: 'curl',
      targetFolderUri: folder.toString(),
      mergeInto: document.uri.toString(),
      // A pasted endpoint belongs to a connector someone already tests: no test instance beside it.
      writeInstance: false,
    }));
    services.log.info(outcome.text);
    // The server wrote the file the editor shows (saved above): show what is on disk now, without waiting for the watcher.
    if (outcome.writtenUris.some((uri) => vscode.Uri.parse(uri).fsPath === document.uri.fsPath) && vscode.window.activeTextEditor?.document === document && !document.isDirty) {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    void vscode.window.showInformationMessage(outcomeMessage(outcome));
  } catch (error) {
    const { message } = importFailure(error);
    services.log.error(`Paste cURL as Endpoint: ${message}`);
    void vscode.window.showErrorMessage(message);
  }
}
