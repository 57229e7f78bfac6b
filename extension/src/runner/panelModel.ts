// What the response panel shows, computed in the extension from the run so the webview only renders. Shared
// (as types) with the webview script in src/ui/response/. Nothing here may carry a secret: it is built from the
// server's redacted run alone.
import { bodyPreview, type BodyPreview } from './responseBody';
import { curlNeedsSecrets } from './curl';
import { recordTable, type RecordTable } from './records';
import { buildSummary, formatBytes, formatDuration, type RunSummary } from './runSummary';
import type { ExchangeRecord, Header, RecordListing, RetriedAttempt, RunComparison, RunFile } from '../server/runModel';
import type { SchemaComparison } from './schemaFindings';

export interface PanelExchange {
  request: { method: string; url: string; headers: Header[]; body?: string };
  response?: {
    status: number;
    reason: string;
    headers: Header[];
    contentType?: string;
    size: string;
    timeToHeaders: string;
    elapsed: string;
    body: BodyPreview;
  };
  error?: string;
  retries: RetriedAttempt[];
  /** Copy as cURL will contain placeholders for secrets. */
  curlHasPlaceholders: boolean;
}

export interface PanelPage extends PanelExchange {
  number: number;
  /** Records the runner counted on this page; absent when the body had none to count (an error page). */
  records?: number;
  nextPage?: string;
}

export interface PanelAuth extends PanelExchange {
  purpose: string;
}

export interface EndpointInfo {
  connectorName: string;
  endpointId: string;
  endpointName?: string;
  /** The data path the runner read the records at (the run's own). */
  dataPath?: string;
  /** The endpoint declares a record schema (inline or by $ref). */
  hasSchema: boolean;
}

export interface PanelModel {
  title: string;
  endpoint: EndpointInfo;
  summary: RunSummary;
  pages: PanelPage[];
  auth: PanelAuth[];
  /** The records of every page (JSON, XML, CSV in XML), in order, with the page each came from as the first column. */
  records: RecordTable;
  /** Some counted records are not listed: a page body too large to keep, or one that no longer reads as it was counted. */
  recordsNotListed: boolean;
  scriptLog: string[];
}

export type PanelState =
  | { kind: 'running'; title: string; message?: string }
  | { kind: 'done'; model: PanelModel }
  | { kind: 'failed'; title: string; message: string };

/** Which exchange an action is about. */
export interface ExchangeTarget {
  kind: 'page' | 'auth';
  index: number;
}

export type ToWebview =
  | { type: 'state'; state: PanelState }
  | { type: 'progress'; message: string }
  | { type: 'schema'; comparison?: SchemaComparison; message?: string }
  | { type: 'runs'; comparison?: RunComparison; message?: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'rerun' }
  | { type: 'save' }
  | { type: 'compareSchema' }
  | { type: 'updateSchema' }
  | { type: 'compareRuns' }
  | { type: 'addTest' }
  | { type: 'copyCurl'; target: ExchangeTarget }
  | { type: 'openBody'; target: ExchangeTarget };

export const MAX_RECORD_ROWS = 500;

export function panelTitle(endpoint: Pick<EndpointInfo, 'endpointId'>): string {
  return `Response: ${endpoint.endpointId}`;
}

export function buildPanelModel(file: RunFile, listing: RecordListing, endpoint: EndpointInfo): PanelModel {
  const run = file.run;
  const { records, recordsNotListed } = recordsView(listing);
  return {
    title: panelTitle(endpoint),
    endpoint,
    summary: buildSummary(run),
    pages: run.pages.map((page) => {
      const shown: PanelPage = { number: page.number, ...exchangeView(page.exchange) };
      if (page.records !== undefined) shown.records = page.records;
      if (page.nextPage !== undefined) shown.nextPage = page.nextPage;
      return shown;
    }),
    auth: run.auth.map((side) => ({ purpose: side.purpose, ...exchangeView(side.exchange) })),
    records,
    recordsNotListed,
    scriptLog: run.scriptLog ?? [],
  };
}

/** The server's listing (RecordListing) as the Records tab's table, the page each record came from first. */
function recordsView(listing: RecordListing): { records: RecordTable; recordsNotListed: boolean } {
  const table = recordTable(listing.records.map((r) => r.record), MAX_RECORD_ROWS);
  table.columns = ['page', ...table.columns];
  table.rows = table.rows.map((row, i) => [String(listing.records[i]!.page), ...row]);
  table.total = listing.total;
  return { records: table, recordsNotListed: listing.notListed };
}

function exchangeView(exchange: ExchangeRecord): PanelExchange {
  const request: PanelExchange['request'] = { method: exchange.request.method, url: exchange.request.url, headers: exchange.request.headers };
  if (exchange.request.body !== undefined) request.body = exchange.request.body;
  const view: PanelExchange = {
    request,
    retries: exchange.retries ?? [],
    curlHasPlaceholders: curlNeedsSecrets(exchange.request),
  };
  const response = exchange.response;
  if (response) {
    view.response = {
      status: response.status,
      reason: response.reason,
      headers: response.headers,
      size: formatBytes(response.sizeBytes),
      timeToHeaders: formatDuration(response.timeToHeadersMs),
      elapsed: formatDuration(response.elapsedMs),
      body: bodyPreview(response),
    };
    if (response.contentType) view.response.contentType = response.contentType;
  }
  if (exchange.error) view.error = exchange.error;
  return view;
}
