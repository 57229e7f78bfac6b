// A listen or test message refused for a secret without a value (the broker password, usually): as Send Request
// does, the user may type it for this time only (sent as a value, never stored), or, for a `secret:NAME`
// reference, store it in VS Code's secret storage where the server reads it. Values are never logged.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { secretStorageName, type MissingSecret } from './requestErrors';

const ENTER = 'Enter It for This Time…';
const STORE = 'Store in Secret Storage…';

/** The values to retry with (typed ones), or undefined when the user gave up. */
export async function askMissingSecrets(services: Services, missing: MissingSecret[], title: string): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const secret of missing) {
    const storageName = secretStorageName(secret.reference);
    const buttons = storageName ? [ENTER, STORE] : [ENTER];
    const choice = await vscode.window.showWarningMessage(`${title}: ${secret.message}`, ...buttons);
    if (!choice) return undefined;
    const value = await vscode.window.showInputBox({
      title: `${title}: ${secret.variable}`,
      prompt: choice === STORE
        ? `The value of ${secret.reference} (${secret.usedBy}), kept in VS Code's secret storage.`
        : `The value of ${secret.variable} (${secret.usedBy}). Used this time only, never stored.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    if (choice === STORE && storageName) {
      await services.context.secrets.store(storageName, value);
      services.log.info(`Stored the secret "${storageName}" in VS Code's secret storage.`);
    } else {
      values[secret.variable] = value;
    }
  }
  return values;
}
