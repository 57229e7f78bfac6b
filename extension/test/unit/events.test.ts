// Event connectors in the editor (src/events/): the messages panel's model (the capped list, the summary and
// fault in words, the server's message read and trimmed), the Listen settle pick, the Send Test Message body
// choice, and the refusals' error data.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  BODY_CAP,
  MESSAGE_CAP,
  MessageLog,
  RECORD_CAP,
  asEventMessage,
  asListenAnswer,
  checkText,
  droppedText,
  faultText,
  listeningText,
  prettyBody,
  recordsTable,
  summaryView,
  type EventMessageView,
} from '../../src/events/panelModel';
import { SETTLE_CHOICES, bodyChoices, bodyFor, sendResultText, settleFor, settleWords } from '../../src/events/choices';
import { requestProblem, secretStorageName } from '../../src/events/requestErrors';
import { MAX_ATTEMPTS, retryWithMissingSecrets } from '../../src/events/secretRetry';

const serverMessage = {
  number: 1,
  exchange: 'wms.events',
  routingKey: 'dispatch.confirmed.uk-leeds',
  redelivered: false,
  properties: { contentType: 'application/json', messageId: 'm-1', correlationId: null, timestamp: null, appId: null, type: null, persistent: true },
  headers: { 'x-dotnet-pub-seq-no': '1', nested: { a: 1 } },
  bodyBytes: 120,
  body: '{"shipments":[{"orderNumber":"SO-100482","lines":2}]}',
  dataPath: 'shipments',
  records: [{ orderNumber: 'SO-100482', lines: 2 }],
  recordsProblem: null,
  schemaChecked: true,
  invalidRecords: [],
};

function numbered(n: number): EventMessageView {
  return asEventMessage({ ...serverMessage, number: n })!;
}

test('the message log keeps the newest messages up to its cap and counts the ones dropped from view', () => {
  const log = new MessageLog(3);
  assert.equal(log.add(numbered(1)), 0);
  log.add(numbered(2));
  log.add(numbered(3));
  assert.equal(log.dropped, 0);
  assert.equal(log.add(numbered(4)), 1);
  assert.deepEqual(log.messages.map((m) => m.number), [2, 3, 4]);
  assert.equal(log.dropped, 1);
  for (let n = 5; n <= 10; n += 1) log.add(numbered(n));
  assert.deepEqual(log.messages.map((m) => m.number), [8, 9, 10]);
  assert.equal(log.dropped, 7);
  // Rebuilt from a snapshot (the webview reloading), the count carries on.
  const again = new MessageLog(3, log.messages, log.dropped);
  again.add(numbered(11));
  assert.deepEqual(again.messages.map((m) => m.number), [9, 10, 11]);
  assert.equal(again.dropped, 8);
  assert.throws(() => new MessageLog(0));
});

test('the default cap holds 500 messages, and the panel says when older ones left the view', () => {
  assert.equal(MESSAGE_CAP, 500);
  const log = new MessageLog();
  for (let n = 1; n <= 520; n += 1) log.add(numbered(n));
  assert.equal(log.messages.length, 500);
  assert.equal(log.messages[0]!.number, 21);
  assert.equal(droppedText(log.dropped), '20 older messages are no longer shown (the panel keeps the last 500); the listen saw them all.');
  assert.equal(droppedText(1), '1 older message is no longer shown (the panel keeps the last 500); the listen saw them all.');
  assert.equal(droppedText(0), undefined);
});

test('a message from the server is read as the panel shows it: null properties left out, headers as text', () => {
  const m = asEventMessage(serverMessage)!;
  assert.deepEqual(m.properties, [['contentType', 'application/json'], ['messageId', 'm-1'], ['persistent', 'true']]);
  assert.deepEqual(m.headers, [['x-dotnet-pub-seq-no', '1'], ['nested', '{"a":1}']]);
  assert.equal(m.routingKey, 'dispatch.confirmed.uk-leeds');
  assert.equal(m.schemaChecked, true);
  assert.equal(m.bodyCutFrom, undefined);
  assert.equal(asEventMessage({ kind: 'message' }), undefined);
  assert.equal(asEventMessage('<img src=x onerror=alert(1)>'), undefined);
});

test('a huge body and many records are cut to what the panel keeps, saying from how many', () => {
  const body = 'x'.repeat(BODY_CAP + 10);
  const records = Array.from({ length: RECORD_CAP + 5 }, (_, i) => ({ i }));
  const m = asEventMessage({ ...serverMessage, body, records })!;
  assert.equal(m.body!.length, BODY_CAP);
  assert.equal(m.bodyCutFrom, BODY_CAP + 10);
  assert.equal(m.records.length, RECORD_CAP);
  assert.equal(m.recordsCutFrom, RECORD_CAP + 5);
  assert.equal(asEventMessage({ ...serverMessage, body: null })!.body, null);
});

test('a message the server cut says from how much: its body, its records and its problems', () => {
  const m = asEventMessage({
    ...serverMessage,
    bodyBytes: 20_971_520,
    body: 'x'.repeat(64_000),
    bodyCut: true,
    bodyChars: 20_971_520,
    records: Array.from({ length: 200 }, (_, i) => ({ i })),
    recordCount: 104_000,
    recordsCut: true,
    invalidRecords: ['record 1: Expected a string'],
    invalidCount: 104_000,
  })!;
  assert.equal(m.body!.length, 64_000);
  assert.equal(m.bodyCutFrom, 20_971_520);
  assert.equal(m.records.length, RECORD_CAP);
  assert.equal(m.recordsCutFrom, 104_000);
  assert.equal(m.invalidCount, 104_000);
  assert.equal(checkText(m), '104,000 records, checked against the schema: 104,000 invalid.');
  // Counts that say less than what came, or are not numbers, are not believed.
  const odd = asEventMessage({ ...serverMessage, bodyCut: true, bodyChars: 3, recordCount: 'many', invalidCount: -1, invalidRecords: ['a', 'b'] })!;
  assert.equal(odd.bodyCutFrom, undefined);
  assert.equal(odd.recordsCutFrom, undefined);
  assert.equal(odd.invalidCount, 2);
});

test('the records check says whether the schema was applied and what failed', () => {
  assert.equal(checkText(asEventMessage(serverMessage)!), '1 record, checked against the schema: all valid.');
  assert.equal(checkText(asEventMessage({ ...serverMessage, schemaChecked: false })!), '1 record, not checked against a schema.');
  assert.equal(checkText(asEventMessage({ ...serverMessage, invalidRecords: ['record 0: lines is not an integer', 'record 1: x'] })!), '1 record, checked against the schema: 2 invalid.');
  assert.equal(checkText(asEventMessage({ ...serverMessage, recordsProblem: 'the body is not JSON' })!), 'The records could not be read: the body is not JSON');
});

const answer = {
  listenId: 'a', listener: 'dispatch-confirmations', queue: 'patchworks.uk-leeds.dispatch', broker: '127.0.0.1:5672 (virtual host \'/\')',
  settling: 'held and put back on the queue when the listen stops', ended: 'cancelled',
  summary: { end: 'cancelled', messages: 1, acked: 0, requeued: 0, rejected: 0, held: 1, failedChecks: 0, reconnected: false, fault: null, interruptions: [] },
};

test('the summary says how the listen ended and what happened to the messages', () => {
  const view = summaryView(asListenAnswer(answer));
  assert.equal(view.headline, 'Stopped (cancelled).');
  assert.equal(view.counts, '1 message: 1 held (put back on the queue).');
  assert.equal(view.fault, undefined);
  assert.deepEqual(view.interruptions, []);
  assert.equal(view.failed, false);

  const acked = summaryView(asListenAnswer({ ...answer, ended: '3 messages, as asked', summary: { ...answer.summary, end: 'maxMessages', messages: 3, held: 0, acked: 2, rejected: 1, failedChecks: 1 } }));
  assert.equal(acked.headline, 'Stopped after the number of messages asked for (3 messages, as asked).');
  assert.equal(acked.counts, '3 messages: 2 acknowledged (removed from the queue), 1 rejected. 1 message failed its records check.');
  assert.equal(acked.failed, true);
  assert.equal(summaryView(asListenAnswer({ ...answer, summary: { ...answer.summary, messages: 0, held: 0 } })).counts, 'No messages.');
});

test('a fault and the interruptions are said in plain words, with the server\'s message', () => {
  const fault = { code: 'authenticationFailed', message: 'The broker at 127.0.0.1:5672 refused the login of user patchworks.' };
  assert.equal(faultText(fault), 'The broker refused the user name or password: The broker at 127.0.0.1:5672 refused the login of user patchworks.');
  assert.equal(faultText({ code: 'somethingNew', message: '' }), 'The broker reported a problem.');
  const view = summaryView(asListenAnswer({
    ...answer, ended: 'fault',
    summary: { ...answer.summary, end: 'fault', messages: 0, held: 0, fault, reconnected: true, interruptions: [{ code: 'connectionLost', message: 'the connection dropped; reconnected' }] },
  }));
  assert.equal(view.headline, 'Stopped: the broker refused the listen (fault).');
  assert.equal(view.fault, faultText(fault));
  assert.deepEqual(view.interruptions, ['Reconnected after an interruption: The connection to the broker dropped: the connection dropped; reconnected']);
  assert.equal(view.failed, true);
  // A malformed answer reads as zeros and no fault, never as an exception.
  assert.equal(summaryView(asListenAnswer(null)).counts, 'No messages.');
});

test('the listening line names queue, broker, user and what happens to the messages', () => {
  assert.equal(
    listeningText({ listener: 'l', queue: 'q.1', broker: 'localhost:5672 (virtual host \'/\')', user: 'patchworks', settling: 'acknowledged (removed from the queue)' }),
    'Listening on queue q.1 at localhost:5672 (virtual host \'/\') as patchworks: messages are acknowledged (removed from the queue).',
  );
});

test('bodies are pretty-printed when JSON, left as they are otherwise; records of objects make a table', () => {
  assert.equal(prettyBody('{"a":[1,2]}'), '{\n  "a": [\n    1,\n    2\n  ]\n}');
  assert.equal(prettyBody('<StockCount/>'), '<StockCount/>');
  assert.equal(prettyBody('{not json'), '{not json');
  assert.deepEqual(recordsTable([{ a: 1, b: 'x' }, { a: 2, c: { d: null } }]), { columns: ['a', 'b', 'c'], rows: [['1', 'x', ''], ['2', '', '{"d":null}']] });
  assert.equal(recordsTable(['a', 'b']), undefined);
  assert.equal(recordsTable([]), undefined);
});

test('the settle pick maps each label to the server\'s settle value, peek first', () => {
  assert.equal(SETTLE_CHOICES[0]!.label, 'Peek (messages stay on the queue)');
  assert.equal(settleFor('Peek (messages stay on the queue)'), 'peek');
  assert.equal(settleFor('Acknowledge (remove them from the queue)'), 'ack');
  assert.equal(settleFor('Reject (dead-letter them)'), 'reject');
  assert.equal(settleFor(undefined), undefined);
  assert.equal(settleFor('Peek'), undefined);
  assert.match(settleWords('peek'), /put back on the queue/);
  assert.match(settleWords('ack'), /removed from the queue/);
});

test('the body choice offers the sample body first when the listener has one, the active editor when there is one, and a file', () => {
  assert.deepEqual(bodyChoices({ sampleBody: true, editorName: 'order.json' }).map((c) => c.source), ['sample', 'editor', 'file']);
  assert.deepEqual(bodyChoices({ sampleBody: false, editorName: 'order.json' }).map((c) => c.source), ['editor', 'file']);
  assert.deepEqual(bodyChoices({ sampleBody: false }).map((c) => c.source), ['file']);
  assert.equal(bodyChoices({ sampleBody: true })[0]!.label, 'The listener\'s sample body');
});

test('the chosen body becomes the send\'s body parameter: none for the sample, the text otherwise', async () => {
  const read = { editorText: () => '{"x":1}', fileText: async () => 'from a file' };
  assert.deepEqual(await bodyFor('sample', read), {});
  assert.deepEqual(await bodyFor('editor', read), { body: '{"x":1}' });
  assert.deepEqual(await bodyFor('file', read), { body: 'from a file' });
  assert.equal(await bodyFor('file', { ...read, fileText: async () => undefined }), undefined);
  await assert.rejects(bodyFor('editor', { ...read, editorText: () => 'x'.repeat(16 * 1024 * 1024 + 1) }), /larger than 16 MB/);
});

test('the send\'s answer in words: confirmed with routing key and bytes, unroutable as a warning, a fault as an error', () => {
  const base = { confirmed: true, outcome: 'confirmed', message: 'ok', exchange: 'wms.events', routingKey: 'dispatch.confirmed.uk-leeds', bytes: 1234, fault: null };
  assert.deepEqual(sendResultText(base), { level: 'info', text: 'Test message sent: 1,234 bytes to exchange wms.events with routing key "dispatch.confirmed.uk-leeds", confirmed by the broker.' });
  assert.deepEqual(sendResultText({ ...base, confirmed: false, outcome: 'unroutable', message: 'no queue is bound' }), { level: 'warning', text: 'Test message not delivered (unroutable): no queue is bound' });
  assert.equal(sendResultText({ ...base, confirmed: false, outcome: 'fault', message: 'm', fault: { code: 'brokerUnreachable', message: 'nothing answered' } }).level, 'error');
});

test('a refusal\'s error data gives the reason and the missing secrets', () => {
  const error = Object.assign(new Error('Nothing was sent: the secret "password" has no value'), {
    data: { reason: 'missingSecret', missingSecrets: [{ variable: 'password', usedBy: 'auth method \'password\'', reference: 'secret:warehouse-mq', message: 'the secret "password"\nhas no value' }, { nope: 1 }] },
  });
  const problem = requestProblem(error);
  assert.equal(problem.reason, 'missingSecret');
  assert.deepEqual(problem.missingSecrets, [{ variable: 'password', usedBy: 'auth method \'password\'', reference: 'secret:warehouse-mq', message: 'the secret "password" has no value' }]);
  assert.equal(requestProblem(new Error('boom')).reason, undefined);
  assert.equal(requestProblem(Object.assign(new Error('x'), { data: { reason: 'untrustedWorkspace' } })).reason, 'untrustedWorkspace');
  assert.equal(secretStorageName('secret:warehouse-mq'), 'warehouse-mq');
  assert.equal(secretStorageName('env:WAREHOUSE_TEST_MQ_PASSWORD'), undefined);
});

/** A refusal as vscode-languageclient hands it over: a ResponseError-like error with the server's data. */
function refusal(reason: string, variables: string[] = []): Error {
  return Object.assign(new Error(`Nothing was sent: ${variables.join(', ')}`), {
    code: -32803,
    data: { reason, missingSecrets: variables.map((variable) => ({ variable, usedBy: 'auth method \'password\' (basic)', reference: `secret:${variable}-ref`, message: `the secret "${variable}" has no value` })) },
  });
}

test('the missing-secret retry asks for the secrets named and tries again with every value typed so far', async () => {
  const sent: Record<string, string>[] = [];
  const asked: string[][] = [];
  const outcome = await retryWithMissingSecrets(
    async (missing) => {
      asked.push(missing.map((m) => m.variable));
      return Object.fromEntries(missing.map((m) => [m.variable, `typed-${m.variable}`]));
    },
    async (values) => {
      sent.push(values);
      if (sent.length === 1) throw refusal('missingSecret', ['password']);
      if (sent.length === 2) throw refusal('missingSecret', ['token']);
      return 'answered';
    },
  );
  assert.deepEqual(outcome, { done: true, value: 'answered' });
  assert.deepEqual(asked, [['password'], ['token']]);
  assert.deepEqual(sent, [{}, { password: 'typed-password' }, { password: 'typed-password', token: 'typed-token' }]);
});

test('the missing-secret retry stops after three attempts, when the user gives up, and on any other refusal', async () => {
  let attempts = 0;
  const always = await retryWithMissingSecrets(async () => ({ password: 'p' }), async () => {
    attempts += 1;
    throw refusal('missingSecret', ['password']);
  });
  assert.equal(MAX_ATTEMPTS, 3);
  assert.equal(attempts, 3);
  assert.ok(!always.done);
  assert.equal(always.gaveUp, false);
  assert.equal(always.problem.reason, 'missingSecret');

  let asked = 0;
  const gaveUp = await retryWithMissingSecrets(async () => {
    asked += 1;
    return undefined;
  }, async () => {
    throw refusal('missingSecret', ['password']);
  });
  assert.ok(!gaveUp.done);
  assert.equal(gaveUp.gaveUp, true);
  assert.equal(asked, 1);

  // Not about secrets, or naming none: answered at once, nobody asked.
  for (const error of [refusal('untrustedWorkspace'), refusal('missingSecret'), new Error('connection closed')]) {
    let tries = 0;
    const outcome = await retryWithMissingSecrets(async () => assert.fail('asked'), async () => {
      tries += 1;
      throw error;
    });
    assert.equal(tries, 1);
    assert.ok(!outcome.done);
    assert.equal(outcome.gaveUp, false);
    assert.equal(outcome.problem.message, error.message);
  }
});
