// Traces are redacted by structure (src/server/traceRedaction.ts). The trace lines here are written by
// vscode-jsonrpc itself (the library vscode-languageclient traces with), between two connections in this process,
// and joined as the client's trace channel joins them ("message\ndata"), so the tests see the real format.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, Trace, TraceFormat, type MessageConnection } from 'vscode-jsonrpc/node';
import { maskedSecret, noSecrets, patchworksMessages, redactTrace } from '../../src/server/traceRedaction';

const root = path.resolve(__dirname, '..', '..', '..');

interface Pair {
  client: MessageConnection;
  server: MessageConnection;
  /** The client's trace lines, as its trace channel receives them. */
  lines: string[];
  jsonLines: string[];
}

async function connectedPair(format: TraceFormat = TraceFormat.Text): Promise<Pair> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const client = createMessageConnection(toClient, toServer);
  const server = createMessageConnection(toServer, toClient);
  const lines: string[] = [];
  const jsonLines: string[] = [];
  await client.trace(Trace.Verbose, {
    log: (message: unknown, data?: string) => {
      if (typeof message === 'string') lines.push(data === undefined ? message : `${message}\n${data}`);
      else jsonLines.push(JSON.stringify(message));
    },
  }, { sendNotification: false, traceFormat: format });
  client.listen();
  server.listen();
  return { client, server, lines, jsonLines };
}

function close(pair: Pair): void {
  pair.client.dispose();
  pair.server.dispose();
}

/** How each `patchworks/*` message travels in a test: its direction, params, result, and the secrets in them. */
interface Case {
  from: 'client' | 'server';
  notification?: boolean;
  params: unknown;
  result?: unknown;
  secrets: string[];
  /** Non-secret text that must stay in the trace. */
  kept: string[];
}

const cases: Record<string, Case> = {
  'patchworks/getSecrets': {
    from: 'server',
    params: { names: ['uk-live-access-token', 'patchworks.api-key', 'patchworks.password'] },
    result: { 'uk-live-access-token': 'shpat_SECRET_1', 'patchworks.api-key': 'pw_SECRET_2', 'patchworks.password': 'SECRET_3 "quoted"' },
    secrets: ['shpat_SECRET_1', 'pw_SECRET_2', 'SECRET_3'],
    kept: ['uk-live-access-token', 'patchworks.api-key'],
  },
  'patchworks/setSecret': {
    from: 'server',
    params: { name: 'patchworks.refresh-token.ab12', value: 'rt_SECRET_refresh' },
    result: null,
    secrets: ['rt_SECRET_refresh'],
    kept: ['patchworks.refresh-token.ab12'],
  },
  'patchworks/runEndpoint': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json', endpointId: 'list-products', values: { store_name: 'SECRET_or_not_typed', api_password: 'SECRET_typed_password' }, maxPages: 2 },
    result: { stop: 'end', pages: [{ status: 200 }] },
    secrets: ['SECRET_or_not_typed', 'SECRET_typed_password'],
    kept: ['list-products', 'store_name', 'api_password', '"stop": "end"'],
  },
  'patchworks/resolveRequest': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json', endpointId: 'list-products', values: { token: 'SECRET_adhoc' } },
    result: { method: 'GET', url: 'https://x.test/products' },
    secrets: ['SECRET_adhoc'],
    kept: ['list-products', 'https://x.test/products'],
  },
  'patchworks/signIn': {
    from: 'client',
    params: { instanceUri: 'file:///ws/hubspot.instance.json', timeoutSeconds: 30 },
    result: { signedIn: true, authMethod: 'oauth', message: 'Signed in.' },
    secrets: [],
    kept: ['hubspot.instance.json', 'Signed in.'],
  },
  'patchworks/publishPlan': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json', apiUrl: 'https://core.wearepatchworks.com/api/v1' },
    result: { plan: { name: 'Shopify' }, text: '+ system template' },
    secrets: [],
    kept: ['core.wearepatchworks.com', '+ system template'],
  },
  'patchworks/publish': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json', bump: 'minor', workDoneToken: 'abc' },
    result: { plan: {}, result: { writes: 3 } },
    secrets: [],
    kept: ['minor', '"writes": 3'],
  },
  'patchworks/listTemplates': {
    from: 'client',
    params: { apiUrl: 'https://core.wearepatchworks.com/api/v1' },
    result: { templates: [{ id: '1001', name: 'Acme Shop', version: 3 }] },
    secrets: [],
    kept: ['Acme Shop'],
  },
  'patchworks/pull': {
    from: 'client',
    params: { id: '1001', folderUri: 'file:///ws/acme', force: false, workDoneToken: 'abc' },
    result: { connectorUri: 'file:///ws/acme/acme-shop.connector.json', planWrites: 0 },
    secrets: [],
    kept: ['acme-shop.connector.json', '"planWrites": 0'],
  },
  'patchworks/importPreview': {
    from: 'client',
    params: { text: "curl -H 'Authorization: Bearer sk_live_preview' https://api.example.com/v1/orders", format: 'curl', targetFolderUri: 'file:///ws/shop' },
    result: { format: 'curl', endpoints: [{ id: 'line 1', url: 'https://api.example.com/v1/orders?key=sk_live_inurl' }], text: 'mapped: sk_live_report' },
    secrets: ['sk_live_preview', 'sk_live_inurl', 'sk_live_report'],
    kept: ['file:///ws/shop', 'line 1'],
  },
  'patchworks/import': {
    from: 'client',
    params: { text: "curl -u admin:hunter2secret https://api.example.com/v1/orders", format: 'curl', targetFolderUri: 'file:///ws/shop', only: ['line 1'] },
    result: { connectorUri: 'file:///ws/shop/api.connector.json', writtenUris: ['file:///ws/shop/api.connector.json'], text: 'secret: hunter2secret' },
    secrets: ['hunter2secret'],
    kept: ['api.connector.json', 'line 1'],
  },
  'patchworks/validateDraft': {
    from: 'client',
    params: { kind: 'instance', text: '{ "name": "uk" }' },
    result: { diagnostics: [] },
    secrets: [],
    kept: ['instance'],
  },
  'patchworks/setActiveInstance': {
    from: 'client',
    params: { connectorUri: 'file:///ws/a.connector.json', instanceUri: 'file:///ws/a.instance.json' },
    result: null,
    secrets: [],
    kept: ['a.instance.json'],
  },
  'patchworks/setWorkspaceTrust': {
    from: 'client',
    notification: true,
    params: { trusted: true },
    secrets: [],
    kept: ['"trusted": true'],
  },
  'patchworks/compareRuns': {
    from: 'client',
    params: { previous: '{"run": {"records": 1, "pages": [{"exchange": {"response": {"json": [{"email": "ann@shop.example"}]}}}]}}', current: '{"run": {"marker": "whole-run-text"}}' },
    result: { added: 2, removed: 1, key: 'id' },
    secrets: ['ann@shop.example', 'whole-run-text'],
    kept: ['"added": 2', '"key": "id"'],
  },
  'patchworks/updateSchemaFromRun': {
    from: 'client',
    params: { uri: 'file:///ws/shop.connector.json', endpointId: 'list-products', run: '{"run": {"pages": [{"exchange": {"response": {"json": [{"email": "bob@shop.example"}]}}}]}}' },
    result: {
      edit: { changes: { 'file:///ws/shop.connector.json': [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, newText: '"sku": {}' }] } },
      report: { uri: 'file:///ws/shop.connector.json', records: 7, changes: [{ kind: 'conflict', path: '/properties/status/enum', message: 'the records hold values the declared enum lacks: "vip-only-value"' }], gaps: [] },
    },
    secrets: ['bob@shop.example', 'vip-only-value'],
    kept: ['list-products', '"records": 7', '/properties/status/enum'],
  },
  'patchworks/compareSchema': {
    from: 'client',
    params: {
      uri: 'file:///ws/shop.connector.json',
      endpointId: 'list-products',
      run: '{"run": {"pages": [{"exchange": {"response": {"json": [{"email": "cyd@shop.example"}]}}}]}}',
      unsaved: [{ uri: 'file:///ws/schemas/product.json', text: '{ "description": "unsaved-schema-marker" }' }],
    },
    result: {
      recordsChecked: 7,
      missingRequired: [],
      neverReceived: ['stock_quantity'],
      extra: [{ path: 'colour', records: 7 }],
      wrongTypes: [],
      locations: [{ path: 'colour', uri: 'file:///ws/shop.connector.json', range: { start: { line: 3, character: 6 }, end: { line: 3, character: 14 } }, declared: false }],
      schema: { uri: 'file:///ws/shop.connector.json', range: { start: { line: 3, character: 6 }, end: { line: 3, character: 14 } } },
      schemaUri: 'file:///ws/shop.connector.json',
      gaps: [],
    },
    secrets: ['cyd@shop.example', 'unsaved-schema-marker'],
    kept: ['list-products', '"recordsChecked": 7', 'stock_quantity'],
  },
  'patchworks/testCases': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.tests.json' },
    result: { cases: [{ id: 'list-products/first page', endpointId: 'list-products', name: 'first page' }], problems: [] },
    secrets: [],
    kept: ['first page'],
  },
  'patchworks/runTests': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.tests.json', mode: 'replay' },
    result: { results: [{ id: 'list-products/first page', passed: true, records: 250 }] },
    secrets: [],
    kept: ['"records": 250', 'replay'],
  },
  'patchworks/addTestCase': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json', endpointId: 'list-products', caseName: 'every page', case: { expect: { status: 200, records: 230 } } },
    result: { testsUri: 'file:///ws/shopify.tests.json', created: false, edit: null, caseRange: null, problems: [] },
    secrets: [],
    kept: ['every page', '"records": 230', 'shopify.tests.json'],
  },
  'patchworks/releaseRun': {
    from: 'client',
    notification: true,
    params: { uri: 'file:///ws/shopify.connector.json', endpointId: 'list-products' },
    secrets: [],
    kept: ['list-products'],
  },
  'patchworks/connectorOutline': {
    from: 'client',
    params: { uri: 'file:///ws/shopify.connector.json' },
    result: { kind: 'api', name: 'Shopify', endpoints: [{ id: 'list-products', method: 'GET' }], authMethods: [], instances: [] },
    secrets: [],
    kept: ['list-products', 'shopify.connector.json'],
  },
  'patchworks/schemaFields': {
    from: 'client',
    params: { schema: 'connector' },
    result: { id: 'https://example/connector.schema.json', objects: { '': { properties: { name: { kind: 'text', help: 'The name.' } } } } },
    secrets: [],
    kept: ['connector', 'The name.'],
  },
  'patchworks/secretNames': {
    from: 'client',
    params: { instanceName: 'Woo - UK live', keys: ['consumer_secret'] },
    result: { slug: 'woo-uk-live', names: { consumer_secret: 'woo-uk-live-consumer_secret' } },
    secrets: [],
    kept: ['woo-uk-live-consumer_secret', 'Woo - UK live'],
  },
  'patchworks/workspaceFiles': {
    from: 'client',
    params: {},
    result: { connectors: [{ uri: 'file:///ws/shopify.connector.json', name: 'Shopify', kind: 'api' }], instances: [{ uri: 'file:///ws/uk-test.instance.json', label: 'uk-test' }] },
    secrets: [],
    kept: ['uk-test.instance.json', 'Shopify'],
  },
  'patchworks/insertSection': {
    from: 'client',
    params: { uri: 'file:///ws/woo.connector.json', section: 'endpoints', item: { id: 'list-coupons', method: 'GET' }, insertSpaces: true, tabSize: 2 },
    result: { edits: [{ range: { start: { line: 3, character: 5 }, end: { line: 3, character: 5 } }, newText: ',' }], index: 2, text: '{}' },
    secrets: [],
    kept: ['list-coupons', '"index": 2'],
  },
  'patchworks/events/listen': {
    from: 'client',
    params: { uri: 'file:///ws/wms.connector.json', listenId: 'l1', listenerId: 'dispatch', values: { password: 'SECRET_typed_mq_password' }, settle: 'peek' },
    result: { listenId: 'l1', queue: 'patchworks.uk.dispatch', broker: 'mq.example:5671/wms', summary: { end: 'cancelled', messages: 2, held: 2 } },
    secrets: ['SECRET_typed_mq_password'],
    kept: ['patchworks.uk.dispatch', '"held": 2', 'peek'],
  },
  'patchworks/events/stop': {
    from: 'client',
    notification: true,
    params: { listenId: 'l1' },
    secrets: [],
    kept: ['l1'],
  },
  'patchworks/events/message': {
    from: 'server',
    notification: true,
    params: { listenId: 'l1', kind: 'message', message: { number: 1, routingKey: 'dispatch.confirmed.uk', records: [{ orderNumber: 'SO-1' }] } },
    secrets: [],
    kept: ['dispatch.confirmed.uk', 'SO-1'],
  },
  'patchworks/events/send': {
    from: 'client',
    params: { uri: 'file:///ws/wms.connector.json', listenerId: 'dispatch', values: { password: 'SECRET_send_password' }, routingKey: 'dispatch.confirmed.uk' },
    result: { confirmed: true, routingKey: 'dispatch.confirmed.uk', bytes: 120 },
    secrets: ['SECRET_send_password'],
    kept: ['dispatch.confirmed.uk', '"confirmed": true'],
  },
};

/** The client's trace of one message (and its answer), each line redacted as the trace channel does. */
async function traceOf(method: string, c: Case, format: TraceFormat = TraceFormat.Text): Promise<{ raw: string; redacted: string }> {
  const pair = await connectedPair(format);
  try {
    if (c.from === 'client') {
      if (c.notification) {
        const arrived = new Promise<void>((resolve) => pair.server.onNotification(method, () => resolve()));
        await pair.client.sendNotification(method, c.params);
        await arrived;
      } else {
        pair.server.onRequest(method, () => c.result);
        await pair.client.sendRequest(method, c.params);
      }
    } else if (c.notification) {
      const arrived = new Promise<void>((resolve) => pair.client.onNotification(method, () => resolve()));
      await pair.server.sendNotification(method, c.params);
      await arrived;
    } else {
      pair.client.onRequest(method, () => c.result);
      await pair.server.sendRequest(method, c.params);
      await new Promise((resolve) => setImmediate(resolve)); // the client traces its response as it sends it
    }
    const lines = format === TraceFormat.Text ? pair.lines : pair.jsonLines;
    return { raw: lines.join('\n'), redacted: lines.map(redactTrace).join('\n') };
  } finally {
    close(pair);
  }
}

test('every patchworks/* message in the table has a test case, and every case is in the table', () => {
  assert.deepEqual(Object.keys(cases).sort(), Object.keys(patchworksMessages).sort());
});

for (const [method, c] of Object.entries(cases)) {
  test(`${method}: the verbose trace holds ${c.secrets.length > 0 ? 'none of its secrets' : 'the message unchanged'}`, async () => {
    const { raw, redacted } = await traceOf(method, c);
    assert.match(raw, new RegExp(`'${method.replace('/', '\\/')}`));
    for (const secret of c.secrets) {
      assert.ok(raw.includes(secret.split(' ')[0]!), `the raw trace should hold ${secret} (the test is meaningful)`);
      assert.ok(!redacted.includes(secret.split(' ')[0]!), `${secret} is in the redacted trace:\n${redacted}`);
    }
    for (const text of c.kept) assert.ok(redacted.includes(text), `${text} is missing from the trace:\n${redacted}`);
    if (c.secrets.length > 0) assert.ok(redacted.includes(maskedSecret));
    else assert.equal(redacted, raw);
  });

  if (c.secrets.length > 0 && !c.notification) {
    test(`${method}: the JSON trace format holds none of its secrets`, async () => {
      const { raw, redacted } = await traceOf(method, c, TraceFormat.JSON);
      for (const secret of c.secrets) {
        assert.ok(raw.includes(secret.split(' ')[0]!), `the raw JSON trace should hold ${secret}`);
        assert.ok(!redacted.includes(secret.split(' ')[0]!), `${secret} is in the redacted JSON trace:\n${redacted}`);
      }
    });
  }
}

test('a patchworks/* message without an entry loses its payload', () => {
  const line = `Sending request 'patchworks/somethingNew - (7)'.\nParams: ${JSON.stringify({ token: 'SECRET_new' }, null, 4)}`;
  const redacted = redactTrace(line);
  assert.ok(!redacted.includes('SECRET_new'));
  assert.match(redacted, /^Sending request 'patchworks\/somethingNew - \(7\)'\.\n\(payload not logged/);
});

test('a payload of a secret-bearing message that does not parse is dropped, not searched', () => {
  const line = "Received request 'patchworks/setSecret - (3)'.\nParams: { \"name\": \"patchworks.refresh-token.x\", \"value\": \"rt_SECRET_cut";
  const redacted = redactTrace(line);
  assert.ok(!redacted.includes('rt_SECRET_cut'));
  assert.match(redacted, /could not be read/);
});

test('a response the trace cannot tie to a request loses its payload', () => {
  const line = `Received response 12 without active response promise.\nResult: ${JSON.stringify({ any: 'SECRET_orphan' }, null, 4)}`;
  assert.ok(!redactTrace(line).includes('SECRET_orphan'));
});

test('workspace/executeCommand of patchworks.storeSecret masks the value, keeps the name', async () => {
  const { raw, redacted } = await traceOf('workspace/executeCommand', {
    from: 'client',
    params: { command: 'patchworks.storeSecret', arguments: [{ name: 'uk-live-access-token', value: 'shpat_SECRET_fix' }] },
    result: null,
    secrets: ['shpat_SECRET_fix'],
    kept: [],
  });
  assert.ok(raw.includes('shpat_SECRET_fix'));
  assert.ok(!redacted.includes('shpat_SECRET_fix'), redacted);
  assert.ok(redacted.includes('uk-live-access-token'));
});

test('the trace of other LSP messages is unchanged', async () => {
  const { raw, redacted } = await traceOf('textDocument/hover', {
    from: 'client', params: { value: 'x' }, result: { contents: 'visible' }, secrets: [], kept: [],
  });
  assert.equal(redacted, raw);
});

/** Every `patchworks/...` string in the C# sources of the server and the TypeScript sources of the extension. */
function methodsNamedIn(folder: string, extensions: string[]): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['bin', 'obj', 'node_modules'].includes(entry.name)) walk(full);
      } else if (extensions.some((e) => entry.name.endsWith(e))) {
        for (const [, method] of fs.readFileSync(full, 'utf8').matchAll(/["'`](patchworks\/[A-Za-z$/]+)["'`]/g)) {
          if (!found.has(method!)) found.set(method!, path.relative(root, full));
        }
      }
    }
  };
  walk(folder);
  return found;
}

test('every patchworks/* method the server handles or sends is classified for redaction', () => {
  const serverFolder = path.join(root, '..', 'server', 'Patchworks.LanguageServer');
  const handled = [...fs.readFileSync(path.join(serverFolder, 'Handlers', 'RunHandler.cs'), 'utf8').matchAll(/\[JsonRpcMethod\("(patchworks\/[^"]+)"\)\]/g)];
  assert.ok(handled.length >= 2, 'the scan finds [JsonRpcMethod("patchworks/...")] attributes');
  const named = methodsNamedIn(serverFolder, ['.cs']);
  assert.ok(named.size >= 9, `only ${[...named.keys()].join(', ')}`);
  const missing = [...named].filter(([method]) => !(method in patchworksMessages)).map(([m, file]) => `${m} (${file})`);
  assert.deepEqual(missing, [], 'add these to patchworksMessages in src/server/traceRedaction.ts, with the paths of their secrets or noSecrets');
});

test('every patchworks/* method the extension names is classified for redaction', () => {
  const named = methodsNamedIn(path.join(root, 'src'), ['.ts']);
  assert.ok(named.has('patchworks/runEndpoint') && named.has('patchworks/getSecrets'));
  const missing = [...named].filter(([method]) => !(method in patchworksMessages)).map(([m, file]) => `${m} (${file})`);
  assert.deepEqual(missing, []);
});

test('noSecrets is the empty classification', () => {
  assert.deepEqual(noSecrets, {});
});
