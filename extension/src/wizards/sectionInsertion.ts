// Adds an endpoint or an authentication method to a connector's text without touching anything else: pure
// insertions (the new item, and a comma where the JSON needs one), so comments, trailing commas and the
// user's own layout stay byte for byte. jsonc-parser's `modify` is not used because it reformats the
// array it inserts into. The edits become a WorkspaceEdit, so undo takes the insert back.
// The ESM build: the UMD one (package.json's main) loads its parts with a require() esbuild cannot bundle.
import { applyEdits, createScanner, findNodeAtLocation, parseTree, SyntaxKind, type Edit, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { Json } from '../forms/draftBuilder';
import { layoutJson } from './jsonLayout';

export type Section = 'endpoints' | 'authMethods';

export interface Insertion {
  /** Insertions only (length 0), in document order. */
  edits: Edit[];
  /** The new item's index in the section: its JSON path is `${section}[${index}]`. */
  index: number;
  /** The text after the edits. */
  text: string;
}

export interface Indentation {
  insertSpaces: boolean;
  tabSize: number;
  eol: string;
}

export function insertItem(text: string, section: Section, item: Json, indentation: Indentation): Insertion {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object' || errors.length > 0) {
    throw new Error('The connector has syntax errors; fix them first, so the new item cannot land in the wrong place.');
  }
  const unit = indentation.insertSpaces ? ' '.repeat(indentation.tabSize) : '\t';
  const array = findNodeAtLocation(root, [section]);
  if (array && array.type !== 'array') {
    throw new Error(`"${section}" in this connector is not an array.`);
  }
  const edits = array
    ? appendToArray(text, array, item, unit, indentation.eol)
    : addProperty(text, root, section, [item], unit, indentation.eol);
  return { edits, index: array?.children?.length ?? 0, text: applyEdits(text, edits) };
}

function appendToArray(text: string, array: Node, item: Json, unit: string, eol: string): Edit[] {
  const close = array.offset + array.length - 1;
  const ownerIndent = lineIndent(text, array.parent?.offset ?? array.offset);
  const last = array.children?.at(-1);
  if (!last) {
    // [] → [ item ], the closing bracket on its own line at the owner's indent.
    const after = array.offset + 1;
    const closeOnNewLine = text.slice(after, close).includes('\n');
    return [{ offset: after, length: 0, content: eol + ownerIndent + unit + valueText(item, ownerIndent + unit, unit, eol) + (closeOnNewLine ? '' : eol + ownerIndent) }];
  }
  const itemIndent = startsLine(text, last.offset) ? lineIndent(text, last.offset) : ownerIndent + unit;
  const lastEnd = last.offset + last.length;
  const edits: Edit[] = [];
  if (!hasCommaBetween(text, lastEnd, close)) edits.push({ offset: lastEnd, length: 0, content: ',' });
  // After whatever follows the last item (a comma, a comment on its line), before the closing bracket's line.
  edits.push({ offset: contentEnd(text, close), length: 0, content: eol + itemIndent + valueText(item, itemIndent, unit, eol) });
  return edits;
}

function addProperty(text: string, root: Node, key: string, value: Json, unit: string, eol: string): Edit[] {
  const properties = root.children ?? [];
  const property = (indent: string) => `${JSON.stringify(key)}: ${valueText(value, indent, unit, eol)}`;
  // Auth methods go before the endpoints, as in the samples; anything else goes last.
  const before = key === 'authMethods' ? properties.find((p) => p.children?.[0]?.value === 'endpoints') : undefined;
  if (before) {
    const indent = lineIndent(text, before.offset);
    return [{ offset: before.offset, length: 0, content: property(indent) + ',' + eol + indent }];
  }
  const close = root.offset + root.length - 1;
  const last = properties.at(-1);
  if (!last) {
    return [{ offset: root.offset + 1, length: 0, content: eol + unit + property(unit) + eol }];
  }
  const indent = startsLine(text, last.offset) ? lineIndent(text, last.offset) : unit;
  const lastEnd = last.offset + last.length;
  const edits: Edit[] = [];
  if (!hasCommaBetween(text, lastEnd, close)) edits.push({ offset: lastEnd, length: 0, content: ',' });
  edits.push({ offset: contentEnd(text, close), length: 0, content: eol + indent + property(indent) });
  return edits;
}

/** The value laid out like the samples, its later lines indented to sit under `indent`. */
function valueText(value: Json, indent: string, unit: string, eol: string): string {
  return layoutJson(value, unit).trimEnd().split('\n').join(eol + indent);
}

/** Whether a comma token (not one inside a comment) lies between two offsets. */
function hasCommaBetween(text: string, from: number, to: number): boolean {
  const scanner = createScanner(text.slice(from, to), false);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.CommaToken) return true;
  }
  return false;
}

/** The offset just after the last non-whitespace character before `offset` (comments count as content). */
function contentEnd(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** The leading whitespace of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return text.slice(start).match(/^[ \t]*/)![0];
}

/** The document's indentation as its first indented line shows it (the editor's options when there is none). */
export function detectIndentation(text: string, fallback: Indentation): Indentation {
  const eol = text.includes('\r\n') ? '\r\n' : fallback.eol;
  const indented = text.split(/\r?\n/).find((line) => /^[ \t]+\S/.test(line));
  if (!indented) return { ...fallback, eol };
  if (indented.startsWith('\t')) return { insertSpaces: false, tabSize: fallback.tabSize, eol };
  return { insertSpaces: true, tabSize: indented.match(/^ +/)![0].length, eol };
}
