// Ad hoc values for placeholders the instance and connector leave without a value: asked for with input
// boxes, remembered per endpoint in workspaceState (non-secret ones only).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { missingValues, rememberedValuesKey, type ResolvedPlaceholder } from './adHocValues';
import type { RunTarget } from './responsePanel';

/** The values to send; undefined when the user cancelled an input box. */
export async function askValues(
  client: LanguageClient,
  state: vscode.Memento,
  target: RunTarget,
  instanceUri: string | null,
): Promise<Record<string, string> | undefined> {
  const resolved = await client.sendRequest<{ placeholders?: ResolvedPlaceholder[] }>('patchworks/resolveRequest', {
    uri: target.connectorUri,
    endpointId: target.endpointId,
    ...(instanceUri ? { instanceUri } : {}),
  });
  const missing = missingValues(resolved.placeholders ?? []);
  const key = rememberedValuesKey(target.connectorUri, target.endpointId);
  const remembered = state.get<Record<string, string>>(key, {});
  const values: Record<string, string> = {};
  for (const [index, value] of missing.entries()) {
    const answer = await vscode.window.showInputBox({
      title: `Send Request: ${target.endpointId} (${index + 1}/${missing.length})`,
      prompt: `A value for {{${value.key}}}: ${value.why}.${value.secret ? ' Used for this run only, never stored.' : ''}`,
      value: value.secret ? '' : (remembered[value.key] ?? ''),
      password: value.secret,
      ignoreFocusOut: true,
    });
    if (answer === undefined) return undefined;
    values[value.key] = answer;
  }
  const toRemember = { ...remembered };
  for (const value of missing) if (!value.secret) toRemember[value.key] = values[value.key]!;
  await state.update(key, toRemember);
  return values;
}
