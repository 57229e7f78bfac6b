// While the language server cannot run, connector, instance and tests files are switched to VS Code's "JSON with
// Comments" mode, so the built-in JSON server checks them against the schemas contributed in `jsonValidation`.
// When the server runs again they go back to their own languages. (Why the files do not belong to the JSON
// server all the time: extension/README.md, "Languages".)
import * as vscode from 'vscode';
import { fileKind } from './fileKinds';
import { connectorLanguageId, instanceLanguageId, testsLanguageId } from './documentSelector';

const ownLanguages = new Set([connectorLanguageId, instanceLanguageId, testsLanguageId]);

export class SchemaFallback implements vscode.Disposable {
  private opening: vscode.Disposable | undefined;

  get active(): boolean {
    return this.opening !== undefined;
  }

  enable(): void {
    if (this.opening) return;
    this.opening = vscode.workspace.onDidOpenTextDocument((d) => void toJsonc(d));
    for (const document of vscode.workspace.textDocuments) void toJsonc(document);
  }

  disable(): void {
    if (!this.opening) return;
    this.opening.dispose();
    this.opening = undefined;
    for (const document of vscode.workspace.textDocuments) void toOwnLanguage(document);
  }

  dispose(): void {
    this.opening?.dispose();
  }
}

async function toJsonc(document: vscode.TextDocument): Promise<void> {
  if (ownLanguages.has(document.languageId)) await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
}

async function toOwnLanguage(document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'jsonc' || document.uri.scheme !== 'file') return;
  if (document.uri.fsPath.toLowerCase().endsWith('.tests.json')) {
    await vscode.languages.setTextDocumentLanguage(document, testsLanguageId);
    return;
  }
  const kind = fileKind(document.uri.fsPath);
  if (kind) await vscode.languages.setTextDocumentLanguage(document, kind === 'connector' ? connectorLanguageId : instanceLanguageId);
}
