// The server's connector-test requests (patchworks/testCases, patchworks/runTests) and what they answer. No
// `vscode` import, so the mapping to test items is unit-tested.

/** A zero-based LSP range. */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One case of a tests file, as patchworks/testCases lists it. */
export interface TestCaseInfo {
  /** endpointId/name: unique within its file, stable while neither is renamed. */
  id: string;
  endpointId: string;
  name: string;
  range: LspRange;
}

export interface TestCasesAnswer {
  /** The connector the file tests (a file URI string), when it exists. */
  connectorUri?: string;
  connectorName?: string;
  cases: TestCaseInfo[];
  /** Errors that keep the file from running (shown on the file's item), each with where it is. */
  problems: { message: string; code?: string; range: LspRange }[];
}

export type TestMode = 'replay' | 'live' | 'record';

export interface TestFailure {
  expectation: string;
  expected: string;
  actual: string;
  message: string;
  /** Where the expectation is written in the tests file. */
  range: LspRange;
}

export interface TestCaseResult {
  id: string;
  endpointId: string;
  name: string;
  passed: boolean;
  durationMs: number;
  records: number;
  pages: number;
  stop: string;
  stopMessage: string;
  failures: TestFailure[];
  /** The endpoint's id in the connector, so a failure shows at the endpoint too. */
  endpointRange?: LspRange;
}

export interface RunTestsAnswer {
  connectorUri?: string;
  results: TestCaseResult[];
}

/** The items a tests file shows as: the file, then one per endpoint, then its cases, in the file's order. */
export interface ItemPlan {
  endpoints: { endpointId: string; range: LspRange; cases: TestCaseInfo[] }[];
}

export function planItems(cases: TestCaseInfo[]): ItemPlan {
  const endpoints: ItemPlan['endpoints'] = [];
  for (const testCase of cases) {
    let endpoint = endpoints.find((e) => e.endpointId === testCase.endpointId);
    if (!endpoint) {
      endpoint = { endpointId: testCase.endpointId, range: testCase.range, cases: [] };
      endpoints.push(endpoint);
    }
    endpoint.cases.push(testCase);
  }
  return { endpoints };
}

/** The case ids a run request covers: every case of the file when the file itself (or nothing) is included. */
export function selectedCases(all: TestCaseInfo[], includedIds: string[] | undefined, excludedIds: string[]): string[] | undefined {
  const excluded = new Set(excludedIds);
  if (!includedIds && excluded.size === 0) return undefined;
  const wanted = includedIds ? new Set(includedIds) : undefined;
  return all
    .filter((c) => (!wanted || wanted.has(c.id) || wanted.has(`endpoint:${c.endpointId}`)) && !excluded.has(c.id) && !excluded.has(`endpoint:${c.endpointId}`))
    .map((c) => c.id);
}

/** One line for a failure: the expectation, expected and actual. */
export function failureText(failure: TestFailure): string {
  return failure.message || `${failure.expectation}: expected ${failure.expected}, got ${failure.actual}`;
}
