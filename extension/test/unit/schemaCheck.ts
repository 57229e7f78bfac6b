// A small JSON Schema (draft-07) checker for the keywords the project's schemas use: type, properties,
// additionalProperties, required, enum, const, $ref (local), oneOf, items, if/then/else, min/max lengths and
// values, minItems, uniqueItems, pattern. Returns the problems as "path: what", empty when the value conforms.
type Schema = Record<string, unknown>;

export function checkSchema(root: Schema, value: unknown): string[] {
  const problems: string[] = [];
  check(root, root, value, '', problems);
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, problems: string[]): void {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (root.definitions as Record<string, Schema>)[name];
    if (!target) throw new Error(`unknown $ref ${schema.$ref}`);
    check(root, target, value, path, problems);
  }
  const at = path === '' ? '(root)' : path;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type as string[] : [schema.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) problems.push(`${at}: ${actual} is not ${types.join(' or ')}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  if ('const' in schema && schema.const !== value) problems.push(`${at}: is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) problems.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) problems.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) problems.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) problems.push(`${at}: items are not unique`);
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => check(root, schema.items as Schema, item, `${path}[${i}]`, problems));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) problems.push(`${at}: missing required property ${name}`);
    }
    for (const [name, item] of Object.entries(object)) {
      const child = path === '' ? name : `${path}.${name}`;
      if (properties[name]) check(root, properties[name]!, item, child, problems);
      else if (schema.additionalProperties === false) problems.push(`${child}: not allowed`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') check(root, schema.additionalProperties as Schema, item, child, problems);
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = (schema.oneOf as Schema[]).filter((option) => checkFrom(root, option, value).length === 0).length;
    if (passing !== 1) problems.push(`${at}: matches ${passing} of the oneOf choices, not exactly one`);
  }
  if (schema.if && typeof schema.if === 'object') {
    const branch = checkFrom(root, schema.if as Schema, value).length === 0 ? schema.then : schema.else;
    if (branch && typeof branch === 'object') check(root, branch as Schema, value, path, problems);
  }
}

function checkFrom(root: Schema, schema: Schema, value: unknown): string[] {
  const problems: string[] = [];
  check(root, schema, value, '', problems);
  return problems;
}
