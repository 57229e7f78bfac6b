// Adds an endpoint or an authentication method to a connector's text without touching anything else: one
// jsonc-parser edit that appends to the array (or creates it), so comments, trailing commas and the user's
// own layout elsewhere stay byte for byte. The edits become a WorkspaceEdit, so undo takes the insert back.
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type ParseError } from 'jsonc-parser';
import type { Json } from './draftBuilder';

export type Section = 'endpoints' | 'authMethods';

export interface Insertion {
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
  const array = findNodeAtLocation(root, [section]);
  if (array && array.type !== 'array') {
    throw new Error(`"${section}" in this connector is not an array.`);
  }
  const index = array?.children?.length ?? 0;
  const formattingOptions = { insertSpaces: indentation.insertSpaces, tabSize: indentation.tabSize, eol: indentation.eol };
  const edits = array
    ? modify(text, [section, -1], item, { formattingOptions, isArrayInsertion: true })
    : modify(text, [section], [item], {
        formattingOptions,
        // Auth methods go before the endpoints, as in the samples; a new endpoints array goes last.
        getInsertionIndex: (properties) => (section === 'authMethods' && properties.includes('endpoints') ? properties.indexOf('endpoints') : properties.length),
      });
  return { edits, index, text: applyEdits(text, edits) };
}

/** The document's indentation as its first indented line shows it (the editor's options when there is none). */
export function detectIndentation(text: string, fallback: Indentation): Indentation {
  const eol = text.includes('\r\n') ? '\r\n' : fallback.eol;
  const indented = text.split(/\r?\n/).find((line) => /^[ \t]+\S/.test(line));
  if (!indented) return { ...fallback, eol };
  if (indented.startsWith('\t')) return { insertSpaces: false, tabSize: fallback.tabSize, eol };
  return { insertSpaces: true, tabSize: indented.match(/^ +/)![0].length, eol };
}
