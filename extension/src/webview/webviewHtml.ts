// The HTML shell every webview uses: a strict Content-Security-Policy with a fresh nonce, no remote content,
// the @vscode-elements bundle and the view's own script (both from dist/ui/), VS Code's theme colours via
// its CSS variables.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface WebviewShell {
  /** Title shown in the page (the panel title is set by the caller). */
  title: string;
  /** The folder name under src/ui/ whose main.ts is this view's script (built to dist/ui/<name>.js). */
  script: string;
  /** Markup placed in <body>; it may be empty when the script renders everything. */
  body?: string;
  /** JSON-serialisable data the script reads from the #initial-state element. */
  initialState?: unknown;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Options for createWebviewPanel: scripts on, and only dist/ui/ readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'ui')],
  };
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, shell: WebviewShell): string {
  const nonce = newNonce();
  const ui = vscode.Uri.joinPath(extensionUri, 'dist', 'ui');
  const elements = webview.asWebviewUri(vscode.Uri.joinPath(ui, 'elements.js'));
  const script = webview.asWebviewUri(vscode.Uri.joinPath(ui, `${shell.script}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(ui, 'webview.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  // JSON in a <script type="application/json"> block: escape "<" so no value can close the element.
  const state = JSON.stringify(shell.initialState ?? null).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(shell.title)}</title>
</head>
<body>
${shell.body ?? ''}
<script type="application/json" id="initial-state" nonce="${nonce}">${state}</script>
<script type="module" nonce="${nonce}" src="${elements}"></script>
<script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
