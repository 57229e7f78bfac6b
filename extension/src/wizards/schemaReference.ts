// The "$schema" line a wizard writes first in a new file, as the samples have it: a relative path to the
// workspace's own schemas/ folder when it has one (samples/x/x.connector.json → ../../schemas/...), else the
// schema's $id. The server and the extension tell files apart by name and pick the schema by kind, so either
// is only a pointer for people and other editors; the schemas declare "$schema" as a string property, so
// neither is an unknown field. The $id comes from the server's patchworks/schemaFields (SchemaReader.id).
import * as path from 'node:path';

export type SchemaKind = 'connector' | 'instance';

export const schemaFileNames: Record<SchemaKind, string> = {
  connector: 'connector.schema.json',
  instance: 'instance.schema.json',
};

/**
 * `fileFolder` is the folder the new file goes in, `workspaceSchema` the workspace's copy of the schema if
 * there is one (both POSIX paths, as in a URI's path), `schemaId` the schema's $id.
 */
export function schemaReference(fileFolder: string, workspaceSchema: string | undefined, schemaId: string): string {
  if (workspaceSchema === undefined) return schemaId;
  return path.posix.relative(fileFolder, workspaceSchema);
}

/** The file's value with "$schema" as its first property (the samples' order). */
export function withSchema<T extends Record<string, unknown>>(reference: string, value: T): T & { $schema: string } {
  return { $schema: reference, ...value };
}
