// The words shown after patchworks/signIn. No `vscode` import, so it is unit-tested.

export interface SignInAnswer {
  signedIn: boolean;
  authMethod?: string;
  message: string;
  exchanges?: unknown[];
}

export function signInMessage(instanceFile: string, answer: SignInAnswer): string {
  const requests = answer.exchanges?.length ?? 0;
  const detail = requests > 0 ? ` (${requests} token request${requests === 1 ? '' : 's'})` : '';
  return answer.signedIn
    ? `Patchworks: ${instanceFile} is signed in${answer.authMethod ? ` with '${answer.authMethod}'` : ''}${detail}. Runs use its token; the refresh token is kept in VS Code's secret storage.`
    : `Patchworks: ${instanceFile} could not sign in: ${answer.message}`;
}
