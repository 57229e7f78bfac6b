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
  await vscode.commands.executeCommand(SELECT_INSTANCE_COMMAND, connectorUri);
  return services.activeInstance(connectorUri);
}
