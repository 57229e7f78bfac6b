// Update Schema from Run: the report shown before the edits are applied (src/runner/schemaUpdate.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeSchemaUpdate } from '../../src/runner/schemaUpdate';

test('the report lists added, widened and conflicts apart, each with its path', () => {
  const text = describeSchemaUpdate({
    uri: 'file:///ws/shop.connector.json',
    records: 3,
    changes: [
      { kind: 'added', path: '/properties/sku', message: 'the property sku' },
      { kind: 'widened', path: '/properties/price/type', message: 'type integer widened to number' },
      { kind: 'conflict', path: '/properties/status/enum', message: 'the records hold values the declared enum lacks: "open"' },
    ],
    gaps: [],
  });
  assert.equal(
    text,
    'Added (1): /properties/sku the property sku\n' +
      'Widened (1): /properties/price/type type integer widened to number\n' +
      'Conflicts, left as declared (1): /properties/status/enum the records hold values the declared enum lacks: "open"',
  );
});

test('a report of nothing says nothing; a whole new schema is at /; gaps are said; long lists are cut', () => {
  assert.equal(describeSchemaUpdate({ uri: 'u', records: 0, changes: [], gaps: [] }), '');
  assert.equal(describeSchemaUpdate({ uri: 'u', records: 1, changes: [{ kind: 'added', path: '', message: 'the inferred schema' }], gaps: ['page 2: too large'] }),
    'Added (1): / the inferred schema\nNot read: page 2: too large');
  const many = Array.from({ length: 9 }, (_, i) => ({ kind: 'added' as const, path: `/properties/p${i}`, message: `p${i}` }));
  const text = describeSchemaUpdate({ uri: 'u', records: 1, changes: many, gaps: [] });
  assert.ok(text.startsWith('Added (9): /properties/p0 p0;'));
  assert.ok(text.endsWith('/properties/p7 p7; …'));
  assert.ok(!text.includes('p8'));
});
