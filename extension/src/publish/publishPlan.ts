// The plan patchworks/publishPlan answers (PublishPlan.ToJson in the server), checked, and rendered for a
// person: a read-only Markdown document of everything that will happen, and the short summary the confirmation
// dialog shows. No `vscode` import, so it is unit-tested.

export interface PlanChange {
  field: string;
  from: string;
  to: string;
}

export interface PlanStep {
  action: 'create' | 'update' | 'unchanged';
  kind: string;
  key: string;
  label: string;
  remoteId: string | null;
  changes: PlanChange[];
}

export interface PublishPlan {
  connector: string;
  apiUrl: string;
  name: string;
  templateId: string | null;
  fileVersion: number;
  remoteVersion: number | null;
  publishVersion: number;
  publishVersionName: string | null;
  bump: string | null;
  resuming: boolean;
  /** Patchworks holds a version this toolkit left unfinished (the publish resumes it). */
  unfinishedRemote: boolean;
  /** The icon the publish uploads, if it changed. */
  iconUpload: { file: string; bytes: number; sha256: string } | null;
  summary: string;
  steps: PlanStep[];
  leftAlone: { label: string; id: string }[];
  notPublished: { where: string; field: string; why: string }[];
  notes: string[];
}

/** patchworks/publishPlan's answer: the plan and its text as `patchworks publish --dry-run` prints it. */
export interface PlanAnswer {
  plan: PublishPlan;
  text: string;
}

/** What patchworks/publish did (PublishHandler's result). */
export interface PublishResult {
  templateId: string;
  version: number;
  creates: number;
  updates: number;
  writes: number;
  sidecar: string;
  fileBumped: boolean;
}

/** patchworks/publish's answer: the plan it carried out and what it wrote. */
export interface PublishAnswer {
  plan: PublishPlan;
  result: PublishResult;
}

export class PlanShapeError extends Error {}

/** The `plan` of a publishPlan or publish answer; throws PlanShapeError when the server sent something else. */
export function asPublishPlan(value: unknown): PublishPlan {
  const plan = value as Partial<PublishPlan> | null;
  if (
    typeof plan !== 'object' || plan === null || typeof plan.name !== 'string' || typeof plan.publishVersion !== 'number'
    || !Array.isArray(plan.steps) || typeof plan.summary !== 'string'
  ) {
    throw new PlanShapeError('The language server answered patchworks/publishPlan with something that is not a plan.');
  }
  return {
    connector: String(plan.connector ?? ''),
    apiUrl: String(plan.apiUrl ?? ''),
    name: plan.name,
    templateId: plan.templateId ?? null,
    fileVersion: Number(plan.fileVersion ?? plan.publishVersion),
    remoteVersion: plan.remoteVersion ?? null,
    publishVersion: plan.publishVersion,
    publishVersionName: plan.publishVersionName ?? null,
    bump: plan.bump ?? null,
    resuming: plan.resuming === true,
    unfinishedRemote: plan.unfinishedRemote === true,
    iconUpload: plan.iconUpload && typeof plan.iconUpload === 'object' ? plan.iconUpload : null,
    summary: plan.summary,
    steps: plan.steps.map((s) => ({ ...s, changes: Array.isArray(s.changes) ? s.changes : [] })),
    leftAlone: Array.isArray(plan.leftAlone) ? plan.leftAlone : [],
    notPublished: Array.isArray(plan.notPublished) ? plan.notPublished : [],
    notes: Array.isArray(plan.notes) ? plan.notes : [],
  };
}

export function hasWrites(plan: PublishPlan): boolean {
  return plan.steps.some((s) => s.action !== 'unchanged');
}

export function countOf(plan: PublishPlan, action: PlanStep['action']): number {
  return plan.steps.filter((s) => s.action === action).length;
}

/** "version 4 (1.2.4)" or "version 4". */
export function versionText(plan: PublishPlan): string {
  return `version ${plan.publishVersion}${plan.publishVersionName ? ` (${plan.publishVersionName})` : ''}`;
}

/** Where the marketplace stands and what will be published, in one sentence. */
export function versionLine(plan: PublishPlan): string {
  const target = versionText(plan);
  if (plan.remoteVersion === null) return `First publish: Patchworks has no system template for '${plan.name}' yet; publishing ${target}.`;
  const bump = plan.bump ? ` (a ${plan.bump} bump: the file's version.number is raised to ${plan.publishVersion})` : '';
  return `Patchworks holds version ${plan.remoteVersion} (system template ${plan.templateId}); the file has version ${plan.fileVersion}; publishing ${target}${bump}.`;
}

/** The confirmation dialog's detail: counts, not every field (the document beside has those). */
export function confirmationDetail(plan: PublishPlan): string {
  const lines = [
    versionLine(plan),
    '',
    `${countOf(plan, 'create')} to create, ${countOf(plan, 'update')} to change, ${countOf(plan, 'unchanged')} unchanged.`,
  ];
  if (plan.leftAlone.length > 0) lines.push(`${plan.leftAlone.length} left alone in Patchworks (not in the file; publishing never deletes).`);
  if (plan.notPublished.length > 0) lines.push(`${plan.notPublished.length} fields of the file are not published (no documented Core API field).`);
  if (plan.resuming) lines.push('This finishes a publish that stopped part-way.');
  lines.push('', 'The whole plan is open beside the editor.');
  return lines.join('\n');
}

/** The plan as a Markdown document: created, changed field by field, unchanged, left alone, not published, notes. */
export function renderPlan(plan: PublishPlan): string {
  const out: string[] = [`# Publish '${plan.name}' to Patchworks`, '', `Core API: ${plan.apiUrl}`, '', versionLine(plan), ''];
  if (plan.resuming) out.push('This finishes the publish of this version that stopped part-way (the sidecar records what was done).', '');
  if (plan.notes.length > 0) {
    out.push('## Notes', '', ...plan.notes.map((n) => `- ${n}`), '');
  }
  const created = plan.steps.filter((s) => s.action === 'create');
  out.push(`## Will be created (${created.length})`, '');
  out.push(...(created.length > 0 ? created.map((s) => `- \`+\` ${s.label}`) : ['Nothing.']), '');
  const changed = plan.steps.filter((s) => s.action === 'update');
  out.push(`## Will change (${changed.length})`, '');
  if (changed.length === 0) out.push('Nothing.');
  for (const step of changed) {
    out.push(`- \`~\` ${step.label}${step.remoteId ? ` (id ${step.remoteId})` : ''}`);
    for (const change of step.changes) out.push(`  - \`${change.field}\`: ${change.from} → ${change.to}`);
  }
  out.push('');
  out.push(`## Unchanged (${countOf(plan, 'unchanged')})`, '');
  out.push(countOf(plan, 'unchanged') > 0 ? `${countOf(plan, 'unchanged')} parts already in Patchworks as the file describes them.` : 'None.', '');
  out.push(`## Left alone (${plan.leftAlone.length})`, '', 'In Patchworks but not in the file. Publishing never deletes.', '');
  out.push(...(plan.leftAlone.length > 0 ? plan.leftAlone.map((l) => `- ${l.label} (id ${l.id})`) : ['Nothing.']), '');
  out.push(`## Not published (${plan.notPublished.length})`, '', 'Fields of the file the documented Core API has no field for; finish them in the Patchworks builder.', '');
  out.push(...(plan.notPublished.length > 0 ? plan.notPublished.map((n) => `- ${n.where}: \`${n.field}\`: ${n.why}`) : ['Nothing.']), '');
  out.push('---', '', plan.summary, '');
  return out.join('\n');
}

/** "(3/26) Creating endpoint 'x'" → 3 of 26: the share of the work one step report stands for. */
export function stepOf(message: string): { done: number; total: number } | undefined {
  const match = /^\((\d+)\/(\d+)\)/.exec(message);
  if (!match) return undefined;
  const done = Number(match[1]);
  const total = Number(match[2]);
  return total > 0 && done <= total ? { done, total } : undefined;
}
