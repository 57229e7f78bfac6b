// Reads connector and instance files of the workspace as the editor has them (an open buffer's unsaved text
// wins over the disk).
import * as vscode from 'vscode';
import { unreadableReason } from '../files/referencedFile';
import { fileKind, readInstance, type InstanceSummary } from './connectorFiles';

const exclude = '**/{node_modules,bin,obj,.git}/**';

export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  // A cloned repository may hold a FIFO named x.instance.json: reading it would never return.
  const why = unreadableReason(await vscode.workspace.fs.stat(uri));
  if (why) throw new Error(`${uri.fsPath} is ${why}; it is not read.`);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function findInstances(): Promise<InstanceSummary[]> {
  const uris = await vscode.workspace.findFiles('**/*.instance.json', exclude);
  const found = await Promise.all(
    uris.map(async (uri) => {
      try {
        return readInstance(uri.fsPath, await readText(uri));
      } catch {
        return undefined; // Deleted between the search and the read, or not a regular file.
      }
    }),
  );
  return found.filter((i): i is InstanceSummary => i !== undefined);
}

/** The connector a connector or instance file belongs to; undefined for other files or an instance naming none. */
export async function connectorOf(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  switch (fileKind(uri.fsPath)) {
    case 'connector':
      return uri;
    case 'instance': {
      const connector = readInstance(uri.fsPath, await readText(uri)).connectorPath;
      return connector === undefined ? undefined : vscode.Uri.file(connector);
    }
    default:
      return undefined;
  }
}

/** The connector of the active editor, if it shows a connector or instance file. */
export async function activeConnector(): Promise<vscode.Uri | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && uri.scheme === 'file' ? connectorOf(uri) : undefined;
}
