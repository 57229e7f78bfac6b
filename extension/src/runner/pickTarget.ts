// Which connector and endpoint "Send Request" is about: given by the code lens ([connectorUri, endpointId]), by
// the editor title (the file's URI), or asked for with quick picks from the palette.
import * as vscode from 'vscode';
import { connectorOutline, workspaceFiles, type ConnectorOutline } from '../server/connectorOutline';
import type { Services } from '../services';
import type { RunTarget } from './responsePanel';

export async function pickTarget(services: Services, connectorArg: unknown, endpointArg: unknown): Promise<RunTarget | undefined> {
  const connectorUri = await pickConnector(services, connectorArg);
  if (!connectorUri) return undefined;
  if (typeof endpointArg === 'string' && endpointArg !== '') return { connectorUri, endpointId: endpointArg };
  const connector = await loadConnector(services, connectorUri);
  if (connector.endpoints.length === 0) {
    void vscode.window.showErrorMessage(`${vscode.Uri.parse(connectorUri).fsPath} has no endpoints with an id to send.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    connector.endpoints.map((e) => ({
      label: e.id,
      description: e.name ?? '',
      detail: [e.method, e.url].filter(Boolean).join(' '),
      id: e.id,
    })),
    { title: `Send Request: ${connector.name ?? 'connector'}`, placeHolder: 'The endpoint to send', matchOnDescription: true, matchOnDetail: true },
  );
  return picked ? { connectorUri, endpointId: picked.id } : undefined;
}

/** The connector's outline from the server (the open document's text, so unsaved edits count). */
export function loadConnector(services: Services, connectorUri: string): Promise<ConnectorOutline> {
  return connectorOutline(services, connectorUri);
}

async function pickConnector(services: Services, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith('.connector.json')) return active.toString();
  const files = (await workspaceFiles(services)).connectors.filter((c) => c.kind !== 'event').map((c) => vscode.Uri.parse(c.uri));
  if (files.length === 0) {
    void vscode.window.showErrorMessage('Send Request needs a connector file (*.connector.json); none is open or in the workspace.');
    return undefined;
  }
  if (files.length === 1) return files[0]!.toString();
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Send Request', placeHolder: 'The connector whose endpoint to send' },
  );
  return picked?.uri.toString();
}
