// patchworks.publish.assumptions as the server's publish and pull requests take it. No `vscode` import.
/** The assumptions setting as the server takes it: an object with at least one property, else nothing (the defaults). */
export function assumptionsOf(value: unknown): { assumptions?: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.keys(value).length > 0 ? { assumptions: value as Record<string, unknown> } : {};
}
