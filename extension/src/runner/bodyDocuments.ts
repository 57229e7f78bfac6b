// Response bodies opened as read-only documents ("Open whole body", "Open Response as Document"): a content
// provider serves them from memory, so nothing is written to disk and the editor never asks to save them.
import * as vscode from 'vscode';
import type { BodyLanguage } from './responseBody';

export const BODY_SCHEME = 'patchworks-response';

export class BodyDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private next = 1;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(BODY_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This response is no longer held: run the request again.';
  }

  async open(text: string, language: BodyLanguage, name: string): Promise<void> {
    // A fresh query per opening, so a re-run's body never shows an older document's cached text.
    const extension = language === 'plaintext' ? 'txt' : language;
    const uri = vscode.Uri.from({ scheme: BODY_SCHEME, path: `/${safeName(name)}.${extension}`, query: String(this.next++) });
    this.contents.set(uri.toString(), text);
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false });
  }

  /** Forgets the documents no editor shows any more (called when a panel's run is replaced or disposed). */
  prune(): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const key of this.contents.keys()) if (!open.has(key)) this.contents.delete(key);
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-');
}
