// The records of a JSON page, found at the endpoint's dataPath the way the runner finds them
// (server/Patchworks.Core/Running/ResponseData.cs): a dotted path; empty means the body itself; an array is a
// list of records, anything else is one record.

export function recordsAt(json: unknown, dataPath: string | undefined): unknown[] | undefined {
  let node: unknown = json;
  for (const segment of (dataPath ?? '').split('.').filter((s) => s !== '')) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      node = node[Number(segment)];
    } else if (node !== null && typeof node === 'object' && segment in (node as Record<string, unknown>)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  if (node === undefined || node === null) return undefined;
  return Array.isArray(node) ? node : [node];
}

export interface RecordTable {
  /** Top-level fields in order of first appearance, at most `maxColumns`. */
  columns: string[];
  /** One row per shown record: each cell's value as short text. */
  rows: string[][];
  /** How many records there were in all (rows may show fewer). */
  total: number;
  /** Fields that did not fit as columns. */
  hiddenColumns: number;
}

export function recordTable(records: unknown[], maxRows = 200, maxColumns = 12, maxCell = 120): RecordTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
      for (const key of Object.keys(record)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
  }
  const scalarRecords = columns.length === 0;
  const shownColumns = scalarRecords ? ['value'] : columns.slice(0, maxColumns);
  const rows = records.slice(0, maxRows).map((record) =>
    scalarRecords
      ? [cellText(record, maxCell)]
      : shownColumns.map((column) =>
          record !== null && typeof record === 'object' && column in record
            ? cellText((record as Record<string, unknown>)[column], maxCell)
            : '',
        ),
  );
  return { columns: shownColumns, rows, total: records.length, hiddenColumns: scalarRecords ? 0 : columns.length - shownColumns.length };
}

export function cellText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
