import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { answerGetSecrets, parseSetSecretParams, parseStoreSecretArgument } from '../../src/server/secretAnswers';
import { maskedSecret, redactTrace } from '../../src/server/traceRedaction';

const store: Record<string, string> = { 'uk-live-access-token': 'shpat_123', empty: '' };
const read = async (name: string) => store[name];

test('getSecrets answers the names the store holds and leaves the others out', async () => {
  const answer = await answerGetSecrets({ names: ['uk-live-access-token', 'unknown', 'empty', 'uk-live-access-token'] }, read);
  assert.deepEqual(answer, { 'uk-live-access-token': 'shpat_123', empty: '' });
});

test('getSecrets with malformed params answers nothing rather than failing', async () => {
  assert.deepEqual(await answerGetSecrets(undefined, read), {});
  assert.deepEqual(await answerGetSecrets({ names: 'uk-live-access-token' }, read), {});
  assert.deepEqual(await answerGetSecrets({ names: [1, null, ''] }, read), {});
});

test('storeSecret takes { name, value } strings and nothing else', () => {
  assert.deepEqual(parseStoreSecretArgument({ name: 'shop-token', value: 's3cret' }), { name: 'shop-token', value: 's3cret' });
  assert.equal(parseStoreSecretArgument({ name: ' ', value: 'x' }), undefined);
  assert.equal(parseStoreSecretArgument({ name: 'a', value: 1 }), undefined);
  assert.equal(parseStoreSecretArgument('a'), undefined);
  assert.equal(parseStoreSecretArgument(null), undefined);
});

test('a verbose trace of the getSecrets answer masks every value', () => {
  const line = "Sending response 'patchworks/getSecrets - (4)'. Processing request took 1ms\nResult: {\n    \"uk-live-access-token\": \"shpat_123\"\n}";
  const redacted = redactTrace(line);
  assert.ok(!redacted.includes('shpat_123'));
  assert.match(redacted, /^Sending response 'patchworks\/getSecrets - \(4\)'/);
});

test('a verbose trace of a storeSecret quick fix masks the value', () => {
  const line = `Received response 'textDocument/codeAction - (9)' in 3ms.\nResult: [\n    {\n        "command": {\n            "command": "patchworks.storeSecret",\n            "arguments": [\n                {\n                    "name": "uk-live-access-token",\n                    "value": "shpat_\\"quoted\\"_123"\n                }\n            ]\n        }\n    }\n]`;
  const redacted = redactTrace(line);
  assert.ok(!redacted.includes('shpat_'), redacted);
  assert.ok(redacted.includes(`"value": "${maskedSecret}"`));
  assert.ok(redacted.includes('"name": "uk-live-access-token"'));
});

test('other trace lines pass unchanged', () => {
  const line = "Sending notification 'textDocument/didChange'.\nParams: { \"value\": \"x\" }";
  assert.equal(redactTrace(line), line);
});

test('setSecret keeps or forgets only the refresh tokens the server owns', () => {
  assert.deepEqual(parseSetSecretParams({ name: 'patchworks.refresh-token.ab12', value: 'rt-1' }), { name: 'patchworks.refresh-token.ab12', value: 'rt-1' });
  assert.deepEqual(parseSetSecretParams({ name: 'patchworks.refresh-token.ab12', value: null }), { name: 'patchworks.refresh-token.ab12', value: null });
  assert.equal(parseSetSecretParams({ name: 'shop-token', value: 'x' }), undefined, "a user's secret: name is not the server's to overwrite");
  assert.equal(parseSetSecretParams({ name: 'patchworks.refresh-token.ab12', value: 42 }), undefined);
  assert.equal(parseSetSecretParams(null), undefined);
});
