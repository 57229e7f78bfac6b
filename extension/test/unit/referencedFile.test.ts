import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_DOCUMENT_BYTES, readReferencedFile, RefusedReference, unreadableReason } from '../../src/files/referencedFile';

function workspace(): { root: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-ref-'));
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'schemas'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.json'), '{"secret": "OUTSIDE"}');
  fs.writeFileSync(path.join(root, 'schemas', 'item.json'), '{"type": "object"}');
  return { root, outside };
}

test('a schema file inside the workspace is read', () => {
  const { root } = workspace();
  assert.equal(readReferencedFile(root, 'schemas/item.json', root), '{"type": "object"}');
});

test('a path above the workspace, a link out and a linked folder out are refused without reading', () => {
  const { root, outside } = workspace();
  fs.symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'schemas', 'link.json'));
  fs.symlinkSync(outside, path.join(root, 'linked'));
  for (const reference of ['../outside/secret.json', 'schemas/link.json', 'linked/secret.json']) {
    assert.throws(() => readReferencedFile(root, reference, root), (error: unknown) => error instanceof RefusedReference && !error.message.includes('OUTSIDE'), reference);
  }
});

test('a FIFO, a device link and a folder are refused without blocking', () => {
  const { root } = workspace();
  execFileSync('mkfifo', [path.join(root, 'schemas', 'pipe.json')]);
  fs.symlinkSync('/dev/zero', path.join(root, 'schemas', 'zero.json'));
  for (const reference of ['schemas/pipe.json', 'schemas/zero.json', 'schemas']) {
    assert.throws(() => readReferencedFile(root, reference, root), RefusedReference, reference);
  }
});

test('only regular files of bounded size are read as workspace files', () => {
  assert.equal(unreadableReason({ type: 1, size: 100 }), undefined);
  assert.equal(unreadableReason({ type: 1 | 64, size: 100 }), undefined);
  assert.match(unreadableReason({ type: 0, size: 0 }) ?? '', /FIFO/);
  assert.match(unreadableReason({ type: 64, size: 0 }) ?? '', /FIFO/);
  assert.equal(unreadableReason({ type: 2, size: 4096 }), 'a directory');
  assert.match(unreadableReason({ type: 1, size: MAX_DOCUMENT_BYTES + 1 }) ?? '', /more than/);
});
