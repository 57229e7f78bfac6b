// Connector tests in VS Code's Test Explorer (the Testing API): each *.tests.json is an item, its endpoints
// below it, their cases below them, placed at the case in the file (so the gutter runs one). Run profiles
// "Replay" (the default: recordings, no network, no credentials), "Live" and "Record" ask the server
// (patchworks/runTests), which runs the cases through the same runner as `patchworks test`; each failure is shown
// at its expectation in the tests file and at the endpoint in the connector.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { readRunSettings, RunSettingsError } from '../settings/runnerSettings';
import { requireTrust } from '../trust/workspaceTrust';
import { trustActions } from '../trust/trustMessage';
import {
  failureText,
  planItems,
  selectedCases,
  type LspRange,
  type RunTestsAnswer,
  type TestCaseInfo,
  type TestCasesAnswer,
  type TestMode,
} from './testProtocol';

const TESTS_GLOB = '**/*.tests.json';

export function registerTestExplorer(services: Services): void {
  const controller = vscode.tests.createTestController('patchworks.connectorTests', 'Patchworks Connector Tests');
  services.context.subscriptions.push(controller);
  const casesByFile = new Map<string, TestCaseInfo[]>();

  const refreshFile = async (uri: vscode.Uri): Promise<void> => {
    const client = await services.whenClientReady().catch(() => undefined);
    if (!client) return;
    let answer: TestCasesAnswer;
    try {
      answer = (await client.sendRequest('patchworks/testCases', { uri: uri.toString() })) as TestCasesAnswer;
    } catch (error) {
      services.log.warn(`Tests: ${vscode.workspace.asRelativePath(uri)} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const fileItem = controller.items.get(uri.toString()) ?? controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    fileItem.label = answer.connectorName ? `${answer.connectorName} (${vscode.workspace.asRelativePath(uri)})` : vscode.workspace.asRelativePath(uri);
    fileItem.error = answer.problems.length
      ? new vscode.MarkdownString(answer.problems.map((p) => `line ${p.range.start.line + 1}: ${p.code ? `${p.code} ` : ''}${p.message}`).join('\n\n'))
      : undefined;
    const endpoints: vscode.TestItem[] = [];
    for (const endpoint of planItems(answer.cases).endpoints) {
      const endpointItem = controller.createTestItem(`${uri.toString()}#endpoint:${endpoint.endpointId}`, endpoint.endpointId, uri);
      endpointItem.range = toRange(endpoint.range);
      endpointItem.children.replace(endpoint.cases.map((testCase) => {
        const caseItem = controller.createTestItem(`${uri.toString()}#${testCase.id}`, testCase.name, uri);
        caseItem.range = toRange(testCase.range);
        return caseItem;
      }));
      endpoints.push(endpointItem);
    }
    fileItem.children.replace(endpoints);
    casesByFile.set(uri.toString(), answer.cases);
    controller.items.add(fileItem);
  };

  const discover = async (): Promise<void> => {
    const files = await vscode.workspace.findFiles(TESTS_GLOB, '**/node_modules/**');
    const seen = new Set(files.map((f) => f.toString()));
    controller.items.forEach((item) => {
      if (!seen.has(item.id)) controller.items.delete(item.id);
    });
    await Promise.all(files.map(refreshFile));
  };
  controller.resolveHandler = async (item) => {
    if (!item) await discover();
    else if (item.uri) await refreshFile(item.uri);
  };
  controller.refreshHandler = () => discover();

  const watcher = vscode.workspace.createFileSystemWatcher(TESTS_GLOB);
  services.context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => void refreshFile(uri)),
    watcher.onDidChange((uri) => void refreshFile(uri)),
    watcher.onDidDelete((uri) => {
      controller.items.delete(uri.toString());
      casesByFile.delete(uri.toString());
    }),
    // Unsaved edits count: the server reads open buffers over the disk.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.fileName.endsWith('.tests.json')) void refreshFile(event.document.uri);
    }),
    services.onDidStartServer(() => void discover()),
  );

  const run = (mode: TestMode) => async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    if (!requireTrust(trustActions.sendRequest, services.log)) return;
    const client = await services.whenClientReady().catch(() => undefined);
    if (!client) {
      void vscode.window.showErrorMessage('Connector tests need the Patchworks language server, which is not running. See the Patchworks log.');
      return;
    }
    const testRun = controller.createTestRun(request, `Patchworks tests (${mode})`);
    try {
      // The files the request touches, each with the ids of its included and excluded items.
      const files = new Map<string, { included: string[] | undefined; excluded: string[] }>();
      const fileOf = (item: vscode.TestItem) => item.id.split('#')[0]!;
      const localId = (item: vscode.TestItem) => (item.id.includes('#') ? item.id.slice(item.id.indexOf('#') + 1) : undefined);
      const roots = request.include ?? [...iterate(controller.items)];
      for (const item of roots) {
        const file = fileOf(item);
        const entry = files.get(file) ?? { included: [], excluded: [] };
        const id = localId(item);
        if (id === undefined) entry.included = undefined; // the whole file
        else if (entry.included) entry.included.push(id);
        files.set(file, entry);
      }
      for (const item of request.exclude ?? []) {
        const id = localId(item);
        if (id === undefined) files.delete(fileOf(item)); // the whole file left out
        else files.get(fileOf(item))?.excluded.push(id);
      }

      for (const [file, selection] of files) {
        if (token.isCancellationRequested) break;
        const uri = vscode.Uri.parse(file);
        const fileItem = controller.items.get(file);
        if (!fileItem) continue;
        const all = casesByFile.get(file) ?? [];
        const cases = selectedCases(all, selection.included, selection.excluded);
        const caseItems = (cases ?? all.map((c) => c.id)).map((id) => findCase(fileItem, `${file}#${id}`)).filter((i): i is vscode.TestItem => !!i);
        caseItems.forEach((item) => testRun.started(item));
        let limits;
        try {
          limits = await readRunSettings(uri);
        } catch (error) {
          if (!(error instanceof RunSettingsError)) throw error;
          caseItems.forEach((item) => testRun.errored(item, new vscode.TestMessage(error.message)));
          continue;
        }
        let answer: RunTestsAnswer;
        try {
          answer = (await client.sendRequest('patchworks/runTests', {
            uri: file,
            ...(cases ? { cases } : {}),
            mode,
            timeoutSeconds: limits.timeoutSeconds,
            connectTo: limits.connectTo,
            trustedCertificatesPem: limits.trustedCertificatesPem,
          }, token)) as RunTestsAnswer;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          caseItems.forEach((item) => testRun.errored(item, new vscode.TestMessage(message)));
          continue;
        }
        for (const result of answer.results) {
          const item = findCase(fileItem, `${file}#${result.id}`);
          if (!item) continue;
          testRun.appendOutput(`${result.passed ? 'PASS' : 'FAIL'} ${result.endpointId}/${result.name}: ${result.records} record${result.records === 1 ? '' : 's'}, ${result.pages} page${result.pages === 1 ? '' : 's'}, ${result.stop}\r\n`, undefined, item);
          if (result.passed) {
            testRun.passed(item, result.durationMs);
            continue;
          }
          const messages = result.failures.map((failure) => {
            const message = vscode.TestMessage.diff(failureText(failure), failure.expected, failure.actual);
            message.location = new vscode.Location(uri, toRange(failure.range));
            return message;
          });
          if (answer.connectorUri && result.endpointRange) {
            const atEndpoint = new vscode.TestMessage(`${result.name}: ${result.failures.map(failureText).join('; ')}`);
            atEndpoint.location = new vscode.Location(vscode.Uri.parse(answer.connectorUri), toRange(result.endpointRange));
            messages.push(atEndpoint);
          }
          testRun.failed(item, messages, result.durationMs);
        }
      }
    } finally {
      testRun.end();
    }
  };

  controller.createRunProfile('Replay', vscode.TestRunProfileKind.Run, run('replay'), true);
  controller.createRunProfile('Live', vscode.TestRunProfileKind.Run, run('live'), false);
  controller.createRunProfile('Record', vscode.TestRunProfileKind.Run, run('record'), false);
}

function* iterate(collection: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  yield* items;
}

function findCase(fileItem: vscode.TestItem, id: string): vscode.TestItem | undefined {
  let found: vscode.TestItem | undefined;
  fileItem.children.forEach((endpoint) => {
    found ??= endpoint.children.get(id);
  });
  return found;
}

function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
