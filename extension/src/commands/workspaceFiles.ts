// The connector a connector or instance file belongs to, asked of the server (it reads the files as the editor has
// them, with its own folder rules).
import * as vscode from 'vscode';
import { connectorOutline } from '../server/connectorOutline';
import { fileKind } from '../server/fileKinds';
import type { Services } from '../services';

/** The connector a connector or instance file belongs to; undefined for other files, or an instance whose connector the server does not have. */
export async function connectorOf(services: Services, uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  switch (fileKind(uri.fsPath)) {
    case 'connector':
      return uri;
    case 'instance': {
      const outline = await connectorOutline(services, uri.toString()).catch(() => undefined);
      return outline === undefined ? undefined : vscode.Uri.parse(outline.uri);
    }
    default:
      return undefined;
  }
}

/** The connector of the active editor, if it shows a connector or instance file. */
export async function activeConnector(services: Services): Promise<vscode.Uri | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && uri.scheme === 'file' ? connectorOf(services, uri) : undefined;
}
