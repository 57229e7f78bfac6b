// The wizards: New Connector, Add Endpoint, Add Authentication Method, Add Instance.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { runAddInstance } from './addInstanceWizard';
import { runNewConnector } from './newConnectorWizard';
import { runSectionWizard } from './sectionWizard';

export function registerWizards(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand('patchworks.newConnector', () => runNewConnector(services)),
    vscode.commands.registerCommand('patchworks.addEndpoint', () => runSectionWizard(services, 'endpoints')),
    vscode.commands.registerCommand('patchworks.addAuthMethod', () => runSectionWizard(services, 'authMethods')),
    vscode.commands.registerCommand('patchworks.addInstance', (connector?: vscode.Uri) =>
      runAddInstance(services, connector instanceof vscode.Uri ? connector : undefined)),
  );
}
