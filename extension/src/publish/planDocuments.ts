// The publish plan as a read-only document beside the editor (patchworks-publish-plan: URIs, Markdown).
import * as vscode from 'vscode';

export const planScheme = 'patchworks-publish-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Shows `text` as the plan of `connectorName` (one document per connector, replaced on each plan). */
  async show(connectorName: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: planScheme, path: `/Publish plan - ${connectorName.replace(/[\\/]/g, '-')}.md` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const markdown = document.languageId === 'markdown' ? document : await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    return vscode.window.showTextDocument(markdown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
