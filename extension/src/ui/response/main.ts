// The response panel's script (runs in the webview). It renders what the extension sends (a PanelState built
// from the redacted run) and posts the user's actions back. UI state (tab, open sections, schema result) is
// kept with vscode.setState so a panel hidden and shown again looks the same.
import type {
  ExchangeTarget,
  FromWebview,
  PanelAuth,
  PanelExchange,
  PanelModel,
  PanelPage,
  PanelState,
  ToWebview,
} from '../../runner/panelModel';
import type { SchemaComparison } from '../../runner/schemaFindings';
import type { RunComparison, RunFigures } from '../../server/runModel';
import { el, headerTable, section, table } from './dom';
import { RESPONSE_STYLES } from './styles';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  tab: number;
  open: string[];
  schema?: { comparison?: SchemaComparison; message?: string };
  runs?: { comparison?: RunComparison; message?: string };
  /** The run the UI state belongs to: a new run resets the schema result. */
  startedAt?: string;
}

const vscode = acquireVsCodeApi();
let view: ViewState = vscode.getState() ?? { tab: 0, open: ['page-0'] };
let current: PanelState | undefined;
document.head.append(el('style', {}, RESPONSE_STYLES));
const root = el('main', { id: 'response' });
document.body.prepend(root);

function save(update: Partial<ViewState>): void {
  view = { ...view, ...update };
  vscode.setState(view);
}

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'state') {
    if (message.state.kind === 'done' && message.state.model.summary.startedAt !== view.startedAt) {
      const fresh: ViewState = { tab: view.tab, open: ['page-0'], startedAt: message.state.model.summary.startedAt };
      view = fresh;
      vscode.setState(view);
    }
    current = message.state;
    render();
  } else if (message.type === 'progress') {
    if (current?.kind === 'running') {
      current = { ...current, message: message.message };
      const line = document.getElementById('progress-message');
      if (line) line.textContent = message.message;
    }
  } else if (message.type === 'schema') {
    const schema: NonNullable<ViewState['schema']> = {};
    if (message.comparison) schema.comparison = message.comparison;
    if (message.message) schema.message = message.message;
    save({ schema, tab: SCHEMA_TAB });
    render();
  } else if (message.type === 'runs') {
    const runs: NonNullable<ViewState['runs']> = {};
    if (message.comparison) runs.comparison = message.comparison;
    if (message.message) runs.message = message.message;
    save({ runs, tab: COMPARE_TAB });
    render();
  }
});

const SCHEMA_TAB = 4;
const COMPARE_TAB = 5;

function render(): void {
  root.replaceChildren();
  if (!current) return;
  if (current.kind === 'running') {
    root.append(
      el('h1', {}, current.title),
      el('div', { class: 'running', role: 'status' }, el('vscode-progress-ring', {}), el('span', { id: 'progress-message' }, current.message ?? 'Running…')),
      el('p', { class: 'muted' }, 'Cancel the run from its notification; the panel then shows what was read so far.'),
    );
    return;
  }
  if (current.kind === 'failed') {
    root.append(
      el('h1', {}, current.title),
      el('p', { class: 'error', role: 'alert' }, current.message),
      toolbar([button('Re-run', () => post({ type: 'rerun' }))]),
    );
    return;
  }
  renderRun(current.model);
}

function renderRun(model: PanelModel): void {
  const s = model.summary;
  const first: ExchangeTarget = { kind: 'page', index: 0 };
  const hasPage = model.pages.length > 0;
  root.append(
    el('h1', {}, model.title, model.endpoint.endpointName ? el('span', { class: 'muted subtitle' }, ` ${model.endpoint.endpointName}`) : ''),
    el(
      'p',
      { class: `outcome outcome-${s.outcome}`, role: 'status', id: 'outcome' },
      el('strong', {}, s.stopLabel),
      ` · ${s.pages} ${plural(s.pages, 'page')} · ${s.records} ${plural(s.records, 'record')} · ${s.duration}`,
    ),
    toolbar([
      button('Re-run', () => post({ type: 'rerun' }), 'Send the request again'),
      button('Save Run', () => post({ type: 'save' }), 'Save the run as JSON (secrets redacted), as patchworks run --out does', !hasPage),
      button('Copy as cURL', () => post({ type: 'copyCurl', target: first }), 'Copy the first request as a curl command', !hasPage),
      button('Open Response as Document', () => post({ type: 'openBody', target: first }), 'Open the first response body in an editor', !model.pages[0]?.response),
      button(
        'Compare Schema',
        () => post({ type: 'compareSchema' }),
        model.endpoint.hasSchema ? "Compare the endpoint's declared schema with the records received" : 'The endpoint declares no schema',
        !model.endpoint.hasSchema,
      ),
      button(
        'Update Schema from Run',
        () => post({ type: 'updateSchema' }),
        model.endpoint.hasSchema
          ? "Merge what the records show into the endpoint's schema: new properties added, types widened (shown first, applied unsaved)"
          : 'Write a schema for the endpoint from the records received (shown first, applied unsaved)',
        !hasPage,
      ),
      button('Compare with Previous Run', () => post({ type: 'compareRuns' }), 'Compare with the previous run of this endpoint with the same instance: records added and removed, fields whose type changed, timing and pages', !hasPage),
      button('Add Test from Run', () => post({ type: 'addTest' }), "Add a test case for this endpoint to the connector's tests file, its expectations filled in from this run (status, stop reason, records, pages)"),
    ]),
  );
  if (model.pages.some((p) => p.curlHasPlaceholders) || model.auth.some((a) => a.curlHasPlaceholders)) {
    root.append(el('p', { class: 'muted' }, 'Secrets are masked as •••••• here and as <redacted> in Copy as cURL: the run never holds them.'));
  }

  const tabs = el('vscode-tabs', { 'selected-index': String(view.tab) });
  const headers: [string, string, HTMLElement][] = [
    ['Summary', '', summaryPanel(model)],
    ['Pages', String(model.pages.length), pagesPanel(model.pages)],
    ['Records', String(s.records), recordsPanel(model)],
    ['Auth', String(model.auth.length), authPanel(model.auth)],
    ['Schema', '', schemaPanel(model)],
    ['Compare', '', comparePanel()],
  ];
  for (const [label, count, panel] of headers) {
    tabs.append(el('vscode-tab-header', { slot: 'header' }, label, count ? el('vscode-badge', { variant: 'counter', slot: 'content-after' }, count) : ''));
    tabs.append(el('vscode-tab-panel', {}, panel));
  }
  tabs.addEventListener('vsc-tabs-select', (event) => save({ tab: (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex }));
  root.append(tabs);
}

function summaryPanel(model: PanelModel): HTMLElement {
  const s = model.summary;
  const rows: [string, string][] = [
    ['Status', s.stopLabel],
    ['Stop message', s.stopMessage],
    ['Pages', String(s.pages)],
    ['Records', String(s.records)],
    ['Requests', `${s.requests}${s.authRequests ? ` (and ${s.authRequests} for authentication)` : ''}`],
    ['Data received', s.bytes],
    ['Total time', s.duration],
  ];
  if (s.lastStatus !== undefined) rows.push(['Last HTTP status', String(s.lastStatus)]);
  if (s.rateLimitWait) rows.push(['Waited for the rate limit', s.rateLimitWait]);
  if (s.retryWait) rows.push(['Waited to retry (429, 5xx, throttled)', s.retryWait]);
  rows.push(['Instance', s.instance ?? 'none'], ['Auth method', s.authMethod ?? 'none'], ['Started', new Date(s.startedAt).toLocaleString()]);
  if (model.endpoint.dataPath !== undefined) rows.push(['Data path', model.endpoint.dataPath === '' ? '(the body itself)' : model.endpoint.dataPath]);
  const panel = el('div', { class: 'summary' }, table(['', ''], rows, 'Run summary', true));
  if (s.warnings.length) panel.append(section('Warnings', el('ul', {}, ...s.warnings.map((w) => el('li', {}, w)))));
  if (model.scriptLog.length) panel.append(section('Script log', el('pre', { tabindex: '0' }, model.scriptLog.join('\n'))));
  return panel;
}

function pagesPanel(pages: PanelPage[]): HTMLElement {
  if (pages.length === 0) return el('p', { class: 'muted' }, 'No page was read.');
  return el(
    'div',
    {},
    ...pages.map((page, index) => {
      const description = [statusText(page), page.response?.elapsed, page.response?.size, page.records !== undefined ? `${page.records} ${plural(page.records, 'record')}` : '']
        .filter(Boolean)
        .join(' · ');
      return collapsible(`page-${index}`, `Page ${page.number}`, description, () => {
        const body = exchangePanel(page, { kind: 'page', index });
        if (page.records !== undefined) body.append(el('p', {}, `${page.records} ${plural(page.records, 'record')} on this page.`));
        if (page.nextPage) body.append(el('p', { class: 'muted' }, `Next: ${page.nextPage}`));
        return body;
      });
    }),
  );
}

function authPanel(auth: PanelAuth[]): HTMLElement {
  if (auth.length === 0) return el('p', { class: 'muted' }, 'This run made no authentication requests (its auth method puts the credentials in each request).');
  return el(
    'div',
    {},
    ...auth.map((side, index) =>
      collapsible(`auth-${index}`, side.purpose, [statusText(side), side.response?.elapsed].filter(Boolean).join(' · '), () =>
        exchangePanel(side, { kind: 'auth', index }),
      ),
    ),
  );
}

function exchangePanel(exchange: PanelExchange, target: ExchangeTarget): HTMLElement {
  const request = exchange.request;
  const panel = el('div', { class: 'exchange' });
  const requestSection = section(
    'Request',
    el('p', { class: 'request-line' }, el('code', {}, `${request.method} ${request.url}`)),
    headerTable(request.headers, 'Request headers'),
  );
  if (request.body !== undefined && request.body !== '') requestSection.append(el('pre', { tabindex: '0', class: 'body' }, request.body));
  requestSection.append(
    toolbar([button('Copy as cURL', () => post({ type: 'copyCurl', target }), 'Copy this request as a curl command')]),
  );
  if (exchange.curlHasPlaceholders) requestSection.append(el('p', { class: 'muted' }, 'The command has <redacted> where a secret was sent.'));
  panel.append(requestSection);

  for (const retry of exchange.retries) {
    panel.append(el('p', { class: 'muted' }, `Retried after ${retry.status}: ${retry.why} (waited ${Math.round(retry.waitedMs)} ms)`));
  }
  if (exchange.error) panel.append(el('p', { class: 'error', role: 'alert' }, exchange.error));
  const response = exchange.response;
  if (!response) return panel;
  const meta = `${response.status} ${response.reason} · time to headers ${response.timeToHeaders} · total ${response.elapsed} · ${response.size}${response.contentType ? ` · ${response.contentType}` : ''}`;
  const body = response.body;
  const responseSection = section('Response', el('p', { class: 'status-line' }, meta), headerTable(response.headers, 'Response headers'));
  if (body.truncated) {
    responseSection.append(
      el(
        'p',
        { class: 'truncated' },
        body.bodyFile
          ? `A large body: the server kept the first part in memory; showing ${body.text.length.toLocaleString()} characters. `
          : `Showing ${body.text.length.toLocaleString()} of ${body.totalChars.toLocaleString()} characters. `,
        button('Open whole body', () => post({ type: 'openBody', target }), 'Open the whole body as a read-only document'),
      ),
    );
  }
  responseSection.append(
    el('pre', { tabindex: '0', class: `body language-${body.language}`, 'aria-label': 'Response body' }, body.text || '(empty body)'),
    toolbar([button('Open as Document', () => post({ type: 'openBody', target }), 'Open this body in an editor')]),
  );
  panel.append(responseSection);
  return panel;
}

function recordsPanel(model: PanelModel): HTMLElement {
  const records = model.records;
  const where = model.endpoint.dataPath ? `at data path ${model.endpoint.dataPath}` : 'at the top of each body';
  const panel = el('div', { class: 'records' }, el('p', { id: 'records-count' }, `${model.summary.records} ${plural(model.summary.records, 'record')} ${where}.`));
  if (model.recordsNotListed) {
    panel.append(el('p', { class: 'muted' }, 'Some records are counted, not listed (a body too large to keep whole): open a page body to read them.'));
  }
  if (records.total === 0) return panel;
  if (records.rows.length < records.total) panel.append(el('p', { class: 'muted' }, `The first ${records.rows.length} are listed.`));
  if (records.hiddenColumns > 0) panel.append(el('p', { class: 'muted' }, `${records.hiddenColumns} more ${plural(records.hiddenColumns, 'field')} are not shown as columns.`));
  panel.append(table(records.columns, records.rows, 'Records'));
  return panel;
}

function schemaPanel(model: PanelModel): HTMLElement {
  const panel = el('div', { class: 'schema', id: 'schema-result' });
  const result = view.schema;
  if (!result) {
    panel.append(
      el('p', { class: 'muted' }, model.endpoint.hasSchema ? 'Compare the declared record schema with the records this run received.' : 'The endpoint declares no record schema.'),
    );
    panel.append(
      toolbar([
        ...(model.endpoint.hasSchema ? [button('Compare Schema', () => post({ type: 'compareSchema' }))] : []),
        button('Update Schema from Run', () => post({ type: 'updateSchema' })),
      ]),
    );
    return panel;
  }
  if (result.message) {
    panel.append(el('p', {}, result.message));
    return panel;
  }
  const c = result.comparison!;
  const clean = !c.missingRequired.length && !c.neverReceived.length && !c.extra.length && !c.wrongTypes.length;
  panel.append(el('p', {}, `${c.recordsChecked} ${plural(c.recordsChecked, 'record')} checked. ${clean ? 'Every record matches the declared schema.' : ''}`));
  if (c.text) {
    panel.append(el('p', { class: 'muted', id: 'schema-text-note' }, 'XML and CSV values are text: a value counts as a declared number, integer, boolean or null when it reads as one, and a single element as a list of one.'));
  }
  const list = (title: string, items: string[]) => {
    if (items.length) panel.append(section(`${title} (${items.length})`, el('ul', {}, ...items.map((i) => el('li', {}, el('code', {}, i))))));
  };
  list('Required fields missing', c.missingRequired.map((f) => `${f.path}: missing in ${f.records} ${plural(f.records, 'record')}`));
  list('Wrong types', c.wrongTypes.map((w) => `${w.path}: declared ${w.expected.join(' | ')}, received ${w.received.map((r) => `${r.type} (${r.records})`).join(', ')}`));
  list('Extra fields, not declared', c.extra.map((f) => `${f.path}: in ${f.records} ${plural(f.records, 'record')}`));
  list('Declared, never received', c.neverReceived);
  return panel;
}

function comparePanel(): HTMLElement {
  const panel = el('div', { class: 'compare', id: 'compare-result' });
  const result = view.runs;
  if (!result) {
    panel.append(
      el('p', { class: 'muted' }, 'Compare this run with the previous run of the endpoint with the same instance (the last 10 are kept, redacted, in the extension\'s storage).'),
      toolbar([button('Compare with Previous Run', () => post({ type: 'compareRuns' }))]),
    );
    return panel;
  }
  if (result.message) {
    panel.append(el('p', { id: 'compare-message' }, result.message));
    return panel;
  }
  const c = result.comparison!;
  const figures: [string, (f: RunFigures) => string][] = [
    ['Started', (f) => f.startedAt ?? ''],
    ['Records', (f) => String(f.records)],
    ['Pages', (f) => String(f.pages)],
    ['Requests', (f) => String(f.requests)],
    ['Time', (f) => `${Math.round(f.durationMs)} ms`],
    ['Ended', (f) => f.stop ?? ''],
  ];
  panel.append(table(['', 'Previous run', 'This run'], figures.map(([name, of]) => [name, of(c.previous), of(c.current)]), 'The two runs side by side'));
  const matched = c.key ? `matched by "${c.key}"` : 'matched by their whole content (no id field common to both runs)';
  panel.append(el('p', { id: 'compare-summary' },
    c.same ? `The records are the same (${c.unchanged} ${plural(c.unchanged, 'record')}, ${matched}).`
      : `Records ${matched}: ${c.added} added, ${c.removed} removed${c.key ? `, ${c.changed} changed` : ''}, ${c.unchanged} the same.`));
  const list = (title: string, items: string[], total: number) => {
    if (items.length) panel.append(section(`${title} (${total})`, el('ul', {}, ...items.map((i) => el('li', {}, el('code', {}, i))))));
  };
  const short = (record: unknown) => {
    const text = JSON.stringify(record) ?? 'null';
    return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
  };
  list('Fields', c.fields.map((f) => f.change === 'added' ? `+ ${f.path} (${f.after.join(' | ')})` : f.change === 'removed' ? `- ${f.path} (was ${f.before.join(' | ')})` : `${f.path}: ${f.before.join(' | ')} → ${f.after.join(' | ')}`), c.fields.length);
  list('Added', c.addedSample.map(short), c.added);
  list('Removed', c.removedSample.map(short), c.removed);
  list('Changed', c.changedKeys.map((k) => `${c.key} ${k}`), c.changed);
  list('Not compared', c.gaps, c.gaps.length);
  return panel;
}

function collapsible(id: string, heading: string, description: string, content: () => HTMLElement): HTMLElement {
  const open = view.open.includes(id);
  const element = el('vscode-collapsible', { heading, description, id, ...(open ? { open: '' } : {}) });
  // Bodies can be large: a closed section's content is built when it is first opened.
  let built = false;
  const build = () => {
    if (!built) {
      built = true;
      element.append(content());
    }
  };
  if (open) build();
  element.addEventListener('vsc-collapsible-toggle', (event) => {
    const isOpen = (event as CustomEvent<{ open: boolean }>).detail.open;
    if (isOpen) build();
    save({ open: isOpen ? [...new Set([...view.open, id])] : view.open.filter((o) => o !== id) });
  });
  return element;
}

function toolbar(buttons: HTMLElement[]): HTMLElement {
  return el('div', { class: 'toolbar', role: 'toolbar' }, ...buttons);
}

function button(label: string, onClick: () => void, title?: string, disabled = false): HTMLElement {
  const element = el('vscode-button', { ...(title ? { title } : {}), ...(disabled ? { disabled: '' } : {}), secondary: '' }, label);
  element.addEventListener('click', () => {
    if (!element.hasAttribute('disabled')) onClick();
  });
  return element;
}

function statusText(exchange: PanelExchange): string {
  if (exchange.response) return `${exchange.response.status} ${exchange.response.reason}`;
  return exchange.error ? 'no response' : '';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

post({ type: 'ready' });
