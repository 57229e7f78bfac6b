// "Which connector?" for the forms that work on one (Add Endpoint, Add Authentication Method, Add Instance, Add
// Test): the connectors the server knows in the workspace, the only one without asking.
import * as vscode from 'vscode';
import { workspaceFiles } from '../server/connectorOutline';
import type { Services } from '../services';

export async function pickConnector(services: Services): Promise<vscode.TextDocument | undefined> {
  const files = (await workspaceFiles(services)).connectors.map((c) => vscode.Uri.parse(c.uri));
  if (files.length === 0) {
    void vscode.window.showErrorMessage('Patchworks: there is no connector (*.connector.json) in the workspace.');
    return undefined;
  }
  const picked = files.length === 1 ? files[0] : (await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Which connector?' }))?.uri;
  return picked ? vscode.workspace.openTextDocument(picked) : undefined;
}
