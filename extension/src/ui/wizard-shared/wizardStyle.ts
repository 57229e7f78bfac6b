// The wizard's own layout, in VS Code's theme variables (the shared stylesheet has the base).
export const wizardCss = `
/* Room below the last field, so a select's dropdown near the bottom opens inside the view. */
main { max-width: 760px; padding-bottom: 320px; }
.wizard-steps { display: flex; flex-wrap: wrap; gap: 4px; list-style: none; padding: 0; margin: 12px 0; }
.wizard-step { background: none; color: var(--vscode-foreground); border: 1px solid var(--vscode-panel-border, transparent);
  border-radius: 2px; padding: 4px 10px; cursor: pointer; font: inherit; }
.wizard-step[aria-current="step"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.wizard-step.has-problems { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
.wizard-step:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
h1 { font-size: 1.4em; font-weight: 600; margin: 8px 0 2px; }
h1:focus { outline: none; }
h3 { font-size: 1.05em; margin: 0; }
vscode-textfield, vscode-textarea, vscode-single-select { width: 100%; max-width: 560px; }
vscode-form-group { margin: 6px 0; padding: 0; }
.wizard-browse { display: flex; gap: 8px; align-items: center; max-width: 560px; }
.wizard-browse > vscode-textfield { flex: 1; }
.wizard-list { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); border-radius: 2px; margin: 10px 0; padding: 6px 12px 12px; }
.wizard-list > legend { font-weight: 600; padding: 0 4px; }
.wizard-item { border-left: 2px solid var(--vscode-textBlockQuote-border, #8886); padding: 4px 0 4px 12px; margin: 10px 0; }
.wizard-item-header { display: flex; align-items: center; gap: 12px; }
.field-errors:empty { display: none; }
.field-errors { margin-top: 2px; }
#preview { background: var(--vscode-textCodeBlock-background); padding: 8px; max-height: 360px; overflow: auto; }
.wizard-buttons { display: flex; gap: 8px; align-items: center; margin-top: 16px; padding: 8px 0;
  border-top: 1px solid var(--vscode-panel-border, transparent); }
#general:empty { display: none; }
`;
