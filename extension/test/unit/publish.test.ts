import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  apiKeySecret, checkApiKey, checkPassword, checkUsername, credentialValues, forgetCredentials, passwordSecret, storeCredentials,
  storedCredentialKind, usernameSecret, type SecretStore,
} from '../../src/publish/credentials';
import { dashboardLink, defaultDashboardUrl } from '../../src/publish/dashboardLink';
import { assumptionsOf } from '../../src/publish/publishAssumptions';
import { problemLines, publishFailureOf, wantsSignIn } from '../../src/publish/publishFailure';
import { asPublishPlan, confirmationDetail, hasWrites, PlanShapeError, renderPlan, stepOf, versionText } from '../../src/publish/publishPlan';
import { maskedSecret, maskValues } from '../../src/server/traceRedaction';

/** A plan as the server's PublishPlan.ToJson gives it: an update of a published connector. */
const updatePlan = {
  connector: '/ws/samples/shopify/shopify.connector.json',
  apiUrl: 'https://core.patchworks.test/api/v1',
  name: 'Shopify',
  templateId: '101',
  fileVersion: 3,
  remoteVersion: 3,
  publishVersion: 4,
  publishVersionName: '1.2.4',
  bump: 'patch',
  resuming: false,
  summary: '1 to create, 1 to change, 5 unchanged, 1 left alone',
  steps: [
    { action: 'update', kind: 'SystemTemplate', key: 'template', label: "system template 'Shopify'", remoteId: '101',
      changes: [{ field: 'version', from: '3', to: '4' }, { field: 'help_link', from: '"https://a.test"', to: '"https://b.test"' }] },
    { action: 'create', kind: 'Endpoint', key: 'endpoint:admin-token/list-orders', label: "endpoint 'List orders' of auth method 'admin-token'", remoteId: null, changes: [] },
    ...Array.from({ length: 5 }, (_, i) => ({ action: 'unchanged', kind: 'Variable', key: `variable:${i}`, label: `variable ${i}`, remoteId: String(200 + i), changes: [] })),
  ],
  leftAlone: [{ label: "endpoint 'Legacy export'", id: '377' }],
  notPublished: [{ where: "endpoint 'list-products'", field: 'schema', why: 'no documented Core API field' }],
  notes: ['--bump not applied: something'],
};

test('a plan is checked and rendered with what is created, changed field by field, unchanged, left alone and not published', () => {
  const plan = asPublishPlan(updatePlan);
  assert.ok(hasWrites(plan));
  const text = renderPlan(plan);
  assert.match(text, /^# Publish 'Shopify' to Patchworks/);
  assert.match(text, /Patchworks holds version 3 \(system template 101\); the file has version 3; publishing version 4 \(1\.2\.4\) \(a patch bump/);
  assert.match(text, /## Will be created \(1\)\n\n- `\+` endpoint 'List orders' of auth method 'admin-token'/);
  assert.match(text, /## Will change \(1\)\n\n- `~` system template 'Shopify' \(id 101\)\n  - `version`: 3 → 4\n  - `help_link`: "https:\/\/a\.test" → "https:\/\/b\.test"/);
  assert.match(text, /## Unchanged \(5\)\n\n5 parts already in Patchworks/);
  assert.match(text, /## Left alone \(1\)[\s\S]*- endpoint 'Legacy export' \(id 377\)/);
  assert.match(text, /## Not published \(1\)[\s\S]*- endpoint 'list-products': `schema`: no documented Core API field/);
  assert.match(text, /## Notes\n\n- --bump not applied: something/);
  assert.equal(versionText(plan), 'version 4 (1.2.4)');
  const detail = confirmationDetail(plan);
  assert.match(detail, /1 to create, 1 to change, 5 unchanged\./);
  assert.match(detail, /1 left alone in Patchworks/);
  assert.match(detail, /1 fields of the file are not published/);
});

test('a first publish says so, and a plan with nothing to write has no writes', () => {
  const first = asPublishPlan({ ...updatePlan, templateId: null, remoteVersion: null, bump: null, publishVersion: 1, publishVersionName: null });
  assert.match(renderPlan(first), /First publish: Patchworks has no system template for 'Shopify' yet; publishing version 1\./);
  const nothing = asPublishPlan({ ...updatePlan, steps: updatePlan.steps.map((s) => ({ ...s, action: 'unchanged', changes: [] })), leftAlone: [], notPublished: [], notes: [] });
  assert.equal(hasWrites(nothing), false);
  assert.match(renderPlan(nothing), /## Will be created \(0\)\n\nNothing\./);
});

test('something that is not a plan is refused', () => {
  assert.throws(() => asPublishPlan(null), PlanShapeError);
  assert.throws(() => asPublishPlan({ name: 'x' }), PlanShapeError);
  assert.throws(() => asPublishPlan({ ...updatePlan, steps: 'none' }), PlanShapeError);
});

test('step reports "(n/m) ..." give the share of the work done', () => {
  assert.deepEqual(stepOf("(3/26) Creating endpoint 'x'"), { done: 3, total: 26 });
  assert.equal(stepOf("Reading 'Shopify' from the Core API"), undefined);
  assert.equal(stepOf('(5/0) odd'), undefined);
  assert.equal(stepOf('(7/3) odd'), undefined);
});

test('the dashboard link puts the template id in the setting\'s {id}, and only makes http(s) links', () => {
  assert.equal(dashboardLink(defaultDashboardUrl, '101'), 'https://app.wearepatchworks.com/marketplace/connectors/101');
  assert.equal(dashboardLink('https://stage.app.wearepatchworks.com/c/{id}?tab={id}', 'a b/c'), 'https://stage.app.wearepatchworks.com/c/a%20b%2Fc?tab=a%20b%2Fc');
  assert.equal(dashboardLink('  https://app.wearepatchworks.com/  ', '7'), 'https://app.wearepatchworks.com/');
  assert.equal(dashboardLink('javascript:alert({id})', '1'), undefined);
  assert.equal(dashboardLink('not a url', '1'), undefined);
});

test('a refusal\'s data decides the next step: sign in, bump, problems', () => {
  const error = Object.assign(new Error('No Patchworks credentials: sign in'), { code: -32803, data: { reason: 'noCredentials', problems: [] } });
  const failure = publishFailureOf(error);
  assert.equal(failure.reason, 'noCredentials');
  assert.equal(failure.message, 'No Patchworks credentials: sign in');
  assert.ok(wantsSignIn(failure));
  assert.ok(wantsSignIn(publishFailureOf(Object.assign(new Error('401'), { data: { reason: 'credentialsRefused' } }))));

  const errors = publishFailureOf(Object.assign(new Error('The connector has 1 error'), {
    data: { reason: 'connectorErrors', problems: [{ file: '/ws/a.connector.json', line: 3, column: 5, message: 'PW2001: undefined' }, { bad: true }] },
  }));
  assert.equal(errors.reason, 'connectorErrors');
  assert.deepEqual(problemLines(errors), ['/ws/a.connector.json:3:5: PW2001: undefined']);
  assert.equal(wantsSignIn(errors), false);

  assert.equal(publishFailureOf(Object.assign(new Error('x'), { data: { reason: 'something-new' } })).reason, 'other');
  assert.equal(publishFailureOf(Object.assign(new Error('x'), { data: [{ file: 'old shape' }] })).reason, 'other');
  assert.equal(publishFailureOf('plain').message, 'plain');
});

/** SecretStorage in memory. */
function memoryStore(initial: Record<string, string> = {}): SecretStore & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: async (name) => values.get(name),
    store: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

test('signing in stores one kind of credentials under the names the server asks for, and removes the other kind', async () => {
  const store = memoryStore({ [usernameSecret]: 'old@acme.test', [passwordSecret]: 'old-password' });
  assert.deepEqual(await storedCredentialKind(store), { kind: 'login', username: 'old@acme.test' });
  await storeCredentials(store, { kind: 'apiKey', apiKey: 'pw_key_123' });
  assert.deepEqual([...store.values.entries()], [[apiKeySecret, 'pw_key_123']]);
  assert.deepEqual(await storedCredentialKind(store), { kind: 'apiKey' });

  await storeCredentials(store, { kind: 'login', username: 'me@acme.test', password: 'pa55' });
  assert.deepEqual(Object.fromEntries(store.values), { [usernameSecret]: 'me@acme.test', [passwordSecret]: 'pa55' });
  assert.deepEqual(await credentialValues(store), ['pa55'], 'the password is masked in logs; the username is not a secret');
});

test('signing out deletes every credential and says whether there were any', async () => {
  const store = memoryStore({ [apiKeySecret]: 'k', [usernameSecret]: 'u', [passwordSecret]: 'p', other: 'kept' });
  assert.equal(await forgetCredentials(store), 3);
  assert.deepEqual([...store.values.keys()], ['other']);
  assert.equal(await forgetCredentials(store), 0);
  assert.equal(await storedCredentialKind(store), undefined);
  assert.equal(await storedCredentialKind(memoryStore({ [usernameSecret]: 'u' })), undefined, 'a username without a password is not a login');
});

test('the sign-in inputs are checked', () => {
  assert.ok(checkApiKey(''));
  assert.ok(checkApiKey('two words'));
  assert.equal(checkApiKey('pw_test_key_5b1f'), undefined);
  assert.ok(checkUsername('  '));
  assert.equal(checkUsername('me@acme.test'), undefined);
  assert.ok(checkPassword(''));
  assert.equal(checkPassword(' spaces are fine '), undefined);
});

test('stored credential values are masked in anything logged', () => {
  const logged = maskValues('POST refused for key pw_key_123 (pw_key_123) and password pa55', ['pw_key_123', 'pa55', '']);
  assert.equal(logged, `POST refused for key ${maskedSecret} (${maskedSecret}) and password ${maskedSecret}`);
  assert.equal(maskValues('nothing here', []), 'nothing here');
});

test('the assumptions setting goes to the server only as a non-empty object', () => {
  assert.deepEqual(assumptionsOf({ systemTypesPath: '/kinds' }), { assumptions: { systemTypesPath: '/kinds' } });
  for (const nothing of [undefined, null, {}, [], 'x', 3]) assert.deepEqual(assumptionsOf(nothing), {});
});
