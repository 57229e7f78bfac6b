// Reads a JSON Schema (the connector or instance schema) for the wizards: the properties of a definition,
// their descriptions, enums and kinds, so forms are built from the schema rather than from copies of it.
import type { FieldKind, FieldSpec } from '../forms/formSpec';

export interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  description?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  required?: string[];
  'x-methods'?: Record<string, { required: string[]; optional: string[] }>;
  [key: string]: unknown;
}

export class SchemaReader {
  constructor(private readonly root: JsonSchema) {}

  /** A definition by name (`authMethod`) or the root for ''. */
  definition(name: string): JsonSchema {
    if (name === '') return this.root;
    const found = this.root.definitions?.[name];
    if (!found) throw new Error(`The schema has no definition "${name}".`);
    return found;
  }

  /** Follows $ref (local, #/definitions/...) until a schema without one; a sibling description wins. */
  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    const description = schema.description;
    while (current.$ref) {
      current = this.definition(current.$ref.replace('#/definitions/', ''));
    }
    return description && current !== schema ? { ...current, description } : current;
  }

  /** A property of an object schema, resolved; throws when the schema has no such property. */
  property(owner: JsonSchema, name: string): JsonSchema {
    const property = this.resolve(owner).properties?.[name];
    if (!property) throw new Error(`The schema has no property "${name}" here.`);
    return this.resolve(property);
  }

  /** A field for a property: its kind from the schema's type (text for strings and templates, a select for enums). */
  field(owner: JsonSchema, name: string, label: string, path = name, kind?: FieldKind): FieldSpec {
    const property = this.property(owner, name);
    const spec: FieldSpec = { path, label, kind: kind ?? kindOf(property) };
    if (property.description) spec.help = firstSentences(property.description);
    if (property.enum) spec.options = property.enum.map((value) => ({ value, label: value }));
    return spec;
  }
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return 'select';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'array') return 'csv';
  if (schema.oneOf) return 'textarea';
  return 'text';
}

/** Descriptions can run long; a form shows their first two sentences. */
function firstSentences(text: string): string {
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g);
  return sentences && sentences.length > 2 ? sentences.slice(0, 2).join('').trim() : text;
}

/** `clientSecret` → "Client secret". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
