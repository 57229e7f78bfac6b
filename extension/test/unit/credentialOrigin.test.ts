// Where the Patchworks credentials may go (src/publish/credentialOrigin.ts) and the untrusted-workspace message.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  confirmationDetail, confirmationQuestion, connectedTo, credentialDecision, defaultCoreApiOrigin, isLoopbackHost, remember, rememberedKeys,
} from '../../src/publish/credentialOrigin';
import { trustActions, trustMessage } from '../../src/trust/trustMessage';

test('the default Core API is allowed without asking', () => {
  assert.deepEqual(credentialDecision('https://core.wearepatchworks.com/api/v1', []), { kind: 'allowed', origin: defaultCoreApiOrigin, key: defaultCoreApiOrigin });
  assert.equal(credentialDecision('https://CORE.wearepatchworks.com:443/api/v1/', []).kind, 'allowed');
});

test('another https origin needs a confirmation, then is remembered by origin', () => {
  const first = credentialDecision('https://core.patchworks.test/api/v1', []);
  assert.equal(first.kind, 'confirm');
  assert.ok(first.kind === 'confirm');
  assert.equal(first.key, 'https://core.patchworks.test');
  assert.equal(confirmationQuestion(first), 'Send your Patchworks credentials to https://core.patchworks.test?');
  assert.match(confirmationDetail(first), /not the Patchworks Core API/);
  const remembered = remember([], first.key);
  assert.equal(credentialDecision('https://core.patchworks.test/other/path', remembered).kind, 'allowed');
  // Only that origin: another port, scheme or host asks again.
  assert.equal(credentialDecision('https://core.patchworks.test:8443/api/v1', remembered).kind, 'confirm');
  assert.equal(credentialDecision('https://evil.patchworks.test/api/v1', remembered).kind, 'confirm');
  assert.equal(credentialDecision('https://core.wearepatchworks.com.evil.test/api/v1', remembered).kind, 'confirm');
  assert.deepEqual(remember(remembered, first.key), remembered);
});

test('plain http is refused except to this machine', () => {
  for (const url of ['http://core.wearepatchworks.com/api/v1', 'http://core.patchworks.test/api/v1', 'http://10.0.0.1/api', 'http://128.0.0.1/', 'http://localhost.evil.test/']) {
    const decision = credentialDecision(url, [url, new URL(url).origin]);
    assert.equal(decision.kind, 'refused', url);
    assert.ok(decision.kind === 'refused');
    assert.match(decision.message, /plain http/);
  }
  for (const url of ['http://localhost:5000/api/v1', 'http://127.0.0.1:5000/api', 'http://127.9.8.7/api', 'http://[::1]:5000/api']) {
    assert.equal(credentialDecision(url, []).kind, 'confirm', url);
    assert.equal(credentialDecision(url, [new URL(url).origin]).kind, 'allowed', url);
  }
});

test('what is not an http(s) URL is refused', () => {
  for (const url of ['core.wearepatchworks.com/api/v1', 'ftp://core.wearepatchworks.com/', 'file:///etc/passwd', '']) {
    assert.equal(credentialDecision(url, []).kind, 'refused', url);
  }
});

test('loopback hosts', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
    assert.ok(isLoopbackHost(host), host);
  }
  for (const host of ['localhost.example.com', 'api.localhost', '128.0.0.1', '10.0.0.1', '::2', '127.0.0.256', 'example.com', '0.0.0.0']) {
    assert.ok(!isLoopbackHost(host), host);
  }
});

test('a connect-to rule that reroutes the origin is part of what is confirmed', () => {
  assert.equal(connectedTo('https://core.wearepatchworks.com', ['*:443:127.0.0.1:8443']), '127.0.0.1:8443');
  assert.equal(connectedTo('https://core.wearepatchworks.com', ['other.test:443:127.0.0.1:8443']), undefined);
  assert.equal(connectedTo('https://core.wearepatchworks.com', ['core.wearepatchworks.com::evil.test:']), 'evil.test:443');
  // Even the default origin asks when a rule sends its connections elsewhere.
  const rerouted = credentialDecision('https://core.wearepatchworks.com/api/v1', [defaultCoreApiOrigin], ['*:443:evil.test:443']);
  assert.equal(rerouted.kind, 'confirm');
  assert.ok(rerouted.kind === 'confirm');
  assert.equal(rerouted.key, 'https://core.wearepatchworks.com via evil.test:443');
  assert.match(confirmationDetail(rerouted), /evil\.test:443 \(patchworks\.runner\.connectTo\)/);
  assert.equal(credentialDecision('https://core.wearepatchworks.com/api/v1', [rerouted.key], ['*:443:evil.test:443']).kind, 'allowed');
  // Confirming the origin alone does not cover a route added later.
  assert.equal(credentialDecision('https://core.patchworks.test/api/v1', ['https://core.patchworks.test'], ['*:443:127.0.0.1:9443']).kind, 'confirm');
});

test('remembered origins read from globalState, whatever it holds', () => {
  assert.deepEqual(rememberedKeys(undefined), []);
  assert.deepEqual(rememberedKeys('https://x.test'), []);
  assert.deepEqual(rememberedKeys(['https://x.test', 3, null]), ['https://x.test']);
});

test('the untrusted-workspace message names the action and offers to manage trust', () => {
  const { text, button } = trustMessage(trustActions.sendRequest);
  assert.match(text, /^Trust this workspace to send requests and run connector scripts\./);
  assert.equal(button, 'Manage Workspace Trust');
  for (const action of Object.values(trustActions)) assert.match(trustMessage(action).text, new RegExp(`^Trust this workspace to ${action}\\.`));
});
