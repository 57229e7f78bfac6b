// The response panel's own styles, added as a <style> element (the CSP allows inline styles, not inline
// scripts). Colours come only from VS Code's theme variables.
export const RESPONSE_STYLES = `
h1 { font-size: 1.3em; font-weight: 600; margin: 12px 0 4px; }
h1 .subtitle { font-weight: normal; font-size: 0.85em; }
h3 { font-size: 1em; margin: 12px 0 4px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.running { display: flex; align-items: center; gap: 8px; margin: 12px 0; }
.outcome { margin: 4px 0; }
.outcome-succeeded strong { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.outcome-failed strong { color: var(--vscode-errorForeground); }
.outcome-stopped strong { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.outcome-cancelled strong { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
vscode-tabs { margin-top: 8px; }
vscode-collapsible { margin: 4px 0; }
.exchange { padding: 4px 12px 8px; }
.request-line code, .status-line { word-break: break-all; }
pre.body {
  max-height: 60vh; overflow: auto; margin: 4px 0; padding: 8px;
  background: var(--vscode-textCodeBlock-background); border: 1px solid var(--vscode-panel-border, transparent);
  white-space: pre; tab-size: 2;
}
.truncated { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.table-wrap { overflow: auto; max-height: 60vh; margin: 4px 0; }
table { border-collapse: collapse; font-size: 0.95em; }
th, td { text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); }
thead th { position: sticky; top: 0; background: var(--vscode-editor-background); font-weight: 600; }
table.grid tbody tr:nth-child(even) { background: var(--vscode-list-hoverBackground); }
table.key-value th { color: var(--vscode-descriptionForeground); font-weight: normal; white-space: nowrap; }
table.grid td { white-space: nowrap; max-width: 40ch; overflow: hidden; text-overflow: ellipsis; }
table.key-value td { word-break: break-word; }
code { background: var(--vscode-textCodeBlock-background); padding: 0 3px; }
/* Room below each line, so the next line's code background does not hide underscores. */
li { line-height: 1.6; }
`;
