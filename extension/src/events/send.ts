// Send Test Message: publishes a body (the listener's sample body, the active editor's text, or a file) to the
// listener's exchange and first binding key through the server's patchworks/events/send, and says whether the
// broker confirmed it. A messages panel open on the listener shows it arriving (the broker delivers it there).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { bodyChoices, bodyFor, sendResultText } from './choices';
import { askMissingSecrets } from './missingSecrets';
import { loadEventConnector, startOnListener } from './pickListener';
import { retryWithMissingSecrets } from './secretRetry';

export const SEND_TITLE = 'Send Test Message';

export interface SendAnswer {
  confirmed: boolean;
  outcome: string;
  message: string;
  fault: { code: string; message: string } | null;
  listener: string;
  exchange: string;
  routingKey: string;
  bytes: number;
  messageId: string;
}

export async function sendTestMessage(services: Services, connectorArg: unknown, listenerArg: unknown): Promise<void> {
  if (!requireTrust(trustActions.events, services.log)) return; // before asking anything
  const start = await startOnListener(services, connectorArg, listenerArg, SEND_TITLE, 'Send Test Message');
  if (!start) return;
  const { client, target, instanceUri } = start;

  const connector = await loadEventConnector(services, target.connectorUri).catch(() => undefined);
  const listener = connector?.listeners.find((l) => l.id === target.listenerId);
  // The editor the command was started from, unless it is the connector itself (then its text is no message).
  const editor = vscode.window.activeTextEditor;
  const editorDocument = editor && editor.document.uri.toString() !== target.connectorUri ? editor.document : undefined;
  const choices = bodyChoices({ sampleBody: listener?.hasSampleBody ?? false, ...(editorDocument ? { editorName: vscode.workspace.asRelativePath(editorDocument.uri) } : {}) });
  const picked = await vscode.window.showQuickPick(choices, { title: `${SEND_TITLE}: ${target.listenerId}`, placeHolder: 'The message body to send' });
  if (!picked) return;
  let body: { body?: string } | undefined;
  try {
    body = await bodyFor(picked.source, {
      editorText: () => editorDocument?.getText(),
      fileText: async () => {
        const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Send', title: `${SEND_TITLE}: the body`, defaultUri: vscode.Uri.parse(target.connectorUri) });
        if (!files?.[0]) return undefined;
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(files[0]));
      },
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`${SEND_TITLE}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!body) return;

  const title = `${SEND_TITLE}: ${target.listenerId}`;
  const outcome = await retryWithMissingSecrets((missing) => askMissingSecrets(services, missing, title), async (values) => {
    services.log.info(`Send test message: ${target.listenerId} of ${target.connectorUri} with ${instanceUri} (${picked.source}).`);
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, cancel) => client.sendRequest<SendAnswer>('patchworks/events/send', {
        uri: target.connectorUri,
        listenerId: target.listenerId,
        instanceUri,
        values,
        ...body,
      }, cancel),
    );
    const result = sendResultText(answer);
    services.log.info(`Send test message: ${target.listenerId}: ${answer.outcome}.`);
    if (result.level === 'info') void vscode.window.showInformationMessage(result.text);
    else if (result.level === 'warning') void vscode.window.showWarningMessage(result.text);
    else void vscode.window.showErrorMessage(result.text);
  });
  // Sent, or the user gave up on the missing secrets (nothing more to say); else the refusal.
  if (outcome.done || outcome.gaveUp) return;
  const { problem } = outcome;
  services.log.error(`Send test message: ${target.listenerId} failed: ${problem.message}`);
  if (problem.reason === 'untrustedWorkspace') requireTrust(trustActions.events, services.log);
  else void vscode.window.showErrorMessage(`${SEND_TITLE}: ${problem.message}`);
}
