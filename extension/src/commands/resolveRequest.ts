// "Patchworks: Show Resolved Request" (`patchworks.resolveRequest`, also the server's "Resolve" code lens with
// `[connectorUri, endpointId]`): asks the server for the request as the platform would build it and shows it
// read-only beside the editor.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { ReadOnlyDocuments } from '../documents/readOnlyDocuments';
import type { Services } from '../services';
import { connectorOutline } from '../server/connectorOutline';
import { resolvedRequestText } from './resolvedRequestText';
import { toUri } from './selectInstance';
import { activeConnector, connectorOf } from './workspaceFiles';

export const resolvedScheme = 'patchworks-resolved';

/** Holds the documents' texts; they live as long as the window and are replaced on each resolve. */
export class ResolvedRequestDocuments extends ReadOnlyDocuments {
  constructor() {
    super('// This resolved request is no longer available: run "Patchworks: Show Resolved Request" again.\n');
  }
}

export async function resolveRequest(services: Services, documents: ResolvedRequestDocuments, connectorArg?: unknown, endpointArg?: unknown): Promise<void> {
  const given = toUri(connectorArg);
  const connector = given ? await connectorOf(services, given) : await activeConnector(services);
  if (!connector) {
    void vscode.window.showWarningMessage('Patchworks: open a connector file to show the resolved request of one of its endpoints.');
    return;
  }
  const endpointId = typeof endpointArg === 'string' && endpointArg !== '' ? endpointArg : await pickEndpoint(services, connector);
  if (!endpointId) return;

  let result: unknown;
  try {
    const client = await services.whenClientReady();
    result = await client.sendRequest('patchworks/resolveRequest', { uri: connector.toString(), endpointId });
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: could not resolve ${endpointId}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const connectorName = path.basename(connector.fsPath);
  const uri = vscode.Uri.from({
    scheme: resolvedScheme,
    path: `/${connectorName.replace(/\.connector\.json$/i, '')}/${endpointId}.resolved.jsonc`,
    query: connector.toString(),
  });
  documents.set(uri, resolvedRequestText(connectorName, result));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function pickEndpoint(services: Services, connector: vscode.Uri): Promise<string | undefined> {
  const endpoints = (await connectorOutline(services, connector.toString())).endpoints;
  if (endpoints.length === 0) {
    void vscode.window.showWarningMessage(`Patchworks: ${path.basename(connector.fsPath)} has no endpoint with an id.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    endpoints.map((e) => ({ label: e.id, description: [e.method, e.url].filter(Boolean).join(' '), detail: e.name, id: e.id })),
    { title: 'Show Resolved Request', placeHolder: 'The endpoint to resolve', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.id;
}
