// Entry point: creates the log, starts the language server, and lets each feature folder register its
// commands and views. Feature modules get the same `Services` and never import each other.
import * as vscode from 'vscode';
import { startLanguageServer } from './server/startLanguageServer';
import { registerCoreCommands } from './commands';
import { registerWizards } from './wizards';
import { registerRunner } from './runner';
import { registerPublishing } from './publish';
import { registerImporting } from './importing';
import { registerTesting } from './testing';
import { registerEvents } from './events';
import type { Services } from './services';

let services: Services | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // A Log channel: vscode-languageclient 10+ writes to it with .error()/.info() (recipe pitfall 9).
  const log = vscode.window.createOutputChannel('Patchworks', { log: true });
  context.subscriptions.push(log);
  services = startLanguageServer(context, log);
  registerCoreCommands(services);
  registerWizards(services);
  registerRunner(services);
  registerPublishing(services);
  registerImporting(services);
  registerTesting(services);
  registerEvents(services);
}

export async function deactivate(): Promise<void> {
  await services?.client()?.stop();
}
