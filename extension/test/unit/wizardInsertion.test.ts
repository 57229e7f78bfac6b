// Add Endpoint / Add Authentication Method: the insert changes nothing but the new item's text. Comments,
// trailing commas and odd layout elsewhere stay byte for byte.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { detectIndentation, insertItem } from '../../src/wizards/sectionInsertion';

const spaces = { insertSpaces: true, tabSize: 2, eol: '\n' };

const odd = `// Header comment: kept.
{
    "name": "Odd",   /* inline block comment */
  "version": {"number":1},
    "authMethods": [ { "id": "k", "name": "Key", "type": "none" }, ],  // trailing comma in the array
  "endpoints": [
        {
          // a comment inside the last endpoint
          "id": "one", "name": "One", "direction": "receive", "method": "GET", "url": "https://x/{{a}}"
        }
  ],
  /* after */ "helpLink": "https://example.com"
}
// Footer comment: kept.
`;

/** Asserts that the new text is the old one with one contiguous insertion, and returns the inserted text. */
function insertedText(before: string, after: string): string {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // A pure insertion: the common prefix and suffix are the whole old text.
  assert.equal(start + end, before.length, 'the old text is the new one with one inserted run taken out');
  return after.slice(start, after.length - end);
}

test('an endpoint is appended after the last one; the rest of the file is byte for byte the same', () => {
  const result = insertItem(odd, 'endpoints', { id: 'two', name: 'Two', direction: 'send', method: 'POST', url: 'https://x' }, spaces);
  assert.equal(result.index, 1);
  const inserted = insertedText(odd, result.text);
  assert.match(inserted, /"id": "two"/);
  assert.ok(result.text.includes('// a comment inside the last endpoint'));
  assert.ok(result.text.startsWith('// Header comment: kept.\n{\n    "name": "Odd",   /* inline block comment */'));
  assert.ok(result.text.endsWith('  /* after */ "helpLink": "https://example.com"\n}\n// Footer comment: kept.\n'));
  const parsed = parse(result.text, [], { allowTrailingComma: true }) as { endpoints: { id: string }[] };
  assert.deepEqual(parsed.endpoints.map((e) => e.id), ['one', 'two']);
});

test('an auth method goes into an array with a trailing comma, which keeps its comments', () => {
  const result = insertItem(odd, 'authMethods', { id: 'basic', name: 'Basic', type: 'basic', basic: { username: 'u', password: 'p' } }, spaces);
  assert.equal(result.index, 1);
  const parsed = parse(result.text, [], { allowTrailingComma: true }) as { authMethods: { id: string }[] };
  assert.deepEqual(parsed.authMethods.map((a) => a.id), ['k', 'basic']);
  assert.ok(result.text.includes('// trailing comma in the array'));
  assert.ok(result.text.includes('/* after */ "helpLink"'));
  // Outside the authMethods array, not one byte differs.
  const arrayStart = odd.indexOf('"authMethods"');
  assert.equal(result.text.slice(0, arrayStart), odd.slice(0, arrayStart));
  const tail = odd.slice(odd.indexOf('  // trailing comma in the array'));
  assert.ok(result.text.endsWith(tail));
});

test('a connector without the section gets the array, auth methods before the endpoints', () => {
  const text = '{\n  // c\n  "name": "N",\n  "endpoints": []\n}\n';
  const result = insertItem(text, 'authMethods', { id: 'a', name: 'A', type: 'none' }, spaces);
  assert.equal(result.index, 0);
  assert.ok(result.text.indexOf('"authMethods"') < result.text.indexOf('"endpoints"'));
  assert.ok(result.text.includes('  // c\n  "name": "N",'));
  insertedText(text, result.text);
  const withoutEndpoints = insertItem('{ "name": "N" }', 'endpoints', { id: 'e' }, spaces);
  assert.deepEqual(parse(withoutEndpoints.text), { name: 'N', endpoints: [{ id: 'e' }] });
});

test('a file with syntax errors is refused rather than edited', () => {
  assert.throws(() => insertItem('{ "endpoints": [ { "id": ', 'endpoints', {}, spaces), /syntax errors/);
  assert.throws(() => insertItem('{ "endpoints": {} }', 'endpoints', {}, spaces), /not an array/);
});

test('the new item is indented as the file is: tabs for a tabbed file, four spaces for a four-space one', () => {
  const tabbed = '{\n\t"name": "T",\n\t"endpoints": [\n\t\t{ "id": "a" }\n\t]\n}\n';
  const long = 'x'.repeat(110);
  const tabs = insertItem(tabbed, 'endpoints', { id: 'b', description: long }, detectIndentation(tabbed, spaces));
  assert.equal(insertedText(tabbed, tabs.text), `,\n\t\t{\n\t\t\t"id": "b",\n\t\t\t"description": "${long}"\n\t\t}`);
  const four = '{\n    "endpoints": [\n        { "id": "a" }\n    ]\n}\n';
  assert.deepEqual(detectIndentation(four, spaces), { insertSpaces: true, tabSize: 4, eol: '\n' });
  assert.equal(detectIndentation('{\r\n  "a": 1\r\n}', spaces).eol, '\r\n');
});

test('a comment after the last item stays with it: the comma goes before the comment, the new item after it', () => {
  const text = '{\n  "endpoints": [\n    { "id": "a" } // the first\n  ]\n}\n';
  const result = insertItem(text, 'endpoints', { id: 'b' }, spaces);
  assert.equal(result.text, '{\n  "endpoints": [\n    { "id": "a" }, // the first\n    { "id": "b" }\n  ]\n}\n');
});

test('an empty array gets the item on its own line; CRLF files get CRLF', () => {
  const text = '{\r\n  "name": "N",\r\n  "endpoints": []\r\n}\r\n';
  const result = insertItem(text, 'endpoints', { id: 'a' }, detectIndentation(text, spaces));
  assert.equal(result.text, '{\r\n  "name": "N",\r\n  "endpoints": [\r\n    { "id": "a" }\r\n  ]\r\n}\r\n');
  assert.equal(result.index, 0);
});
