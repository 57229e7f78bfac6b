// XML and CSV records in the response panel's Records tab: a real Peoplevox run (saved by `patchworks run` against
// tests/Patchworks.TestApi: CSV text in a SOAP Detail element) and a SuiteTalk-style SOAP search answer (one record
// per child element), listed as the runner counts them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPanelModel, listedRecords, schemaRecords } from '../../src/runner/panelModel';
import { compareSchema, nestTextRecord } from '../../src/runner/schemaComparison';
import type { RunFile } from '../../src/runner/runModel';
import { csvCells, csvRecords, xmlRecords } from '../../src/runner/textRecords';
import { sampleRun } from './runnerFixture';

const fixture = (name: string) => path.resolve(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', name);
const peoplevoxRun = () => JSON.parse(readFileSync(fixture('peoplevox-item-types.run.json'), 'utf8')) as RunFile;
const detailPath = 'Envelope.Body.GetDataResponse.GetDataResult.Detail';

/** A NetSuite SuiteTalk (SOAP) customer search answer: records with attributes, nesting and repeated children. */
const suiteTalkSearch = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Body>
    <searchResponse xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">
      <platformCore:searchResult xmlns:platformCore="urn:core_2023_2.platform.webservices.netsuite.com">
        <platformCore:status isSuccess="true"/>
        <platformCore:totalRecords>2</platformCore:totalRecords>
        <platformCore:recordList>
          <platformCore:record internalId="1107" xsi:type="listRel:Customer" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com">
            <listRel:entityId>ACME-0001</listRel:entityId>
            <listRel:companyName>Acme &amp; Sons</listRel:companyName>
            <listRel:addressbookList>
              <listRel:addressbook><listRel:label>Billing</listRel:label></listRel:addressbook>
              <listRel:addressbook><listRel:label>Shipping</listRel:label></listRel:addressbook>
            </listRel:addressbookList>
          </platformCore:record>
          <platformCore:record internalId="1108" xsi:type="listRel:Customer" xmlns:listRel="urn:relationships_2023_2.lists.webservices.netsuite.com">
            <listRel:entityId>ACME-0002</listRel:entityId>
            <listRel:companyName><![CDATA[Outdoor <Gear> Ltd]]></listRel:companyName>
          </platformCore:record>
        </platformCore:recordList>
      </platformCore:searchResult>
    </searchResponse>
  </soapenv:Body>
</soapenv:Envelope>`;

test('a real Peoplevox page: the CSV in Detail is listed by its header row, as many records as the runner counted', () => {
  const run = peoplevoxRun();
  const page = run.run.pages[0]!;
  const records = xmlRecords(page.exchange.response!.body!, detailPath)!;
  assert.equal(records.length, page.records, 'the runner\'s own count');
  assert.deepEqual(records[0], { ItemCode: 'MCS-00010', Name: 'Item 10', Barcode: '5000000000010', Description: 'Item 10, "test" data, with commas', Weight: '0.25' });
  assert.deepEqual(records.map((r) => (r as Record<string, string>).ItemCode), ['MCS-00010', 'MCS-00012', 'MCS-00014', 'MCS-00016', 'MCS-00018']);
});

test('the panel model lists the Peoplevox records in the Records tab, with their page, and says nothing is left unlisted', () => {
  const model = buildPanelModel(peoplevoxRun(), { connectorName: 'Peoplevox', endpointId: 'get-item-types', dataPath: detailPath, hasSchema: true });
  assert.equal(model.recordsNotListed, false);
  assert.equal(model.records.total, model.summary.records);
  assert.deepEqual(model.records.columns, ['page', 'ItemCode', 'Name', 'Barcode', 'Description', 'Weight']);
  assert.deepEqual(model.records.rows[4], ['1', 'MCS-00018', 'Item 18', '5000000000018', 'Item 18, "test" data, with commas', '0.00']);
});

test('a SOAP search answer: one record per child element, namespaces ignored, fields flattened by local names', () => {
  const records = xmlRecords(suiteTalkSearch, 'searchResult.recordList')!;
  assert.equal(records.length, 2);
  assert.deepEqual(records[0], {
    '@internalId': '1107', '@type': 'listRel:Customer', entityId: 'ACME-0001', companyName: 'Acme & Sons',
    'addressbookList.addressbook.0.label': 'Billing', 'addressbookList.addressbook.1.label': 'Shipping',
  });
  assert.equal((records[1] as Record<string, string>).companyName, 'Outdoor <Gear> Ltd');
  // Leaf records are their text; a path that leads nowhere has none; a body that is not XML is not read.
  assert.deepEqual(xmlRecords(suiteTalkSearch, 'searchResult')!.slice(0, 2), [{ '@isSuccess': 'true' }, '2']);
  assert.deepEqual(xmlRecords(suiteTalkSearch, 'searchResult.nothing'), []);
  assert.equal(xmlRecords('{"items": []}', 'items'), undefined);
  assert.equal(xmlRecords('<a><b></a>', 'a'), undefined);
});

test('the panel model lists XML records in a table with a column per field, first appearance first', () => {
  const run = sampleRun();
  run.run.pages = [run.run.pages[0]!];
  const response = run.run.pages[0]!.exchange.response!;
  delete response.json;
  response.body = suiteTalkSearch;
  response.contentType = 'text/xml; charset=utf-8';
  run.run.pages[0]!.records = 2;
  const model = buildPanelModel(run, { connectorName: 'NetSuite', endpointId: 'search-customers', dataPath: 'searchResult.recordList', hasSchema: false });
  assert.deepEqual(model.records.columns.slice(0, 5), ['page', '@internalId', '@type', 'entityId', 'companyName']);
  assert.deepEqual(model.records.rows.map((r) => r[3]), ['ACME-0001', 'ACME-0002']);
  assert.equal(model.records.rows[1]![5], '', 'a field the record lacks is an empty cell');
});

test('CSV cells: quotes enclose commas, doubled quotes are one, blank lines and a lone header give no records', () => {
  assert.deepEqual(csvCells('a,"b, c","say ""hi""",,d'), ['a', 'b, c', 'say "hi"', '', 'd']);
  assert.deepEqual(csvRecords('Code,Name\r\n\r\nX1,One\r\nX2\n'), [{ Code: 'X1', Name: 'One' }, { Code: 'X2' }]);
  assert.deepEqual(csvRecords('Code,Name\n'), []);
  assert.deepEqual(csvRecords('A\n1,2'), [{ A: '1', 'column 2': '2' }]);
});

test('a page whose body went to a file is counted, not listed, and the panel says so', () => {
  const run = peoplevoxRun();
  run.run.pages[0]!.exchange.response!.bodyFile = '/tmp/page-1.xml';
  const { found, notListed } = listedRecords(run, detailPath);
  assert.equal(found.length, 0);
  assert.equal(notListed, true);
});

// Compare Schema on text records: the values are text, read as the declared types.

const customerSchema = {
  type: 'object',
  required: ['entityId', 'companyName'],
  properties: {
    '@internalId': { type: 'integer' },
    '@type': { type: 'string' },
    entityId: { type: 'string' },
    companyName: { type: 'string' },
    isPerson: { type: 'boolean' },
    balance: { type: ['number', 'null'] },
    addressbookList: {
      type: 'object',
      properties: { addressbook: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } } },
    },
  },
};

test('Compare Schema on a SOAP search: text read as integers, nested paths and repeated elements as arrays, what never came', () => {
  const records = xmlRecords(suiteTalkSearch, 'searchResult.recordList')!;
  const result = compareSchema(customerSchema, records, { text: true });
  assert.equal(result.text, true);
  assert.deepEqual(result.wrongTypes, [], 'internalId "1107" reads as an integer; addressbook.0/.1 is an array');
  assert.deepEqual(result.missingRequired, []);
  assert.deepEqual(result.extra, []);
  assert.deepEqual(result.neverReceived, ['balance', 'isPerson']);
  // Without text mode the same records are all strings and flat: the comparison would be wrong about them.
  assert.notDeepEqual(compareSchema(customerSchema, records).wrongTypes, []);
});

test('Compare Schema on text: a value that does not read as the declared type, a lone element as a list of one, an empty one as null', () => {
  const records = [
    { '@internalId': 'abc', entityId: 'A', companyName: 'B', isPerson: 'TRUE', balance: '', 'addressbookList.addressbook.label': 'Only' },
    { '@internalId': '7', entityId: 'C', isPerson: 'yes', balance: '12.50', colour: 'red' },
  ];
  const result = compareSchema(customerSchema, records, { text: true });
  assert.deepEqual(result.wrongTypes, [
    { path: '@internalId', expected: ['integer'], received: [{ type: 'string', records: 1 }] },
    { path: 'isPerson', expected: ['boolean'], received: [{ type: 'string', records: 1 }] },
  ]);
  assert.deepEqual(result.missingRequired, [{ path: 'companyName', records: 1 }]);
  assert.deepEqual(result.extra, [{ path: 'colour', records: 1 }]);
  assert.deepEqual(result.neverReceived, ['@type']);
});

test('nested text records: dotted paths become objects, numbered ones arrays; a text record stays text', () => {
  assert.deepEqual(nestTextRecord({ '@id': '1', 'Address.PostCode': 'AB1', 'Line.0.Sku': 'X', 'Line.1.Sku': 'Y' }), {
    '@id': '1', Address: { PostCode: 'AB1' }, Line: [{ Sku: 'X' }, { Sku: 'Y' }],
  });
  assert.equal(nestTextRecord('2'), '2');
});

test('Compare Schema on the Peoplevox run: its CSV records against the sample schema, in text mode', () => {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'samples', 'peoplevox', 'schemas', 'item-type.json'), 'utf8'));
  const { records, text } = schemaRecords(peoplevoxRun(), detailPath);
  assert.equal(text, true);
  const result = compareSchema(schema, records, { text });
  assert.equal(result.recordsChecked, records.length);
  assert.deepEqual([result.missingRequired, result.extra, result.wrongTypes], [[], [], []]);
  // The item types template has five columns; the schema declares the other fields Peoplevox can send too.
  assert.deepEqual(result.neverReceived, ['Attribute1', 'Attribute2', 'Attribute3', 'Depth', 'Height', 'SalesPrice', 'Width']);
  // A JSON run is compared as JSON.
  assert.equal(schemaRecords(sampleRun(), 'items').text, false);
});
