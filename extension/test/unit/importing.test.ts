import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asOutcome, asPreview, chosenIds, formatOf, importFailure, looksLikeCurl, outcomeMessage, pasteRequest, rejectedGuesses } from '../../src/importing/importModel';

/** A patchworks/importPreview answer as the server gives it. */
const answer = {
  format: 'postman',
  connectorFileName: 'snowforge-woocommerce-rest-api.connector.json',
  connectorUri: 'file:///ws/snowforge-woocommerce-rest-api.connector.json',
  merge: false,
  endpoints: [
    { id: 'item[1].item[0]', name: 'List Products', path: 'Products/List Products', method: 'GET', url: '{{woo_store_url}}/wp-json/wc/v3/products', endpointId: 'list-products' },
    { id: 'item[3].item[0]', name: 'List Orders', path: 'Orders/List Orders', method: 'GET', url: '{{woo_store_url}}/wp-json/wc/v3/orders', endpointId: null },
    { name: 'no id: left out' },
  ],
  authMethods: [{ id: 'auth', kind: 'apikey', authMethodId: 'api-key' }],
  variables: [{ key: 'woo_store_url', secret: false, location: 'variable[0]' }, { key: 'woo_consumer_secret', secret: true }],
  guesses: [{ kind: 'guessed', location: 'systemType', message: 'systemType is Other' }],
  dropped: 'not a list',
  secrets: [{ variable: 'woo_consumer_secret', environmentVariable: 'WOO_CONSUMER_SECRET' }],
  text: 'guessed (1):\n',
};

test('a preview answer is read defensively: entries without an id are left out, missing lists are empty', () => {
  const preview = asPreview(answer);
  assert.equal(preview.format, 'postman');
  assert.deepEqual(preview.endpoints.map((e) => e.id), ['item[1].item[0]', 'item[3].item[0]']);
  assert.equal(preview.endpoints[0]?.endpointId, 'list-products');
  assert.equal(preview.endpoints[1]?.endpointId, undefined);
  assert.equal(preview.authMethods[0]?.authMethodId, 'api-key');
  assert.equal(preview.authMethods[0]?.type, undefined);
  assert.equal(asPreview({ authMethods: [{ id: 'auth', kind: 'apikey', authMethodId: 'api-key', type: 'apiKey' }] }).authMethods[0]?.type, 'apiKey');
  assert.deepEqual(preview.variables.map((v) => [v.key, v.secret]), [['woo_store_url', false], ['woo_consumer_secret', true]]);
  assert.deepEqual(preview.dropped, []);
  assert.deepEqual(preview.conflicts, []);
  assert.equal(asPreview(null).endpoints.length, 0);
});

test('the ids sent as only are the checked ones, endpoints then auth methods, in the preview order', () => {
  const preview = asPreview(answer);
  assert.deepEqual(chosenIds(preview, new Set(['auth', 'item[3].item[0]', 'unknown'])), ['item[3].item[0]', 'auth']);
});

test('the format comes from the file name only when it is unambiguous', () => {
  assert.equal(formatOf('Shop.postman_collection.json'), 'postman');
  assert.equal(formatOf('session.HAR'), 'har');
  assert.equal(formatOf('orders.curl'), 'curl');
  assert.equal(formatOf('openapi.yaml'), 'auto');
  assert.equal(formatOf('collection.json'), 'auto');
});

test('only a curl command line is pasted as an endpoint', () => {
  assert.ok(looksLikeCurl("curl -X GET 'https://api.example.com/v1/orders'"));
  assert.ok(looksLikeCurl('  curl.exe https://api.example.com'));
  assert.ok(!looksLikeCurl('https://api.example.com'));
  assert.ok(!looksLikeCurl('curly braces'));
});

test('the outcome message names the files written and the environment variables to set', () => {
  const outcome = asOutcome({
    connectorUri: 'file:///ws/shop.connector.json',
    writtenUris: ['file:///ws/shop.connector.json', 'file:///ws/shop.test.instance.json', 3],
    merged: false,
    endpointCount: 2,
    secrets: [{ variable: 'api_key', environmentVariable: 'SHOP_API_KEY' }],
  });
  assert.equal(outcomeMessage(outcome), 'Imported 2 endpoints; wrote shop.connector.json and shop.test.instance.json. Set SHOP_API_KEY before running the test instance.');
  assert.equal(outcomeMessage(asOutcome({ merged: true, endpointCount: 1, writtenUris: [] })), 'Merged 1 endpoint; nothing new: no file changed.');
});

test('a refusal gives its message and reason', () => {
  const failure = importFailure({ message: 'The import failed: line 1, column 60: the collection is not valid JSON', data: { reason: 'importFailed', location: 'line 1, column 60' } });
  assert.equal(failure.reason, 'importFailed');
  assert.match(failure.message, /line 1, column 60/);
  assert.equal(importFailure(new Error('boom')).reason, undefined);
});

test('guesses are read with their id and outputs; only unticked guesses that can be left out are rejected', () => {
  const preview = asPreview({
    ...answer,
    guesses: [
      { kind: 'guessed', location: 'paths["/orders"].get', message: 'pagination pageNumber guessed', id: 'guess-aa', outputs: ['endpoints[listorders].pagination'] },
      { kind: 'guessed', location: 'paths["/orders"].get.responses.200', message: 'dataPath data', id: 'guess-bb', outputs: ['endpoints[listorders].dataPath', 42] },
      { kind: 'guessed', location: 'systemType', message: 'systemType is Other', id: 'guess-cc', outputs: [] },
      { kind: 'guessed', location: '', message: 'an old server: no id', outputs: 'none' },
    ],
  });
  assert.deepEqual(preview.guesses.map((g) => [g.id, g.outputs]), [
    ['guess-aa', ['endpoints[listorders].pagination']],
    ['guess-bb', ['endpoints[listorders].dataPath']],
    ['guess-cc', []],
    ['', []],
  ]);
  // Nothing ticked: only the two with outputs are rejected; the information-only ones never are.
  assert.deepEqual(rejectedGuesses(preview, new Set()), ['guess-aa', 'guess-bb']);
  assert.deepEqual(rejectedGuesses(preview, new Set(['guess-aa'])), ['guess-bb']);
  assert.deepEqual(rejectedGuesses(preview, new Set(['guess-aa', 'guess-bb'])), []);
});

test('an endpoint of the preview carries its pagination and data path when the import found them', () => {
  const preview = asPreview({ ...answer, endpoints: [{ id: 'paths["/orders"].get', name: 'listOrders', path: 'listOrders', method: 'GET', url: '{{base_url}}/orders', pagination: 'pageNumber', dataPath: 'data' }] });
  assert.equal(preview.endpoints[0]?.pagination, 'pageNumber');
  assert.equal(preview.endpoints[0]?.dataPath, 'data');
  assert.equal(asPreview(answer).endpoints[0]?.pagination, undefined);
});

test('Paste cURL as Endpoint sends the cursor and asks for edits, not a written file', () => {
  const request = pasteRequest('curl https://api.shop.example/v1/orders', 'file:///ws/shop/shop.connector.json', 'file:///ws/shop', { line: 11, character: 4 });
  assert.deepEqual(request.insertAt, { line: 11, character: 4 });
  assert.equal(request.returnEdits, true);
  assert.equal(request.mergeInto, 'file:///ws/shop/shop.connector.json');
  assert.equal(request.writeInstance, false);
  assert.equal(request.format, 'curl');
});

test('the edits of a merge are read whole or not at all', () => {
  const edit = { range: { start: { line: 11, character: 124 }, end: { line: 11, character: 124 } }, newText: '\n    { "id": "get-v1-orders" },' };
  const outcome = asOutcome({ connectorUri: 'file:///ws/shop/shop.connector.json', writtenUris: [], merged: true, endpointCount: 1, connectorEdits: [edit] });
  assert.deepEqual(outcome.connectorEdits, [edit]);
  assert.equal(outcomeMessage(outcome), 'Merged 1 endpoint; added to shop.connector.json.');
  // One malformed edit (a negative line, text missing): none is applied, and nothing claims to be added.
  const broken = asOutcome({ merged: true, endpointCount: 1, connectorEdits: [edit, { range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' }] });
  assert.deepEqual(broken.connectorEdits, []);
  assert.deepEqual(asOutcome({ connectorEdits: [{ range: edit.range }] }).connectorEdits, []);
  assert.match(outcomeMessage(broken), /nothing new/);
});
