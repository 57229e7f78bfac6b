// The answers of patchworks/listTemplates and patchworks/pull (docs/language-server.md) and what the person is
// shown of them: the quick pick's items, the summary after a pull. No `vscode` import, so it is unit-tested.

export interface TemplateSummary {
  id: string;
  name: string;
  version: number | null;
}

export interface PullResult {
  connector: string;
  connectorUri: string;
  templateId: string;
  name: string;
  version: number | null;
  /** The files written, as paths (`writtenUris` as URIs). */
  written: string[];
  writtenUris: string[];
  iconProblem: string | null;
  /** What the file has that Patchworks' API does not carry (kept in the file, not published). */
  notInApi: string[];
  notInFile: string[];
  placeholders: string[];
  validationErrors: string[];
  planWrites: number | null;
  planSummary: string;
  text: string;
}

/** patchworks/listTemplates's answer. */
export interface TemplateList {
  templates: TemplateSummary[];
}

export class PullShapeError extends Error {}

/** The templates of a patchworks/listTemplates answer ({ templates: [{ id, name, version }] }), sorted by name. */
export function asTemplates(answer: unknown): TemplateSummary[] {
  const templates = (answer as { templates?: unknown } | null)?.templates;
  if (!Array.isArray(templates)) throw new PullShapeError('The server answered patchworks/listTemplates without a templates list.');
  return templates
    .filter((t): t is { id: unknown; name: unknown; version?: unknown } => typeof t === 'object' && t !== null)
    .filter((t) => typeof t.id === 'string' || typeof t.id === 'number')
    .map((t) => ({
      id: String(t.id),
      name: typeof t.name === 'string' && t.name.length > 0 ? t.name : `(template ${String(t.id)})`,
      version: typeof t.version === 'number' ? t.version : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Quick pick items: the name, its version, and the id (two templates of one name differ by it). */
export function templateItems(templates: TemplateSummary[]): { label: string; description: string; detail: string; id: string }[] {
  return templates.map((t) => ({
    label: t.name,
    description: t.version === null ? '' : `version ${t.version}`,
    detail: `system template ${t.id}`,
    id: t.id,
  }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A patchworks/pull answer (PullResult.ToJson plus connectorUri, writtenUris and text). */
export function asPullResult(answer: unknown): PullResult {
  const a = answer as Record<string, unknown> | null;
  if (typeof a !== 'object' || a === null || typeof a.connectorUri !== 'string' || typeof a.templateId !== 'string') {
    throw new PullShapeError('The server answered patchworks/pull without the connector it wrote.');
  }
  return {
    connector: typeof a.connector === 'string' ? a.connector : a.connectorUri,
    connectorUri: a.connectorUri,
    templateId: a.templateId,
    name: typeof a.name === 'string' ? a.name : '',
    version: typeof a.version === 'number' ? a.version : null,
    written: strings(a.written),
    writtenUris: strings(a.writtenUris),
    iconProblem: typeof a.iconProblem === 'string' ? a.iconProblem : null,
    notInApi: strings(a.notInApi),
    notInFile: strings(a.notInFile),
    placeholders: strings(a.placeholders),
    validationErrors: strings(a.validationErrors),
    planWrites: typeof a.planWrites === 'number' ? a.planWrites : null,
    planSummary: typeof a.planSummary === 'string' ? a.planSummary : '',
    text: typeof a.text === 'string' ? a.text : '',
  };
}

/** One line for the notification after a pull; the full report goes to the log. */
export function pullSummary(result: PullResult): string {
  const parts = [`Pulled '${result.name}'${result.version === null ? '' : ` version ${result.version}`}: ${result.writtenUris.length} file${result.writtenUris.length === 1 ? '' : 's'} written.`];
  if (result.placeholders.length > 0) {
    parts.push(`${result.placeholders.length} placeholder${result.placeholders.length === 1 ? '' : 's'} to fill in (marked // TODO).`);
  }
  if (result.iconProblem) parts.push(`No icon: ${result.iconProblem}.`);
  if (result.validationErrors.length > 0) {
    parts.push(`${result.validationErrors.length} validation error${result.validationErrors.length === 1 ? '' : 's'} remain.`);
  }
  if (result.planWrites === 0) parts.push('Publishing it now would change nothing.');
  else if (result.planWrites === null) parts.push('Publishing refuses it as it is (see the log).');
  else parts.push(`Publishing it now would make ${result.planWrites} write${result.planWrites === 1 ? '' : 's'} (see the log).`);
  return parts.join(' ');
}
