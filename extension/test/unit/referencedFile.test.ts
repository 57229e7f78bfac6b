import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { isUnder, MAX_DOCUMENT_BYTES, unreadableReason } from '../../src/files/referencedFile';

test('only regular files of bounded size are read as workspace files', () => {
  assert.equal(unreadableReason({ type: 1, size: 100 }), undefined);
  assert.equal(unreadableReason({ type: 1 | 64, size: 100 }), undefined);
  assert.match(unreadableReason({ type: 0, size: 0 }) ?? '', /FIFO/);
  assert.match(unreadableReason({ type: 64, size: 0 }) ?? '', /FIFO/);
  assert.equal(unreadableReason({ type: 2, size: 4096 }), 'a directory');
  assert.match(unreadableReason({ type: 1, size: MAX_DOCUMENT_BYTES + 1 }) ?? '', /more than/);
});

test('a path is under a folder when it is the folder or below it, "..x" included, never above it', () => {
  assert.equal(isUnder('/ws/schemas/item.json', '/ws'), true);
  assert.equal(isUnder('/ws', '/ws'), true);
  assert.equal(isUnder('/ws/..x/item.json', '/ws'), true);
  assert.equal(isUnder('/ws/../outside/secret.json', '/ws'), false);
  assert.equal(isUnder('/other/item.json', '/ws'), false);
  assert.equal(isUnder('/ws/a.json', '/ws', path.posix), true);
});
