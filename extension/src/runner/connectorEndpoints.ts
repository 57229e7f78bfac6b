// The endpoints of a connector file, read with a fault-tolerant JSONC parser: enough for the endpoint quick pick,
// the data path of the records and the declared schema. The server validates the file; here a broken file only
// gives fewer endpoints.
import { parse, type ParseError } from 'jsonc-parser';

export interface ConnectorEndpoint {
  id: string;
  name?: string;
  method?: string;
  url?: string;
  dataPath?: string;
  /** The record schema as written: inline, or `{ "$ref": "schemas/x.json" }` relative to the connector file. */
  schema?: unknown;
}

export interface ConnectorSummary {
  name?: string;
  endpoints: ConnectorEndpoint[];
}

export function readConnector(text: string): ConnectorSummary {
  const errors: ParseError[] = [];
  const root = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  const object = isObject(root) ? root : {};
  const endpoints: ConnectorEndpoint[] = [];
  for (const item of Array.isArray(object.endpoints) ? object.endpoints : []) {
    if (!isObject(item) || typeof item.id !== 'string' || item.id === '') continue;
    const endpoint: ConnectorEndpoint = { id: item.id };
    if (typeof item.name === 'string') endpoint.name = item.name;
    if (typeof item.method === 'string') endpoint.method = item.method;
    if (typeof item.url === 'string') endpoint.url = item.url;
    if (typeof item.dataPath === 'string') endpoint.dataPath = item.dataPath;
    if (item.schema !== undefined) endpoint.schema = item.schema;
    endpoints.push(endpoint);
  }
  const summary: ConnectorSummary = { endpoints };
  if (typeof object.name === 'string') summary.name = object.name;
  return summary;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
