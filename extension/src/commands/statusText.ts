// The active-instance status-bar item's text and tooltip. No `vscode` import.

export const noInstanceText = '$(plug) No instance';

export function activeInstanceText(instanceLabel: string | undefined): string {
  return instanceLabel === undefined ? noInstanceText : `$(plug) ${instanceLabel}`;
}

export function activeInstanceTooltip(connectorLabel: string, instanceLabel: string | undefined): string {
  return instanceLabel === undefined
    ? `No active instance for ${connectorLabel}: placeholders show no values. Click to select one.`
    : `Active instance for ${connectorLabel}: ${instanceLabel}. Click to change it.`;
}
