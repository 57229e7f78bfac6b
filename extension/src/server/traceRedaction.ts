// Protocol traces (patchworks.server.trace = verbose) print message contents. Two messages carry secrets the
// user entrusted to VS Code: the client's answer to `patchworks/getSecrets`, and a quick fix's
// `patchworks.storeSecret` argument. Their values are masked before a trace line reaches the log. No `vscode`.

export const maskedSecret = '••••••';

export function redactTrace(message: string): string {
  if (message.includes('patchworks/getSecrets')) {
    // Keep the first line ("Sending response 'patchworks/getSecrets - (3)'...") and drop the payload.
    const firstLine = message.split('\n', 1)[0] ?? '';
    return message.includes('\n') ? `${firstLine}\n(secret values not logged)` : firstLine;
  }
  if (message.includes('patchworks.storeSecret')) {
    return message.replace(/("value"\s*:\s*)"(?:[^"\\]|\\.)*"/g, `$1"${maskedSecret}"`);
  }
  return message;
}

/**
 * Masks every occurrence of the given secret values (the Patchworks API key or password a user signed in with) in
 * a message before it reaches the log: messages relayed from the server should never hold them, and this makes sure.
 */
export function maskValues(message: string, values: readonly string[]): string {
  let masked = message;
  for (const value of values) {
    if (value.length > 0) masked = masked.split(value).join(maskedSecret);
  }
  return masked;
}
