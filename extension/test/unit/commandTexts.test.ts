import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { activeInstanceText, activeInstanceTooltip, noInstanceText } from '../../src/commands/statusText';
import { summarizeValidation } from '../../src/commands/validationSummary';
import { resolvedRequestText } from '../../src/commands/resolvedRequestText';

test('the status bar shows the active instance or "No instance"', () => {
  assert.equal(activeInstanceText('uk-test'), '$(plug) uk-test');
  assert.equal(activeInstanceText(undefined), noInstanceText);
  assert.equal(noInstanceText, '$(plug) No instance');
  assert.match(activeInstanceTooltip('shopify.connector.json', 'uk-test'), /Active instance for shopify\.connector\.json: uk-test/);
  assert.match(activeInstanceTooltip('shopify.connector.json', undefined), /No active instance/);
});

test('the validation summary counts errors, warnings and the files that have any', () => {
  assert.equal(
    summarizeValidation([{ errors: 2, warnings: 1 }, { errors: 0, warnings: 0 }, { errors: 1, warnings: 0 }]),
    '3 errors, 1 warning in 2 files (3 files checked).',
  );
  assert.equal(summarizeValidation([{ errors: 0, warnings: 1 }]), '0 errors, 1 warning in 1 file (1 file checked).');
  assert.equal(summarizeValidation([{ errors: 0, warnings: 0 }, { errors: 0, warnings: 0 }]), 'No errors or warnings: 2 files checked.');
});

test('the resolved request document is the server\'s JSON under a header that names the request', () => {
  const result = {
    endpoint: 'list-products', method: 'GET', url: 'https://acme.myshopify.com/products.json', instance: 'Shopify - UK',
    authMethod: 'admin-token', headers: [{ name: 'X-Shopify-Access-Token', value: '••••••', secret: true }],
  };
  const text = resolvedRequestText('shopify.connector.json', result);
  const lines = text.split('\n');
  assert.equal(lines[0], '// GET https://acme.myshopify.com/products.json');
  assert.equal(lines[1], '// shopify.connector.json › list-products, instance "Shopify - UK", auth "admin-token"');
  assert.deepEqual(JSON.parse(lines.slice(3).join('\n')), result);
  assert.match(resolvedRequestText('x.connector.json', { endpoint: 'e', method: 'GET', url: 'u', instance: null }), /e, no instance\n/);
});

test('the resolved request names each secret a run would lack, above the request', () => {
  const result = {
    endpoint: 'list-products', method: 'GET', url: 'https://acme.myshopify.com/products.json', instance: 'Shopify - UK',
    missingSecrets: [{ variable: 'access_token', usedBy: "auth method 'admin-token' (token)", reference: 'env:SHOPIFY_TOKEN', message: 'the secret "access_token" of auth method \'admin-token\' (token) has no value: set SHOPIFY_TOKEN\nin the environment.' }],
  };
  const lines = resolvedRequestText('shopify.connector.json', result).split('\n');
  assert.equal(lines[3], '// A run would stop before sending: a secret has no value.');
  assert.equal(lines[4], '//   the secret "access_token" of auth method \'admin-token\' (token) has no value: set SHOPIFY_TOKEN in the environment.');
  assert.deepEqual(JSON.parse(lines.slice(5).join('\n')), result);
  // None missing: no such line.
  assert.doesNotMatch(resolvedRequestText('x.connector.json', { ...result, missingSecrets: [] }), /would stop/);
});
