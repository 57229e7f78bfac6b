// The records of an XML page (SOAP), found as the runner finds and counts them (ResponseData.XmlRecords in
// server/Patchworks.Core/Running/Data): the data path's names are element local names (namespaces ignored),
// the first of them any descendant. An element with child elements holds one record per child, listed as a
// flattened field table; an element holding text holds CSV (Peoplevox's Detail: a header row, then one line
// per record), listed by its header row.
import { DOMParser, type Element } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;

/** The records at the data path, each a flat object (or a string for a text-only element); undefined when the body is not XML. */
export function xmlRecords(body: string, dataPath: string | undefined): unknown[] | undefined {
  const root = parseXml(body);
  if (!root) return undefined;
  const element = findElement(root, segments(dataPath));
  if (!element) return [];
  const children = childElements(element);
  if (children.length > 0) return children.map((child) => (childElements(child).length === 0 && child.attributes.length === 0 ? child.textContent ?? '' : flatten(child)));
  return csvRecords(element.textContent ?? '');
}

/** CSV text as the runner counts it (a line per record after the header, blank lines left out), each row by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length <= 1) return [];
  const header = csvCells(lines[0]!);
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    csvCells(line).forEach((cell, i) => {
      row[header[i] ?? `column ${i + 1}`] = cell;
    });
    return row;
  });
}

/** One CSV line's cells: commas separate, double quotes enclose a cell, "" inside quotes is one quote. */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; }
    else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * A record element as fields: attributes as `@name`, leaf elements by their path of local names below the
 * record (`Address.PostCode`), a name repeated among siblings numbered from 0 (`Line.0.Sku`, as data paths index).
 */
function flatten(record: Element): Record<string, string> {
  const fields: Record<string, string> = {};
  const walk = (element: Element, prefix: string) => {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue;
      fields[`${prefix}@${attribute.localName ?? attribute.name}`] = attribute.value;
    }
    const children = childElements(element);
    if (children.length === 0) {
      if (prefix !== '') fields[prefix.slice(0, -1)] = element.textContent ?? '';
      return;
    }
    const counts = new Map<string, number>();
    for (const child of children) counts.set(localName(child), (counts.get(localName(child)) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const child of children) {
      const name = localName(child);
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      walk(child, `${prefix}${name}${counts.get(name)! > 1 ? `.${index}` : ''}.`);
    }
  };
  walk(record, '');
  return fields;
}

function parseXml(body: string): Element | undefined {
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(body, 'text/xml');
    return document.documentElement ?? undefined;
  } catch {
    return undefined;
  }
}

/** As the runner: no names is the root; else the first descendant named like the first name from which the rest lead down. */
function findElement(root: Element, names: string[]): Element | undefined {
  if (names.length === 0) return root;
  const starts = [root, ...Array.from(root.getElementsByTagName('*'))].filter((e) => localName(e) === names[0]);
  for (const start of starts) {
    let element: Element | undefined = start;
    for (const name of names.slice(1)) element = element && childElements(element).find((e) => localName(e) === name);
    if (element) return element;
  }
  return undefined;
}

/** As ResponseData.Segments: dots separate names; `$`, `.` or nothing is the root; `items[0]` is `items.0`. */
function segments(path: string | undefined): string[] {
  if (!path || path.trim() === '' || path === '$' || path === '.') return [];
  const trimmed = path.startsWith('$.') ? path.slice(2) : path;
  return trimmed.split('.').filter((p) => p !== '').flatMap((part) => {
    const bracket = part.indexOf('[');
    return bracket > 0 && part.endsWith(']') ? [part.slice(0, bracket), part.slice(bracket + 1, -1)] : [part];
  });
}

function childElements(element: Element): Element[] {
  return Array.from(element.childNodes).filter((n): n is Element => n.nodeType === ELEMENT_NODE);
}

function localName(element: Element): string {
  return element.localName ?? element.nodeName;
}
