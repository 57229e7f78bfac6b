// The webview panel every wizard runs in: the CSP shell, the draft's check after each change (the newest
// answer wins), and Finish refused while the server reports errors.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import type { CheckResult, ToHost, ToWebview, WizardInitialState } from './protocol';
import type { WizardSpec } from './formSpec';

export interface WizardController {
  readonly spec: WizardSpec;
  readonly initialDraft: Record<string, unknown>;
  /** Builds the file from the draft and has the server check it. */
  check(draft: Record<string, unknown>): Promise<CheckResult>;
  /** Writes the result; returns what to tell the user, or undefined when the user cancelled (the wizard stays open). */
  finish(draft: Record<string, unknown>): Promise<string | undefined>;
  signIn?(draft: Record<string, unknown>, post: (message: ToWebview) => void): Promise<void>;
  /** The value for a field with a "Choose…" button (a file's path), why the choice is refused, or undefined when the user chose nothing. */
  browse?(path: string, draft: Record<string, unknown>): Promise<{ value: string } | { error: string } | undefined>;
  /** Values that follow from others (a chosen file's path once the target folder moved), set before each check. */
  follow?(draft: Record<string, unknown>): { path: string; value: string }[];
}

export function openWizard(services: Services, viewType: string, script: string, controller: WizardController): vscode.WebviewPanel {
  const { extensionUri } = services.context;
  const panel = vscode.window.createWebviewPanel(viewType, controller.spec.title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
  const initialState: WizardInitialState = { spec: controller.spec, draft: controller.initialDraft };
  panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: controller.spec.title, script, initialState });
  const post = (message: ToWebview) => void panel.webview.postMessage(message);
  let latest = 0;

  // Answers the draft's check. A newer draft's check supersedes it in the view (a stale result is not shown), but
  // Finish always gets its own answer: a change posted just after the click must not swallow the Finish.
  const check = async (draft: Record<string, unknown>, always = false): Promise<CheckResult | undefined> => {
    // The webview takes the new value and sends the draft again, which is then checked.
    for (const update of controller.follow?.(draft) ?? []) post({ type: 'setValue', ...update });
    const sequence = ++latest;
    const result = await controller.check(draft);
    if (sequence !== latest) return always ? result : undefined; // a newer draft is being checked
    post(result);
    return result;
  };

  const report = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(`${controller.spec.title}: ${message}`);
    post({ type: 'status', kind: 'error', message });
  };

  const onMessage = async (message: ToHost) => {
    switch (message.type) {
      case 'changed':
        await check(message.draft);
        return;
      case 'finish': {
        const result = await check(message.draft, true);
        if (!result) return;
        if (result.errors > 0) {
          post({ type: 'status', kind: 'error', message: `The server reports ${result.errors} error${result.errors === 1 ? '' : 's'}; fix ${result.errors === 1 ? 'it' : 'them'} before finishing (each is shown beside its field).` });
          return;
        }
        const done = await controller.finish(message.draft);
        if (done !== undefined) {
          void vscode.window.showInformationMessage(done);
          panel.dispose();
        }
        return;
      }
      case 'signIn':
        await controller.signIn?.(message.draft, post);
        return;
      case 'browse': {
        const chosen = await controller.browse?.(message.path, message.draft);
        if (chosen && 'value' in chosen) post({ type: 'setValue', path: message.path, value: chosen.value });
        else if (chosen) post({ type: 'status', kind: 'error', message: chosen.error });
        return;
      }
      case 'cancel':
        panel.dispose();
        return;
    }
  };
  panel.webview.onDidReceiveMessage((message: ToHost) => onMessage(message).catch(report), undefined, services.context.subscriptions);
  return panel;
}
