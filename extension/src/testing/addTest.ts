// "Patchworks: Add Test…": a case for one endpoint, added to the tests file beside the connector. The server
// (patchworks/addTestCase) checks the case with the tests file's rules and answers the edits that keep the file's
// comments; the wizard shows its problems beside the fields and applies the edits on Finish (unsaved where the
// file is open, the file created otherwise). Opened from a response panel, the form starts from the run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageclient/node';
import type { Services } from '../services';
import { connectorOutline, type OutlineEndpoint } from '../server/connectorOutline';
import type { RunFile } from '../server/runModel';
import { shownPaths } from '../forms/draftBuilder';
import { placeDiagnostics, type DraftDiagnostic } from '../forms/fieldDiagnostics';
import { pickConnector } from '../forms/pickConnector';
import { openWizard, type WizardController } from '../forms/wizardPanel';
import { addTestSteps, buildTestCase, emptyTestDraft, expectFromRun, placeableDiagnostics, type AddTestChoices } from './addTestForm';

export const ADD_TEST_COMMAND = 'patchworks.addTest';

/** What a response panel passes: its connector and endpoint, the run shown and the instance it used. */
export interface AddTestFromRun {
  connectorUri: string;
  endpointId: string;
  run?: RunFile;
  instanceUri?: string | null;
}

/** The answer of patchworks/addTestCase (server/Patchworks.LanguageServer/Handlers/AddTestHandler.cs). */
export interface AddTestCaseAnswer {
  testsUri: string;
  created: boolean;
  edit: lsp.WorkspaceEdit | null;
  caseRange: lsp.Range | null;
  problems: DraftDiagnostic[];
}

export function registerAddTest(services: Services): void {
  services.context.subscriptions.push(
    // Edits a file (nothing sent, nothing run): allowed in an untrusted workspace too, as the other wizards are.
    vscode.commands.registerCommand(ADD_TEST_COMMAND, (first?: unknown, endpointArg?: unknown) =>
      runAddTest(services, first, endpointArg).catch((error: unknown) => {
        void vscode.window.showErrorMessage(`Patchworks: ${error instanceof Error ? error.message : String(error)}`);
      })),
  );
}

async function runAddTest(services: Services, first: unknown, endpointArg: unknown): Promise<void> {
  // From the panel: one object; from a code lens: the connector's URI and the endpoint id; from the palette: nothing.
  const fromRun = isFromRun(first) ? first : undefined;
  const connectorUri = fromRun ? vscode.Uri.parse(fromRun.connectorUri)
    : typeof first === 'string' ? vscode.Uri.parse(first)
    : first instanceof vscode.Uri ? first
    : undefined;
  const document = connectorUri
    ? await vscode.workspace.openTextDocument(connectorUri)
    : vscode.window.activeTextEditor?.document.fileName.endsWith('.connector.json') ? vscode.window.activeTextEditor.document : await pickConnector(services);
  if (!document) return;
  if (!document.fileName.endsWith('.connector.json')) {
    void vscode.window.showErrorMessage(`Patchworks: Add Test works on a connector file (*.connector.json); ${vscode.workspace.asRelativePath(document.uri)} is not one.`);
    return;
  }
  const connector = await connectorOutline(services, document.uri.toString());
  if (connector.endpoints.length === 0) {
    void vscode.window.showErrorMessage(`Patchworks: ${vscode.workspace.asRelativePath(document.uri)} has no endpoints to test; add one first (Patchworks: Add Endpoint).`);
    return;
  }
  const endpointId = fromRun?.endpointId ?? (typeof endpointArg === 'string' ? endpointArg : connector.endpoints[0]!.id);
  const controller = await addTestController(services, document.uri, connector.endpoints, endpointId, fromRun);
  openWizard(services, 'patchworks.addTest', 'wizard-connector', controller);
}

function isFromRun(value: unknown): value is AddTestFromRun {
  return typeof value === 'object' && value !== null && typeof (value as AddTestFromRun).connectorUri === 'string' && typeof (value as AddTestFromRun).endpointId === 'string';
}

export async function addTestController(
  services: Services,
  connectorUri: vscode.Uri,
  endpoints: OutlineEndpoint[],
  endpointId: string,
  fromRun: AddTestFromRun | undefined,
): Promise<WizardController> {
  const folder = vscode.Uri.joinPath(connectorUri, '..');
  const testsUri = vscode.Uri.joinPath(folder, path.posix.basename(connectorUri.path).replace(/\.connector\.json$/, '.tests.json'));
  const instances = (await vscode.workspace.fs.readDirectory(folder).then(undefined, () => [] as [string, vscode.FileType][]))
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.instance.json'))
    .map(([name]) => name)
    .sort();
  // The instance the tests file names already, from the server (which reads the file as the editor has it).
  const outline = await connectorOutline(services, connectorUri.toString()).catch(() => undefined);
  const fileInstance = outline?.testsFiles.find((t) => vscode.Uri.parse(t.uri).toString() === testsUri.toString())?.instance;
  const choices: AddTestChoices = { endpoints: endpoints.map((e) => ({ id: e.id, ...(e.name ? { name: e.name } : {}) })), instances, ...(fileInstance ? { fileInstance } : {}) };
  const steps = addTestSteps(choices);
  const allFields = steps.flatMap((s) => s.fields);

  // The run's instance when it lies beside the connector; else, for a new tests file, the first instance there.
  const runInstance = fromRun?.instanceUri ? path.posix.basename(vscode.Uri.parse(fromRun.instanceUri).path) : undefined;
  const instance = runInstance && instances.includes(runInstance) && runInstance !== fileInstance ? runInstance
    : !fileInstance && instances.length > 0 ? instances[0]! : '';
  const initialDraft = emptyTestDraft(endpointId, instance);
  if (fromRun?.run) {
    const hasSchema = endpoints.find((e) => e.id === fromRun.endpointId)?.hasSchema === true;
    initialDraft.expect = expectFromRun(fromRun.run, hasSchema);
  }

  const ask = async (draft: Record<string, unknown>): Promise<{ answer?: AddTestCaseAnswer; problems: DraftDiagnostic[] }> => {
    const { endpointId: id, caseName, testCase } = buildTestCase(draft);
    const problems: DraftDiagnostic[] = [];
    if (id === '') problems.push({ code: 'addTest', severity: 1, message: 'Choose the endpoint the case runs.', path: 'endpointId' });
    if (caseName === '') problems.push({ code: 'addTest', severity: 1, message: 'Give the case a name.', path: 'caseName' });
    if (problems.length > 0) return { problems };
    const client = await services.whenClientReady();
    const answer = await client.sendRequest<AddTestCaseAnswer>('patchworks/addTestCase', { uri: connectorUri.toString(), endpointId: id, caseName, case: testCase });
    return { answer, problems: placeableDiagnostics(answer.problems, draft) };
  };

  return {
    spec: { title: 'Add Test', steps, finishLabel: 'Add Test' },
    initialDraft,
    async check(draft) {
      const { problems } = await ask(draft);
      const { caseName, testCase } = buildTestCase(draft);
      return {
        type: 'checked',
        ...placeDiagnostics(problems, shownPaths(allFields, draft)),
        preview: JSON.stringify({ [caseName || '(case name)']: testCase }, null, 2),
        target: `${vscode.workspace.asRelativePath(testsUri)}${(await exists(testsUri)) ? '' : ' (a new file)'}`,
      };
    },
    async finish(draft) {
      // Asked again: the tests file may have changed while the wizard was open.
      const { answer, problems } = await ask(draft);
      const errors = problems.filter((p) => p.severity === 1);
      if (!answer?.edit || errors.length > 0) {
        throw new Error(errors.map((p) => p.message).join(' ') || 'The server answered no edit.');
      }
      const client = await services.whenClientReady();
      const edit = workspaceEdit(answer.edit);
      // Not a refactoring (no auto-save): an open tests file keeps the edit unsaved for the user to review, then save.
      if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) throw new Error('VS Code refused the edit (is the tests file read-only?).');
      const target = vscode.Uri.parse(answer.testsUri);
      const editor = await vscode.window.showTextDocument(target, { preview: false });
      if (answer.caseRange) {
        const range = client.protocol2CodeConverter.asRange(answer.caseRange);
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
      }
      const { endpointId: id, caseName } = buildTestCase(draft);
      // VS Code writes an edit to a file no editor had open (and creates a new one); an open one stays unsaved.
      const saved = editor.document.isDirty ? 'not saved yet' : 'saved';
      return `Added the test "${caseName}" of ${id} to ${vscode.workspace.asRelativePath(target)}${answer.created ? ' (a new file)' : ''}: ${saved}; Undo takes it back.`;
    },
  };
}

/** The server's edit (a file created, then text edits) as VS Code's: the same edits the section wizards make. */
function workspaceEdit(answer: lsp.WorkspaceEdit): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of answer.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') edit.createFile(vscode.Uri.parse(change.uri), { ignoreIfExists: true });
      continue;
    }
    const uri = vscode.Uri.parse(change.textDocument.uri);
    for (const e of change.edits) {
      if (!('newText' in e)) continue; // the server answers plain text edits only
      const { start, end } = e.range;
      edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), e.newText);
    }
  }
  return edit;
}

/** The "instance" of the tests file beside the connector (its open document over the disk), or undefined. */

async function exists(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return true;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
