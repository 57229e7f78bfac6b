// Workspace trust (VS Code's workspace-trust API): in a workspace the user has not trusted, nothing that sends a
// connector's requests, runs its scripts, signs in or publishes may run, since a cloned repository chooses what those
// do (and where the user's credentials go). Commands call `requireTrust` first; the manifest hides their menu
// entries with `isWorkspaceTrusted`; the language server is told too, and refuses on its side.
import * as vscode from 'vscode';
import { trustMessage } from './trustMessage';

export const manageTrustCommand = 'workbench.trust.manage';

/**
 * True when the workspace is trusted. Otherwise shows "Trust this workspace to <action>." with a button that opens
 * VS Code's workspace trust editor, and answers false: the caller stops.
 */
export function requireTrust(action: string, log?: vscode.LogOutputChannel): boolean {
  if (vscode.workspace.isTrusted) return true;
  const { text, button } = trustMessage(action);
  log?.info(`Refused in an untrusted workspace: ${action}.`);
  void vscode.window.showWarningMessage(text, button).then((choice) => {
    if (choice === button) void vscode.commands.executeCommand(manageTrustCommand);
  });
  return false;
}
