import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asOutcome, asPreview, chosenIds, formatOf, importFailure, looksLikeCurl, outcomeMessage } from '../../src/importing/importModel';

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
