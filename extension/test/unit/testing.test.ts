import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureText, planItems, selectedCases, type TestCaseInfo } from '../../src/testing/testProtocol';

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });
const cases: TestCaseInfo[] = [
  { id: 'list-products/first page', endpointId: 'list-products', name: 'first page', range: range(3) },
  { id: 'list-orders/open', endpointId: 'list-orders', name: 'open', range: range(9) },
  { id: 'list-products/every page', endpointId: 'list-products', name: 'every page', range: range(14) },
];

test('cases are grouped under their endpoints in the order the file first names them', () => {
  const plan = planItems(cases);
  assert.deepEqual(plan.endpoints.map((e) => [e.endpointId, e.cases.map((c) => c.name)]), [
    ['list-products', ['first page', 'every page']],
    ['list-orders', ['open']],
  ]);
  assert.equal(plan.endpoints[0]!.range.start.line, 3, "an endpoint's item sits at its first case");
});

test('a run of the whole file names no cases; an endpoint, a case or an exclusion names exactly the cases it covers', () => {
  assert.equal(selectedCases(cases, undefined, []), undefined);
  assert.deepEqual(selectedCases(cases, ['endpoint:list-products'], []), ['list-products/first page', 'list-products/every page']);
  assert.deepEqual(selectedCases(cases, ['list-orders/open'], []), ['list-orders/open']);
  assert.deepEqual(selectedCases(cases, undefined, ['endpoint:list-products']), ['list-orders/open']);
  assert.deepEqual(selectedCases(cases, ['endpoint:list-products'], ['list-products/every page']), ['list-products/first page']);
  assert.deepEqual(selectedCases(cases, ['list-products/renamed'], []), [], 'a case no longer in the file runs nothing');
});

test("a failure reads as the server's message, or its parts when there is none", () => {
  const failure = { expectation: 'records.min', expected: 'at least 10', actual: '3', message: '', range: range(5) };
  assert.equal(failureText(failure), 'records.min: expected at least 10, got 3');
  assert.equal(failureText({ ...failure, message: 'records.min: expected at least 10 records, got 3' }), 'records.min: expected at least 10 records, got 3');
});
