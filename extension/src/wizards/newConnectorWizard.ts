// "Patchworks: New Connector": first the kind (an API connector or an event connector), then the builder's
// steps in a webview; the result is written as a connector file laid out like the samples, checked clean by the
// server first, and opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectorSteps, emptyConnectorDraft } from './connectorForm';
import { buildObject, shownPaths, type Json } from '../forms/draftBuilder';
import { buildEventConnector, emptyEventConnectorDraft, eventConnectorSteps } from './eventConnectorForm';
import { validateDraft } from './draftValidation';
import { placeDiagnostics } from '../forms/fieldDiagnostics';
import type { FieldSpec } from '../forms/formSpec';
import { followIcon, iconExtensions, iconPathFor, type IconChoice } from './iconPath';
import { layoutJson } from './jsonLayout';
import { fileSlug } from './instanceForm';
import { withSchema } from './schemaReference';
import { schemaReader, type SchemaReader } from './schemaFields';
import { openWizard, type WizardController } from '../forms/wizardPanel';
import { workspaceSchemaReference } from './workspaceSchema';
import { exists, resolveInside, writeNewFile } from './workspaceFiles';

/** An API connector (endpoints) or an event connector (a broker and listeners, docs/events.md). */
export type ConnectorKind = 'api' | 'event';

export function newConnectorController(services: Services, folder: vscode.Uri, kind: ConnectorKind, schema: SchemaReader): WizardController {
  const steps = kind === 'event' ? eventConnectorSteps(schema) : connectorSteps(schema);
  const fileFields: FieldSpec[] = steps.filter((s) => !s.review).flatMap((s) => s.fields);
  const allFields = steps.flatMap((s) => s.fields);
  const build = (draft: Record<string, unknown>): Record<string, Json> =>
    kind === 'event' ? buildEventConnector(draft) : buildObject(fileFields, draft);

  const target = (draft: Record<string, unknown>) => resolveInside(folder, connectorFileName(draft));
  let icon: IconChoice | undefined;
  const text = async (draft: Record<string, unknown>) =>
    layoutJson(withSchema(await workspaceSchemaReference('connector', target(draft), schema.id), build(draft)));

  return {
    spec: { title: kind === 'event' ? 'New Event Connector' : 'New Connector', steps, finishLabel: 'Create connector' },
    initialDraft: kind === 'event' ? emptyEventConnectorDraft() : emptyConnectorDraft(),
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
  const slug = fileSlug(typeof draft.name === 'string' ? draft.name : '').replace(/^instance$/, 'connector');
  return `${slug}/${slug}.connector.json`;
}

export async function runNewConnector(services: Services): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showErrorMessage('Patchworks: open a folder first; the new connector is written into it.');
    return;
  }
  const kinds: (vscode.QuickPickItem & { connectorKind: ConnectorKind })[] = [
    { label: 'API connector', description: 'REST or SOAP', detail: 'Endpoints the platform calls: methods, URLs, parameters, pagination.', connectorKind: 'api' },
    { label: 'Event connector (message broker)', description: 'RabbitMQ', detail: 'Listeners on a message broker: a process flow starts from each message.', connectorKind: 'event' },
  ];
  const chosen = await vscode.window.showQuickPick(kinds, { title: 'New Connector', placeHolder: 'What kind of connector?' });
  if (!chosen) return;
  let schema: SchemaReader;
  try {
    schema = await schemaReader(services, 'connector');
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${(error as Error).message}`);
    return;
  }
  openWizard(services, 'patchworks.newConnector', 'wizard-connector', newConnectorController(services, folder, chosen.connectorKind, schema));
}
