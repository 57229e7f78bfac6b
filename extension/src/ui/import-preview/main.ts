// The import preview's script (runs in the webview): the endpoints and auth methods the import would create, each
// with a checkbox, the variables, and the guesses to confirm, each that can be left out with a checkbox (ticked:
// keep). Import posts the checked ids and the rejected guesses back. Every value is set as text, never as HTML, so
// nothing in the imported source can become markup.
import { rejectedGuesses, type FromImportView, type ImportPreview, type PreviewGuess, type ReportLine, type ToImportView } from '../../importing/importModel';

interface VsCodeApi {
  postMessage(message: FromImportView): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

const style = el('style', {}, `
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  main { max-width: 60rem; padding: 0 1rem 2rem; }
  fieldset { border: 1px solid var(--vscode-panel-border); margin: 1rem 0; padding: 0.5rem 1rem; }
  label { display: block; padding: 0.15rem 0; }
  .method { display: inline-block; min-width: 4rem; font-family: var(--vscode-editor-font-family); }
  .muted, .location { color: var(--vscode-descriptionForeground); }
  .details { margin-left: 1.6rem; font-size: 90%; }
  #guesses ul { list-style: none; padding-left: 0.5rem; }
  .location { font-family: var(--vscode-editor-font-family); font-size: 90%; }
  .error { color: var(--vscode-errorForeground); }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 0.4rem 1rem; margin-right: 0.5rem; cursor: pointer; }
  button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
  button:disabled { opacity: 0.5; cursor: default; }
`);
document.head.append(style);
const root = el('main', { id: 'import-preview' });
document.body.prepend(root);
const status = el('p', { id: 'import-status', role: 'status' });

function checkbox(id: string, label: (Node | string)[], location: string): HTMLElement {
  const box = el('input', { type: 'checkbox', 'data-id': id, checked: '' });
  return el('label', {}, box, ' ', ...label, location ? el('span', { class: 'location' }, `  ${location}`) : '');
}

/** Guesses: those that produced something the connector can do without get a box (ticked: keep it); the others are information. */
function guessList(guesses: PreviewGuess[]): HTMLElement | string {
  if (guesses.length === 0) return '';
  const items = guesses.map((g) => {
    const where = g.location ? el('span', { class: 'location' }, `${g.location}: `) : '';
    if (g.outputs.length === 0 || g.id === '') return el('li', { class: 'guess-info' }, where, g.message);
    const box = el('input', { type: 'checkbox', 'data-guess': g.id, checked: '' });
    return el('li', { class: 'guess' }, el('label', {}, box, ' ', where, g.message, el('span', { class: 'muted' }, ` (untick to leave out ${g.outputs.join(', ')})`)));
  });
  return el('section', { id: 'guesses' }, el('h3', {}, 'Guesses to confirm'), el('ul', {}, ...items));
}

function report(title: string, lines: ReportLine[]): HTMLElement | string {
  if (lines.length === 0) return '';
  return el('section', {}, el('h3', {}, title), el('ul', {}, ...lines.map((l) => el('li', {}, l.location ? el('span', { class: 'location' }, `${l.location}: `) : '', l.message))));
}

function render(preview: ImportPreview, folder: string): void {
  root.replaceChildren();
  root.append(
    el('h2', {}, preview.merge ? `Merge into ${preview.connectorFileName}` : `Create ${preview.connectorFileName}`),
    el('p', { class: 'muted' }, `Format: ${preview.format}. Folder: ${folder}. Only the checked endpoints and auth methods are imported.`),
  );
  const endpoints = el('fieldset', { id: 'endpoints' }, el('legend', {}, `Endpoints (${preview.endpoints.length})`));
  for (const e of preview.endpoints) {
    const details = [e.url, e.pagination ? `pagination ${e.pagination}` : '', e.dataPath ? `dataPath ${e.dataPath}` : ''].filter((d) => d !== '').join(' · ');
    endpoints.append(checkbox(e.id, [
      el('span', { class: 'method' }, e.method), e.path, e.endpointId ? el('span', { class: 'muted' }, ` → ${e.endpointId}`) : '',
      el('div', { class: 'details muted' }, details),
    ], e.id));
  }
  const auth = el('fieldset', { id: 'auth-methods' }, el('legend', {}, `Auth methods (${preview.authMethods.length})`));
  for (const a of preview.authMethods) auth.append(checkbox(a.id, [a.authMethodId ?? a.kind, el('span', { class: 'muted' }, ` (type ${a.type ?? a.kind})`)], a.id));
  if (preview.authMethods.length === 0) auth.append(el('p', { class: 'muted' }, 'None in the source.'));
  root.append(endpoints, auth);
  if (preview.variables.length > 0) {
    root.append(el('section', {}, el('h3', {}, 'Variables'), el('ul', {}, ...preview.variables.map((v) => el('li', {}, v.key, v.secret ? el('span', { class: 'muted' }, ' (secret)') : '', v.location ? el('span', { class: 'location' }, `  ${v.location}`) : '')))));
  }
  root.append(
    guessList(preview.guesses),
    report('Conflicts', preview.conflicts),
    report('Dropped', preview.dropped),
  );
  const importButton = el('button', { id: 'import' }, 'Import');
  const cancel = el('button', { id: 'cancel', class: 'secondary' }, 'Cancel');
  importButton.addEventListener('click', () => {
    const only = [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-id]')].filter((b) => b.checked).map((b) => b.dataset.id ?? '');
    if (!preview.endpoints.some((e) => only.includes(e.id))) {
      status.textContent = 'Check at least one endpoint.';
      status.className = 'error';
      return;
    }
    const kept = new Set([...root.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-guess]')].filter((b) => b.checked).map((b) => b.dataset.guess ?? ''));
    vscode.postMessage({ type: 'import', only, rejectedGuesses: rejectedGuesses(preview, kept) });
  });
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  root.append(el('p', {}, importButton, cancel), status);
}

function handle(message: ToImportView): void {
  if (message.type === 'preview') render(message.preview, message.folder);
  else if (message.type === 'busy') {
    status.textContent = message.message;
    status.className = 'muted';
    root.querySelectorAll('button').forEach((b) => b.setAttribute('disabled', ''));
  } else if (message.type === 'failed') {
    status.textContent = message.message;
    status.className = 'error';
    root.querySelectorAll('button').forEach((b) => b.removeAttribute('disabled'));
  }
}

window.addEventListener('message', (event: MessageEvent<ToImportView>) => handle(event.data));
const initial = document.getElementById('initial-state')?.textContent;
if (initial) handle(JSON.parse(initial) as ToImportView);
