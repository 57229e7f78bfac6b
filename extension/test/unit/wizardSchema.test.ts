// The "$schema" line of the wizards' new files: a relative path to the workspace's schemas/ as the samples
// have it, else the schema's $id; first in the file, and a property the schemas allow.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaReference, withSchema } from '../../src/wizards/schemaReference';
import { layoutJson } from '../../src/wizards/jsonLayout';
import { schemaFieldsOf } from './schemaFieldsFixture';

const repo = join(__dirname, '../../../..');
const schemaOf = (name: string) => JSON.parse(readFileSync(join(repo, 'schemas', name), 'utf8')) as { $id: string; properties: Record<string, unknown> };

test('a file two folders below the workspace\'s schemas/ points at it as the samples do', () => {
  const sample = readFileSync(join(repo, 'samples/woocommerce/woocommerce.connector.json'), 'utf8');
  const samplesLine = /"\$schema": "([^"]+)"/.exec(sample)![1];
  assert.equal(schemaReference('/ws/samples/woocommerce', '/ws/schemas/connector.schema.json', 'unused'), samplesLine);
  assert.equal(schemaReference('/ws/acme', '/ws/schemas/instance.schema.json', 'unused'), '../schemas/instance.schema.json');
  assert.equal(schemaReference('/ws', '/ws/schemas/connector.schema.json', 'unused'), 'schemas/connector.schema.json');
});

test('without a schemas/ folder in the workspace the reference is the schema\'s $id', () => {
  // The $id comes from the server's patchworks/schemaFields: the one the schema file declares.
  assert.equal(schemaFieldsOf('connector').id, schemaOf('connector.schema.json').$id);
  assert.equal(schemaFieldsOf('instance').id, schemaOf('instance.schema.json').$id);
  assert.equal(schemaReference('/ws/acme', undefined, schemaFieldsOf('connector').id), schemaOf('connector.schema.json').$id);
  assert.match(schemaOf('connector.schema.json').$id, /^https:\/\/.+\/connector\.schema\.json$/);
});

test('"$schema" is the first property written, and one both schemas declare', () => {
  const text = layoutJson(withSchema('../schemas/connector.schema.json', { name: 'Acme', protocol: 'HTTP', endpoints: [{ id: 'list' }] }));
  assert.equal(text.split('\n')[1], '  "$schema": "../schemas/connector.schema.json",');
  assert.deepEqual(Object.keys(JSON.parse(text)), ['$schema', 'name', 'protocol', 'endpoints']);
  for (const name of ['connector.schema.json', 'instance.schema.json']) {
    assert.deepEqual(schemaOf(name).properties.$schema, { type: 'string', description: 'Path or URL of the JSON Schema this file follows, for editors that read it.' });
  }
});
