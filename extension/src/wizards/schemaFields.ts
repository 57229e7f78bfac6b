// The wizards' forms read their fields from the server's patchworks/schemaFields (src/server/schemaFields.ts): kinds,
// help and choices as the server reads them off the schema it validates with. This only looks them up and lays them
// out as form fields; no JSON Schema is read here.
import type { FieldKind, FieldSpec } from '../forms/formSpec';
import { fetchSchemaFields, type SchemaField, type SchemaFields, type SchemaName, type SchemaObject } from '../server/schemaFields';
import type { Services } from '../services';

/** The schema's fields from the running server, for a wizard about to open. */
export async function schemaReader(services: Services, schema: SchemaName): Promise<SchemaReader> {
  return new SchemaReader(await fetchSchemaFields(await services.whenClientReady(), schema));
}

export class SchemaReader {
  constructor(private readonly fields: SchemaFields) {}

  /** The schema's $id, for the "$schema" a new file points at when the workspace has no schemas/ folder. */
  get id(): string {
    return this.fields.id;
  }

  /** An object by its definition's name (`authMethod`), its inline path (`authMethod.basic`), or the root for ''. */
  definition(name: string): SchemaObject {
    const found = this.fields.objects[name];
    if (!found) throw new Error(`The schema has no object "${name}".`);
    return found;
  }

  /** A property of an object; throws when the object has no such property. */
  property(owner: SchemaObject, name: string): SchemaField {
    const property = owner.properties[name];
    if (!property) throw new Error(`The schema has no property "${name}" here.`);
    return property;
  }

  /** The fields of an object property (`token` of an auth method). */
  objectOf(owner: SchemaObject, name: string): SchemaObject {
    const key = this.property(owner, name).object;
    if (key === undefined) throw new Error(`The property "${name}" is not an object.`);
    return this.definition(key);
  }

  /** A form field for a property: the server's kind unless the form asks for another, its help and choices. */
  field(owner: SchemaObject, name: string, label: string, path = name, kind?: FieldKind): FieldSpec {
    const property = this.property(owner, name);
    const spec: FieldSpec = { path, label, kind: kind ?? property.kind };
    if (property.help) spec.help = property.help;
    if (property.options) spec.options = property.options.map((value) => ({ value, label: value }));
    return spec;
  }
}

/** `clientSecret` → "Client secret". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
