// "Add Endpoint" and "Add Authentication Method": one section of the builder, inserted into the connector
// in the active editor as a WorkspaceEdit (undo takes it back), nothing else in the file touched.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickConnector } from '../forms/pickConnector';
import { authMethodFields, endpointFields } from './connectorForm';
import { buildObject, shownPaths } from '../forms/draftBuilder';
import { validateDraft } from './draftValidation';
import { placeDiagnostics, rebase } from '../forms/fieldDiagnostics';
import type { FieldSpec, StepSpec } from '../forms/formSpec';
import type { Json } from '../forms/draftBuilder';
import { schemaReader, type SchemaReader } from './schemaFields';

export type Section = 'endpoints' | 'authMethods';

/** patchworks/insertSection's answer: the edits over the connector as the editor has it, the item's index, the text after them. */
export interface Insertion {
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  index: number;
  text: string;
}
import { openWizard, type WizardController } from '../forms/wizardPanel';

const sections: Record<Section, { title: string; itemTitle: string; fields: (schema: SchemaReader) => FieldSpec[]; empty: Record<string, unknown> }> = {
  endpoints: { title: 'Add Endpoint', itemTitle: 'Endpoint', fields: endpointFields, empty: { id: '', name: '', direction: 'receive', method: 'GET', url: '', pagination: { method: '' } } },
  authMethods: { title: 'Add Authentication Method', itemTitle: 'Authentication method', fields: authMethodFields, empty: { id: '', name: '', type: '' } },
};

/** The wizard's one item lives at `item[0]`; the server's path for it is `<section>[index]`. */
const itemPath = 'item[0]';

export function sectionController(services: Services, document: vscode.TextDocument, section: Section, schema: SchemaReader): WizardController {
  const { title, itemTitle, fields, empty } = sections[section];
  const itemFields = fields(schema);
  const list: FieldSpec = { path: 'item', label: itemTitle, kind: 'list', fixed: true, item: { title: itemTitle, fields: itemFields } };
  const steps: StepSpec[] = [{ id: 'item', title: itemTitle, intro: `Added to ${vscode.workspace.asRelativePath(document.uri)}; the rest of the file stays as it is.`, fields: [list] }];

  const itemOf = (draft: Record<string, unknown>) => buildObject(itemFields, (draft.item as unknown[] | undefined)?.[0] ?? {});
  // The server inserts (Core's SectionInsertion): comments and layout kept, the file's indentation, no TypeScript parse.
  const insertion = async (draft: Record<string, unknown>): Promise<Insertion> => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    return insertSection(services, document, section, itemOf(draft), editor?.options.insertSpaces !== false, Number(editor?.options.tabSize ?? 2));
  };

  return {
    spec: { title, steps, finishLabel: title.replace('Add', 'Insert') },
    initialDraft: { item: [structuredClone(empty)] },
    async check(draft) {
      const inserted = await insertion(draft);
      const diagnostics = rebase(await validateDraft(services, 'connector', inserted.text, document.uri.toString()), `${section}[${inserted.index}]`, itemPath);
      const preview = JSON.stringify(itemOf(draft), null, 2);
      return { type: 'checked', ...placeDiagnostics(diagnostics, shownPaths(steps[0]!.fields, draft)), preview, target: vscode.workspace.asRelativePath(document.uri) };
    },
    async finish(draft) {
      if (document.isClosed) throw new Error(`${vscode.workspace.asRelativePath(document.uri)} was closed; open it and run the wizard again.`);
      // Computed against the text as it is now: the user may have edited the file while the wizard was open.
      const { edits } = await insertion(draft);
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits) {
        edit.replace(document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      }
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit (is the file read-only?).');
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const first = edits[0];
      if (first) {
        const start = new vscode.Position(first.range.start.line, first.range.start.character);
        editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenter);
      }
      return `${itemTitle} added to ${vscode.workspace.asRelativePath(document.uri)} (not saved yet; Undo takes it back).`;
    },
  };
}

export async function runSectionWizard(services: Services, section: Section): Promise<void> {
  const document = vscode.window.activeTextEditor?.document ?? (await pickConnector(services));
  if (!document) return;
  if (!document.fileName.endsWith('.connector.json')) {
    void vscode.window.showErrorMessage(`Patchworks: ${sections[section].title} works on a connector file (*.connector.json); ${vscode.workspace.asRelativePath(document.uri)} is not one.`);
    return;
  }
  let schema: SchemaReader;
  try {
    // Checked now so a broken file gets its message at once rather than as the wizard's first answer.
    await insertSection(services, document, section, {}, true, 2);
    schema = await schemaReader(services, 'connector');
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${(error as Error).message}`);
    return;
  }
  openWizard(services, `patchworks.${section}`, 'wizard-connector', sectionController(services, document, section, schema));
}


async function insertSection(services: Services, document: vscode.TextDocument, section: Section, item: Json, insertSpaces: boolean, tabSize: number): Promise<Insertion> {
  const client = await services.whenClientReady();
  return client.sendRequest<Insertion>('patchworks/insertSection', { uri: document.uri.toString(), section, item, insertSpaces, tabSize });
}
