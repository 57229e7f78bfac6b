// "Patchworks: Select Instance": a quick pick of the workspace's instance files whose `connector` names this
// connector; the choice becomes the connector's active instance (services.setActiveInstance).
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Services } from '../services';
import { connectorOutline } from '../server/connectorOutline';
import { activeConnector } from './workspaceFiles';

interface InstanceItem extends vscode.QuickPickItem {
  readonly instanceUri: string | undefined;
}

export async function selectInstance(services: Services, connectorArg?: unknown): Promise<void> {
  const connector = toUri(connectorArg) ?? (await activeConnector(services));
  if (!connector) {
    void vscode.window.showWarningMessage('Patchworks: open a connector or instance file to select its active instance.');
    return;
  }
  const connectorName = path.basename(connector.fsPath);
  let instances;
  try {
    instances = (await connectorOutline(services, connector.toString())).instances;
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (instances.length === 0) {
    const add = 'Add Instance';
    const choice = await vscode.window.showWarningMessage(
      `Patchworks: no instance file in the workspace names ${connectorName} as its connector.`,
      add,
    );
    if (choice === add) await vscode.commands.executeCommand('patchworks.addInstance', connector);
    return;
  }
  const current = services.activeInstance(connector.toString());
  const items: InstanceItem[] = instances.map((i) => {
    const uri = vscode.Uri.parse(i.uri).toString(); // the editor's spelling of the URI, as the active instance is kept
    return {
      label: `$(plug) ${i.label}`,
      description: [i.name, i.environment].filter((s) => s !== undefined).join(' · ') + (uri === current ? ' (active)' : ''),
      detail: vscode.workspace.asRelativePath(vscode.Uri.parse(i.uri)),
      instanceUri: uri,
    };
  });
  items.push({ label: '$(circle-slash) No instance', description: 'placeholders show no values', instanceUri: undefined });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Active instance for ${connectorName}`,
    placeHolder: 'The instance whose values hints, hovers, Resolve and Send Request use',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  try {
    await services.setActiveInstance(connector.toString(), picked.instanceUri);
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: the server did not accept the instance: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A command argument that names a file: a Uri (editor title, explorer) or a URI string (code lens). */
export function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return vscode.Uri.parse(arg);
  return undefined;
}
