// "Patchworks: Validate Workspace": has the server check every connector and instance file again (as if each
// had changed on disk), waits until it has published each file's diagnostics, then reports a summary and
// focuses the Problems panel.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Services } from '../services';
import { summarizeValidation } from './validationSummary';
import { workspaceFiles } from '../server/connectorOutline';

/** Generous: a cold server indexing a large workspace on 2 busy cores. */
const publishTimeoutMs = 60_000;

export async function validateWorkspace(services: Services): Promise<void> {
  let client: LanguageClient;
  try {
    client = await services.whenClientReady();
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: cannot validate: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // The server's list, with its folder rules (no node_modules, bin, obj, .git; no FIFOs).
  const known = await workspaceFiles(services);
  const files = [...known.connectors, ...known.instances].map((f) => vscode.Uri.parse(f.uri));
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Patchworks: the workspace has no *.connector.json or *.instance.json file.');
    return;
  }
  const complete = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Patchworks: validating ${files.length} files`, cancellable: true },
    (_progress, token) => revalidate(services, client, files, token),
  );
  if (complete === 'cancelled') return;

  const counts = files.map((uri) => {
    const diagnostics = client.diagnostics?.get(uri) ?? [];
    return {
      errors: diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length,
      warnings: diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length,
    };
  });
  const summary = summarizeValidation(counts);
  const late = complete === 'timeout' ? ' Some files had not been checked after a minute; their last results are counted.' : '';
  services.log.info(`Validate Workspace: ${summary}${late}`);
  // Focus, not toggle: workbench.actions.view.problems would close an open Problems panel.
  await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
  const hasErrors = counts.some((c) => c.errors > 0);
  void (hasErrors ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(`Patchworks: ${summary}${late}`);
}

/** Sends every file as changed on disk and resolves once the server has published diagnostics for each. */
function revalidate(services: Services, client: LanguageClient, files: readonly vscode.Uri[], token: vscode.CancellationToken): Promise<'done' | 'timeout' | 'cancelled'> {
  const waiting = new Set(files.map((f) => f.toString()));
  return new Promise((resolve) => {
    const finish = (how: 'done' | 'timeout' | 'cancelled') => {
      listener.dispose();
      cancel.dispose();
      clearTimeout(timer);
      resolve(how);
    };
    const listener = services.onDidPublishDiagnostics((uri) => {
      waiting.delete(uri.toString());
      if (waiting.size === 0) finish('done');
    });
    const cancel = token.onCancellationRequested(() => finish('cancelled'));
    const timer = setTimeout(() => finish('timeout'), publishTimeoutMs);
    void client
      .sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((f) => ({ uri: f.toString(), type: 2 })) })
      .catch(() => finish('done'));
  });
}
