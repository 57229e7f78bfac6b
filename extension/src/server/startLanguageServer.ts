// Starts the C# language server over stdio and builds the `Services` the feature modules share: the client,
// the server's requests to the client (secrets), the active instance per connector, restart on setting change.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Services } from '../services';
import { ActiveInstanceStore } from './activeInstances';
import { ServerManager } from './serverManager';
import { registerSecretHandlers } from './secretHandlers';

export function startLanguageServer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const active = new ActiveInstanceStore(context.workspaceState);
  const manager = new ServerManager({
    context,
    log,
    prepareClient: (client) => registerSecretHandlers(client, context.secrets, log),
  });
  context.subscriptions.push(active, manager);

  // The server keeps the active instances in memory only: give it every remembered choice when it (re)starts.
  context.subscriptions.push(manager.onDidStart((client) => void sendActiveInstances(client, active, log)));

  // Trust is granted without a restart: tell the running server (a restart sends it in initializationOptions).
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('The workspace is trusted now: Send Request, sign-in and publishing are enabled.');
      // (The client may be stopping: VS Code can restart the extension host when trust is granted.)
      manager.client()?.sendNotification('patchworks/setWorkspaceTrust', { trusted: true })
        .catch((error: unknown) => log.warn(`Could not tell the server the workspace is trusted: ${String(error)}`));
    }),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('patchworks.server.path') || e.affectsConfiguration('patchworks.server.verbose')) {
        log.info('The server settings changed: restarting the language server.');
        void manager.restart();
      } else if (e.affectsConfiguration('patchworks.server.trace')) {
        manager.refreshTrace();
      }
    }),
  );

  void manager.start();

  return {
    context,
    log,
    client: () => manager.client(),
    whenClientReady: () => manager.whenClientReady(),
    activeInstance: (connectorUri) => active.get(connectorUri),
    async setActiveInstance(connectorUri, instanceUri) {
      await active.set(connectorUri, instanceUri);
      const client = manager.client();
      if (client) await sendActiveInstance(client, connectorUri, instanceUri);
    },
    onDidChangeActiveInstance: active.onDidChange,
    restartServer: () => manager.restart(),
    onDidStartServer: manager.onDidStart,
    onDidPublishDiagnostics: manager.onDidPublishDiagnostics,
  };
}

function sendActiveInstance(client: LanguageClient, connectorUri: string, instanceUri: string | undefined): Promise<unknown> {
  return client.sendRequest('patchworks/setActiveInstance', { connectorUri, instanceUri: instanceUri ?? null });
}

async function sendActiveInstances(client: LanguageClient, active: ActiveInstanceStore, log: vscode.LogOutputChannel): Promise<void> {
  for (const [connectorUri, instanceUri] of Object.entries(active.all())) {
    try {
      await sendActiveInstance(client, connectorUri, instanceUri);
    } catch (error) {
      // A remembered file may have been deleted or renamed since: forget it rather than fail every start.
      log.warn(`Forgetting the active instance ${instanceUri} of ${connectorUri}: ${String(error)}`);
      await active.set(connectorUri, undefined);
    }
  }
}
