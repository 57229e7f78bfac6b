// Add Instance: the connector's methods and their variables, and an instance file that holds only
// references: a secret value goes to SecretStorage under the name its secret: reference gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorInfo } from '../../src/wizards/connectorInfo';
import type { ConnectorOutline } from '../../src/server/connectorOutline';
import { shownPaths } from '../../src/forms/draftBuilder';
import { buildInstance, defaultInstanceFileName, emptyInstanceDraft, instanceSteps, storedSecretKeys } from '../../src/wizards/instanceForm';
import { layoutJson } from '../../src/wizards/jsonLayout';
import { instanceSchema } from './schemaFieldsFixture';

// The server's outlines of the samples (OutlineFixtureTests keeps these files equal to its answers).
const outline = (sample: string): ConnectorOutline =>
  ({ uri: `file:///samples/${sample}`, ...JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'outlines', `${sample}.json`), 'utf8')) }) as ConnectorOutline;
const hubspot = connectorInfo(outline('hubspot'));
const woo = connectorInfo(outline('woocommerce'));

test('the connector\'s methods list their own variables and the connector variables they use', () => {
  assert.deepEqual(hubspot.authMethods.map((m) => [m.id, m.type]), [['oauth', 'oauth2AuthorizationCode'], ['private-app', 'token']]);
  const rest = woo.authMethods[0]!;
  assert.deepEqual(rest.variables.map((v) => [v.key, v.secret]), [['consumer_key', false], ['consumer_secret', true], ['store_url', false]]);
  assert.equal(woo.dateFormat, "yyyy-MM-dd'T'HH:mm:ss");
});

const SECRET = 'cs_the-real-secret-value';

function wooDraft(storage: 'secret' | 'env'): Record<string, unknown> {
  return {
    ...emptyInstanceDraft(woo), name: 'Woo - UK live', companyGroup: 'UK', environment: 'live', timeZone: 'Europe/London',
    values: { store_url: 'shop.example.com', consumer_key: 'ck_123' },
    secrets: { consumer_secret: { storage, value: SECRET, env: 'WOO_SECRET' } },
  };
}

test('a secret kept in VS Code is written as a secret: reference and handed over for SecretStorage, never into the file', () => {
  // The names are the server's (patchworks/secretNames; SecretSlugProtocolTests): here as it answers for 'Woo - UK live'.
  assert.deepEqual(storedSecretKeys(wooDraft('secret'), woo), ['consumer_secret']);
  const built = buildInstance(wooDraft('secret'), woo, 'woocommerce.connector.json', { consumer_secret: 'woo-uk-live-consumer_secret' });
  const text = layoutJson(built.instance);
  assert.ok(!text.includes(SECRET), 'no secret value in the file');
  assert.deepEqual(built.instance, {
    name: 'Woo - UK live', connector: 'woocommerce.connector.json', environment: 'live', companyGroup: 'UK', timeZone: 'Europe/London',
    dateFormat: "yyyy-MM-dd'T'HH:mm:ss", authMethod: 'rest-api-keys',
    values: { consumer_key: 'ck_123', store_url: 'shop.example.com' },
    secrets: { consumer_secret: 'secret:woo-uk-live-consumer_secret' },
  });
  assert.deepEqual(built.secrets, [{ name: 'woo-uk-live-consumer_secret', value: SECRET }]);
});

test('a secret left to the environment is an env: reference, and nothing is stored', () => {
  assert.deepEqual(storedSecretKeys(wooDraft('env'), woo), [], 'an env: reference needs no name');
  const built = buildInstance(wooDraft('env'), woo, 'woocommerce.connector.json', {});
  assert.deepEqual(built.instance.secrets, { consumer_secret: 'env:WOO_SECRET' });
  assert.deepEqual(built.secrets, []);
  assert.ok(!layoutJson(built.instance).includes(SECRET));
});

test('a secret kept in VS Code but left blank needs no name, and is neither stored nor referenced', () => {
  const draft = { ...wooDraft('secret'), secrets: { consumer_secret: { storage: 'secret', value: '', env: 'WOO_SECRET' } } };
  assert.deepEqual(storedSecretKeys(draft, woo), []);
  const built = buildInstance(draft, woo, 'woocommerce.connector.json', {});
  assert.equal(built.instance.secrets, undefined);
  assert.deepEqual(built.secrets, []);
});

test('only the chosen method\'s variables are written', () => {
  const draft = { ...emptyInstanceDraft(hubspot), name: 'H', authMethod: 'private-app', secrets: {
    client_secret: { storage: 'secret', value: 'not this one' }, private_app_token: { storage: 'env', env: 'HUB_TOKEN' } } };
  assert.deepEqual(storedSecretKeys(draft, hubspot), [], 'the other method\'s secret needs no name');
  const built = buildInstance(draft, hubspot, '../hubspot.connector.json', {});
  assert.deepEqual(built.instance.secrets, { private_app_token: 'env:HUB_TOKEN' });
  assert.deepEqual(built.secrets, []);
  assert.equal(built.instance.connector, '../hubspot.connector.json');
});

test('credential fields show for the methods that ask for them, the value or the variable name as chosen', () => {
  const fields = instanceSteps(hubspot, ['Europe/London'], instanceSchema()).flatMap((s) => s.fields);
  const oauth = shownPaths(fields, { authMethod: 'oauth', secrets: { client_secret: { storage: 'secret' } } });
  assert.ok(oauth.includes('values.client_id') && oauth.includes('secrets.client_secret.value'));
  assert.ok(!oauth.includes('secrets.client_secret.env') && !oauth.includes('secrets.private_app_token.storage'));
  const env = shownPaths(fields, { authMethod: 'oauth', secrets: { client_secret: { storage: 'env' } } });
  assert.ok(env.includes('secrets.client_secret.env') && !env.includes('secrets.client_secret.value'));
  const environment = fields.find((f) => f.path === 'environment')!;
  assert.deepEqual(environment.options!.map((o) => o.value), ['test', 'live']);
});

test('a new instance\'s file is named from its name; a secret without a name from the server is refused', () => {
  assert.equal(defaultInstanceFileName('Woo - UK live'), 'woo-uk-live.instance.json');
  assert.equal(defaultInstanceFileName(''), 'instance.instance.json');
  assert.throws(() => buildInstance(wooDraft('secret'), woo, 'woocommerce.connector.json', {}), /No secret name for consumer_secret/);
});

test('a connector with syntax errors is refused with a message', () => {
  assert.throws(() => connectorInfo({ ...outline('woocommerce'), syntaxErrors: 2 }), /syntax errors/);
});

