// The instance a run uses: the connector's active instance, or, when there is none, the user is offered to
// choose one through the "Select Instance" command the status bar item uses.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Services } from '../services';

export const SELECT_INSTANCE_COMMAND = 'patchworks.selectInstance';

/** The instance URI; `null` to run without one; undefined when the user dismissed the question. */
export async function chooseInstance(services: Services, connectorUri: string): Promise<string | null | undefined> {
  const active = services.activeInstance(connectorUri);
  if (active) return active;
  const connectorName = path.basename(vscode.Uri.parse(connectorUri).fsPath);
  const select = 'Select Instance';
  const without = 'Run Without Instance';
  const answer = await vscode.window.showInformationMessage(
    `No instance is selected for ${connectorName}. An instance gives the run its values and credentials.`,
    select,
    without,
  );
  if (answer === without) return null;
  if (answer !== select) return undefined;
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(SELECT_INSTANCE_COMMAND)) {
    await vscode.commands.executeCommand(SELECT_INSTANCE_COMMAND, connectorUri);
  } else {
    await pickInstanceFile(services, connectorUri);
  }
  return services.activeInstance(connectorUri);
}

/** Used only when the status bar's command is not there: the instance files beside the connector. */
async function pickInstanceFile(services: Services, connectorUri: string): Promise<void> {
  const connector = vscode.Uri.parse(connectorUri);
  const folder = vscode.Uri.joinPath(connector, '..');
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '*.instance.json'));
  if (files.length === 0) {
    void vscode.window.showErrorMessage(`There is no instance file (*.instance.json) beside ${path.basename(connector.fsPath)}.`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), uri })),
    { title: 'Select Instance', placeHolder: `The instance to run ${path.basename(connector.fsPath)} with` },
  );
  if (picked) await services.setActiveInstance(connectorUri, picked.uri.toString());
}
