import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { asPullResult, asTemplates, pullSummary, PullShapeError, templateItems } from '../../src/publish/pullModel';
import { trustActions, trustMessage } from '../../src/trust/trustMessage';

/** A patchworks/pull answer as the server gives it (PullResult.ToJson plus connectorUri, writtenUris, text). */
const pulled = {
  connector: '/ws/acme/acme-shop.connector.json',
  connectorUri: 'file:///ws/acme/acme-shop.connector.json',
  templateId: '1001',
  name: 'Acme Shop',
  version: 3,
  written: ['/ws/acme/icon.png', '/ws/acme/acme-shop.connector.json', '/ws/acme/acme-shop.publish.json'],
  writtenUris: ['file:///ws/acme/icon.png', 'file:///ws/acme/acme-shop.connector.json', 'file:///ws/acme/acme-shop.publish.json'],
  iconProblem: null,
  notInApi: ['schema: no documented field'],
  notInFile: [],
  placeholders: ["auth method 'oauth-app' oauth2: the oauth2 settings", "endpoint 'List orders' pagination.pageParam: a guess"],
  validationErrors: [],
  planWrites: 0,
  planSummary: 'Nothing to publish',
  text: "Pulled 'Acme Shop' (system template 1001, version 3)\n",
};

test('templates are read from the listTemplates answer, sorted by name, ids as strings', () => {
  const templates = asTemplates({ templates: [
    { id: 7, name: 'Shopify', version: 2 },
    { id: '12', name: 'Acme', version: null },
    { id: 3, name: '', version: 1 },
    { name: 'no id' },
    'junk',
  ] });
  assert.deepEqual(templates, [
    { id: '3', name: '(template 3)', version: 1 },
    { id: '12', name: 'Acme', version: null },
    { id: '7', name: 'Shopify', version: 2 },
  ]);
  assert.throws(() => asTemplates({}), PullShapeError);
  assert.throws(() => asTemplates(null), PullShapeError);
});

test('two templates of one name are told apart by their ids in the quick pick', () => {
  const items = templateItems(asTemplates({ templates: [{ id: 1, name: 'Twice', version: 1 }, { id: 2, name: 'Twice' }] }));
  assert.deepEqual(items.map((i) => [i.label, i.description, i.detail, i.id]), [
    ['Twice', 'version 1', 'system template 1', '1'],
    ['Twice', '', 'system template 2', '2'],
  ]);
});

test('a pull answer is read, and one without the connector is refused', () => {
  const result = asPullResult(pulled);
  assert.equal(result.connectorUri, pulled.connectorUri);
  assert.equal(result.writtenUris.length, 3);
  assert.equal(result.planWrites, 0);
  assert.throws(() => asPullResult({ templateId: '1' }), PullShapeError);
  assert.equal(asPullResult({ connectorUri: 'file:///x.connector.json', templateId: '1', planWrites: null }).planWrites, null);
});

test('the summary says what was written, what to fill in, and whether publishing would change anything', () => {
  assert.equal(pullSummary(asPullResult(pulled)),
    "Pulled 'Acme Shop' version 3: 3 files written. 2 placeholders to fill in (marked // TODO). Publishing it now would change nothing.");
  const troubled = asPullResult({ ...pulled, writtenUris: pulled.writtenUris.slice(1), placeholders: [], iconProblem: 'the logo could not be downloaded: 404 Not Found',
    validationErrors: ['x:1:1: PW3008: ...'], planWrites: null });
  assert.equal(pullSummary(troubled),
    "Pulled 'Acme Shop' version 3: 2 files written. No icon: the logo could not be downloaded: 404 Not Found. 1 validation error remain. Publishing refuses it as it is (see the log).");
  assert.match(pullSummary(asPullResult({ ...pulled, planWrites: 1 })), /would make 1 write \(see the log\)\.$/);
});

test('an untrusted workspace is told that pulling needs trust', () => {
  assert.match(trustMessage(trustActions.pull).text, /^Trust this workspace to pull connectors from Patchworks\./);
});
