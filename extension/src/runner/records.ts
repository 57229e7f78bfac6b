// The Records tab's table: the server's listed records (patchworks/runEndpoint's `listing`) as columns and short
// cells. Which records a page holds is the server's to say (RecordListing.cs); this only lays them out.

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
