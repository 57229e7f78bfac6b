// Listen: the listener's queue through the server's patchworks/events/listen, each message shown in the listener's
// messages panel as its patchworks/events/message arrives, until Stop (patchworks/events/stop), the panel closed,
// or a broker fault; then the summary. The instance is the connector's active one, else the user is asked.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Services } from '../services';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import { SETTLE_CHOICES, settleFor, settleWords } from './choices';
import type { ListenRouter } from './listenRouter';
import { MessagesPanel, type PanelActions } from './messagesPanel';
import { askMissingSecrets } from './missingSecrets';
import { asEventMessage, asListenAnswer, asListeningInfo, summaryView, type ListenTarget, type Settle } from './panelModel';
import { startOnListener } from './pickListener';
import { retryWithMissingSecrets } from './secretRetry';

export const LISTEN_TITLE = 'Listen to Event Listener';

export async function listenToListener(services: Services, router: ListenRouter, connectorArg: unknown, listenerArg: unknown): Promise<void> {
  if (!requireTrust(trustActions.events, services.log)) return; // before asking anything
  const start = await startOnListener(services, connectorArg, listenerArg, LISTEN_TITLE, 'Listen');
  if (!start) return;
  const { client, target, instanceUri } = start;
  const picked = await vscode.window.showQuickPick(
    SETTLE_CHOICES.map((c) => ({ label: c.label, detail: c.detail })),
    { title: `Listen: ${target.listenerId}`, placeHolder: 'What happens to the messages the listen receives' },
  );
  const settle = settleFor(picked?.label);
  if (!settle) return;
  router.attach(client);

  const panel = MessagesPanel.for(target, services.context.extensionUri, panelActions(services));
  if (panel.running) {
    // A second Listen on the same listener restarts it: the running one stopped first (its messages go back when peeked).
    if (panel.listenId) stopListen(services, panel.listenId);
    await panel.running;
  }
  let finished!: () => void;
  panel.running = new Promise<void>((resolve) => (finished = resolve));
  try {
    await runListen(services, router, panel, target, instanceUri, settle);
  } finally {
    panel.running = undefined;
    finished();
  }
}

async function runListen(services: Services, router: ListenRouter, panel: MessagesPanel, target: ListenTarget, instanceUri: string, settle: Settle): Promise<void> {
  const client = await services.whenClientReady();
  const instanceName = path.basename(vscode.Uri.parse(instanceUri).fsPath);
  const title = `Listen: ${target.listenerId}`;
  const outcome = await retryWithMissingSecrets((missing) => askMissingSecrets(services, missing, title), async (values) => {
    if (panel.disposed) return;
    const listenId = randomUUID();
    panel.start(listenId, settleWords(settle), instanceName);
    router.add(listenId, (notification) => {
      if (notification.kind === 'listening') {
        const info = asListeningInfo(notification);
        if (info) panel.listening(info);
      } else if (notification.kind === 'message') {
        const message = asEventMessage(notification.message);
        if (message) panel.message(message);
      }
    });
    services.log.info(`Listen: ${target.listenerId} of ${target.connectorUri} with ${instanceUri} (${settle}).`);
    try {
      const answer = asListenAnswer(await client.sendRequest('patchworks/events/listen', {
        uri: target.connectorUri,
        listenId,
        listenerId: target.listenerId,
        instanceUri,
        values,
        settle,
      }));
      const summary = summaryView(answer);
      panel.ended(summary);
      services.log.info(`Listen: ${target.listenerId}: ${answer.summary.end}, ${answer.summary.messages} messages${answer.summary.fault ? `, ${answer.summary.fault.code}` : ''}.`);
      if (summary.fault && !panel.disposed) void vscode.window.showErrorMessage(`Listen: ${target.listenerId}: ${summary.fault}`);
    } finally {
      router.delete(listenId);
    }
  });
  if (outcome.done) return;
  // Refused, or the user gave up on the missing secrets: the panel says why.
  const { problem } = outcome;
  services.log.error(`Listen: ${target.listenerId} failed: ${problem.message}`);
  panel.failed(problem.message);
  if (problem.reason === 'untrustedWorkspace') requireTrust(trustActions.events, services.log);
  else void vscode.window.showErrorMessage(`Listen: ${target.listenerId}: ${problem.message}`);
}

function panelActions(services: Services): PanelActions {
  return {
    stop(panel) {
      if (panel.listenId) stopListen(services, panel.listenId);
    },
  };
}

function stopListen(services: Services, listenId: string): void {
  services.client()?.sendNotification('patchworks/events/stop', { listenId })
    .catch((error: unknown) => services.log.warn(`patchworks/events/stop failed: ${error instanceof Error ? error.message : String(error)}`));
}
