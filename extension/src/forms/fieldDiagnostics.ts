// Places the server's diagnostics of a draft on the wizard's fields by JSON path: on the field itself, else
// on the nearest shown ancestor (a list item, a list), else on the first shown field under it (a missing
// property of `version` goes to its first field); what has no place on the form is a general message.
import { isUnder } from './draftPath';

export interface DraftDiagnostic {
  code: string;
  severity: number;
  message: string;
  path: string;
  /** Where in the draft's text (the forms place messages by path). */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface PlacedDiagnostics {
  /** Messages by the path of the field (or list, or list item) they belong to. */
  byPath: Record<string, string[]>;
  /** Messages no field of the form holds. */
  general: string[];
  errors: number;
  warnings: number;
}

export function placeDiagnostics(diagnostics: DraftDiagnostic[], shownPaths: string[]): PlacedDiagnostics {
  const placed: PlacedDiagnostics = { byPath: {}, general: [], errors: 0, warnings: 0 };
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 1) placed.errors++;
    else if (diagnostic.severity === 2) placed.warnings++;
    else continue;
    const text = `${diagnostic.code}: ${diagnostic.message}`;
    const target = fieldFor(diagnostic.path, shownPaths);
    if (target === undefined) placed.general.push(text);
    else (placed.byPath[target] ??= []).push(text);
  }
  return placed;
}

export function fieldFor(path: string, shownPaths: string[]): string | undefined {
  if (path === '') return undefined;
  let best: string | undefined;
  for (const candidate of shownPaths) {
    if (isUnder(path, candidate) && (best === undefined || candidate.length > best.length)) best = candidate;
  }
  return best ?? shownPaths.find((candidate) => isUnder(candidate, path));
}

/** Rewrites paths under `from` (such as `endpoints[3]`) to lie under `to` (the wizard's `item`); drops the rest. */
export function rebase(diagnostics: DraftDiagnostic[], from: string, to: string): DraftDiagnostic[] {
  return diagnostics
    .filter((d) => isUnder(d.path, from))
    .map((d) => ({ ...d, path: to + d.path.slice(from.length) }));
}
