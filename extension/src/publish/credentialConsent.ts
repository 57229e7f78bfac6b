// Asks, once per origin, before the Patchworks credentials go to a Core API other than the default one
// (credentialOrigin.ts decides; the answer is kept in the extension's globalState, outside every workspace).
import * as vscode from 'vscode';
import {
  confirmationDetail, confirmationQuestion, credentialDecision, remember, rememberedKeys,
} from './credentialOrigin';

const rememberedKey = 'patchworks.confirmedCredentialOrigins';

/** True when publishing may send the credentials to `apiUrl`; otherwise the person has been told why not. */
export async function consentToCredentialOrigin(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  apiUrl: string,
  connectTo: readonly string[],
): Promise<boolean> {
  const remembered = rememberedKeys(context.globalState.get(rememberedKey));
  const decision = credentialDecision(apiUrl, remembered, connectTo);
  if (decision.kind === 'allowed') return true;
  if (decision.kind === 'refused') {
    log.warn(`Publish refused: ${decision.message}`);
    void vscode.window.showErrorMessage(`Patchworks: ${decision.message}`, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'patchworks.publish.apiUrl');
    });
    return false;
  }
  const send = 'Send';
  const choice = await vscode.window.showWarningMessage(confirmationQuestion(decision), { modal: true, detail: confirmationDetail(decision) }, send);
  if (choice !== send) {
    log.info(`Publish: the credentials were not sent to ${decision.key} (not confirmed).`);
    return false;
  }
  await context.globalState.update(rememberedKey, remember(remembered, decision.key));
  log.info(`Publish: sending the Patchworks credentials to ${decision.key} was confirmed; remembered.`);
  return true;
}
