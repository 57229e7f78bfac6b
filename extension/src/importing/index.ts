// Importing API descriptions from the editor: Import Connector… (a file, previewed in a webview) and Paste cURL as
// Endpoint (into the connector in the active editor). The import itself is the language server's.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { IMPORT_COMMAND, importConnector } from './importConnector';
import { PASTE_CURL_COMMAND, pasteCurlAsEndpoint } from './pasteCurl';

export function registerImporting(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_COMMAND, (folder?: unknown) => importConnector(services, folder)),
    vscode.commands.registerCommand(PASTE_CURL_COMMAND, () => pasteCurlAsEndpoint(services)),
  );
}
