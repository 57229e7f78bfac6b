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
  /**
   * Resolves with the running client (waiting while it starts); rejects with the reason when the server could
   * not start (the user has already been shown that reason).
   */
  whenClientReady(): Promise<LanguageClient>;
  /** The instance chosen for a connector (status-bar item), as a file URI string, or undefined. */
  activeInstance(connectorUri: string): string | undefined;
  /** Remembers the choice (workspaceState), tells the server now if it runs, and again whenever it restarts. */
  setActiveInstance(connectorUri: string, instanceUri: string | undefined): Promise<void>;
  readonly onDidChangeActiveInstance: vscode.Event<{ connectorUri: string; instanceUri: string | undefined }>;
  /** Stops the server and starts it again (re-reading its settings). */
  restartServer(): Promise<void>;
  /** Fires each time the server has (re)started, with the new client. */
  readonly onDidStartServer: vscode.Event<LanguageClient>;
  /** Fires when the server has published a file's diagnostics (after the client has applied them). */
  readonly onDidPublishDiagnostics: vscode.Event<vscode.Uri>;
}
