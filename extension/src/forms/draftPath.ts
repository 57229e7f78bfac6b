// JSON paths as the server writes them (`endpoints[0].pagination.method`): parsing, reading and writing a
// draft by path. Shared by the extension host and the wizard webviews.

export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return segments;
}

export function joinPath(base: string, relative: string): string {
  if (base === '') return relative;
  if (relative === '') return base;
  return relative.startsWith('[') ? base + relative : `${base}.${relative}`;
}

export function getAt(root: unknown, path: string | PathSegment[]): unknown {
  let current = root;
  for (const segment of typeof path === 'string' ? parsePath(path) : path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Sets a value, creating the objects and arrays on the way (an array where the next segment is an index). */
export function setAt(root: Record<string, unknown>, path: string | PathSegment[], value: unknown): void {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let current: Record<string | number, unknown> = root;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (next === null || typeof next !== 'object') {
      current[segment] = typeof segments[i + 1] === 'number' ? [] : {};
    }
    current = current[segment] as Record<string | number, unknown>;
  });
}

/** True when `path` is `ancestor` or lies under it (`a.b` and `a.b[0].c` lie under `a.b`; `a.bc` does not). */
export function isUnder(path: string, ancestor: string): boolean {
  if (ancestor === '') return true;
  return path === ancestor || path.startsWith(ancestor + '.') || path.startsWith(ancestor + '[');
}
