// What the extension knows of connectors and instances: asked of the server (patchworks/connectorOutline,
// patchworks/workspaceFiles), which reads the files as the editor has them (unsaved text included). No TypeScript
// reads a connector or instance file. The field names are checked against the server's records by
// tests/Patchworks.LanguageServer.Tests/OutlineProtocolTests.cs: change both sides together.
import * as vscode from 'vscode';
import type { Services } from '../services';

export interface OutlineVariable {
  key: string;
  displayName?: string;
  description?: string;
  /** Left out for a secret variable. */
  default?: string;
  required: boolean;
  secret: boolean;
  /** connector, auth, auth token or endpoint. */
  level: string;
  owner?: string;
}

export interface OutlineAuthMethod {
  id: string;
  name: string;
  type?: string;
  /** What an instance fills in for this method: its own variables, then the connector variables it uses. */
  instanceVariables: OutlineVariable[];
}

export interface OutlineEndpoint {
  id: string;
  name?: string;
  method?: string;
  url?: string;
  dataPath?: string;
  dataType: string;
  hasSchema: boolean;
}

export interface OutlineListener {
  id: string;
  name?: string;
  queue?: string;
  hasSampleBody: boolean;
}

export interface OutlineInstance {
  uri: string;
  label: string;
  name?: string;
  environment?: string;
}

export interface OutlineTestsFile {
  uri: string;
  /** The instance the file names for its cases, as written (relative to the tests file). */
  instance?: string;
}

export interface ConnectorOutline {
  /** The connector file (the one asked for, or the connector an instance names). */
  uri: string;
  /** api or event. */
  kind: string;
  name?: string;
  dateFormat?: string;
  variables: OutlineVariable[];
  authMethods: OutlineAuthMethod[];
  endpoints: OutlineEndpoint[];
  listeners: OutlineListener[];
  instances: OutlineInstance[];
  /** The connector's tests files (NAME.tests.json beside it, and any other the server knows). */
  testsFiles: OutlineTestsFile[];
  syntaxErrors: number;
}

export interface WorkspaceConnector {
  uri: string;
  name?: string;
  kind: string;
}

export interface WorkspaceInstance {
  uri: string;
  label: string;
  name?: string;
  environment?: string;
  connectorUri?: string;
}

export interface WorkspaceFiles {
  connectors: WorkspaceConnector[];
  instances: WorkspaceInstance[];
}

/**
 * The outline of a connector, or of the connector an instance names. The file is opened first (a no-op when it is
 * open), so the server has the editor's text of it.
 */
export async function connectorOutline(services: Services, fileUri: string): Promise<ConnectorOutline> {
  await vscode.workspace.openTextDocument(vscode.Uri.parse(fileUri));
  const client = await services.whenClientReady();
  return client.sendRequest<ConnectorOutline>('patchworks/connectorOutline', { uri: fileUri });
}

/** Every connector and instance the server knows in the workspace (its folder rules: no node_modules, bin, obj, .git). */
export async function workspaceFiles(services: Services): Promise<WorkspaceFiles> {
  const client = await services.whenClientReady();
  return client.sendRequest<WorkspaceFiles>('patchworks/workspaceFiles', {});
}
