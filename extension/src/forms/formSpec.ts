// The shape of a wizard as the extension host describes it to the webview: steps of fields, each field
// addressed by its JSON path in the file being written, so a server diagnostic's path finds its field.

export type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'checkbox' | 'csv' | 'password' | 'list';

export interface ShowWhen {
  /** Path of another field, relative to the same object (for a list item: the item). */
  path: string;
  /** The field shows while that field's value is one of these. */
  in: string[];
}

export interface FieldSpec {
  /** Path relative to the containing object: `name`, `version.number`, `oauth2.clientId`. */
  path: string;
  label: string;
  kind: FieldKind;
  /** The schema's description, shown under the field. */
  help?: string;
  /** Choices of a select; '' is offered as "(none)" when `optional`. */
  options?: { value: string; label: string }[];
  optional?: boolean;
  /** Shown while every condition holds. */
  showWhen?: ShowWhen | ShowWhen[];
  /** A list's item title and fields (paths relative to the item). */
  item?: { title: string; fields: FieldSpec[] };
  /** A list whose items cannot be added or removed (the one item of Add Endpoint).  */
  fixed?: boolean;
  placeholder?: string;
  /** A "Choose…" button beside a text field: the host asks for a file and fills the field (the icon). */
  browse?: { label: string };
}

export interface StepSpec {
  id: string;
  title: string;
  /** One line under the title: what this step is for. */
  intro?: string;
  fields: FieldSpec[];
  /** The last step shows the file as it will be written and where. */
  review?: boolean;
}

export interface WizardSpec {
  title: string;
  steps: StepSpec[];
  finishLabel: string;
  /** Offer "Sign in" (OAuth 2 authorisation code) beside the fields of these auth method ids. */
  signInFor?: string[];
}

/** Whether a field shows, given the object that holds it. */
export function isShown(field: FieldSpec, container: unknown): boolean {
  const conditions = field.showWhen === undefined ? [] : Array.isArray(field.showWhen) ? field.showWhen : [field.showWhen];
  return conditions.every((condition) => {
    const value = pathValue(container, condition.path);
    return condition.in.includes(typeof value === 'string' ? value : '');
  });
}

function pathValue(container: unknown, path: string): unknown {
  let current = container;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
