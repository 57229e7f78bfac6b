// The messages panel: a webview beside the editor, one per connector and listener, reused (and its listen
// restarted) when the same listener is listened to again. It holds the state (the listening line, the last
// MESSAGE_CAP messages, the summary) and sends it whole whenever the view (re)loads, each change as it comes.
// Closing it stops its listen.
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import {
  MessageLog,
  panelTitle,
  type EventMessageView,
  type FromWebview,
  type ListeningInfo,
  type ListenTarget,
  type PanelState,
  type SummaryView,
  type ToWebview,
} from './panelModel';

export interface PanelActions {
  /** The Stop button, or the panel closed while its listen runs. */
  stop(panel: MessagesPanel): void;
}

export class MessagesPanel {
  private static readonly panels = new Map<string, MessagesPanel>();

  static for(target: ListenTarget, extensionUri: vscode.Uri, actions: PanelActions): MessagesPanel {
    const existing = MessagesPanel.panels.get(keyOf(target));
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      return existing;
    }
    const created = new MessagesPanel(target, extensionUri, actions);
    MessagesPanel.panels.set(keyOf(target), created);
    return created;
  }

  /** The panel of a listener, if open. */
  static find(target: ListenTarget): MessagesPanel | undefined {
    return MessagesPanel.panels.get(keyOf(target));
  }

  /** The listen this panel shows, while it runs (the client's listen id). */
  listenId: string | undefined;
  /** Settles when the running listen's request has answered. */
  running: Promise<void> | undefined;
  disposed = false;
  private log = new MessageLog();
  private state: Omit<PanelState, 'messages' | 'dropped'>;
  private readonly panel: vscode.WebviewPanel;

  private constructor(
    readonly target: ListenTarget,
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
  ) {
    const title = panelTitle(target.listenerId);
    this.state = { title, listenerId: target.listenerId, status: 'starting', settleWords: '' };
    this.panel = vscode.window.createWebviewPanel('patchworks.eventMessages', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, { title, script: 'events' });
    this.panel.webview.onDidReceiveMessage((message: FromWebview) => {
      if (message?.type === 'ready') void this.post({ type: 'state', state: this.snapshot() });
      else if (message?.type === 'stop') this.actions.stop(this);
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      MessagesPanel.panels.delete(keyOf(target));
      if (this.listenId) this.actions.stop(this);
    });
  }

  /** A new listen: the list cleared, "Starting…". */
  start(listenId: string, settleWords: string, instance?: string): void {
    this.listenId = listenId;
    this.log = new MessageLog();
    this.state = { title: this.state.title, listenerId: this.target.listenerId, status: 'starting', settleWords, ...(instance ? { instance } : {}) };
    void this.post({ type: 'state', state: this.snapshot() });
  }

  listening(info: ListeningInfo): void {
    this.state = { ...this.state, status: 'listening', listening: info };
    void this.post({ type: 'listening', listening: info });
  }

  message(message: EventMessageView): void {
    this.log.add(message);
    void this.post({ type: 'message', message });
  }

  ended(summary: SummaryView): void {
    this.listenId = undefined;
    this.state = { ...this.state, status: 'ended', summary };
    void this.post({ type: 'ended', summary });
  }

  failed(error: string): void {
    this.listenId = undefined;
    this.state = { ...this.state, status: 'failed', error };
    void this.post({ type: 'failed', error });
  }

  private snapshot(): PanelState {
    return { ...this.state, messages: [...this.log.messages], dropped: this.log.dropped };
  }

  private post(message: ToWebview): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }
}

function keyOf(target: ListenTarget): string {
  return `${target.connectorUri}#${target.listenerId}`;
}
