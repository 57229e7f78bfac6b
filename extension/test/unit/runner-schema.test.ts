import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSchema, jsonTypeOf, schemaMatches } from '../../src/runner/schemaComparison';

const product = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    price: { type: 'string' },
    stock_quantity: { type: ['integer', 'null'] },
    categories: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } },
  },
};

test('records that match give nothing to report', () => {
  const result = compareSchema(product, [
    { id: 1, name: 'a', price: '1.00', stock_quantity: null, categories: [{ id: 3 }] },
    { id: 2, name: 'b', price: '2.00', stock_quantity: 4, categories: [] },
  ]);
  assert.equal(result.recordsChecked, 2);
  assert.ok(schemaMatches(result), JSON.stringify(result));
});

test('missing required fields, extra fields, wrong types and never-received fields are listed with counts', () => {
  const result = compareSchema(product, [
    { id: 1, price: 4.5, colour: 'red', categories: [{ id: 'x', slug: 's' }, { id: 'y' }] },
    { id: '2', name: 'b', colour: 'blue' },
  ]);
  assert.deepEqual(result.missingRequired, [{ path: 'name', records: 1 }]);
  assert.deepEqual(result.extra, [
    { path: 'categories[].slug', records: 1 },
    { path: 'colour', records: 2 },
  ]);
  assert.deepEqual(result.wrongTypes, [
    // Counted once per record even though two categories of the first record are wrong.
    { path: 'categories[].id', expected: ['integer'], received: [{ type: 'string', records: 1 }] },
    { path: 'id', expected: ['integer'], received: [{ type: 'string', records: 1 }] },
    { path: 'price', expected: ['string'], received: [{ type: 'number', records: 1 }] },
  ]);
  assert.deepEqual(result.neverReceived, ['stock_quantity']);
  // categories never came in the second record but did in the first: its fields are checked, not listed.
  const none = compareSchema(product, [{ id: 1, name: 'a' }]);
  assert.deepEqual(none.neverReceived, ['categories', 'price', 'stock_quantity']);
  assert.equal(schemaMatches(result), false);
});

test('an integer satisfies number; a fraction does not satisfy integer', () => {
  const schema = { type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' } } };
  assert.deepEqual(compareSchema(schema, [{ n: 3, i: 1 }]).wrongTypes, []);
  assert.deepEqual(compareSchema(schema, [{ n: 3, i: 1.5 }]).wrongTypes, [
    { path: 'i', expected: ['integer'], received: [{ type: 'number', records: 1 }] },
  ]);
});

test('local $refs and anyOf are followed', () => {
  const schema = {
    $defs: { money: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
    type: 'object',
    properties: { price: { $ref: '#/$defs/money' } },
  };
  assert.deepEqual(compareSchema(schema, [{ price: null }, { price: '1' }]).wrongTypes, []);
  assert.deepEqual(compareSchema(schema, [{ price: 1 }]).wrongTypes, [
    { path: 'price', expected: ['string', 'null'], received: [{ type: 'integer', records: 1 }] },
  ]);
});

test('a schema without properties allows any field; a record of the wrong kind is reported as such', () => {
  assert.deepEqual(compareSchema({ type: 'object' }, [{ anything: 1 }]).extra, []);
  assert.deepEqual(compareSchema({ type: 'object' }, ['text']).wrongTypes, [
    { path: '(record)', expected: ['object'], received: [{ type: 'string', records: 1 }] },
  ]);
});

test('JSON types of values', () => {
  assert.deepEqual([null, [], 1, 1.5, 's', true, {}].map(jsonTypeOf), ['null', 'array', 'integer', 'number', 'string', 'boolean', 'object']);
});
