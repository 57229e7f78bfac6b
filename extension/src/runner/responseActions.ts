// The panel's actions on a finished run: save it, copy a request as cURL, open a body as a document, compare
// the declared schema with the records. Each works on the redacted run the panel holds; none can reveal a secret.
import * as vscode from 'vscode';
import type { BodyDocuments } from './bodyDocuments';
import { buildCurl, CURL_SECRET_PLACEHOLDER, curlNeedsSecrets } from './curl';
import type { ExchangeTarget } from './panelModel';
import { bodyText } from './responseBody';
import type { ResponsePanel } from './responsePanel';
import type { ExchangeRecord, RunComparison, RunFile } from '../server/runModel';
import type { RunHistory } from './runHistory';
import type { Services } from '../services';
import type { SchemaDiagnostics } from './schemaDiagnostics';
import { comparisonOf, type SchemaComparisonAnswer } from './schemaFindings';
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

/**
 * Compare Schema: the server compares the endpoint's declared schema (inline, or its schema file, JSONC as the
 * server reads it) with the run's records (patchworks/compareSchema). The panel's Schema tab shows the findings;
 * the editor shows them at the declarations, with Update Schema from Run as their quick fix (schemaDiagnostics.ts).
 * `run` is the panel's by default; the quick fix passes the run that produced the findings.
 */
export async function compareWithSchema(services: Services, panel: ResponsePanel, diagnostics: SchemaDiagnostics<ResponsePanel>, run = panel.run): Promise<void> {
  if (!run) {
    requireRun(panel);
    return;
  }
  const client = await services.whenClientReady();
  let answer: SchemaComparisonAnswer;
  try {
    answer = (await client.sendRequest('patchworks/compareSchema', {
      uri: panel.target.connectorUri,
      endpointId: panel.target.endpointId,
      run: JSON.stringify(run),
      unsaved: unsavedSchemaFiles(),
    })) as SchemaComparisonAnswer;
  } catch (error) {
    // What the server refused (no schema, a schema file outside the workspace or not JSON, a run it cannot read) is said in the panel.
    diagnostics.clear(panel.target);
    void panel.post({ type: 'schema', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (answer.recordsChecked === 0) {
    diagnostics.clear(panel.target);
    void panel.post({ type: 'schema', message: 'The run received no records to compare with the schema (none was counted, or every counted page was too large to keep).' });
    return;
  }
  diagnostics.publish(panel, run, answer);
  void panel.post({ type: 'schema', comparison: comparisonOf(answer) });
}

/**
 * Open JSON documents with unsaved changes: the server does not sync plain JSON files, so a schema file Update
 * Schema from Run edited (and left unsaved) is sent as the editor holds it. The server reads only the one that is the
 * endpoint's schema file, and only once that file is allowed (inside the workspace, not a link).
 */
function unsavedSchemaFiles(): { uri: string; text: string }[] {
  return vscode.workspace.textDocuments
    .filter((d) => d.uri.scheme === 'file' && d.isDirty && (d.languageId === 'json' || d.languageId === 'jsonc'))
    .map((d) => ({ uri: d.uri.toString(), text: d.getText() }));
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
 * `run` is the panel's by default; the quick fix on Compare Schema's findings passes the run that produced them.
 */
export async function updateSchemaFromRun(services: Services, panel: ResponsePanel, diagnostics: SchemaDiagnostics<ResponsePanel>, run = panel.run): Promise<void> {
  if (!run) {
    requireRun(panel);
    return;
  }
  const client = await services.whenClientReady();
  const answer = (await client.sendRequest('patchworks/updateSchemaFromRun', {
    uri: panel.target.connectorUri,
    endpointId: panel.target.endpointId,
    run: JSON.stringify(run),
    unsaved: unsavedSchemaFiles(),
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
  await compareWithSchema(services, panel, diagnostics, run);
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
