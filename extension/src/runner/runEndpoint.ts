// Sends one endpoint through the language server's patchworks/runEndpoint, with progress in a cancellable
// notification fed by the server's $/progress, and shows the run in the endpoint's response panel. Cancelling
// cancels the request ($/cancelRequest); the server stops the run and answers with what it had read.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient';
import type { Services } from '../services';
import { askValues } from './askValues';
import { chooseInstance } from '../server/chooseInstance';
import { buildPanelModel, panelTitle } from './panelModel';
import { loadConnector } from './pickTarget';
import type { ResponsePanel, RunTarget } from './responsePanel';
import { splitRunAnswer, type RecordListing, type RunFile } from '../server/runModel';
import type { RunHistory } from './runHistory';
import { readRunSettings, RunSettingsError, type RunLimits } from '../settings/runnerSettings';
import type { LanguageClient } from 'vscode-languageclient/node';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';

export async function runEndpoint(services: Services, target: RunTarget, openPanel: () => ResponsePanel, history?: RunHistory): Promise<void> {
  if (!requireTrust(trustActions.sendRequest, services.log)) return;
  const client = await services.whenClientReady().catch(() => undefined);
  if (!client) {
    void vscode.window.showErrorMessage('Send Request needs the Patchworks language server, which is not running. See the Patchworks log.');
    return;
  }
  const instanceUri = await chooseInstance(services, target.connectorUri);
  if (instanceUri === undefined) return;

  let limits: RunLimits;
  try {
    limits = await readRunSettings(vscode.Uri.parse(target.connectorUri));
  } catch (error) {
    if (error instanceof RunSettingsError) {
      void vscode.window.showErrorMessage(error.message, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'patchworks.runner');
      });
      return;
    }
    throw error;
  }

  let values: Record<string, string> | undefined;
  try {
    values = await askValues(client, services.context.workspaceState, target, instanceUri);
  } catch (error) {
    void vscode.window.showErrorMessage(`Send Request: ${target.endpointId} could not be resolved: ${messageOf(error)}`);
    return;
  }
  if (!values) return;

  const panel = openPanel();
  if (panel.busy) {
    // A second click while a run goes would interleave two runs in one panel.
    void vscode.window.showInformationMessage(`${target.endpointId} is already running.`);
    return;
  }
  panel.busy = true;
  try {
    await sendAndShow(services, client, target, panel, instanceUri, values, limits, history);
  } finally {
    panel.busy = false;
  }
}

async function sendAndShow(
  services: Services,
  client: LanguageClient,
  target: RunTarget,
  panel: ResponsePanel,
  instanceUri: string | null,
  values: Record<string, string>,
  limits: RunLimits,
  history: RunHistory | undefined,
): Promise<void> {
  panel.show({ kind: 'running', title: panelTitle(target), message: 'Starting…' });
  const workDoneToken = randomUUID();
  const params = {
    uri: target.connectorUri,
    endpointId: target.endpointId,
    ...(instanceUri ? { instanceUri } : {}),
    values,
    maxPages: limits.maxPages,
    timeoutSeconds: limits.timeoutSeconds,
    connectTo: limits.connectTo,
    trustedCertificatesPem: limits.trustedCertificatesPem,
    workDoneToken,
  };
  services.log.info(`Send request: ${target.endpointId} of ${target.connectorUri}${instanceUri ? ` with ${instanceUri}` : ' without an instance'}`);

  let run: RunFile;
  let listing: RecordListing;
  try {
    ({ file: run, listing } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Patchworks: ${target.endpointId}`, cancellable: true },
      async (progress, cancel) => {
        const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const message = (value as WorkDoneProgressBegin | WorkDoneProgressReport).message;
          if (message) {
            progress.report({ message });
            panel.progress(message);
          }
        });
        try {
          return splitRunAnswer(await client.sendRequest('patchworks/runEndpoint', params, cancel));
        } finally {
          listening.dispose();
        }
      },
    ));
  } catch (error) {
    const message = messageOf(error);
    services.log.error(`Send request: ${target.endpointId} failed: ${message}`);
    panel.show({ kind: 'failed', title: panelTitle(target), message });
    void vscode.window.showErrorMessage(`Send Request: ${target.endpointId} failed: ${message}`);
    return;
  }

  const connector = await loadConnector(services, target.connectorUri).catch(() => undefined);
  const endpoint = connector?.endpoints.find((e) => e.id === target.endpointId);
  panel.run = run;
  panel.instanceUri = instanceUri;
  // Kept for Compare with Previous Run: the server's redacted JSON, in the extension's storage, never the workspace.
  if (history && run.run.pages.length > 0) {
    await history.add({ connectorUri: target.connectorUri, endpointId: target.endpointId, instanceUri }, JSON.stringify(run, null, 2))
      .catch((error: unknown) => services.log.warn(`Run history: the run could not be kept: ${messageOf(error)}`));
  }
  panel.show({
    kind: 'done',
    model: buildPanelModel(run, listing, {
      connectorName: run.run.connector,
      endpointId: target.endpointId,
      ...(endpoint?.name ? { endpointName: endpoint.name } : {}),
      ...(run.run.dataPath !== undefined ? { dataPath: run.run.dataPath } : {}),
      hasSchema: endpoint?.hasSchema === true,
    }),
  });
  services.log.info(`Send request: ${target.endpointId}: ${run.run.stop}, ${run.run.pages.length} pages, ${run.run.records} records`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
