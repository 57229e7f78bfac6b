// Values the run needs that neither the instance nor the connector gives: the resolved request lists them as
// placeholders with source "missing". The user types them in; non-secret ones are remembered per endpoint (in
// workspaceState, never in a file), secret ones never are.

/** A placeholder as patchworks/resolveRequest lists it. */
export interface ResolvedPlaceholder {
  placeholder: string;
  value: string;
  source: string;
  sourceDescription: string;
  definition?: string | null;
  secret: boolean;
}

export interface MissingValue {
  key: string;
  secret: boolean;
  why: string;
}

export function missingValues(placeholders: ResolvedPlaceholder[]): MissingValue[] {
  const seen = new Set<string>();
  const missing: MissingValue[] = [];
  for (const p of placeholders) {
    if (p.source !== 'missing') continue;
    const key = placeholderKey(p.placeholder);
    // Built-ins ([[page]], [[meta.x]]) are the runner's to fill, and an auth token comes from the auth method.
    if (key === undefined || seen.has(key)) continue;
    seen.add(key);
    missing.push({ key, secret: p.secret, why: p.sourceDescription });
  }
  return missing;
}

/** `store_url` from `store_url` or `{{store_url}}`; undefined for a built-in `[[...]]`. */
export function placeholderKey(placeholder: string): string | undefined {
  if (placeholder.startsWith('[[')) return undefined;
  const match = /^\{\{\s*(.+?)\s*\}\}$/.exec(placeholder);
  return match ? match[1] : placeholder;
}

export function rememberedValuesKey(connectorUri: string, endpointId: string): string {
  return `patchworks.runner.values:${connectorUri}#${endpointId}`;
}
