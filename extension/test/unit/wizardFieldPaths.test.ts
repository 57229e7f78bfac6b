// Server diagnostics of a draft → the wizard's fields, by JSON path.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fieldFor, placeDiagnostics, rebase, type DraftDiagnostic } from '../../src/forms/fieldDiagnostics';

const shown = ['name', 'version.number', 'version.name', 'endpoints', 'endpoints[0]', 'endpoints[0].url', 'endpoints[0].query', 'endpoints[0].query[0]', 'endpoints[0].query[0].key'];

test('a diagnostic on a field goes to that field', () => {
  assert.equal(fieldFor('endpoints[0].url', shown), 'endpoints[0].url');
  assert.equal(fieldFor('version.number', shown), 'version.number');
});

test('a diagnostic inside something the form does not show goes to the nearest shown ancestor', () => {
  assert.equal(fieldFor('endpoints[0].pagination.limit', shown), 'endpoints[0]');
  assert.equal(fieldFor('endpoints[0].query[0].value', shown), 'endpoints[0].query[0]');
  assert.equal(fieldFor('endpoints[3]', shown), 'endpoints');
});

test('a diagnostic on an object with no field of its own goes to its first shown field', () => {
  assert.equal(fieldFor('version', shown), 'version.number');
});

test('a path that only shares a prefix is not an ancestor', () => {
  assert.equal(fieldFor('names', shown), undefined);
});

test('the whole file, and paths the form has nothing for, are general messages; hints are not shown', () => {
  const diagnostics: DraftDiagnostic[] = [
    { code: 'PW1002', severity: 1, message: 'Missing authMethods.', path: '' },
    { code: 'PW2001', severity: 1, message: 'Undefined {{x}}.', path: 'endpoints[0].url' },
    { code: 'PW4001', severity: 2, message: 'Unused.', path: 'endpoints[0].url' },
    { code: 'PW9', severity: 4, message: 'A hint.', path: 'name' },
  ];
  const placed = placeDiagnostics(diagnostics, shown);
  assert.deepEqual(placed.general, ['PW1002: Missing authMethods.']);
  assert.deepEqual(placed.byPath['endpoints[0].url'], ['PW2001: Undefined {{x}}.', 'PW4001: Unused.']);
  assert.equal(placed.byPath.name, undefined);
  assert.deepEqual([placed.errors, placed.warnings], [1 + 1, 1]);
});

test('a section wizard sees its new item\'s diagnostics as its own, and none of the rest of the file', () => {
  const diagnostics: DraftDiagnostic[] = [
    { code: 'A', severity: 1, message: 'new', path: 'endpoints[4].url' },
    { code: 'B', severity: 1, message: 'new item', path: 'endpoints[4]' },
    { code: 'C', severity: 1, message: 'old', path: 'endpoints[1].url' },
    { code: 'D', severity: 1, message: 'not the same item', path: 'endpoints[40].url' },
  ];
  assert.deepEqual(rebase(diagnostics, 'endpoints[4]', 'item[0]').map((d) => [d.code, d.path]), [['A', 'item[0].url'], ['B', 'item[0]']]);
});
