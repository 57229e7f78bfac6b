import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileStamp, RunHistory, startedAtOf, type HistoryKey } from '../../src/runner/runHistory';

const key: HistoryKey = { connectorUri: 'file:///w/shop.connector.json', endpointId: 'list-products', instanceUri: 'file:///w/uk.instance.json' };
const runText = (startedAt: string, records = 1) => JSON.stringify({ formatVersion: 1, run: { startedAt, records, pages: [] } });

function withHistory(size: number, body: (history: RunHistory, root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'pw-history-'));
  return body(new RunHistory(root, size), root).finally(() => rmSync(root, { recursive: true, force: true }));
}

test('the previous run is the newest kept run that started before the one shown', () =>
  withHistory(10, async (history) => {
    await history.add(key, runText('2026-12-07T10:00:00.000+00:00', 1));
    await history.add(key, runText('2026-12-07T11:00:00.000+00:00', 2));
    await history.add(key, runText('2026-12-07T12:00:00.000+00:00', 3));

    const previous = await history.previous(key, '2026-12-07T12:00:00.000+00:00');
    const first = await history.previous(key, '2026-12-07T10:00:00.000+00:00');

    assert.equal(previous?.startedAt, '2026-12-07T11:00:00.000+00:00');
    assert.equal(JSON.parse(previous!.text).run.records, 2);
    assert.equal(first, undefined, 'nothing is older than the first run');
  }));

test('each endpoint and instance has its own history, and a different instance does not see it', () =>
  withHistory(10, async (history) => {
    await history.add(key, runText('2026-12-07T10:00:00Z'));

    assert.ok(await history.previous(key, '2026-12-07T11:00:00Z'));
    assert.equal(await history.previous({ ...key, instanceUri: null }, '2026-12-07T11:00:00Z'), undefined);
    assert.equal(await history.previous({ ...key, endpointId: 'get-product' }, '2026-12-07T11:00:00Z'), undefined);
  }));

test('only the last runs are kept, owner-only, in a folder named by a hash that holds no URI or id', () =>
  withHistory(3, async (history, root) => {
    for (let hour = 10; hour < 15; hour++) await history.add(key, runText(`2026-12-07T${hour}:00:00Z`));

    const names = await history.list(key);
    assert.deepEqual(names, ['20261207T140000000Z.json', '20261207T130000000Z.json', '20261207T120000000Z.json']);
    const folder = history.folderOf(key);
    assert.match(path.basename(folder), /^[0-9a-f]{32}$/);
    assert.equal(readdirSync(path.join(root, 'run-history')).length, 1);
    assert.equal(statSync(path.join(folder, names[0]!)).mode & 0o777, 0o600);
  }));

test('a text that is not a run, or has no start time, is not kept', () =>
  withHistory(10, async (history) => {
    assert.equal(await history.add(key, 'not json'), false);
    assert.equal(await history.add(key, JSON.stringify({ run: { startedAt: 'yesterday' } })), false);
    assert.deepEqual(await history.list(key), []);
  }));

test('run start times become sortable file stamps', () => {
  assert.equal(fileStamp('2026-12-07T03:18:04.123+00:00'), '20261207T031804123Z');
  assert.equal(fileStamp('2026-12-07T04:18:04.5+01:00'), '20261207T031804500Z');
  assert.equal(startedAtOf(runText('2026-12-07T03:18:04Z')), '2026-12-07T03:18:04Z');
  assert.equal(startedAtOf('{"run": 1}'), undefined);
});
