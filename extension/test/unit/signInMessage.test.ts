import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signInMessage } from '../../src/commands/signInMessage';

test('a sign-in that worked names the method and the token requests', () => {
  const text = signInMessage('production.instance.json', { signedIn: true, authMethod: 'oauth', message: 'ok', exchanges: [{}] });
  assert.match(text, /production\.instance\.json is signed in with 'oauth' \(1 token request\)/);
});

test("a sign-in that failed carries the server's reason", () => {
  const text = signInMessage('live.instance.json', { signedIn: false, message: 'there is nothing to sign in to.' });
  assert.equal(text, 'Patchworks: live.instance.json could not sign in: there is nothing to sign in to.');
});
