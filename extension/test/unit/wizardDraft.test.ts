// The New Connector wizard's draft → the connector file: fields by the schema, hidden and empty fields left
// out, values converted, laid out like the samples.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectorSteps, emptyConnectorDraft, endpointFields } from '../../src/wizards/connectorForm';
import { buildObject, shownPaths } from '../../src/forms/draftBuilder';
import { layoutJson } from '../../src/wizards/jsonLayout';
import { getAt, parsePath, setAt } from '../../src/forms/draftPath';
import { connectorSchema } from './schemaFieldsFixture';

const fileFields = connectorSteps(connectorSchema()).filter((s) => !s.review).flatMap((s) => s.fields);

function filledDraft(): Record<string, unknown> {
  return {
    ...emptyConnectorDraft(),
    name: 'Acme Shop', version: { number: '2', name: 'Version 2' }, systemType: 'eCommerce', protocol: 'HTTP',
    colour: 'blue', dateFormat: 'yyyy-MM-dd', rateLimit: { requests: '5', per: 'second' },
    variables: [{ key: 'store', displayName: 'Store', required: true, secret: false }],
    authMethods: [{
      id: 'keys', name: 'API keys', type: 'basic', url: 'https://{{store}}/ping', uses: 'store, ',
      variables: [{ key: 'user', required: true }, { key: 'pass', required: true, secret: true }],
      basic: { username: '{{user}}', password: '{{pass}}' },
      // Settings of another type the user filled in before changing the type: not written.
      oauth2: { clientId: 'left over' },
    }],
    endpoints: [{
      id: 'list', name: 'List', direction: 'receive', method: 'GET', url: 'https://{{store}}/items', dataPath: 'items',
      query: [{ key: 'status', value: '' }],
      pagination: { method: 'pageNumber', pageParam: 'page', limit: '100', tokenPath: 'hidden: not a pageNumber option' },
    }],
    saveAs: 'acme/acme.connector.json',
  };
}

test('the connector is built from the shown fields, in the samples\' order, with numbers, booleans and lists converted', () => {
  const built = buildObject(fileFields, filledDraft());
  assert.deepEqual(Object.keys(built), ['name', 'version', 'systemType', 'protocol', 'colour', 'dateFormat', 'rateLimit', 'variables', 'authMethods', 'endpoints']);
  assert.deepEqual(built.version, { number: 2, name: 'Version 2' });
  assert.deepEqual(built.rateLimit, { requests: 5, per: 'second' });
  assert.deepEqual(built.variables, [{ key: 'store', displayName: 'Store', required: true }]);
  const auth = (built.authMethods as Record<string, unknown>[])[0]!;
  assert.deepEqual(auth.uses, ['store']);
  assert.deepEqual(auth.basic, { username: '{{user}}', password: '{{pass}}' });
  assert.equal(auth.oauth2, undefined, 'another auth type\'s settings are not written');
  const endpoint = (built.endpoints as Record<string, unknown>[])[0]!;
  assert.deepEqual(endpoint.pagination, { method: 'pageNumber', pageParam: 'page', limit: 100 });
  assert.deepEqual(endpoint.query, [{ key: 'status' }]);
  assert.equal('saveAs' in built, false, 'the review step\'s file name is not part of the file');
});

test('a value that is not a number is written as typed, for the server to report at its path', () => {
  const draft = filledDraft();
  setAt(draft, 'version.number', 'two');
  assert.deepEqual(buildObject(fileFields, draft).version, { number: 'two', name: 'Version 2' });
});

test('the layout is two-space, one member per line, short plain objects on one line', () => {
  const text = layoutJson({ name: 'A', version: { number: 1, name: 'One' }, list: [{ key: 'k', nested: { deep: true } }], empty: [] });
  assert.equal(text, [
    '{',
    '  "name": "A",',
    '  "version": { "number": 1, "name": "One" },',
    '  "list": [',
    '    {',
    '      "key": "k",',
    '      "nested": { "deep": true }',
    '    }',
    '  ],',
    '  "empty": []',
    '}',
    '',
  ].join('\n'));
  assert.deepEqual(JSON.parse(text), { name: 'A', version: { number: 1, name: 'One' }, list: [{ key: 'k', nested: { deep: true } }], empty: [] });
});

test('a long plain object is split one member per line', () => {
  const long = { description: 'x'.repeat(100), other: 'y' };
  assert.match(layoutJson({ item: long }), /\{\n {4}"description"/);
});

test('shown paths name fields, lists and list items, and leave out fields hidden by another field\'s value', () => {
  const paths = shownPaths(fileFields, filledDraft());
  for (const expected of ['name', 'version.number', 'authMethods', 'authMethods[0]', 'authMethods[0].basic.username', 'endpoints[0].pagination.pageParam', 'endpoints[0].query[0].key']) {
    assert.ok(paths.includes(expected), expected);
  }
  for (const hidden of ['authMethods[0].oauth2.clientId', 'endpoints[0].pagination.tokenPath', 'authMethods[0].oauth2.pkce']) {
    assert.ok(!paths.includes(hidden), hidden);
  }
});

test('pagination options come from the schema\'s x-methods: nextPageToken shows tokenPath, not pageParam', () => {
  const endpoint = { pagination: { method: 'nextPageToken' } };
  const paths = shownPaths(endpointFields(connectorSchema()), endpoint);
  assert.ok(paths.includes('pagination.tokenPath'));
  assert.ok(!paths.includes('pagination.pageParam'));
});

test('every auth type of the schema has a choice, and OAuth 2 authorisation code shows PKCE but not a password', () => {
  const auth = connectorSteps(connectorSchema()).find((s) => s.id === 'auth')!.fields[0]!.item!.fields;
  const type = auth.find((f) => f.path === 'type')!;
  assert.deepEqual(type.options!.map((o) => o.value), ['basic', 'token', 'apiKey', 'oauth2ClientCredentials', 'oauth2Password', 'oauth2AuthorizationCode', 'oauth1', 'soap', 'none']);
  const shown = shownPaths(auth, { type: 'oauth2AuthorizationCode' });
  assert.ok(shown.includes('oauth2.pkce') && shown.includes('oauth2.clientId') && shown.includes('token.responsePath'));
  assert.ok(!shown.includes('oauth2.password') && !shown.includes('basic.username'));
  assert.ok(!shownPaths(auth, { type: 'none' }).includes('url'));
});

test('paths parse and address drafts as the server writes them', () => {
  assert.deepEqual(parsePath('endpoints[12].query[0].key'), ['endpoints', 12, 'query', 0, 'key']);
  const draft: Record<string, unknown> = {};
  setAt(draft, 'a[1].b', 'x');
  assert.equal(getAt(draft, 'a[1].b'), 'x');
  assert.ok(Array.isArray(draft.a));
});
