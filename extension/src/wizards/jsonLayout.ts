// Writes a connector or instance the way the samples are laid out: two-space indents, one member per line,
// and an object or array of plain values on one line while it fits (as the server's formatter keeps them).
import type { Json } from '../forms/draftBuilder';

const maxLineLength = 120;

export function layoutJson(value: Json, indent = '  '): string {
  return write(value, '', indent) + '\n';
}

/** `prefix` is how many characters stand before the value on its line (indent, key and colon). */
function write(value: Json, current: string, indent: string, prefix = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries: [string | undefined, Json][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const member = ([key, v]: [string | undefined, Json], inner: string) => {
    const head = key === undefined ? '' : JSON.stringify(key) + ': ';
    return head + write(v, inner, indent, inner.length + head.length);
  };
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object');
  if (flat) {
    const line = `${open}${Array.isArray(value) ? '' : ' '}${entries.map((e) => member(e, '')).join(', ')}${Array.isArray(value) ? '' : ' '}${close}`;
    // The line as written: what stands before the value, the value, and a comma after it.
    if (prefix + line.length + 1 <= maxLineLength) return line;
  }
  const inner = current + indent;
  return `${open}\n${entries.map((e) => inner + member(e, inner)).join(',\n')}\n${current}${close}`;
}
