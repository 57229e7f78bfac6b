// The core commands (Select Instance, Validate Workspace, Show Resolved Request, Open Log, Restart Server,
// and the quick fixes' Store Secret) and the active-instance status-bar item.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerStoreSecretCommand } from '../server/secretHandlers';
import { registerActiveInstanceStatusBar } from './activeInstanceStatusBar';
import { ResolvedRequestDocuments, resolveRequest, resolvedScheme } from './resolveRequest';
import { selectInstance } from './selectInstance';
import { signIn } from './signIn';
import { validateWorkspace } from './validateWorkspace';

export function registerCoreCommands(services: Services): void {
  const { context, log } = services;
  const resolved = new ResolvedRequestDocuments();
  context.subscriptions.push(
    resolved,
    vscode.workspace.registerTextDocumentContentProvider(resolvedScheme, resolved),
    vscode.commands.registerCommand('patchworks.selectInstance', (connector?: unknown) => selectInstance(services, connector)),
    vscode.commands.registerCommand('patchworks.signIn', (instance?: unknown) => signIn(services, instance)),
    vscode.commands.registerCommand('patchworks.validateWorkspace', () => validateWorkspace(services)),
    vscode.commands.registerCommand('patchworks.resolveRequest', (connector?: unknown, endpointId?: unknown) =>
      resolveRequest(services, resolved, connector, endpointId),
    ),
    vscode.commands.registerCommand('patchworks.openLog', () => log.show()),
    vscode.commands.registerCommand('patchworks.restartServer', async () => {
      log.info('Restart requested.');
      await services.restartServer();
      if (services.client()) void vscode.window.setStatusBarMessage('$(check) Patchworks language server restarted', 4000);
    }),
    registerStoreSecretCommand(context.secrets, log),
  );
  registerActiveInstanceStatusBar(services);
}
