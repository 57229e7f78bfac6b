import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addTestSteps, buildTestCase, emptyTestDraft, expectFromRun, formPath, STOP_REASONS } from '../../src/testing/addTestForm';
import { shownPaths } from '../../src/forms/draftBuilder';
import testsSchema from '../../../schemas/connector-tests.schema.json';
import { sampleRun } from './runnerFixture';

const choices = { endpoints: [{ id: 'list-products', name: 'List products' }, { id: 'list-orders' }], instances: ['live.instance.json', 'staging.instance.json'] };

test('the form offers every endpoint, the instances beside the connector and the schema\'s stop reasons', () => {
  const steps = addTestSteps(choices);
  const fields = steps.flatMap((s) => s.fields);
  assert.deepEqual(fields.find((f) => f.path === 'endpointId')?.options?.map((o) => o.value), ['list-products', 'list-orders']);
  assert.deepEqual(fields.find((f) => f.path === 'instance')?.options?.map((o) => o.value), choices.instances);
  assert.deepEqual([...STOP_REASONS].sort(), [...(testsSchema.definitions?.stopReason?.enum ?? [])].sort());
  assert.deepEqual(fields.find((f) => f.path === 'expect.stop')?.options?.map((o) => o.value), [...STOP_REASONS]);
  const paths = shownPaths(fields, emptyTestDraft('list-products', ''));
  for (const path of ['caseName', 'expect.status', 'expect.records.exactly', 'expect.records.min', 'expect.records.max', 'expect.pages', 'expect.schemaValid', 'expect.maxDurationMs', 'expect.fields']) {
    assert.ok(paths.includes(path), `${path} is on the form`);
  }
});

test('the case leaves out what is empty, writes exactly records as a number and bounds as { min, max }', () => {
  const draft = emptyTestDraft('list-products', 'staging.instance.json');
  draft.caseName = '  every page ';
  draft.expect = { status: '200', stop: 'completed', records: { exactly: '', min: '1', max: '250' }, pages: '', schemaValid: true, maxDurationMs: '5000', fields: 'id, variants[0].sku' };
  assert.deepEqual(buildTestCase(draft), {
    endpointId: 'list-products',
    caseName: 'every page',
    testCase: {
      instance: 'staging.instance.json',
      expect: { status: 200, stop: 'completed', records: { min: 1, max: 250 }, schemaValid: true, maxDurationMs: 5000, fields: ['id', 'variants[0].sku'] },
    },
  });
  draft.expect = { status: '', stop: '', records: { exactly: '230', min: '1', max: '' }, pages: '3', schemaValid: false, maxDurationMs: '', fields: '' };
  draft.instance = '';
  assert.deepEqual(buildTestCase(draft).testCase, { expect: { records: 230, pages: 3 } });
});

test('a run pre-fills its status, stop reason, records and pages, and schemaValid only with a schema', () => {
  const run = sampleRun();
  run.run.stop = 'completed';
  const expect = expectFromRun(run, true);
  assert.equal(expect.status, '200');
  assert.equal(expect.stop, 'completed');
  assert.deepEqual(expect.records, { exactly: String(run.run.records), min: '', max: '' });
  assert.equal(expect.pages, String(run.run.pages.length));
  assert.equal(expect.schemaValid, true);
  assert.equal(expectFromRun(run, false).schemaValid, false);

  run.run.stop = 'maxPages';
  const partial = expectFromRun(run, true);
  assert.deepEqual(partial.records, { exactly: '', min: String(run.run.records), max: '' }, 'a run stopped early gives a lower bound');
  assert.equal(partial.pages, '');
  assert.equal(partial.schemaValid, false);

  const draft = { ...emptyTestDraft('list-products', ''), caseName: 'from run', expect: expectFromRun({ ...run, run: { ...run.run, stop: 'completed' } }, false) };
  const built = buildTestCase(draft).testCase.expect as Record<string, unknown>;
  assert.equal(built.records, run.run.records);
  assert.equal(built.status, 200);
});

test("the server's problems find their fields: the case's paths, the name, and records written as a number", () => {
  const draft: Record<string, unknown> = { ...emptyTestDraft('list-products', ''), caseName: 'x' };
  assert.equal(formPath('caseName', draft), 'caseName');
  assert.equal(formPath('case.expect.status', draft), 'expect.status');
  assert.equal(formPath('case.expect.records.min', draft), 'expect.records.min');
  assert.equal(formPath('case.instance', draft), 'instance');
  assert.equal(formPath('case', draft), '');
  assert.equal(formPath('instance', draft), '', 'a path outside the case has no field');
  draft.expect = { records: { exactly: '', min: '9', max: '1' } };
  assert.equal(formPath('case.expect.records', draft), 'expect.records.min', 'bounds out of order: at the lower one');
  draft.expect = { records: { exactly: '5', min: '', max: '' } };
  assert.equal(formPath('case.expect.records', draft), 'expect.records.exactly');
});
