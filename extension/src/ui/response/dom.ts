// Small DOM builders for the response panel. Every value is set as text or an attribute, never as HTML, so
// nothing a server sent can become markup in the webview.
import type { Header } from '../../server/runModel';

type Child = Node | string;

export function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return el('section', {}, el('h3', {}, title), ...children);
}

/** A table of text cells; `keyValue` makes the first column a row header. */
export function table(columns: string[], rows: string[][], label: string, keyValue = false): HTMLElement {
  const head = columns.some((c) => c !== '') ? el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))) : '';
  const body = el(
    'tbody',
    {},
    ...rows.map((row) => el('tr', {}, ...row.map((cell, i) => (keyValue && i === 0 ? el('th', { scope: 'row' }, cell) : el('td', keyValue ? {} : { title: cell }, cell))))),
  );
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, el('table', { class: keyValue ? 'key-value' : 'grid' }, head, body));
}

export function headerTable(headers: Header[], label: string): HTMLElement {
  if (headers.length === 0) return el('p', { class: 'muted' }, 'No headers.');
  return table(['Header', 'Value'], headers.map((h) => [h.name, h.value]), label);
}
