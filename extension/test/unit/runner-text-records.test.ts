// XML and CSV records in the response panel's Records tab (Compare Schema on them is the server's: SchemaComparisonTests): a real Peoplevox run (saved by
// `patchworks run` against tests/Patchworks.TestApi: CSV text in a SOAP Detail element, one description an address
// over three lines) and a SuiteTalk-style SOAP search answer (one record per child element). The panel lays out the
// records the server listed (patchworks/runEndpoint's `listing`, RecordListingTests); it never reads a body itself.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPanelModel } from '../../src/runner/panelModel';
import type { RecordListing, RunFile } from '../../src/server/runModel';
import { sampleRun } from './runnerFixture';

const fixture = (name: string) => path.resolve(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', name);
const peoplevoxRun = () => JSON.parse(readFileSync(fixture('peoplevox-item-types.run.json'), 'utf8')) as RunFile;
const detailPath = 'Envelope.Body.GetDataResponse.GetDataResult.Detail';

/** What the server lists for a run's text pages: their listed records with their page. */
function listingOf(run: RunFile): RecordListing {
  const records = run.run.pages.flatMap((page) => (page.listedRecords ?? []).map((record) => ({ page: page.number, record })));
  return { records, total: records.length, notListed: false, text: true };
}

/**
 * What the runner lists for a NetSuite SuiteTalk (SOAP) customer search page at `searchResult.recordList`: attributes
 * as `@name`, nested and repeated elements flattened by their paths (ResponseData.XmlRecords, tested in the runner's
 * CsvRecordsTests).
 */
const suiteTalkRecords = [
  {
    '@internalId': '1107', '@type': 'listRel:Customer', entityId: 'ACME-0001', companyName: 'Acme & Sons',
    'addressbookList.addressbook.0.label': 'Billing', 'addressbookList.addressbook.1.label': 'Shipping',
  },
  { '@internalId': '1108', '@type': 'listRel:Customer', entityId: 'ACME-0002', companyName: 'Outdoor <Gear> Ltd' },
];

test('the panel model lists the Peoplevox records in the Records tab, with their page, and says nothing is left unlisted', () => {
  const model = buildPanelModel(peoplevoxRun(), listingOf(peoplevoxRun()), { connectorName: 'Peoplevox', endpointId: 'get-item-types', dataPath: detailPath, hasSchema: true });
  assert.equal(model.recordsNotListed, false);
  assert.equal(model.records.total, model.summary.records);
  assert.deepEqual(model.records.columns, ['page', 'ItemCode', 'Name', 'Barcode', 'Description', 'Weight']);
  assert.deepEqual(model.records.rows[4], ['1', 'MCS-00018', 'Item 18', '5000000000018', 'Item 18, "test" data, with commas', '0.00']);
});

test('the panel model lists XML records in a table with a column per field, first appearance first', () => {
  const run = sampleRun();
  run.run.pages = [run.run.pages[0]!];
  const response = run.run.pages[0]!.exchange.response!;
  delete response.json;
  response.body = '<soapenv:Envelope>…</soapenv:Envelope>';
  response.contentType = 'text/xml; charset=utf-8';
  run.run.pages[0]!.records = 2;
  run.run.pages[0]!.listedRecords = suiteTalkRecords;
  const model = buildPanelModel(run, listingOf(run), { connectorName: 'NetSuite', endpointId: 'search-customers', dataPath: 'searchResult.recordList', hasSchema: false });
  assert.deepEqual(model.records.columns.slice(0, 5), ['page', '@internalId', '@type', 'entityId', 'companyName']);
  assert.deepEqual(model.records.rows.map((r) => r[3]), ['ACME-0001', 'ACME-0002']);
  assert.equal(model.records.rows[1]![5], '', 'a field the record lacks is an empty cell');
});

