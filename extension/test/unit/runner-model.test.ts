import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingValues, placeholderKey } from '../../src/runner/adHocValues';
import { buildPanelModel } from '../../src/runner/panelModel';
import { recordTable } from '../../src/runner/records';
import { buildSummary, formatBytes, formatDuration, outcomeOf } from '../../src/runner/runSummary';
import { asRunFile, SERVER_MASK, splitRunAnswer, type RecordListing } from '../../src/server/runModel';
import { sampleRun } from './runnerFixture';

/** The server's listing of sampleRun's records (RecordListing.cs; its page rule is tested in RecordListingTests). */
function sampleListing(): RecordListing {
  const pages = sampleRun().run.pages;
  const records = pages.flatMap((page) => (page.exchange.response!.json as unknown[]).map((record) => ({ page: page.number, record })));
  return { records, total: records.length, notListed: false, text: false };
}

test('the summary says how the run ended and what it read', () => {
  const summary = buildSummary(sampleRun().run);
  assert.equal(summary.outcome, 'succeeded');
  assert.equal(summary.stopLabel, 'Completed: the last page was read');
  assert.equal(summary.pages, 2);
  assert.equal(summary.records, 3);
  assert.equal(summary.authRequests, 1);
  assert.equal(summary.bytes, '3.0 KB');
  assert.equal(summary.duration, '1.53 s');
  assert.equal(summary.rateLimitWait, '1.00 s');
  assert.equal(summary.retryWait, '1.00 s');
  // A run saved before retryWaitMs existed, or one that never retried, has no such line.
  assert.equal(buildSummary({ ...sampleRun().run, retryWaitMs: undefined }).retryWait, undefined);
  assert.equal(summary.lastStatus, 200);
  assert.equal(summary.instance, 'WooCommerce - staging');
});

test('outcomes are the server\'s: only a proven end is success; a cancel is shown as its own', () => {
  assert.deepEqual(
    ([['completed', 'completed'], ['maxPages', 'stopped'], ['cancelled', 'stopped'], ['httpError', 'failed'], ['endNotProven', 'stopped']] as const)
      .map(([stop, outcome]) => outcomeOf({ stop, outcome })),
    ['succeeded', 'stopped', 'cancelled', 'failed', 'stopped'],
  );
  const cancelled = sampleRun();
  cancelled.run.stop = 'cancelled';
  cancelled.run.outcome = 'stopped';
  assert.equal(buildSummary(cancelled.run).stopLabel, 'Cancelled');
});

test('an error the API reported in a 200 fails the run with its own label and message', () => {
  const failed = sampleRun();
  failed.run.stop = 'apiError';
  failed.run.outcome = 'failed';
  failed.run.succeeded = false;
  failed.run.stopMessage = 'Page 2: 200 OK, but the API answered with errors and no data: Invalid cursor for current pagination sort.';
  const summary = buildSummary(failed.run);
  assert.equal(summary.outcome, 'failed');
  assert.equal(summary.stopLabel, 'Failed: the API reported an error');
  assert.equal(summary.stopMessage, failed.run.stopMessage);
});

test('sizes and durations in words', () => {
  assert.deepEqual([formatBytes(10), formatBytes(2048), formatBytes(5 * 1024 * 1024)], ['10 B', '2.0 KB', '5.0 MB']);
  assert.deepEqual([formatDuration(12.4), formatDuration(2500), formatDuration(125_000)], ['12 ms', '2.50 s', '2 min 5 s']);
});

test('the record table has the fields in order of first appearance and short cells', () => {
  const table = recordTable([{ id: 1, name: 'a' }, { id: 2, tags: ['x'], note: 'y'.repeat(300) }], 10, 3, 20);
  assert.deepEqual(table.columns, ['id', 'name', 'tags']);
  assert.equal(table.hiddenColumns, 1);
  assert.deepEqual(table.rows, [['1', 'a', ''], ['2', '', '["x"]']]);
  assert.deepEqual(recordTable(['a', 'b']).columns, ['value']);
});

test('the panel model lists every page, the records of all pages with their page, and the auth request', () => {
  const model = buildPanelModel(sampleRun(), sampleListing(), { connectorName: 'WooCommerce', endpointId: 'list-products', dataPath: '', hasSchema: true });
  assert.equal(model.title, 'Response: list-products');
  assert.equal(model.pages.length, 2);
  assert.equal(model.pages[0]!.response!.status, 200);
  assert.equal(model.pages[0]!.records, 2);
  assert.equal(model.pages[0]!.curlHasPlaceholders, true);
  assert.equal(model.pages[1]!.retries.length, 1);
  assert.deepEqual(model.records.columns.slice(0, 3), ['page', 'id', 'name']);
  assert.deepEqual(model.records.rows.map((r) => r.slice(0, 2)), [['1', '101'], ['1', '102'], ['2', '103']]);
  assert.equal(model.auth[0]!.purpose, 'token');
  assert.equal(model.recordsNotListed, false);
});

test('the panel model carries the masks it got and nothing it did not', () => {
  const json = JSON.stringify(buildPanelModel(sampleRun(), sampleListing(), { connectorName: 'W', endpointId: 'e', hasSchema: false }));
  assert.ok(json.includes(`Basic ${SERVER_MASK}`));
  assert.ok(!json.includes('cs_test'));
});

test('the Records tab shows the server\'s listing: the page first, its total, and whether some were not listed', () => {
  const listing: RecordListing = { records: [{ page: 3, record: { sku: 'A' } }, { page: 4, record: { sku: 'B', extra: 1 } }], total: 900, notListed: true, text: false };
  const model = buildPanelModel(sampleRun(), listing, { connectorName: 'W', endpointId: 'e', hasSchema: false });
  assert.deepEqual(model.records.columns, ['page', 'sku', 'extra']);
  assert.deepEqual(model.records.rows, [['3', 'A', ''], ['4', 'B', '1']]);
  assert.equal(model.records.total, 900, 'the server\'s count of all records, not the rows it sent');
  assert.equal(model.recordsNotListed, true);
});

test('the run answer is split into the run that is kept and the listing that is only shown', () => {
  const { file, listing } = splitRunAnswer({ ...sampleRun(), listing: sampleListing() });
  assert.equal('listing' in file, false, 'run history and Save Run keep the run as the CLI saves it');
  assert.equal(listing.total, 3);
  assert.throws(() => splitRunAnswer(sampleRun()), /without the records it listed/);
});

test('an answer that is not a run is refused with a message', () => {
  assert.throws(() => asRunFile({ formatVersion: 1 }), /not a run/);
  assert.equal(asRunFile(sampleRun()).run.endpoint, 'list-products');
});

test('missing values: keys without {{ }}, built-ins and duplicates left out, secrets marked', () => {
  const missing = missingValues([
    { placeholder: 'store_url', value: 'store_url', source: 'missing', sourceDescription: 'no default', secret: false },
    { placeholder: '{{api_key}}', value: '', source: 'missing', sourceDescription: 'no default', secret: true },
    { placeholder: '[[meta.date]]', value: '', source: 'missing', sourceDescription: 'x', secret: false },
    { placeholder: 'store_url', value: 'store_url', source: 'missing', sourceDescription: 'no default', secret: false },
    { placeholder: 'page', value: '1', source: 'instanceValue', sourceDescription: 'x', secret: false },
  ]);
  assert.deepEqual(missing, [
    { key: 'store_url', secret: false, why: 'no default' },
    { key: 'api_key', secret: true, why: 'no default' },
  ]);
  assert.equal(placeholderKey('[[page]]'), undefined);
});

