// The publish plan as a read-only document beside the editor (patchworks-publish-plan: URIs, Markdown).
import * as vscode from 'vscode';
import { ReadOnlyDocuments } from '../documents/readOnlyDocuments';

export const planScheme = 'patchworks-publish-plan';

export class PlanDocuments extends ReadOnlyDocuments {
  constructor() {
    super('');
  }

  /** Shows `text` as the plan of `connectorName` (one document per connector, replaced on each plan). */
  async show(connectorName: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: planScheme, path: `/Publish plan - ${connectorName.replace(/[\\/]/g, '-')}.md` });
    this.set(uri, text);
    const document = await vscode.workspace.openTextDocument(uri);
    const markdown = document.languageId === 'markdown' ? document : await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    return vscode.window.showTextDocument(markdown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}
