import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeEarlyExit, describeSpawnError, StderrTail } from '../../src/server/startFailure';

test('the stderr tail keeps the last lines and skips the console logger\'s level headers', () => {
  const tail = new StderrTail(3);
  for (const line of ['one', 'two', 'Unhandled exception. System.IO.FileNotFoundException: x', 'fail: Host[0]', '']) tail.add(line);
  assert.equal(tail.lastMeaningful(), 'Unhandled exception. System.IO.FileNotFoundException: x');
  const empty = new StderrTail();
  assert.equal(empty.lastMeaningful(), undefined);
});

test('an early exit says how it ended and ends the server\'s words as a sentence', () => {
  assert.equal(describeEarlyExit(3, null, 'missing libicu'), 'The language server exited with code 3 as it started: missing libicu.');
  assert.equal(describeEarlyExit(null, 'SIGKILL', undefined), 'The language server was killed by SIGKILL as it started.');
  assert.equal(describeEarlyExit(1, null, 'Bad thing!'), 'The language server exited with code 1 as it started: Bad thing!');
});

test('spawn errors: dotnet missing, not executable, anything else', () => {
  assert.match(describeSpawnError('dotnet', 'ENOENT', ''), /dotnet was not found on PATH/);
  assert.equal(describeSpawnError('/x/server', 'EACCES', ''), '/x/server is not executable.');
  assert.equal(describeSpawnError('/x/server', 'E2BIG', 'too big'), '/x/server could not be run: too big');
});
