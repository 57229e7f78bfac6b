// Starts the C# language server over stdio and builds the `Services` the feature modules share.
// Skeleton: the server-launch issue work fills in server location, failure messages, secrets and the
// active instance status bar.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Services } from '../services';

export function startLanguageServer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const command = vscode.workspace.getConfiguration('patchworks').get<string>('server.path') ?? '';
  const serverOptions: ServerOptions = { command, args: [] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/*.connector.json' },
      { scheme: 'file', pattern: '**/*.instance.json' },
    ],
    outputChannel: log,
  };
  const client = new LanguageClient('patchworks', 'Patchworks', serverOptions, clientOptions);
  const ready = client.start().then(() => client);
  let started: LanguageClient | undefined;
  void ready.then((c) => (started = c));
  const active = new Map<string, string | undefined>();
  const changed = new vscode.EventEmitter<{ connectorUri: string; instanceUri: string | undefined }>();
  context.subscriptions.push(changed);
  return {
    context,
    log,
    client: () => started,
    whenClientReady: () => ready,
    activeInstance: (connectorUri) => active.get(connectorUri),
    async setActiveInstance(connectorUri, instanceUri) {
      active.set(connectorUri, instanceUri);
      await (await ready).sendRequest('patchworks/setActiveInstance', { connectorUri, instanceUri: instanceUri ?? null });
      changed.fire({ connectorUri, instanceUri });
    },
    onDidChangeActiveInstance: changed.event,
  };
}
