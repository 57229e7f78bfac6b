import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKind, instanceLabel, instancesOf, readEndpoints, readInstance, samePath } from '../../src/commands/connectorFiles';

const samples = path.resolve(__dirname, '..', '..', '..', '..', 'samples');

function readSampleInstances() {
  const found = [];
  for (const dir of fs.readdirSync(samples, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of fs.readdirSync(path.join(samples, dir.name)).filter((f) => f.endsWith('.instance.json'))) {
      const full = path.join(samples, dir.name, file);
      found.push(readInstance(full, fs.readFileSync(full, 'utf8')));
    }
  }
  return found;
}

test('file kinds by name, case-insensitively', () => {
  assert.equal(fileKind('/a/shopify.connector.json'), 'connector');
  assert.equal(fileKind('/a/UK-Test.Instance.JSON'), 'instance');
  assert.equal(fileKind('/a/package.json'), undefined);
  assert.equal(fileKind('/a/connector.json.bak'), undefined);
});

test('an instance label is its file name without .instance.json', () => {
  assert.equal(instanceLabel('/s/shopify/uk-test.instance.json'), 'uk-test');
});

test('the samples\' instances are matched to their own connector only', () => {
  const instances = readSampleInstances();
  assert.ok(instances.length >= 10, `found ${instances.length} sample instances`);
  const shopify = instancesOf(path.join(samples, 'shopify', 'shopify.connector.json'), instances);
  assert.deepEqual(shopify.map((i) => i.label), ['uk-live', 'uk-test']);
  assert.equal(shopify[1]!.environment, 'test');
  assert.equal(shopify[1]!.name, 'Shopify - UK (development store)');
  const hubspot = instancesOf(path.join(samples, 'hubspot', 'hubspot.connector.json'), instances);
  assert.deepEqual(hubspot.map((i) => i.label), ['production', 'sandbox']);
});

test('the connector path is resolved against the instance\'s folder, with .. segments', () => {
  const text = '{ // comment\n "connector": "../shared/orders.connector.json", "name": "x", }';
  const instance = readInstance('/w/team/live.instance.json', text);
  assert.equal(instance.connectorPath, path.resolve('/w/shared/orders.connector.json'));
  assert.equal(instancesOf('/w/shared/./orders.connector.json', [instance]).length, 1);
  assert.equal(instancesOf('/w/team/orders.connector.json', [instance]).length, 0);
});

test('a half-typed or connector-less instance matches nothing and does not throw', () => {
  const broken = readInstance('/w/a.instance.json', '{ "connector": ');
  const empty = readInstance('/w/b.instance.json', '{ "connector": "" }');
  const notObject = readInstance('/w/c.instance.json', '[1, 2]');
  for (const i of [broken, empty, notObject]) assert.equal(i.connectorPath, undefined);
  assert.equal(instancesOf('/w/a.connector.json', [broken, empty, notObject]).length, 0);
});

test('path comparison ignores case only where the file system does', () => {
  assert.equal(samePath('/A/b.connector.json', '/a/B.connector.json', 'linux'), false);
  assert.equal(samePath('/A/b.connector.json', '/a/B.connector.json', 'darwin'), true);
  assert.equal(samePath('/a/./b.json', '/a/b.json', 'linux'), true);
});

test('endpoints are read from a sample connector, in order, with id, name, method and url', () => {
  const text = fs.readFileSync(path.join(samples, 'shopify', 'shopify.connector.json'), 'utf8');
  const endpoints = readEndpoints(text);
  assert.ok(endpoints.length >= 3);
  assert.deepEqual(endpoints[0], {
    id: 'list-products',
    name: 'List all products',
    method: 'GET',
    path: 'https://{{store_name}}.myshopify.com/admin/api/{{api_version}}/products.json',
  });
  assert.equal(new Set(endpoints.map((e) => e.id)).size, endpoints.length);
});

test('endpoints without an id, or a file without endpoints, give nothing', () => {
  assert.deepEqual(readEndpoints('{ "endpoints": [ { "name": "no id" }, 3, { "id": "ok" } ] }').map((e) => e.id), ['ok']);
  assert.deepEqual(readEndpoints('{ "name": "x" }'), []);
  assert.deepEqual(readEndpoints('not json'), []);
});
