// "Patchworks: New Connector": the builder's steps in a webview; the result is written as a connector file
// laid out like the samples, checked clean by the server first, and opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectorSteps, emptyConnectorDraft } from './connectorForm';
import { buildObject, shownPaths } from './draftBuilder';
import { validateDraft } from './draftValidation';
import { placeDiagnostics } from './fieldDiagnostics';
import type { FieldSpec } from './formSpec';
import { followIcon, iconExtensions, iconPathFor, type IconChoice } from './iconPath';
import { layoutJson } from './jsonLayout';
import { secretSlug } from './instanceForm';
import { withSchema } from './schemaReference';
import { openWizard, type WizardController } from './wizardPanel';
import { workspaceSchemaReference } from './workspaceSchema';
import { exists, resolveInside, writeNewFile } from './workspaceFiles';

export function newConnectorController(services: Services, folder: vscode.Uri): WizardController {
  const steps = connectorSteps();
  const fileFields: FieldSpec[] = steps.filter((s) => !s.review).flatMap((s) => s.fields);
  const allFields = steps.flatMap((s) => s.fields);

  const target = (draft: Record<string, unknown>) => resolveInside(folder, connectorFileName(draft));
  let icon: IconChoice | undefined;
  const text = async (draft: Record<string, unknown>) =>
    layoutJson(withSchema(await workspaceSchemaReference('connector', target(draft)), buildObject(fileFields, draft)));

  return {
    spec: { title: 'New Connector', steps, finishLabel: 'Create connector' },
    initialDraft: emptyConnectorDraft(),
    async check(draft) {
      const uri = target(draft);
      const content = await text(draft);
      const diagnostics = await validateDraft(services, 'connector', content, uri.toString());
      return { type: 'checked', ...placeDiagnostics(diagnostics, shownPaths(allFields, draft)), preview: content, target: vscode.workspace.asRelativePath(uri) };
    },
    async finish(draft) {
      const uri = target(draft);
      if (!(await writeNewFile(uri, await text(draft)))) return undefined;
      return `Created ${vscode.workspace.asRelativePath(uri)}.`;
    },
    async browse(_path, draft) {
      const connectorFolder = vscode.Uri.joinPath(target(draft), '..');
      const [chosen] = await vscode.window.showOpenDialog({
        title: 'Icon of the connector', openLabel: 'Use as icon', canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
        defaultUri: (await exists(connectorFolder)) ? connectorFolder : folder,
        filters: { Images: iconExtensions },
      }) ?? [];
      const answer = chosen && iconPathFor(path.posix.dirname(target(draft).path), folder.path, chosen.path);
      if (chosen && answer && 'value' in answer) icon = { absolute: chosen.path, value: answer.value };
      return answer;
    },
    follow(draft) {
      const value = followIcon(icon, draft.icon, path.posix.dirname(target(draft).path));
      if (value === undefined || !icon) return [];
      icon = { ...icon, value };
      return [{ path: 'icon', value }];
    },
  };
}

/** The file the user named on the review step, else `<name-slug>/<name-slug>.connector.json`. */
export function connectorFileName(draft: Record<string, unknown>): string {
  const given = typeof draft.saveAs === 'string' ? draft.saveAs.trim() : '';
  if (given !== '') return given.endsWith('.connector.json') ? given : `${given.replace(/\.json$/, '')}.connector.json`;
  const slug = secretSlug(typeof draft.name === 'string' ? draft.name : '').replace(/^instance$/, 'connector');
  return `${slug}/${slug}.connector.json`;
}

export async function runNewConnector(services: Services): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showErrorMessage('Patchworks: open a folder first; the new connector is written into it.');
    return;
  }
  openWizard(services, 'patchworks.newConnector', 'wizard-connector', newConnectorController(services, folder));
}
