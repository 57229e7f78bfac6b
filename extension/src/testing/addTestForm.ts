// "Add Test": the wizard's form (endpoint, case name, instance, expectations), the case it builds for the server's
// patchworks/addTestCase, the form pre-filled from a finished run, and where the server's problems go on the form.
// No `vscode`: the unit tests load it as it is.
import { buildObject, type Json } from '../forms/draftBuilder';
import type { FieldSpec, StepSpec } from '../forms/formSpec';
import type { DraftDiagnostic } from '../forms/fieldDiagnostics';
import type { RunFile } from '../server/runModel';

/** The schema's stop reasons (schemas/connector-tests.schema.json, definitions.stopReason). */
export const STOP_REASONS = [
  'completed', 'maxPages', 'maxRecords', 'endNotProven', 'repeatedRequest', 'httpError', 'networkError',
  'authenticationFailed', 'scriptFailed', 'apiError', 'missingSecret', 'invalidResponse', 'invalidRequest', 'cancelled',
] as const;

export interface AddTestChoices {
  endpoints: { id: string; name?: string }[];
  /** Instance files beside the connector, by file name (relative to the tests file, which is beside it too). */
  instances: string[];
  /** The tests file exists already and names this instance for every case. */
  fileInstance?: string;
}

/** The expectations' fields; paths relative to the draft's `expect`. */
function expectFields(): FieldSpec[] {
  return [
    { path: 'status', label: 'HTTP status', kind: 'number', optional: true, placeholder: '200', help: 'The status every page must answer with.' },
    {
      path: 'stop', label: 'Stop reason', kind: 'select', optional: true,
      options: STOP_REASONS.map((r) => ({ value: r, label: r })),
      help: 'Why the run must stop: completed means the pagination proved the end. (none): not checked, but a run that failed fails the case.',
    },
    { path: 'records.exactly', label: 'Records, exactly', kind: 'number', optional: true, help: 'How many records the run must receive in all. Leave empty to give bounds instead.' },
    { path: 'records.min', label: 'Records, at least', kind: 'number', optional: true },
    { path: 'records.max', label: 'Records, at most', kind: 'number', optional: true },
    { path: 'pages', label: 'Pages', kind: 'number', optional: true, help: 'How many pages the run must read, exactly.' },
    { path: 'schemaValid', label: "Every record is valid against the endpoint's schema", kind: 'checkbox', optional: true },
    { path: 'maxDurationMs', label: 'Time budget (ms)', kind: 'number', optional: true, help: 'The whole run (authentication and every page) must take at most this long.' },
    { path: 'fields', label: 'Fields every record has', kind: 'csv', optional: true, placeholder: 'id, variants[0].sku', help: 'Paths relative to a record, comma-separated.' },
  ];
}

export function addTestSteps(choices: AddTestChoices): StepSpec[] {
  const instanceHelp = choices.fileInstance
    ? `(none): the tests file's instance, ${choices.fileInstance}.`
    : 'The instance the case runs with (a new tests file takes it as every case\'s default).';
  return [
    {
      id: 'case',
      title: 'Test case',
      intro: 'A named case of one endpoint, added to the tests file beside the connector (created when there is none); the rest of the file stays as it is.',
      fields: [
        {
          path: 'endpointId', label: 'Endpoint', kind: 'select',
          options: choices.endpoints.map((e) => ({ value: e.id, label: e.name && e.name !== e.id ? `${e.id} (${e.name})` : e.id })),
        },
        { path: 'caseName', label: 'Case name', kind: 'text', placeholder: 'every page', help: 'Shown in reports and the Test Explorer; unique among the endpoint\'s cases.' },
        {
          path: 'instance', label: 'Instance', kind: 'select', optional: true,
          options: choices.instances.map((i) => ({ value: i, label: i })),
          help: instanceHelp,
        },
        { path: 'description', label: 'Description', kind: 'text', optional: true, help: 'What this case proves.' },
      ],
    },
    {
      id: 'expect',
      title: 'Expectations',
      intro: 'What the run must show; a part left empty is not checked.',
      fields: expectFields().map((f) => ({ ...f, path: `expect.${f.path}` })),
      review: true,
    },
  ];
}

export function emptyTestDraft(endpointId: string, instance: string): Record<string, unknown> {
  return { endpointId, caseName: '', instance, description: '', expect: { status: '200', stop: 'completed', records: { exactly: '', min: '', max: '' }, pages: '', schemaValid: false, maxDurationMs: '', fields: '' } };
}

/**
 * The expectations a finished run meets: its status (when every page answered with the same one), its stop reason,
 * its records (exactly, or at least as many when the run stopped before the end), its pages, and schemaValid when
 * the endpoint declares a schema. A saved run's figures, not its records: nothing a record holds is written.
 */
export function expectFromRun(run: RunFile, endpointHasSchema: boolean): Record<string, unknown> {
  const statuses = new Set(run.run.pages.map((p) => p.exchange.response?.status).filter((s): s is number => typeof s === 'number'));
  const complete = run.run.stop === 'completed';
  return {
    status: statuses.size === 1 ? String([...statuses][0]) : '',
    stop: run.run.stop,
    records: complete ? { exactly: String(run.run.records), min: '', max: '' } : { exactly: '', min: String(run.run.records), max: '' },
    pages: complete ? String(run.run.pages.length) : '',
    schemaValid: endpointHasSchema && complete,
    maxDurationMs: '',
    fields: '',
  };
}

export interface BuiltTestCase {
  endpointId: string;
  caseName: string;
  testCase: { [key: string]: Json };
}

/** The case as the tests file holds it: empty fields left out, records exactly as a number, else its bounds. */
export function buildTestCase(draft: Record<string, unknown>): BuiltTestCase {
  const endpointId = typeof draft.endpointId === 'string' ? draft.endpointId : '';
  const caseName = typeof draft.caseName === 'string' ? draft.caseName.trim() : '';
  const testCase: { [key: string]: Json } = {};
  if (typeof draft.description === 'string' && draft.description.trim() !== '') testCase.description = draft.description.trim();
  if (typeof draft.instance === 'string' && draft.instance.trim() !== '') testCase.instance = draft.instance.trim();
  const expect = buildObject(expectFields(), draft.expect ?? {});
  const records = expect.records;
  if (records && typeof records === 'object' && !Array.isArray(records) && records.exactly !== undefined) {
    expect.records = records.exactly;
  }
  testCase.expect = expect;
  return { endpointId, caseName, testCase };
}

/**
 * The form's place of a problem the server answers at a path in the case ("case.expect.records.min", "caseName"):
 * records written as a number belong to "Records, exactly", a problem of the bounds as a whole to "Records, at least".
 */
export function formPath(path: string, draft: Record<string, unknown>): string {
  if (path === 'caseName') return 'caseName';
  if (!path.startsWith('case.')) return '';
  const inner = path.slice('case.'.length);
  if (inner === 'expect.records') {
    const records = (buildTestCase(draft).testCase.expect as Record<string, Json> | undefined)?.records;
    return typeof records === 'number' ? 'expect.records.exactly' : 'expect.records.min';
  }
  return inner;
}

export function placeableDiagnostics(problems: DraftDiagnostic[], draft: Record<string, unknown>): DraftDiagnostic[] {
  return problems.map((p) => ({ ...p, path: formPath(p.path, draft) }));
}
