// Asks the language server to check a draft with the rules a saved file gets (patchworks/validateDraft).
import type { Services } from '../services';
import type { DraftDiagnostic } from '../forms/fieldDiagnostics';

/** The answer of patchworks/validateDraft (checked against the server's by the language server's tests). */
export interface ValidateDraftAnswer {
  diagnostics: DraftDiagnostic[];
}

export async function validateDraft(services: Services, kind: 'connector' | 'instance', text: string, uri: string | undefined): Promise<DraftDiagnostic[]> {
  const client = await services.whenClientReady();
  const result = await client.sendRequest<ValidateDraftAnswer>('patchworks/validateDraft', { kind, text, uri: uri ?? null });
  return result.diagnostics;
}
