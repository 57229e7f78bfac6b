// The wizard webview: a step indicator, the current step's fields (built from the host's field specs),
// Back / Next / Finish, and each server diagnostic beside the field its JSON path names. The draft lives
// here and in vscode.setState (secrets left out), so the wizard comes back as it was when its tab is hidden
// and shown again.
import { getAt, isUnder, joinPath, setAt } from '../../forms/draftPath';
import { isShown, type FieldSpec, type StepSpec } from '../../forms/formSpec';
import type { CheckResult, ToHost, ToWebview, WizardInitialState } from '../../forms/protocol';
import { wizardCss } from './wizardStyle';

interface VsCodeApi {
  postMessage(message: ToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  draft: Record<string, unknown>;
  step: number;
}

export function startWizard(): void {
  const vscode = acquireVsCodeApi();
  const initial = JSON.parse(document.getElementById('initial-state')!.textContent!) as WizardInitialState;
  const { spec } = initial;
  const saved = vscode.getState();
  const state: SavedState = saved ?? { draft: initial.draft, step: 0 };
  let lastCheck: CheckResult | undefined;
  let changeTimer: ReturnType<typeof setTimeout> | undefined;

  const style = document.createElement('style');
  style.textContent = wizardCss;
  document.head.append(style);
  const root = document.createElement('main');
  document.body.append(root);
  root.innerHTML = `
    <nav aria-label="Steps"><ol class="wizard-steps"></ol></nav>
    <h1 id="step-title" tabindex="-1"></h1>
    <p id="step-intro" class="muted"></p>
    <div id="fields"></div>
    <section id="review" hidden>
      <p>File: <code id="target"></code></p>
      <p id="summary"></p>
      <pre id="preview" tabindex="0" aria-label="The file as it will be written"></pre>
    </section>
    <div id="general" class="error" role="alert"></div>
    <div class="wizard-buttons">
      <vscode-button id="back" secondary>Back</vscode-button>
      <vscode-button id="next">Next</vscode-button>
      <vscode-button id="finish">${escapeHtml(spec.finishLabel)}</vscode-button>
      <vscode-button id="cancel" secondary>Cancel</vscode-button>
      <span id="status" role="status" aria-live="polite"></span>
    </div>`;
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;

  const save = () => vscode.setState({ draft: withoutSecrets(state.draft), step: state.step });

  /** Password fields' values never reach setState: a hidden tab comes back without them. */
  function withoutSecrets(draft: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(draft);
    for (const field of spec.steps.flatMap((s) => s.fields)) {
      if (field.kind === 'password' && getAt(copy, field.path) !== undefined) setAt(copy, field.path, '');
    }
    return copy;
  }

  const changed = (rerender: boolean) => {
    save();
    if (rerender) renderStep();
    clearTimeout(changeTimer);
    changeTimer = setTimeout(() => vscode.postMessage({ type: 'changed', draft: state.draft }), 250);
  };

  function goTo(step: number) {
    state.step = Math.max(0, Math.min(spec.steps.length - 1, step));
    // A refusal's message is about the moment Finish was pressed; moving on starts afresh.
    setStatus('', 'info');
    save();
    renderStep();
    $('#step-title').focus();
  }

  function renderSteps() {
    const list = $('.wizard-steps');
    list.innerHTML = '';
    spec.steps.forEach((step, i) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'wizard-step';
      const problems = problemsIn(step);
      button.textContent = `${i + 1}. ${step.title}${problems > 0 ? ` (${problems})` : ''}`;
      button.title = problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'} on this step` : step.title;
      if (i === state.step) button.setAttribute('aria-current', 'step');
      if (problems > 0) button.classList.add('has-problems');
      button.addEventListener('click', () => goTo(i));
      item.append(button);
      list.append(item);
    });
  }

  function problemsIn(step: StepSpec): number {
    if (!lastCheck) return 0;
    return Object.entries(lastCheck.byPath)
      .filter(([path]) => step.fields.some((f) => isUnder(path, f.path)))
      .reduce((sum, [, messages]) => sum + messages.length, 0);
  }

  function renderStep() {
    const step = spec.steps[state.step]!;
    const focused = focusKey(document.activeElement as HTMLElement | null);
    renderSteps();
    $('#step-title').textContent = step.title;
    $('#step-intro').textContent = step.intro ?? '';
    const fields = $('#fields');
    fields.innerHTML = '';
    renderFields(fields, step.fields, state.draft, '');
    $('#review').hidden = !(step.review || spec.steps.length === 1);
    const last = state.step === spec.steps.length - 1;
    ($('#back') as HTMLElement & { disabled: boolean }).disabled = state.step === 0;
    $('#next').hidden = last;
    $('#finish').hidden = !last;
    showCheck();
    if (focused) root.querySelector<HTMLElement>(focused)?.focus();
  }

  /** What to focus again after a re-render: a field, or the "Choose…" button beside one. */
  function focusKey(element: HTMLElement | null): string | undefined {
    const data = element?.dataset;
    if (data?.path) return `[data-path="${CSS.escape(data.path)}"]`;
    if (data?.browseFor) return `[data-browse-for="${CSS.escape(data.browseFor)}"]`;
    return undefined;
  }

  function renderFields(parent: HTMLElement, fields: FieldSpec[], container: unknown, base: string) {
    for (const field of fields) {
      if (!isShown(field, container)) continue;
      const path = joinPath(base, field.path);
      parent.append(field.kind === 'list' ? renderList(field, path) : renderField(field, path));
    }
  }

  function renderList(field: FieldSpec, path: string): HTMLElement {
    const set = document.createElement('fieldset');
    set.className = 'wizard-list';
    set.dataset.for = path;
    const legend = document.createElement('legend');
    legend.textContent = field.label;
    set.append(legend, errorsBox(path));
    const items = (getAt(state.draft, path) as unknown[] | undefined) ?? [];
    items.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      const box = document.createElement('section');
      box.className = 'wizard-item';
      box.dataset.for = itemPath;
      const header = document.createElement('div');
      header.className = 'wizard-item-header';
      const title = document.createElement('h3');
      title.textContent = field.fixed ? field.item!.title : `${field.item!.title} ${i + 1}`;
      header.append(title);
      if (!field.fixed) {
        const remove = button(`Remove ${field.item!.title.toLowerCase()} ${i + 1}`, true, () => {
          items.splice(i, 1);
          changed(true);
        });
        header.append(remove);
      }
      box.append(header, errorsBox(itemPath));
      renderFields(box, field.item!.fields, item, itemPath);
      set.append(box);
    });
    if (!field.fixed) {
      set.append(button(`Add ${field.item!.title.toLowerCase()}`, true, () => {
        if (!Array.isArray(getAt(state.draft, path))) setAt(state.draft, path, []);
        (getAt(state.draft, path) as unknown[]).push({});
        changed(true);
      }));
    }
    return set;
  }

  function renderField(field: FieldSpec, path: string): HTMLElement {
    const group = document.createElement('vscode-form-group');
    group.setAttribute('variant', 'vertical');
    const id = 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
    const value = getAt(state.draft, path);
    let control: HTMLElement & { value?: string; checked?: boolean };
    if (field.kind === 'checkbox') {
      control = document.createElement('vscode-checkbox');
      control.setAttribute('label', field.label);
      control.checked = value === true;
      control.addEventListener('change', () => { setAt(state.draft, path, control.checked === true); changed(true); });
    } else if (field.kind === 'select') {
      control = document.createElement('vscode-single-select');
      if ((field.options?.length ?? 0) > 20) control.setAttribute('combobox', '');
      const none = document.createElement('vscode-option');
      none.setAttribute('value', '');
      none.textContent = field.optional ? '(none)' : '(choose)';
      control.append(none);
      for (const option of field.options ?? []) {
        const element = document.createElement('vscode-option');
        element.setAttribute('value', option.value);
        element.textContent = option.label;
        control.append(element);
      }
      control.value = typeof value === 'string' ? value : '';
      control.addEventListener('change', () => { setAt(state.draft, path, control.value ?? ''); changed(true); });
    } else {
      control = document.createElement(field.kind === 'textarea' ? 'vscode-textarea' : 'vscode-textfield');
      if (field.kind === 'password') control.setAttribute('type', 'password');
      if (field.kind === 'textarea') control.setAttribute('rows', '5');
      if (field.placeholder) control.setAttribute('placeholder', field.placeholder);
      control.value = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
      control.addEventListener('input', () => { setAt(state.draft, path, control.value ?? ''); changed(false); });
    }
    control.id = id;
    control.dataset.path = path;
    control.setAttribute('aria-label', field.label);
    if (field.kind !== 'checkbox') {
      const label = document.createElement('vscode-label');
      label.setAttribute('for', id);
      label.textContent = field.label;
      group.append(label);
    }
    if (field.browse) {
      const row = document.createElement('div');
      row.className = 'wizard-browse';
      const choose = button('Choose…', true, () => {
        setStatus('', 'info');
        vscode.postMessage({ type: 'browse', path, draft: state.draft });
      });
      choose.dataset.browseFor = path;
      choose.setAttribute('aria-label', field.browse.label);
      choose.title = field.browse.label;
      row.append(control, choose);
      group.append(row);
    } else {
      group.append(control);
    }
    if (field.help) {
      const help = document.createElement('vscode-form-helper');
      help.textContent = field.help;
      group.append(help);
    }
    group.append(errorsBox(path));
    return group;
  }

  function errorsBox(path: string): HTMLElement {
    const box = document.createElement('div');
    box.className = 'field-errors error';
    box.dataset.errorsFor = path;
    return box;
  }

  function showCheck() {
    const check = lastCheck;
    for (const box of root.querySelectorAll<HTMLElement>('.field-errors')) {
      const messages = check?.byPath[box.dataset.errorsFor!] ?? [];
      box.replaceChildren(...messages.map((m) => Object.assign(document.createElement('div'), { textContent: m })));
      const control = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(box.dataset.errorsFor!)}"]`);
      if (control) {
        // Attributes change only when the messages do: a re-render would close an open dropdown under the user.
        const description = messages.join(' ');
        if (control.hasAttribute('invalid') !== messages.length > 0) control.toggleAttribute('invalid', messages.length > 0);
        if ((control.getAttribute('aria-description') ?? '') !== description) {
          if (description) control.setAttribute('aria-description', description);
          else control.removeAttribute('aria-description');
        }
      }
    }
    $('#general').replaceChildren(...(check?.general ?? []).map((m) => Object.assign(document.createElement('div'), { textContent: m })));
    if (!check) return;
    $('#target').textContent = check.target;
    $('#preview').textContent = check.preview;
    $('#summary').textContent = check.errors + check.warnings === 0
      ? 'The server reports no problems.'
      : `The server reports ${check.errors} error${check.errors === 1 ? '' : 's'} and ${check.warnings} warning${check.warnings === 1 ? '' : 's'}.`;
    $('#summary').className = check.errors > 0 ? 'error' : '';
  }

  function button(text: string, secondary: boolean, onClick: () => void): HTMLElement {
    const element = document.createElement('vscode-button');
    if (secondary) element.setAttribute('secondary', '');
    element.textContent = text;
    element.addEventListener('click', onClick);
    return element;
  }

  function setStatus(message: string, kind: 'info' | 'error') {
    const status = $('#status');
    status.textContent = message;
    status.className = kind === 'error' ? 'error' : 'muted';
  }

  $('#back').addEventListener('click', () => goTo(state.step - 1));
  $('#next').addEventListener('click', () => goTo(state.step + 1));
  $('#finish').addEventListener('click', () => {
    // The draft goes with the Finish; a change still waiting to be sent would only check the same draft again.
    clearTimeout(changeTimer);
    setStatus('Checking…', 'info');
    vscode.postMessage({ type: 'finish', draft: state.draft });
  });
  $('#cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  // Keyboard: Alt+Right / Alt+Left move between steps; Ctrl+Enter is Next, or Finish on the last step.
  document.addEventListener('keydown', (event) => {
    if (event.altKey && event.key === 'ArrowRight') { event.preventDefault(); goTo(state.step + 1); }
    else if (event.altKey && event.key === 'ArrowLeft') { event.preventDefault(); goTo(state.step - 1); }
    else if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      if (state.step < spec.steps.length - 1) goTo(state.step + 1);
      else $('#finish').click();
    }
  });

  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'checked':
        lastCheck = message;
        renderSteps();
        showCheck();
        if ($('#status').textContent === 'Checking…' || message.errors === 0) setStatus('', 'info');
        break;
      case 'status':
        setStatus(message.message, message.kind);
        break;
      case 'setValue':
        setAt(state.draft, message.path, message.value);
        changed(true);
        break;
    }
  });

  renderStep();
  vscode.postMessage({ type: 'changed', draft: state.draft });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
