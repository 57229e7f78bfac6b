// Patchworks: Paste cURL as Endpoint: the clipboard's curl command becomes an endpoint of the connector in the
// active editor, at the cursor when it is inside the endpoints. The server works out the merge (patchworks/import
// with mergeInto, insertAt and returnEdits), keeping the file's comments and what it has; a URL that starts with a
// connector variable's default becomes that variable's placeholder. The extension applies the edits it answers as
// one change of the editor, so one Undo takes the paste back.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { MAX_IMPORT_BYTES, asOutcome, importFailure, looksLikeCurl, outcomeMessage, pasteRequest } from './importModel';

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
  // The server merges into the open buffer it is sent (documents in the connector language); a connector shown in
  // another language (set by hand) is not sent, so the server reads the disk: saving first keeps the two the same.
  if (document.languageId !== 'patchworks-connector' && document.isDirty && !(await document.save())) return;
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) return;
  const folder = vscode.Uri.joinPath(document.uri, '..');
  // The server merges into the open buffer, which it has up to this version: the edits it answers apply to it.
  const version = document.version;
  try {
    const outcome = asOutcome(await client.sendRequest<unknown>('patchworks/import', pasteRequest(clipboard, document.uri.toString(), folder.toString(), editor.selection.active)));
    services.log.info(outcome.text);
    if (outcome.connectorEdits.length > 0) {
      if (document.version !== version) {
        void vscode.window.showWarningMessage('The connector changed while the cURL command was being read; paste it again.');
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const e of outcome.connectorEdits) {
        edit.replace(document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      }
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage('The endpoint could not be added to the connector in the editor.');
        return;
      }
    }
    void vscode.window.showInformationMessage(outcomeMessage(outcome));
  } catch (error) {
    const { message } = importFailure(error);
    services.log.error(`Paste cURL as Endpoint: ${message}`);
    void vscode.window.showErrorMessage(message);
  }
}
