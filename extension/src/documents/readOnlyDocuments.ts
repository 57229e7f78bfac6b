// Read-only documents served from memory under one URI scheme (the resolved request, the publish plan): nothing
// is written to disk and the editor never asks to save them. Setting a URI's text again refreshes the editors
// that show it.
import * as vscode from 'vscode';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** @param gone The text of a URI this window no longer holds (one reopened from an earlier session). */
  constructor(private readonly gone: string) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? this.gone;
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
