// Which connector and listener Listen or Send Test Message is about: given by the code lens ([connectorUri,
// listenerId]), by the editor title (the file's URI), or asked for with quick picks from the palette.
import * as vscode from 'vscode';
import { connectorOutline, workspaceFiles, type ConnectorOutline } from '../server/connectorOutline';
import type { LanguageClient } from 'vscode-languageclient/node';
import { chooseInstance } from '../server/chooseInstance';
import type { Services } from '../services';
import type { ListenTarget } from './panelModel';

/**
 * What Listen and Send Test Message both start with, once they have checked trust: the running server, the listener (given
 * or picked) and the instance (the active one, else asked: a listener needs its broker's address). Undefined, the
 * person told why, when one of them is missing. `name` starts the messages ("Listen", "Send Test Message").
 */
export async function startOnListener(services: Services, connectorArg: unknown, listenerArg: unknown, title: string, name: string):
Promise<{ client: LanguageClient; target: ListenTarget; instanceUri: string } | undefined> {
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) {
    void vscode.window.showErrorMessage(`${name} needs the Patchworks language server, which is not running. See the Patchworks log.`);
    return undefined;
  }
  let target;
  try {
    target = await pickListener(services, connectorArg, listenerArg, title);
  } catch (error) {
    void vscode.window.showErrorMessage(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (!target) return undefined;
  const instanceUri = await chooseInstance(services, target.connectorUri, {
    why: 'An instance gives the listener its broker\'s address and credentials.',
    allowWithout: false,
  });
  return instanceUri ? { client, target, instanceUri } : undefined;
}

export async function pickListener(services: Services, connectorArg: unknown, listenerArg: unknown, title: string): Promise<ListenTarget | undefined> {
  const connectorUri = await pickConnector(services, connectorArg, title);
  if (!connectorUri) return undefined;
  if (typeof listenerArg === 'string' && listenerArg !== '') return { connectorUri, listenerId: listenerArg };
  const connector = await loadEventConnector(services, connectorUri);
  if (connector.listeners.length === 0) {
    void vscode.window.showErrorMessage(`${title} works on an event connector's listeners; ${vscode.workspace.asRelativePath(vscode.Uri.parse(connectorUri))} has none.`);
    return undefined;
  }
  if (connector.listeners.length === 1) return { connectorUri, listenerId: connector.listeners[0]!.id };
  const picked = await vscode.window.showQuickPick(
    connector.listeners.map((l) => ({ label: l.id, description: l.name ?? '', detail: l.queue ? `queue ${l.queue}` : undefined, id: l.id })),
    { title: `${title}: ${connector.name ?? 'connector'}`, placeHolder: 'The listener', matchOnDescription: true },
  );
  return picked ? { connectorUri, listenerId: picked.id } : undefined;
}

/** The connector's outline from the server (the open document's text, so unsaved edits count). */
export function loadEventConnector(services: Services, connectorUri: string): Promise<ConnectorOutline> {
  return connectorOutline(services, connectorUri);
}

async function pickConnector(services: Services, arg: unknown, title: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.path.endsWith('.connector.json')) {
    const outline = await connectorOutline(services, active.uri.toString()).catch(() => undefined);
    if (outline?.kind === 'event') return active.uri.toString();
  }
  const events = (await workspaceFiles(services)).connectors.filter((c) => c.kind === 'event').map((c) => vscode.Uri.parse(c.uri));
  if (events.length === 0) {
    void vscode.window.showErrorMessage(`${title} needs an event connector (a *.connector.json with "kind": "event"); none is open or in the workspace.`);
    return undefined;
  }
  if (events.length === 1) return events[0]!.toString();
  const picked = await vscode.window.showQuickPick(
    events.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'The event connector' },
  );
  return picked?.uri.toString();
}
