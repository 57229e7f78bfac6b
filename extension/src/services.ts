// What every feature module receives from activate(): the running language client, the log, the secret
// store and the active-instance state. Feature folders (server/, wizards/, runner/, ...) depend on this
// contract, not on each other.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface Services {
  /** The extension's context (subscriptions, extensionUri, secrets, workspaceState). */
  readonly context: vscode.ExtensionContext;
  /** The "Patchworks" log channel. Never write a secret to it. */
  readonly log: vscode.LogOutputChannel;
  /**
   * The language client once the server has started; undefined while starting or when it failed to start.
   * Use `whenClientReady()` to wait for it.
   */
  client(): LanguageClient | undefined;
  whenClientReady(): Promise<LanguageClient>;
  /** The instance chosen for a connector (status-bar item), as a file URI string, or undefined. */
  activeInstance(connectorUri: string): string | undefined;
  setActiveInstance(connectorUri: string, instanceUri: string | undefined): Promise<void>;
  readonly onDidChangeActiveInstance: vscode.Event<{ connectorUri: string; instanceUri: string | undefined }>;
}
