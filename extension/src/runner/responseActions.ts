// The panel's actions on a finished run: save it, copy a request as cURL, open a body as a document, compare
// the declared schema with the records. Each works on the redacted run the panel holds; none can reveal a secret.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { BodyDocuments } from './bodyDocuments';
import { buildCurl, CURL_SECRET_PLACEHOLDER, curlNeedsSecrets } from './curl';
import { readReferencedFile, RefusedReference } from '../files/referencedFile';
import { schemaFileReference } from './connectorEndpoints';
import { schemaRecords, type ExchangeTarget } from './panelModel';
import { loadConnector } from './pickTarget';
import { bodyText } from './responseBody';
import type { ResponsePanel } from './responsePanel';
import type { ExchangeRecord, RunComparison, RunFile } from './runModel';
import type { RunHistory } from './runHistory';
import type { Services } from '../services';
import { compareSchema } from './schemaComparison';
import { describeSchemaUpdate, type SchemaUpdateAnswer } from './schemaUpdate';

/** Saves the run as `patchworks run --out` writes it: the server's JSON, indented by two spaces. */
export async function saveRun(panel: ResponsePanel): Promise<void> {
  const run = requireRun(panel);
  if (!run) return;
  const folder = vscode.Uri.joinPath(vscode.Uri.parse(panel.target.connectorUri), '..');
  const target = await vscode.window.showSaveDialog({
    title: 'Save Run',
    defaultUri: vscode.Uri.joinPath(folder, `${panel.target.endpointId}.run.json`),
    filters: { 'Run (JSON)': ['json'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(run, null, 2) + '\n'));
  void vscode.window.showInformationMessage(`Saved the run to ${vscode.workspace.asRelativePath(target)} (secrets redacted).`);
}

export async function copyCurl(panel: ResponsePanel, target: ExchangeTarget): Promise<void> {
  const exchange = exchangeOf(panel, target);
  if (!exchange) return;
  await vscode.env.clipboard.writeText(buildCurl(exchange.request));
  void vscode.window.showInformationMessage(
    curlNeedsSecrets(exchange.request)
      ? `Copied as cURL. Secrets are shown as ${CURL_SECRET_PLACEHOLDER}: put the real values in before running it.`
      : 'Copied as cURL.',
  );
}

export async function openBody(panel: ResponsePanel, target: ExchangeTarget, documents: BodyDocuments): Promise<void> {
  const exchange = exchangeOf(panel, target);
  const response = exchange?.response;
  if (!response) {
    void vscode.window.showErrorMessage('This request has no response to open.');
    return;
  }
  const name = `${panel.target.endpointId}-${target.kind === 'page' ? `page-${target.index + 1}` : `auth-${target.index + 1}`}`;
  if (response.bodyFile) {
    // Streamed to disk because it was large: the server already redacted the file. Shown as received.
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(response.bodyFile)));
      await documents.open(text, bodyText({ ...response, body: text }).language, name);
    } catch (error) {
      void vscode.window.showErrorMessage(`The body file ${response.bodyFile} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  const body = bodyText(response);
  await documents.open(body.text, body.language, name);
}

export async function compareWithSchema(panel: ResponsePanel): Promise<void> {
  const run = requireRun(panel);
  if (!run) return;
  const connector = await loadConnector(panel.target.connectorUri);
  const endpoint = connector.endpoints.find((e) => e.id === panel.target.endpointId);
  if (!endpoint?.schema) {
    void panel.post({ type: 'schema', message: `The endpoint ${panel.target.endpointId} declares no record schema ("schema") to compare with.` });
    return;
  }
  let schema = endpoint.schema;
  const file = schemaFileReference(schema);
  if (file) {
    const connectorUri = vscode.Uri.parse(panel.target.connectorUri);
    const uri = vscode.Uri.joinPath(connectorUri, '..', file);
    // The connector names the file: read it only inside its workspace folder, as the server does (docs/security.md).
    const root = vscode.workspace.getWorkspaceFolder(connectorUri)?.uri.fsPath ?? path.dirname(connectorUri.fsPath);
    try {
      const disk = readReferencedFile(path.dirname(connectorUri.fsPath), file, root);
      // An open document wins over the disk (Update Schema from Run leaves its edits unsaved), once the file is allowed.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
      schema = open ? parseJsonc(open.getText(), [], { allowTrailingComma: true }) : JSON.parse(disk);
    } catch (error) {
      const why = error instanceof RefusedReference ? error.message : error instanceof SyntaxError ? 'it is not valid JSON' : 'it cannot be read';
      void panel.post({ type: 'schema', message: `The schema file ${path.basename(uri.fsPath)} could not be read: ${why}` });
      return;
    }
  }
  const { records, text } = schemaRecords(run, endpoint.dataPath);
  if (records.length === 0) {
    void panel.post({ type: 'schema', message: 'The run received no records to compare with the schema (none was counted, or every counted page was too large to keep).' });
    return;
  }
  void panel.post({ type: 'schema', comparison: compareSchema(schema, records, { text }) });
}

/**
 * Compare with Previous Run: the newest run of the same endpoint with the same instance kept before the one shown,
 * compared by the server (patchworks/compareRuns); the panel's Compare tab shows the answer.
 */
export async function compareWithPreviousRun(services: Services, panel: ResponsePanel, history: RunHistory | undefined): Promise<void> {
  const run = requireRun(panel);
  if (!run) return;
  const key = { connectorUri: panel.target.connectorUri, endpointId: panel.target.endpointId, instanceUri: panel.instanceUri };
  const previous = history ? await history.previous(key, run.run.startedAt) : undefined;
  if (!previous) {
    void panel.post({ type: 'runs', message: `No earlier run of ${panel.target.endpointId} with this instance is kept yet: send the request again (Re-run), then compare.` });
    return;
  }
  const client = await services.whenClientReady();
  const comparison = (await client.sendRequest('patchworks/compareRuns', { previous: previous.text, current: JSON.stringify(run) })) as RunComparison;
  void panel.post({ type: 'runs', comparison });
}

/**
 * Update Schema from Run: the server merges the records' schema into the endpoint's (patchworks/updateSchemaFromRun);
 * what will change is shown, then applied as one undoable WorkspaceEdit, unsaved, and Compare Schema runs again.
 */
export async function updateSchemaFromRun(services: Services, panel: ResponsePanel): Promise<void> {
  const run = requireRun(panel);
  if (!run) return;
  const client = await services.whenClientReady();
  const answer = (await client.sendRequest('patchworks/updateSchemaFromRun', {
    uri: panel.target.connectorUri,
    endpointId: panel.target.endpointId,
    run: JSON.stringify(run),
  })) as SchemaUpdateAnswer;
  const files = Object.entries(answer.edit.changes);
  const summary = describeSchemaUpdate(answer.report);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(
      `The schema of ${panel.target.endpointId} already describes the ${answer.report.records} records of this run.${summary ? `\n${summary}` : ''}`,
    );
    return;
  }
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(answer.report.uri));
  const choice = await vscode.window.showInformationMessage(
    `Update the schema of ${panel.target.endpointId} in ${file} from ${answer.report.records} records?`,
    { modal: true, detail: `${summary}\n\nThe edits stay unsaved: review them, then save (or undo).` },
    'Update Schema',
  );
  if (choice !== 'Update Schema') return;
  const edit = new vscode.WorkspaceEdit();
  for (const [uri, edits] of files) {
    const target = vscode.Uri.parse(uri);
    for (const e of edits) {
      edit.replace(target, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`The schema edits could not be applied to ${file} (changed meanwhile?): run Update Schema from Run again.`);
    return;
  }
  await compareWithSchema(panel);
}

function requireRun(panel: ResponsePanel): RunFile | undefined {
  if (!panel.run) void vscode.window.showErrorMessage('There is no finished run in this panel yet.');
  return panel.run;
}

function exchangeOf(panel: ResponsePanel, target: ExchangeTarget): ExchangeRecord | undefined {
  const run = requireRun(panel);
  if (!run) return undefined;
  const exchange = target.kind === 'page' ? run.run.pages[target.index]?.exchange : run.run.auth[target.index]?.exchange;
  if (!exchange) void vscode.window.showErrorMessage('That request is not part of the run shown.');
  return exchange;
}
