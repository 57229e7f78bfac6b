// The status-bar item of connector and instance editors: the active instance of the file's connector.
// Clicking it runs "Patchworks: Select Instance".
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Services } from '../services';
import { activeInstanceText, activeInstanceTooltip } from './statusText';
import { instanceLabel } from '../server/fileKinds';
import { connectorOf } from './workspaceFiles';

export function registerActiveInstanceStatusBar(services: Services): void {
  const item = vscode.window.createStatusBarItem('patchworks.activeInstance', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Patchworks Active Instance';
  item.command = 'patchworks.selectInstance';
  let updates = 0;

  async function update(): Promise<void> {
    const ticket = ++updates;
    const uri = vscode.window.activeTextEditor?.document.uri;
    const connector = uri && uri.scheme === 'file' ? await connectorOf(services, uri).catch(() => undefined) : undefined;
    if (ticket !== updates) return; // A newer editor change won the race.
    void vscode.commands.executeCommand('setContext', 'patchworks.connectorOpened', connector !== undefined);
    if (!connector) {
      item.hide();
      return;
    }
    const instance = services.activeInstance(connector.toString());
    const label = instance === undefined ? undefined : instanceLabel(vscode.Uri.parse(instance).fsPath);
    item.text = activeInstanceText(label);
    item.tooltip = activeInstanceTooltip(path.basename(connector.fsPath), label);
    item.show();
  }

  services.context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    services.onDidChangeActiveInstance(() => void update()),
    // The connector of an instance is the server's answer: ask again once it runs.
    services.onDidStartServer(() => void update()),
    // An instance's `connector` may be edited to point elsewhere.
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) void update();
    }),
  );
  void update();
}
