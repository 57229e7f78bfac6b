// "Patchworks: Add Instance": the service-connector wizard's steps for a connector in the workspace. The
// server checks the prospective file where it would be written, so the one-live-and-one-test-per-company-
// group rule speaks before anything is written. Secrets go to SecretStorage (or stay env: references).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { connectorInfo, type ConnectorInfo } from './connectorInfo';
import { connectorOutline } from '../server/connectorOutline';
import { shownPaths } from '../forms/draftBuilder';
import { validateDraft } from './draftValidation';
import { placeDiagnostics } from '../forms/fieldDiagnostics';
import { buildInstance, defaultInstanceFileName, emptyInstanceDraft, instanceSteps, storedSecretKeys } from './instanceForm';
import { fetchSecretNames } from '../server/secretNames';
import { layoutJson } from './jsonLayout';
import { withSchema } from './schemaReference';
import { schemaReader, type SchemaReader } from './schemaFields';
import { pickConnector } from '../forms/pickConnector';
import { openWizard, type WizardController } from '../forms/wizardPanel';
import { workspaceSchemaReference } from './workspaceSchema';
import { resolveInside, writeNewFile } from './workspaceFiles';

export function instanceController(services: Services, connectorUri: vscode.Uri, connector: ConnectorInfo, schema: SchemaReader): WizardController {
  const folder = vscode.Uri.joinPath(connectorUri, '..');
  const steps = instanceSteps(connector, timeZones(), schema);
  const allFields = steps.flatMap((s) => s.fields);

  const target = (draft: Record<string, unknown>) => {
    const given = typeof draft.saveAs === 'string' ? draft.saveAs.trim() : '';
    const name = given === '' ? defaultInstanceFileName(typeof draft.name === 'string' ? draft.name : '') : given.endsWith('.instance.json') ? given : `${given.replace(/\.json$/, '')}.instance.json`;
    return resolveInside(folder, name);
  };
  const build = async (draft: Record<string, unknown>) => {
    const uri = target(draft);
    const relative = path.posix.relative(path.posix.dirname(uri.path), connectorUri.path);
    const names = await fetchSecretNames(await services.whenClientReady(), typeof draft.name === 'string' ? draft.name.trim() : '', storedSecretKeys(draft, connector));
    const { instance, secrets } = buildInstance(draft, connector, relative, names);
    return { uri, instance: withSchema(await workspaceSchemaReference('instance', uri, schema.id), instance), secrets };
  };

  return {
    spec: { title: `Add Instance: ${connector.name}`, steps, finishLabel: 'Create instance' },
    initialDraft: emptyInstanceDraft(connector),
    async check(draft) {
      const { uri, instance } = await build(draft);
      const text = layoutJson(instance);
      const diagnostics = await validateDraft(services, 'instance', text, uri.toString());
      return { type: 'checked', ...placeDiagnostics(diagnostics, shownPaths(allFields, draft)), preview: text, target: vscode.workspace.asRelativePath(uri) };
    },
    async finish(draft) {
      const { uri, instance, secrets } = await build(draft);
      // The secrets first: a file whose secret: references name nothing would fail its first run.
      for (const secret of secrets) {
        await services.context.secrets.store(secret.name, secret.value);
      }
      if (!(await writeNewFile(uri, layoutJson(instance)))) return undefined;
      const stored = secrets.length > 0 ? ` ${secrets.length} secret${secrets.length === 1 ? '' : 's'} stored in VS Code's secret storage.` : '';
      const method = connector.authMethods.find((m) => m.id === draft.authMethod);
      if (method?.type === 'oauth2AuthorizationCode') offerSignIn(uri, method.name);
      return `Created ${vscode.workspace.asRelativePath(uri)}.${stored}`;
    },
  };
}

/** The authorisation code grant needs the user in a browser once; the instance is written, so it can start now. */
function offerSignIn(instance: vscode.Uri, methodName: string): void {
  const action = 'Sign In';
  void vscode.window
    .showInformationMessage(`${path.basename(instance.fsPath)} uses ${methodName}: sign in once in your browser so runs can get tokens.`, action)
    .then((choice) => choice === action && vscode.commands.executeCommand('patchworks.signIn', instance));
}

function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export async function runAddInstance(services: Services, connectorArg?: vscode.Uri): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const document = connectorArg
    ? await vscode.workspace.openTextDocument(connectorArg)
    : active?.fileName.endsWith('.connector.json') ? active : await pickConnector(services);
  if (!document) return;
  let connector: ConnectorInfo;
  let schema: SchemaReader;
  try {
    connector = connectorInfo(await connectorOutline(services, document.uri.toString()));
    schema = await schemaReader(services, 'instance');
  } catch (error) {
    void vscode.window.showErrorMessage(`Patchworks: ${(error as Error).message}`);
    return;
  }
  if (connector.authMethods.length === 0) {
    void vscode.window.showErrorMessage(`Patchworks: ${connector.name} has no authentication methods; add one (Patchworks: Add Authentication Method) before adding an instance.`);
    return;
  }
  openWizard(services, 'patchworks.addInstance', 'wizard-instance', instanceController(services, document.uri, connector, schema));
}
