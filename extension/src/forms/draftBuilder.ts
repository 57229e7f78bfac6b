// Turns a wizard's draft (what the form holds: strings, booleans, lists) into the file's JSON value, by the
// form's fields: hidden fields (another auth type's settings) and empty ones are left out, numbers become
// numbers, ticked boxes true, comma lists arrays. A value that does not convert (a number field holding
// "ten") is written as typed, so the server's rules report it at its path rather than the wizard hiding it.
import { getAt, setAt } from './draftPath';
import { isShown, type FieldSpec } from './formSpec';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function buildObject(fields: FieldSpec[], draft: unknown): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const field of fields) {
    if (!isShown(field, draft)) continue;
    const value = convert(field, getAt(draft, field.path));
    if (value !== undefined) setAt(result, field.path, value);
  }
  return result;
}

function convert(field: FieldSpec, raw: unknown): Json | undefined {
  switch (field.kind) {
    case 'checkbox':
      return raw === true ? true : undefined;
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return undefined;
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    case 'csv': {
      const items = (typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw.map(String) : [])
        .map((s) => s.trim())
        .filter((s) => s !== '');
      return items.length > 0 ? items : undefined;
    }
    case 'list': {
      if (!Array.isArray(raw) || raw.length === 0) return undefined;
      return raw.map((item) => buildObject(field.item?.fields ?? [], item));
    }
    case 'textarea':
      // Scripts and envelopes keep their inner whitespace; only a wholly blank value is "not given".
      return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
    default: {
      const text = typeof raw === 'string' ? raw.trim() : '';
      return text === '' ? undefined : text;
    }
  }
}

/** Every path the form shows for this draft: fields, lists and list items, for placing diagnostics. */
export function shownPaths(fields: FieldSpec[], draft: unknown, base = ''): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    if (!isShown(field, draft)) continue;
    const path = base === '' ? field.path : `${base}.${field.path}`;
    paths.push(path);
    if (field.kind === 'list') {
      const items = getAt(draft, field.path);
      if (Array.isArray(items)) {
        items.forEach((item, i) => {
          paths.push(`${path}[${i}]`);
          paths.push(...shownPaths(field.item?.fields ?? [], item, `${path}[${i}]`));
        });
      }
    }
  }
  return paths;
}
