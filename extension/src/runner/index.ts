// The request runner: the "Send Request" command (code lens, editor title, palette) and the response panel.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { BodyDocuments } from './bodyDocuments';
import type { FromWebview } from './panelModel';
import { pickTarget } from './pickTarget';
import { compareWithPreviousRun, compareWithSchema, copyCurl, openBody, saveRun, updateSchemaFromRun } from './responseActions';
import { RunHistory } from './runHistory';
import { ResponsePanel, type PanelActions, type RunTarget } from './responsePanel';
import { SchemaDiagnostics } from './schemaDiagnostics';
import { runEndpoint } from './runEndpoint';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';

export const SEND_REQUEST_COMMAND = 'patchworks.sendRequest';
export const UPDATE_SCHEMA_FROM_RUN_COMMAND = 'patchworks.updateSchemaFromRun';
/** The Add Test wizard's command (registered by testing/): the panel starts it with the run it shows. */
const ADD_TEST_COMMAND = 'patchworks.addTest';

export function registerRunner(services: Services): void {
  const { context } = services;
  const documents = new BodyDocuments();
  context.subscriptions.push(documents.register());

  const storage = context.storageUri ?? context.globalStorageUri;
  const history = storage.scheme === 'file' ? new RunHistory(storage.fsPath) : undefined;
  const send = (target: { connectorUri: string; endpointId: string }) =>
    runEndpoint(services, target, () => ResponsePanel.for(target, context.extensionUri, actions), history);

  // Compare Schema's findings in the editor, with Update Schema from Run as their quick fix.
  const schemaDiagnostics = new SchemaDiagnostics<ResponsePanel>(UPDATE_SCHEMA_FROM_RUN_COMMAND);
  context.subscriptions.push(schemaDiagnostics);

  const actions: PanelActions = {
    onClosed(target) {
      schemaDiagnostics.clear(target);
      // The server drops the run, deleting the files its large bodies spilled to (docs/security.md).
      services.client()?.sendNotification('patchworks/releaseRun', { uri: target.connectorUri, endpointId: target.endpointId })
        .catch((error: unknown) => services.log.warn(`patchworks/releaseRun failed: ${error instanceof Error ? error.message : String(error)}`));
    },
    onMessage(panel, message: FromWebview) {
      const done = (work: Promise<void>) =>
        work.catch((error: unknown) => {
          services.log.error(`Response panel: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
          void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
        });
      switch (message.type) {
        case 'rerun':
          void done(send(panel.target));
          break;
        case 'save':
          void done(saveRun(panel));
          break;
        case 'copyCurl':
          void done(copyCurl(panel, message.target));
          break;
        case 'openBody':
          void done(openBody(panel, message.target, documents).then(() => documents.prune()));
          break;
        case 'compareSchema':
          void done(compareWithSchema(services, panel, schemaDiagnostics));
          break;
        case 'updateSchema':
          void done(updateSchemaFromRun(services, panel, schemaDiagnostics));
          break;
        case 'compareRuns':
          void done(compareWithPreviousRun(services, panel, history));
          break;
        case 'addTest':
          // The Add Test wizard (testing/addTest.ts), started from this run: its figures pre-fill the expectations.
          void done(Promise.resolve(vscode.commands.executeCommand(ADD_TEST_COMMAND, {
            connectorUri: panel.target.connectorUri,
            endpointId: panel.target.endpointId,
            run: panel.run,
            instanceUri: panel.instanceUri,
          })).then(() => undefined));
          break;
        default:
          break;
      }
    },
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SEND_REQUEST_COMMAND, async (connectorArg?: unknown, endpointArg?: unknown) => {
      if (!requireTrust(trustActions.sendRequest, services.log)) return; // before asking which endpoint
      const target = await pickTarget(services, connectorArg, endpointArg);
      if (target) await send(target);
    }),
    // Edits open documents only (nothing saved, nothing sent): allowed in an untrusted workspace too. From the
    // palette it acts on the focused response panel; from the quick fix on Compare Schema's findings (the target
    // given), on the panel and run that produced them.
    vscode.commands.registerCommand(UPDATE_SCHEMA_FROM_RUN_COMMAND, async (target?: RunTarget) => {
      const findings = isRunTarget(target) ? schemaDiagnostics.findings(target) : undefined;
      const panel = findings?.owner ?? ResponsePanel.active;
      if (!panel) {
        void vscode.window.showErrorMessage('Update Schema from Run works on a response panel: send an endpoint\'s request first (Send Request).');
        return;
      }
      try {
        await updateSchemaFromRun(services, panel, schemaDiagnostics, findings?.run);
      } catch (error) {
        void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

function isRunTarget(value: unknown): value is RunTarget {
  return typeof value === 'object' && value !== null
    && typeof (value as Record<string, unknown>).connectorUri === 'string' && typeof (value as Record<string, unknown>).endpointId === 'string';
}
