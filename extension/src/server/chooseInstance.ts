// The instance a run, a listen or a test message uses: the connector's active instance, or, when there is none,
// the user is offered to choose one through the "Select Instance" command the status bar item uses. Shared by the
// request runner (runner/) and the event connectors' Listen and Send Test Message (events/).
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Services } from '../services';

export const SELECT_INSTANCE_COMMAND = 'patchworks.selectInstance';

export interface ChooseInstanceOptions {
  /** Why an instance matters, after "No instance is selected for X." */
  why?: string;
  /** Offer "Run Without Instance" (default true): an event listener cannot go without one (its broker's address). */
  allowWithout?: boolean;
}

/** The instance URI; `null` to run without one; undefined when the user dismissed the question. */
export async function chooseInstance(services: Services, connectorUri: string, options: ChooseInstanceOptions = {}): Promise<string | null | undefined> {
  const active = services.activeInstance(connectorUri);
  if (active) return active;
  const connectorName = path.basename(vscode.Uri.parse(connectorUri).fsPath);
  const select = 'Select Instance';
  const without = 'Run Without Instance';
  const why = options.why ?? 'An instance gives the run its values and credentials.';
  const buttons = options.allowWithout === false ? [select] : [select, without];
  const answer = await vscode.window.showInformationMessage(`No instance is selected for ${connectorName}. ${why}`, ...buttons);
  if (answer === without) return null;
  if (answer !== select) return undefined;
  await vscode.commands.executeCommand(SELECT_INSTANCE_COMMAND, connectorUri);
  return services.activeInstance(connectorUri);
}
