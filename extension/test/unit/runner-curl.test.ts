import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCurl, curlNeedsSecrets, shellQuote } from '../../src/runner/curl';
import { SERVER_MASK } from '../../src/server/runModel';

test('a masked credential becomes <redacted>, never the mask or anything else', () => {
  const curl = buildCurl({
    method: 'GET',
    url: 'https://shop.example.com/products?key=••••••&page=1',
    headers: [
      { name: 'Authorization', value: 'Basic ••••••' },
      { name: 'Accept', value: 'application/json' },
    ],
  });
  assert.equal(curl.includes(SERVER_MASK), false);
  assert.match(curl, /-H 'Authorization: Basic <redacted>'/);
  assert.match(curl, /'https:\/\/shop\.example\.com\/products\?key=<redacted>&page=1'/);
  assert.match(curl, /-H 'Accept: application\/json'/);
});

test('the command and URL come first, each option on its own continuation line', () => {
  const curl = buildCurl({ method: 'PUT', url: 'https://a.test/x', headers: [{ name: 'Accept', value: '*/*' }], body: '{}' });
  assert.equal(curl, "curl -X PUT 'https://a.test/x' \\\n  -H 'Accept: */*' \\\n  --data-raw '{}'");
});

test('GET has no -X, POST with a body has no -X, other methods say theirs', () => {
  assert.doesNotMatch(buildCurl({ method: 'GET', url: 'https://a.test/', headers: [] }), /-X/);
  assert.doesNotMatch(buildCurl({ method: 'POST', url: 'https://a.test/', headers: [], body: '{}' }), /-X/);
  assert.match(buildCurl({ method: 'PUT', url: 'https://a.test/', headers: [], body: '{}' }), /-X PUT/);
  assert.match(buildCurl({ method: 'POST', url: 'https://a.test/', headers: [] }), /-X POST/);
  assert.match(buildCurl({ method: 'delete', url: 'https://a.test/', headers: [] }), /-X DELETE/);
});

test('the body is sent raw, quoted for the shell, with masked secrets as placeholders', () => {
  const curl = buildCurl({ method: 'POST', url: 'https://a.test/', headers: [], body: `{"name":"O'Brien","password":"${SERVER_MASK}"}` });
  assert.match(curl, /--data-raw '\{"name":"O'\\''Brien","password":"<redacted>"\}'$/);
});

test('headers curl sets itself are left out; Accept-Encoding becomes --compressed', () => {
  const curl = buildCurl({
    method: 'GET',
    url: 'https://a.test/',
    headers: [
      { name: 'Host', value: 'a.test' },
      { name: 'Content-Length', value: '0' },
      { name: 'Accept-Encoding', value: 'gzip, br' },
    ],
  });
  assert.doesNotMatch(curl, /Host:|Content-Length|Accept-Encoding/);
  assert.match(curl, /--compressed/);
});

test('shell quoting survives quotes, dollars and backticks', () => {
  assert.equal(shellQuote(`it's $HOME \`x\``), `'it'\\''s $HOME \`x\`'`);
});

test('curlNeedsSecrets says whether the command holds placeholders', () => {
  assert.equal(curlNeedsSecrets({ method: 'GET', url: 'https://a.test/', headers: [] }), false);
  assert.equal(curlNeedsSecrets({ method: 'GET', url: 'https://a.test/', headers: [{ name: 'X-Key', value: SERVER_MASK }] }), true);
  assert.equal(curlNeedsSecrets({ method: 'POST', url: 'https://a.test/', headers: [], body: `a=${SERVER_MASK}` }), true);
});
