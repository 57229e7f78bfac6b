// Publishing to the Patchworks marketplace: Publish Connector (palette, editor title of connector files), Pull
// Connector from Patchworks, and
// Sign In to / Sign Out of Patchworks for the credentials it uses.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { PlanDocuments, planScheme } from './planDocuments';
import { publishConnector } from './publishConnector';
import { PULL_COMMAND, pullConnector } from './pullConnector';
import { signInToPatchworks, signOutOfPatchworks } from './patchworksSignIn';

export const PUBLISH_COMMAND = 'patchworks.publishConnector';

export function registerPublishing(services: Services): void {
  const plans = new PlanDocuments();
  services.context.subscriptions.push(
    plans,
    vscode.workspace.registerTextDocumentContentProvider(planScheme, plans),
    vscode.commands.registerCommand(PUBLISH_COMMAND, (connector?: unknown) => publishConnector(services, plans, connector)),
    vscode.commands.registerCommand(PULL_COMMAND, () => pullConnector(services)),
    vscode.commands.registerCommand('patchworks.signInToPatchworks', () => signInToPatchworks(services)),
    vscode.commands.registerCommand('patchworks.signOutOfPatchworks', () => signOutOfPatchworks(services)),
  );
}
