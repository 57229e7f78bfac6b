// patchworks/schemaFields: the fields the wizards' forms are built from, as the server reads them off the schema it
// validates with (server/Patchworks.Core/Schema/FormSchema.cs), so no form reads a JSON Schema itself.
// OutlineProtocolTests checks these types against the server's answers.
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FieldKind } from '../forms/formSpec';

export type SchemaName = 'connector' | 'instance';

/** One property: its form kind, help (the description's first two sentences), choices, and its fields' object. */
export interface SchemaField {
  kind: FieldKind;
  help?: string;
  options?: string[];
  /** The key (in `objects`) of this object property's own fields. */
  object?: string;
  /** The key (in `objects`) of the fields of this list's items. */
  items?: string;
}

/** What a method of an `x-methods` table (pagination) requires and takes. */
export interface SchemaMethod {
  required: string[];
  optional: string[];
}

/** An object's fields in the schema's order. */
export interface SchemaObject {
  properties: Record<string, SchemaField>;
  methods?: Record<string, SchemaMethod>;
}

/**
 * Every object of the schema, keyed by its definition's name (`authMethod`, `pagination`) or, written inline, by
 * its path (`authMethod.basic`); the root is ''.
 */
export interface SchemaFields {
  /** The schema's $id. */
  id: string;
  objects: Record<string, SchemaObject>;
}

export async function fetchSchemaFields(client: LanguageClient, schema: SchemaName): Promise<SchemaFields> {
  const answer = (await client.sendRequest('patchworks/schemaFields', { schema })) as Partial<SchemaFields> | null;
  if (!answer || typeof answer.objects !== 'object' || answer.objects === null || !answer.objects['']) {
    throw new Error('The language server answered patchworks/schemaFields without the schema\'s fields (an older server?).');
  }
  return answer as SchemaFields;
}
