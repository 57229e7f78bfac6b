// The messages panel's script (runs in the webview): the listening line, each message as it arrives, Stop, and
// the summary. Message content is untrusted (bodies, headers, records can hold anything, HTML included): every
// value goes in as text (textContent, setAttribute), never as markup. The panel holds at most MESSAGE_CAP
// messages, like the extension's copy.
import {
  MESSAGE_CAP,
  MessageLog,
  checkText,
  droppedText,
  listeningText,
  prettyBody,
  recordsTable,
  type EventMessageView,
  type FromWebview,
  type PanelState,
  type SummaryView,
  type ToWebview,
} from '../../events/panelModel';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
type Child = Node | string;

function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

function table(columns: string[], rows: string[][], label: string, keyValue = false): HTMLElement {
  const head = columns.length > 0 ? el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))) : '';
  const body = el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell, i) => (keyValue && i === 0 ? el('th', { scope: 'row' }, cell) : el('td', { title: cell.slice(0, 500) }, cell))))));
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, el('table', { class: keyValue ? 'key-value' : 'grid' }, head, body));
}

const STYLES = `
h1 { font-size: 1.3em; font-weight: 600; margin: 12px 0 4px; }
h2 { font-size: 1.1em; margin: 0 0 4px; }
h3 { font-size: 1em; margin: 10px 0 4px; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.status { margin: 4px 0; }
.muted { color: var(--vscode-descriptionForeground); }
.warning { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.error { color: var(--vscode-errorForeground); }
.message { border-top: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border, transparent)); padding: 8px 0; }
pre.body { max-height: 40vh; overflow: auto; padding: 8px; margin: 4px 0; background: var(--vscode-textCodeBlock-background); white-space: pre; tab-size: 2; }
.table-wrap { overflow: auto; max-height: 40vh; margin: 4px 0; }
table { border-collapse: collapse; font-size: 0.95em; }
th, td { text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); }
table.grid td { white-space: nowrap; max-width: 40ch; overflow: hidden; text-overflow: ellipsis; }
table.key-value th { color: var(--vscode-descriptionForeground); font-weight: normal; white-space: nowrap; }
table.key-value td { word-break: break-word; }
ul.problems { margin: 4px 0; padding-left: 20px; }
#summary { border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border, transparent)); padding: 8px; margin: 8px 0; }
`;

document.head.append(el('style', {}, STYLES));
const root = el('main', { id: 'messages-panel' });
document.body.prepend(root);

let state: PanelState | undefined;
let log = new MessageLog();
let list: HTMLElement = el('div');

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      state = message.state;
      log = new MessageLog(MESSAGE_CAP, message.state.messages, message.state.dropped);
      render();
      break;
    case 'listening':
      if (!state) return;
      state = { ...state, status: 'listening', listening: message.listening };
      renderHeader();
      break;
    case 'message':
      if (!state) return;
      appendMessage(message.message);
      break;
    case 'ended':
      if (!state) return;
      state = { ...state, status: 'ended', summary: message.summary };
      renderHeader();
      break;
    case 'failed':
      if (!state) return;
      state = { ...state, status: 'failed', error: message.error };
      renderHeader();
      break;
    default:
      break;
  }
});

const header = el('div', { id: 'header' });
const dropped = el('p', { id: 'dropped', class: 'warning', hidden: '' });

function render(): void {
  root.replaceChildren();
  if (!state) return;
  root.append(header, dropped);
  list = el('div', { id: 'messages', 'aria-live': 'polite' });
  root.append(list);
  renderHeader();
  for (const message of log.messages) list.append(messageView(message));
  renderDropped();
}

function renderHeader(): void {
  if (!state) return;
  const s = state;
  const parts: HTMLElement[] = [el('h1', {}, s.title)];
  const toolbar = el('div', { class: 'toolbar' });
  let status: HTMLElement;
  if (s.status === 'starting') status = el('p', { class: 'status', id: 'status' }, `Connecting${s.instance ? ` with ${s.instance}` : ''}… Messages will be ${s.settleWords}.`);
  else if (s.listening) status = el('p', { class: 'status', id: 'status' }, listeningText(s.listening));
  else status = el('p', { class: 'status', id: 'status' }, `Messages would have been ${s.settleWords}.`);
  parts.push(status);
  if (s.status === 'starting' || s.status === 'listening') {
    const stop = el('vscode-button', { id: 'stop', appearance: 'primary' }, 'Stop');
    stop.addEventListener('click', () => {
      stop.setAttribute('disabled', '');
      stop.textContent = 'Stopping…';
      vscode.postMessage({ type: 'stop' });
    });
    toolbar.append(stop, el('span', { class: 'muted' }, s.status === 'listening' ? 'Waiting for messages; each one shows here as it arrives.' : ''));
    parts.push(toolbar);
  }
  if (s.status === 'ended' && s.summary) parts.push(summaryElement(s.summary));
  if (s.status === 'failed' && s.error) parts.push(el('div', { id: 'summary' }, el('p', { class: 'error' }, s.error)));
  header.replaceChildren(...parts);
  if (log.messages.length === 0 && (s.status === 'listening' || s.status === 'starting')) list.replaceChildren(el('p', { class: 'muted', id: 'no-messages' }, 'No messages yet.'));
  else list.querySelector('#no-messages')?.remove();
}

function summaryElement(summary: SummaryView): HTMLElement {
  const box = el('div', { id: 'summary', role: 'status' }, el('h2', {}, 'Summary'), el('p', { class: summary.fault ? 'error' : '' }, summary.headline), el('p', {}, summary.counts));
  if (summary.fault) box.append(el('p', { class: 'error' }, summary.fault));
  for (const line of summary.interruptions) box.append(el('p', { class: 'warning' }, line));
  return box;
}

function renderDropped(): void {
  const words = droppedText(log.dropped, log.cap);
  if (words) {
    dropped.textContent = words;
    dropped.removeAttribute('hidden');
  } else {
    dropped.setAttribute('hidden', '');
  }
}

function appendMessage(message: EventMessageView): void {
  list.querySelector('#no-messages')?.remove();
  const removed = log.add(message);
  for (let i = 0; i < removed; i += 1) list.firstElementChild?.remove();
  list.append(messageView(message));
  renderDropped();
}

function messageView(m: EventMessageView): HTMLElement {
  const box = el('section', { class: 'message', 'data-number': String(m.number) });
  box.append(el('h2', {}, `Message ${m.number}`, el('span', { class: 'muted' }, ` · ${m.routingKey || '(no routing key)'}${m.redelivered ? ' · redelivered' : ''}`)));
  const rows: string[][] = [
    ['Routing key', m.routingKey],
    ['Exchange', m.exchange === '' ? '(the default exchange)' : m.exchange],
    ['Redelivered', m.redelivered ? 'yes' : 'no'],
    ['Size', `${m.bodyBytes.toLocaleString('en-GB')} bytes`],
    ...m.properties.map(([name, value]) => [name, value]),
  ];
  box.append(table([], rows, `Message ${m.number}: properties`, true));
  if (m.headers.length > 0) {
    box.append(el('h3', {}, 'Headers'), table(['Header', 'Value'], m.headers.map(([n, v]) => [n, v]), `Message ${m.number}: headers`));
  }
  box.append(el('h3', {}, 'Body'));
  if (m.body === null) box.append(el('p', { class: 'muted' }, 'The body is not UTF-8 text; not shown.'));
  else {
    box.append(el('pre', { class: 'body', tabindex: '0' }, prettyBody(m.body)));
    if (m.bodyCutFrom) box.append(el('p', { class: 'warning' }, `Only the first ${m.body.length.toLocaleString('en-GB')} of ${m.bodyCutFrom.toLocaleString('en-GB')} characters are shown.`));
  }
  box.append(el('h3', {}, m.dataPath ? `Records at ${m.dataPath}` : 'Records (the message itself)'));
  box.append(el('p', { class: m.recordsProblem || m.invalidRecords.length > 0 ? 'error records-check' : 'records-check' }, checkText(m)));
  if (m.invalidRecords.length > 0) box.append(el('ul', { class: 'problems' }, ...m.invalidRecords.map((p) => el('li', {}, p))));
  if (m.records.length > 0) {
    const grid = recordsTable(m.records);
    box.append(grid ? table(grid.columns, grid.rows, `Message ${m.number}: records`) : el('pre', { class: 'body', tabindex: '0' }, JSON.stringify(m.records, null, 2)));
  }
  if (m.recordsCutFrom) box.append(el('p', { class: 'warning' }, `Only the first ${m.records.length} of ${m.recordsCutFrom} records are shown.`));
  return box;
}

vscode.postMessage({ type: 'ready' });
