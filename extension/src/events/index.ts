// Event connectors in the editor (docs/events.md "In the editor"): Listen (the Listen lens on each listener, or
// the palette) with its messages panel, and Send Test Message (the lens, or the palette). Both need a trusted
// workspace: they connect to the broker with the instance's credentials.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { listenToListener } from './listen';
import { ListenRouter } from './listenRouter';
import { sendTestMessage } from './send';

export const LISTEN_COMMAND = 'patchworks.events.listen';
export const SEND_COMMAND = 'patchworks.events.send';

export function registerEvents(services: Services): void {
  const router = new ListenRouter();
  const failed = (name: string) => (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`${name} failed: ${message}`);
    void vscode.window.showErrorMessage(`Patchworks: ${message}`);
  };
  services.context.subscriptions.push(
    vscode.commands.registerCommand(LISTEN_COMMAND, (connectorArg?: unknown, listenerArg?: unknown) =>
      listenToListener(services, router, connectorArg, listenerArg).catch(failed('Listen'))),
    vscode.commands.registerCommand(SEND_COMMAND, (connectorArg?: unknown, listenerArg?: unknown) =>
      sendTestMessage(services, connectorArg, listenerArg).catch(failed('Send Test Message'))),
  );
}
