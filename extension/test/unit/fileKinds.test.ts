import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileKind, instanceLabel } from '../../src/server/fileKinds';

test('file kinds by name, case-insensitively', () => {
  assert.equal(fileKind('/a/shopify.connector.json'), 'connector');
  assert.equal(fileKind('/a/UK-Test.Instance.JSON'), 'instance');
  assert.equal(fileKind('/a/package.json'), undefined);
  assert.equal(fileKind('/a/connector.json.bak'), undefined);
});

test('an instance label is its file name without .instance.json', () => {
  assert.equal(instanceLabel('/s/shopify/uk-test.instance.json'), 'uk-test');
});

