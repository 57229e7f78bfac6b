// Messages between a wizard webview and the extension host. The webview holds the draft (form values);
// the host builds the file from it, asks the server to check it, and answers with problems by field.
import type { WizardSpec } from './formSpec';

/** What the webview reads from its #initial-state element. */
export interface WizardInitialState {
  spec: WizardSpec;
  draft: Record<string, unknown>;
}

export type ToHost =
  | { type: 'changed'; draft: Record<string, unknown> }
  | { type: 'finish'; draft: Record<string, unknown> }
  | { type: 'signIn'; draft: Record<string, unknown> }
  /** "Choose…" beside the field at `path`: the host opens a file dialog and answers with setValue. */
  | { type: 'browse'; path: string; draft: Record<string, unknown> }
  | { type: 'cancel' };

export interface CheckResult {
  type: 'checked';
  /** Messages by field path (a field, a list or a list item). */
  byPath: Record<string, string[]>;
  general: string[];
  errors: number;
  warnings: number;
  /** The file as it would be written, and where. */
  preview: string;
  target: string;
}

export type ToWebview =
  | CheckResult
  | { type: 'status'; message: string; kind: 'info' | 'error' }
  | { type: 'setValue'; path: string; value: string };
