// "Compare Schema": the endpoint's declared record schema (JSON Schema, as the connector holds it) against the
// records a run received. It answers what a connector author needs before mapping: which declared fields never
// came, which fields came undeclared, and which came with another type. Not a full validator: types,
// properties, required, items, and local $refs, which is what record schemas use.
// XML and CSV records (SOAP) hold text only, as fields flattened by path (the runner's listedRecords): compared in text mode,
// they are nested back by their paths, a value counts as a declared number, integer, boolean or null when it reads
// as one, and a lone element counts as a one-item array (XML does not mark a list of one).

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface FieldCount {
  /** Dotted path of the field; `[]` marks the items of an array (`categories[].id`). */
  path: string;
  /** In how many records this was seen. */
  records: number;
}

export interface WrongType {
  path: string;
  expected: string[];
  /** The types received instead, each with how many records had it. */
  received: { type: JsonType; records: number }[];
}

export interface SchemaComparison {
  recordsChecked: number;
  /** The records were XML or CSV: their text was read as the declared types (see the file's opening comment). */
  text?: boolean;
  /** Required fields absent from some records (a null value is a wrong type, not a missing field). */
  missingRequired: FieldCount[];
  /** Declared fields that no record had. */
  neverReceived: string[];
  /** Fields received that the schema does not declare (only where it lists properties). */
  extra: FieldCount[];
  wrongTypes: WrongType[];
}

type Schema = Record<string, unknown>;

interface Tally {
  text: boolean;
  missingRequired: Map<string, number>;
  seen: Set<string>;
  declared: Set<string>;
  extra: Map<string, number>;
  wrong: Map<string, { expected: string[]; received: Map<JsonType, number> }>;
}

const MAX_DEPTH = 8;

export function compareSchema(schema: unknown, records: unknown[], options: { text?: boolean } = {}): SchemaComparison {
  const root = asSchema(schema);
  const text = options.text === true;
  const tally: Tally = { text, missingRequired: new Map(), seen: new Set(), declared: new Set(), extra: new Map(), wrong: new Map() };
  if (root) collectDeclared(root, root, '', tally.declared, 0);
  records.forEach((received) => {
    const record = text ? nestTextRecord(received) : received;
    // Each record counts once per finding, even when an array inside it repeats the same problem.
    const found: Tally = { text, missingRequired: new Map(), seen: tally.seen, declared: tally.declared, extra: new Map(), wrong: new Map() };
    if (root) check(root, root, record, '', found, 0);
    for (const [path] of found.missingRequired) bump(tally.missingRequired, path);
    for (const [path] of found.extra) bump(tally.extra, path);
    for (const [path, wrong] of found.wrong) {
      const into = tally.wrong.get(path) ?? { expected: wrong.expected, received: new Map<JsonType, number>() };
      for (const [type] of wrong.received) bump(into.received, type);
      tally.wrong.set(path, into);
    }
  });
  return {
    recordsChecked: records.length,
    ...(text ? { text } : {}),
    missingRequired: counts(tally.missingRequired),
    // A field inside one never received is not listed again (categories, not also categories[].id).
    neverReceived: records.length === 0 ? [] : [...tally.declared].filter((path) => !tally.seen.has(path) && !parentMissing(path, tally)).sort(),
    extra: counts(tally.extra),
    wrongTypes: [...tally.wrong]
      .map(([path, w]) => ({ path, expected: w.expected, received: [...w.received].map(([type, n]) => ({ type, records: n })) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}

/** True when the comparison found nothing to report. */
export function schemaMatches(comparison: SchemaComparison): boolean {
  return (
    comparison.missingRequired.length === 0 &&
    comparison.neverReceived.length === 0 &&
    comparison.extra.length === 0 &&
    comparison.wrongTypes.length === 0
  );
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'object') return 'object';
  return 'null';
}

function check(root: Schema, schemaNode: Schema, received: unknown, path: string, tally: Tally, depth: number): void {
  const schema = deref(root, schemaNode);
  if (!schema || depth > MAX_DEPTH) return;
  const allowed = allowedTypes(root, schema);
  const value = tally.text && allowed ? readTextAs(received, allowed) : received;
  const actual = jsonTypeOf(value);
  if (allowed && !typeAllowed(actual, allowed)) {
    const entry = tally.wrong.get(path || '(record)') ?? { expected: allowed, received: new Map<JsonType, number>() };
    bump(entry.received, actual);
    tally.wrong.set(path || '(record)', entry);
    return;
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = asSchema(schema.properties);
    for (const key of stringArray(schema.required)) {
      if (!(key in object)) bump(tally.missingRequired, join(path, key));
    }
    for (const [key, child] of Object.entries(object)) {
      const childPath = join(path, key);
      tally.seen.add(childPath);
      const childSchema = properties ? asSchema(properties[key]) : undefined;
      if (childSchema) {
        check(root, childSchema, child, childPath, tally, depth + 1);
      } else if (properties && schema.additionalProperties !== true && asSchema(schema.additionalProperties) === undefined) {
        bump(tally.extra, childPath);
      }
    }
  } else if (actual === 'array') {
    const items = asSchema(schema.items);
    if (items) {
      for (const item of value as unknown[]) check(root, items, item, `${path}[]`, tally, depth + 1);
    }
  }
}

function collectDeclared(root: Schema, schemaNode: Schema, path: string, into: Set<string>, depth: number): void {
  const schema = deref(root, schemaNode);
  if (!schema || depth > MAX_DEPTH) return;
  const properties = asSchema(schema.properties);
  if (properties) {
    for (const [key, child] of Object.entries(properties)) {
      const childPath = join(path, key);
      into.add(childPath);
      const childSchema = asSchema(child);
      if (childSchema) collectDeclared(root, childSchema, childPath, into, depth + 1);
    }
  }
  const items = asSchema(schema.items);
  if (items) collectDeclared(root, items, `${path}[]`, into, depth + 1);
}

/**
 * A flattened text record (`Address.PostCode`, `Line.0.Sku`, `@id`) nested back by its paths: a name followed by
 * numbers becomes an array. A record that is one text (an element with text only) stays as it is.
 */
export function nestTextRecord(record: unknown): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = nested;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]!);
      const existing = container[slot];
      if (existing === null || typeof existing !== 'object') container[slot] = nextIsIndex ? [] : {};
      node = container[slot] as Record<string, unknown> | unknown[];
    });
  }
  return nested;
}

/** XML or CSV text read as the first declared type it reads as; a lone value where an array is declared as a list of one. */
function readTextAs(value: unknown, allowed: string[]): unknown {
  if (allowed.includes('array') && !Array.isArray(value) && value !== undefined) return [value];
  if (typeof value !== 'string' || allowed.includes('string')) return value;
  // An empty element (<Address/>) where fields are declared: an object with none of them.
  if (allowed.includes('object') && value.trim() === '') return {};
  const text = value.trim();
  for (const type of allowed) {
    if (type === 'null' && text === '') return null;
    if (type === 'integer' && /^[-+]?\d+$/.test(text)) return Number(text);
    if (type === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
    if (type === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  }
  return value;
}

/** The JSON types a schema node allows, or undefined when it does not say (no type, or a combinator we do not model). */
function allowedTypes(root: Schema, schema: Schema): string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return stringArray(schema.type);
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) {
      const types = new Set<string>();
      for (const branch of branches) {
        const branchSchema = deref(root, asSchema(branch));
        const branchTypes = branchSchema ? allowedTypes(root, branchSchema) : undefined;
        if (!branchTypes) return undefined;
        branchTypes.forEach((t) => types.add(t));
      }
      return [...types];
    }
  }
  return undefined;
}

function typeAllowed(actual: JsonType, allowed: string[]): boolean {
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

/** Follows a local $ref (#/definitions/x, #/$defs/x); an unresolvable one is treated as "anything". */
function deref(root: Schema, schema: Schema | undefined, hops = 0): Schema | undefined {
  if (!schema || typeof schema.$ref !== 'string') return schema;
  if (!schema.$ref.startsWith('#') || hops > 16) return undefined;
  let node: unknown = root;
  for (const part of schema.$ref.slice(1).split('/').filter((p) => p !== '')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Schema)[key] : undefined;
  }
  return deref(root, asSchema(node), hops + 1);
}

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function parentMissing(path: string, tally: Tally): boolean {
  const parent = path.replace(/(\[\])?\.[^.]+$|\[\]$/, '');
  return parent !== path && parent !== '' && tally.declared.has(parent) && !tally.seen.has(parent);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function counts(map: Map<string, number>): FieldCount[] {
  return [...map].map(([path, records]) => ({ path, records })).sort((a, b) => a.path.localeCompare(b.path));
}
