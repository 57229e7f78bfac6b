// The server's patchworks/schemaFields answers (fixtures/schema-fields/, kept equal to the server's by
// SchemaFieldsFixtureTests), as the wizards' forms get them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaFields, SchemaName } from '../../src/server/schemaFields';
import { SchemaReader } from '../../src/wizards/schemaFields';

export function schemaFieldsOf(schema: SchemaName): SchemaFields {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'schema-fields', `${schema}.json`), 'utf8')) as SchemaFields;
}

export const connectorSchema = (): SchemaReader => new SchemaReader(schemaFieldsOf('connector'));
export const instanceSchema = (): SchemaReader => new SchemaReader(schemaFieldsOf('instance'));
