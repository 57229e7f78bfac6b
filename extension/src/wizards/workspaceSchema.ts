// Finds the workspace's own copy of a schema (schemas/<kind>.schema.json in the new file's workspace folder)
// for the "$schema" line of a wizard's file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { schemaFileNames, schemaReference, type SchemaKind } from './schemaReference';
import { exists } from './workspaceFiles';

export async function workspaceSchemaReference(kind: SchemaKind, target: vscode.Uri, schemaId: string): Promise<string> {
  const folder = vscode.workspace.getWorkspaceFolder(target)?.uri;
  const candidate = folder && vscode.Uri.joinPath(folder, 'schemas', schemaFileNames[kind]);
  const found = candidate && (await exists(candidate)) ? candidate.path : undefined;
  return schemaReference(path.posix.dirname(target.path), found, schemaId);
}
