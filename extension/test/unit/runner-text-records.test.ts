// XML and CSV records in the response panel's Records tab (Compare Schema on them is the server's: SchemaComparisonTests): a real Peoplevox run (saved by
// `patchworks run` against tests/Patchworks.TestApi: CSV text in a SOAP Detail element, one description an address
// over three lines) and a SuiteTalk-style SOAP search answer (one record per child element). The panel lists the
// records the runner extracted (each page's `listedRecords`); it never parses an XML or CSV body itself.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPanelModel, listedRecords } from '../../src/runner/panelModel';
import type { RunFile } from '../../src/server/runModel';
import { sampleRun } from './runnerFixture';

const fixture = (name: string) => path.resolve(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', name);
const peoplevoxRun = () => JSON.parse(readFileSync(fixture('peoplevox-item-types.run.json'), 'utf8')) as RunFile;
const detailPath = 'Envelope.Body.GetDataResponse.GetDataResult.Detail';

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

test('a real Peoplevox page: the records the runner extracted from the CSV in Detail are listed, as many as it counted', () => {
  const run = peoplevoxRun();
  const { found, notListed, text } = listedRecords(run, detailPath);
  assert.equal(found.length, run.run.pages[0]!.records, 'the runner\'s own count');
  assert.equal(notListed, false);
  assert.equal(text, true);
  assert.deepEqual(found[0], { page: 1, record: { ItemCode: 'MCS-00010', Name: 'Item 10', Barcode: '5000000000010', Description: 'Item 10, "test" data, with commas', Weight: '0.25' } });
  assert.deepEqual(found.map((f) => (f.record as Record<string, string>).ItemCode), ['MCS-00010', 'MCS-00012', 'MCS-00014', 'MCS-00016', 'MCS-00018']);
  // A quoted address over three lines is one record, as the runner counted it.
  assert.equal((found[2]!.record as Record<string, string>).Description, 'Item 14, returns to:\nUnit 4, "Leeds Dock"\nLeeds LS10 1PZ');
});

test('the panel does not parse a text body: a page without the runner\'s records is counted, not listed', () => {
  const run = peoplevoxRun();
  delete run.run.pages[0]!.listedRecords;
  const { found, notListed } = listedRecords(run, detailPath);
  assert.equal(found.length, 0);
  assert.equal(notListed, true);
});

test('a page whose records passed the runner\'s size bound lists those it kept and says the rest were not listed', () => {
  const run = peoplevoxRun();
  run.run.pages[0]!.listedRecords = run.run.pages[0]!.listedRecords!.slice(0, 2);
  const { found, notListed } = listedRecords(run, detailPath);
  assert.equal(found.length, 2);
  assert.equal(notListed, true);
});

test('the panel model lists the Peoplevox records in the Records tab, with their page, and says nothing is left unlisted', () => {
  const model = buildPanelModel(peoplevoxRun(), { connectorName: 'Peoplevox', endpointId: 'get-item-types', dataPath: detailPath, hasSchema: true });
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
  const model = buildPanelModel(run, { connectorName: 'NetSuite', endpointId: 'search-customers', dataPath: 'searchResult.recordList', hasSchema: false });
  assert.deepEqual(model.records.columns.slice(0, 5), ['page', '@internalId', '@type', 'entityId', 'companyName']);
  assert.deepEqual(model.records.rows.map((r) => r[3]), ['ACME-0001', 'ACME-0002']);
  assert.equal(model.records.rows[1]![5], '', 'a field the record lacks is an empty cell');
});

test('a page whose body went to a file is counted, not listed, and the panel says so', () => {
  const run = peoplevoxRun();
  // As the runner saves such a page: its records counted from what it read, none extracted from a body it did not keep.
  run.run.pages[0]!.exchange.response!.bodyFile = '/tmp/page-1.xml';
  delete run.run.pages[0]!.listedRecords;
  const { found, notListed } = listedRecords(run, detailPath);
  assert.equal(found.length, 0);
  assert.equal(notListed, true);
});
