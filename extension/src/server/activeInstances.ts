// The instance chosen per connector, remembered in workspaceState so it survives a reload, and re-sent to the
// server whenever it (re)starts (the server keeps it only in memory).
import * as vscode from 'vscode';

const stateKey = 'patchworks.activeInstances';

export interface ActiveInstanceChange {
  connectorUri: string;
  instanceUri: string | undefined;
}

export class ActiveInstanceStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ActiveInstanceChange>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(connectorUri: string): string | undefined {
    return this.all()[connectorUri];
  }

  all(): Record<string, string> {
    return { ...this.state.get<Record<string, string>>(stateKey, {}) };
  }

  async set(connectorUri: string, instanceUri: string | undefined): Promise<void> {
    const next = this.all();
    if (instanceUri === undefined) delete next[connectorUri];
    else next[connectorUri] = instanceUri;
    await this.state.update(stateKey, next);
    this.changed.fire({ connectorUri, instanceUri });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
