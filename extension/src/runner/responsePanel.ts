// The response panel: a webview beside the editor, one per connector and endpoint, reused when the same
// endpoint runs again. It holds the latest state (running, the run, or the failure) and sends it to the view
// whenever the view (re)loads, so a panel hidden and shown again comes back as it was.
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import type { FromWebview, PanelState, ToWebview } from './panelModel';
import type { RunFile } from '../server/runModel';

export interface RunTarget {
  connectorUri: string;
  endpointId: string;
}

export interface PanelActions {
  /** The panel closed: the run it showed is no longer needed. */
  onClosed(target: RunTarget): void;
  onMessage(panel: ResponsePanel, message: FromWebview): void;
}

export class ResponsePanel {
  private static readonly panels = new Map<string, ResponsePanel>();
  private static lastFocused: ResponsePanel | undefined;

  /** The response panel focused last (and still open): what palette commands on "the response" act on. */
  static get active(): ResponsePanel | undefined {
    return ResponsePanel.lastFocused;
  }

  static for(target: RunTarget, extensionUri: vscode.Uri, actions: PanelActions): ResponsePanel {
    const key = keyOf(target);
    const existing = ResponsePanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      return existing;
    }
    const created = new ResponsePanel(target, extensionUri, actions);
    ResponsePanel.panels.set(key, created);
    return created;
  }

  /** The run shown, once one has finished. */
  run: RunFile | undefined;
  /** The instance that run used (a file URI string), or null for none: with the target, its run history's key. */
  instanceUri: string | null = null;
  /** A run for this panel is under way (from the prompts to the answer). */
  busy = false;
  private disposed = false;
  private state: PanelState;
  private readonly panel: vscode.WebviewPanel;

  private constructor(
    readonly target: RunTarget,
    extensionUri: vscode.Uri,
    actions: PanelActions,
  ) {
    this.state = { kind: 'running', title: `Response: ${target.endpointId}` };
    this.panel = vscode.window.createWebviewPanel(
      'patchworks.response',
      `Response: ${target.endpointId}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, { title: `Response: ${target.endpointId}`, script: 'response' });
    this.panel.webview.onDidReceiveMessage((message: FromWebview) => {
      if (message?.type === 'ready') {
        void this.post({ type: 'state', state: this.state });
      } else {
        actions.onMessage(this, message);
      }
    });
    ResponsePanel.lastFocused = this;
    this.panel.onDidChangeViewState((event) => {
      if (event.webviewPanel.active) ResponsePanel.lastFocused = this;
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      if (ResponsePanel.lastFocused === this) ResponsePanel.lastFocused = undefined;
      ResponsePanel.panels.delete(keyOf(target));
      actions.onClosed(target);
    });
  }

  show(state: PanelState): void {
    this.state = state;
    if (state.kind === 'done') this.panel.title = state.model.title;
    void this.post({ type: 'state', state });
  }

  progress(message: string): void {
    if (this.state.kind === 'running') this.state = { ...this.state, message };
    void this.post({ type: 'progress', message });
  }

  post(message: ToWebview): Thenable<boolean> {
    // Closed while its run went on: the run still finishes (and is logged), there is just nothing to show it in.
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

}

function keyOf(target: RunTarget): string {
  return `${target.connectorUri}#${target.endpointId}`;
}
