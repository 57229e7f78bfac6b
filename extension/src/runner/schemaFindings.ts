// Compare Schema's answer, as the server gives it (patchworks/compareSchema: SchemaComparison in the C# core walks
// the endpoint's declared schema, JSONC included, against a run's records), and its findings as editor problems at
// the declarations. No `vscode` here: schemaDiagnostics.ts turns these into Diagnostics.

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

/** What the panel's Schema tab shows. */
export interface SchemaComparison {
  recordsChecked: number;
  /** The records were XML or CSV: their text was read as the declared types. */
  text?: boolean;
  /** Required fields absent from some records (a null value is a wrong type, not a missing field). */
  missingRequired: FieldCount[];
  /** Declared fields that no record had. */
  neverReceived: string[];
  /** Fields received that the schema does not declare (only where it lists properties). */
  extra: FieldCount[];
  wrongTypes: WrongType[];
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Where a finding's field is written: its declaration, or (undeclared) the endpoint's "schema" key. */
export interface FindingLocation {
  path: string;
  uri: string;
  range: LspRange;
  declared: boolean;
}

/** The answer of patchworks/compareSchema. */
export interface SchemaComparisonAnswer extends SchemaComparison {
  locations: FindingLocation[];
  /** The endpoint's "schema" key in the connector. */
  schema: { uri: string; range: LspRange };
  /** The file that declares the schema: the connector, or its schema file. */
  schemaUri: string;
  /** Pages whose records could not be read back. */
  gaps: string[];
}

export type FindingKind = 'missingRequired' | 'neverReceived' | 'extra' | 'wrongType';

/** One finding as an editor problem. */
export interface SchemaProblem {
  kind: FindingKind;
  path: string;
  uri: string;
  range: LspRange;
  message: string;
  severity: 'warning' | 'information';
  /** Update Schema from Run changes the schema for it (adds the field, widens the type); a missing required field or one never received stays for the author. */
  fixable: boolean;
}

/** The comparison alone (what the panel keeps in its state), without the locations. */
export function comparisonOf(answer: SchemaComparisonAnswer): SchemaComparison {
  return {
    recordsChecked: answer.recordsChecked,
    ...(answer.text ? { text: true } : {}),
    missingRequired: answer.missingRequired,
    neverReceived: answer.neverReceived,
    extra: answer.extra,
    wrongTypes: answer.wrongTypes,
  };
}

/** Each finding at its location (the endpoint's "schema" key when the server gave none for its path). */
export function schemaProblems(answer: SchemaComparisonAnswer): SchemaProblem[] {
  const at = new Map(answer.locations.map((l) => [l.path, l]));
  const total = answer.recordsChecked;
  const of = (n: number) => `${n} of ${total} record${total === 1 ? '' : 's'}`;
  const problem = (kind: FindingKind, path: string, message: string, severity: SchemaProblem['severity'], fixable: boolean): SchemaProblem => {
    const location = at.get(path) ?? { uri: answer.schema.uri, range: answer.schema.range };
    return { kind, path, uri: location.uri, range: location.range, message, severity, fixable };
  };
  return [
    ...answer.wrongTypes.map((w) =>
      problem('wrongType', w.path, `${w.path}: declared ${w.expected.join(' or ')}, received ${w.received.map((r) => `${r.type} in ${of(r.records)}`).join(', ')}`, 'warning', true)),
    ...answer.extra.map((e) => problem('extra', e.path, `${e.path}: received in ${of(e.records)}, not declared in the schema`, 'warning', true)),
    ...answer.missingRequired.map((m) => problem('missingRequired', m.path, `${m.path}: required, missing from ${of(m.records)}`, 'warning', false)),
    ...answer.neverReceived.map((path) => problem('neverReceived', path, `${path}: declared, in none of the ${total} records received`, 'information', false)),
  ];
}
