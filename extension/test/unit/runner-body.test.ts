import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyPreview, bodyText, languageOf, prettyXml, truncate } from '../../src/runner/responseBody';
import type { ResponseRecord } from '../../src/server/runModel';

function response(part: Partial<ResponseRecord>): ResponseRecord {
  return { status: 200, reason: 'OK', headers: [], sizeBytes: 0, timeToHeadersMs: 0, elapsedMs: 0, ...part };
}

test('a JSON body is pretty-printed with two spaces', () => {
  const body = bodyText(response({ json: { a: [1, { b: 'c' }] } }));
  assert.equal(body.language, 'json');
  assert.equal(body.text, '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}');
});

test('JSON sent as text (content type says so) is parsed and pretty-printed; broken JSON is shown as received', () => {
  assert.equal(bodyText(response({ body: '{"x":1}', contentType: 'application/json' })).text, '{\n  "x": 1\n}');
  const broken = bodyText(response({ body: '{"x":1, "y": [', contentType: 'application/json' }));
  assert.deepEqual(broken, { text: '{"x":1, "y": [', language: 'plaintext' });
});

test('XML is indented one element per line, text stays beside its element, nothing is lost', () => {
  const xml = '<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body><R><Id>1</Id><Name>A &amp; B</Name><Empty/></R></s:Body></s:Envelope>';
  const pretty = prettyXml(xml);
  assert.equal(
    pretty,
    [
      '<?xml version="1.0"?>',
      '<s:Envelope xmlns:s="x">',
      '  <s:Body>',
      '    <R>',
      '      <Id>1</Id>',
      '      <Name>A &amp; B</Name>',
      '      <Empty/>',
      '    </R>',
      '  </s:Body>',
      '</s:Envelope>',
    ].join('\n'),
  );
  assert.equal(pretty.replace(/\n\s*/g, ''), xml);
  assert.equal(bodyText(response({ body: xml, contentType: 'text/xml; charset=utf-8' })).language, 'xml');
});

test('CDATA and comments are copied whole', () => {
  const pretty = prettyXml('<a><!-- note <b> --><c><![CDATA[<not a tag>]]></c></a>');
  assert.match(pretty, /<!-- note <b> -->/);
  assert.match(pretty, /<c><!\[CDATA\[<not a tag>\]\]><\/c>/);
});

test('the language comes from the content type, else from the first character', () => {
  assert.equal(languageOf('text/html', '<html>'), 'html');
  assert.equal(languageOf(undefined, '  [1,2]'), 'json');
  assert.equal(languageOf(undefined, '<Root/>'), 'xml');
  assert.equal(languageOf('text/csv', 'a,b'), 'plaintext');
});

test('a large body is cut at a line end near the limit and says so', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
  const cut = truncate(lines, 500);
  assert.equal(cut.truncated, true);
  assert.ok(cut.text.length <= 500 && cut.text.length > 400);
  assert.ok(lines.startsWith(cut.text));
  assert.equal(cut.text.endsWith('\n'), false);
  assert.deepEqual(truncate('short', 500), { text: 'short', truncated: false });
  // One huge line: cut at the limit rather than dropping everything.
  assert.equal(truncate('x'.repeat(1000), 100).text.length, 100);
});

test('the preview reports the whole length, and a streamed body is always partial', () => {
  const big = bodyPreview(response({ json: Array.from({ length: 5000 }, (_, i) => ({ id: i })) }), 1000);
  assert.equal(big.truncated, true);
  assert.ok(big.totalChars > 1000);
  assert.ok(big.text.length <= 1000);
  const streamed = bodyPreview(response({ body: '{"items":[', bodyFile: '/tmp/body-1.json', contentType: 'application/json' }));
  assert.equal(streamed.truncated, true);
  assert.equal(streamed.bodyFile, '/tmp/body-1.json');
});
