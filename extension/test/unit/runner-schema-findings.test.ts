// Compare Schema's answer (the server's patchworks/compareSchema) as editor problems: each finding at the location the
// server gave, the quick fix offered where Update Schema from Run changes the schema (src/runner/schemaFindings.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { comparisonOf, schemaProblems, type SchemaComparisonAnswer } from '../../src/runner/schemaFindings';

const range = (line: number) => ({ start: { line, character: 6 }, end: { line, character: 20 } });
const connector = 'file:///ws/shop.connector.json';
const schemaFile = 'file:///ws/schemas/product.json';

const answer: SchemaComparisonAnswer = {
  recordsChecked: 12,
  missingRequired: [{ path: 'name', records: 2 }],
  neverReceived: ['stock_quantity'],
  extra: [{ path: 'colour', records: 12 }],
  wrongTypes: [{ path: 'id', expected: ['integer', 'null'], received: [{ type: 'string', records: 3 }, { type: 'boolean', records: 1 }] }],
  locations: [
    { path: 'name', uri: schemaFile, range: range(4), declared: true },
    { path: 'stock_quantity', uri: schemaFile, range: range(5), declared: true },
    { path: 'colour', uri: connector, range: range(30), declared: false },
    { path: 'id', uri: schemaFile, range: range(3), declared: true },
  ],
  schema: { uri: connector, range: range(30) },
  schemaUri: schemaFile,
  gaps: [],
};

test('each finding is a problem at its declaration, an undeclared field at the endpoint\'s schema key', () => {
  const problems = schemaProblems(answer);
  assert.deepEqual(problems.map((p) => [p.kind, p.path, p.uri, p.range.start.line, p.severity, p.fixable]), [
    ['wrongType', 'id', schemaFile, 3, 'warning', true],
    ['extra', 'colour', connector, 30, 'warning', true],
    ['missingRequired', 'name', schemaFile, 4, 'warning', false],
    ['neverReceived', 'stock_quantity', schemaFile, 5, 'information', false],
  ]);
  assert.deepEqual(problems.map((p) => p.message), [
    'id: declared integer or null, received string in 3 of 12 records, boolean in 1 of 12 records',
    'colour: received in 12 of 12 records, not declared in the schema',
    'name: required, missing from 2 of 12 records',
    'stock_quantity: declared, in none of the 12 records received',
  ]);
});

test('a finding the server gave no location for is at the schema key; the panel keeps the comparison without locations', () => {
  const [problem] = schemaProblems({ ...answer, locations: [], wrongTypes: [], missingRequired: [], neverReceived: [], extra: [{ path: '(record)', records: 1 }], recordsChecked: 1 });
  assert.equal(problem!.uri, connector);
  assert.equal(problem!.message, '(record): received in 1 of 1 record, not declared in the schema');
  const kept = comparisonOf({ ...answer, text: true });
  assert.deepEqual(Object.keys(kept), ['recordsChecked', 'text', 'missingRequired', 'neverReceived', 'extra', 'wrongTypes']);
  assert.equal('text' in comparisonOf(answer), false);
});
