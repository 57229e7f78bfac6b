// "Copy as cURL": the request as the run sent it, as a shell command. The run holds no secret (the server
// replaced each with ••••••), so the command cannot hold one either; the mask becomes a visible placeholder the
// user fills in, rather than a string curl would send as is.
import { SERVER_MASK, type RequestRecord } from '../server/runModel';

/** What stands for a secret in the command. */
export const CURL_SECRET_PLACEHOLDER = '<redacted>';

/** Headers curl computes itself from the URL and the body; sending the recorded ones could contradict them. */
const HEADERS_CURL_SETS = new Set(['host', 'content-length', 'connection']);

export function buildCurl(request: RequestRecord): string {
  const head: string[] = ['curl'];
  const parts: string[] = [];
  const method = request.method.toUpperCase();
  const hasBody = request.body !== undefined && request.body !== '';
  // curl sends GET without a body and POST with one; say the method whenever it is anything else.
  if (!(method === 'GET' && !hasBody) && !(method === 'POST' && hasBody)) {
    head.push(`-X ${method}`);
  }
  head.push(shellQuote(unmaskAsPlaceholder(request.url)));
  for (const header of request.headers) {
    const name = header.name.toLowerCase();
    if (HEADERS_CURL_SETS.has(name)) continue;
    if (name === 'accept-encoding') {
      // Asking for gzip without --compressed would print the compressed bytes.
      parts.push('--compressed');
      continue;
    }
    parts.push(`-H ${shellQuote(`${header.name}: ${unmaskAsPlaceholder(header.value)}`)}`);
  }
  if (hasBody) {
    parts.push(`--data-raw ${shellQuote(unmaskAsPlaceholder(request.body!))}`);
  }
  // The command and URL on the first line, one option per continuation line.
  return [head.join(' '), ...parts].join(' \\\n  ');
}

/** True when the command has placeholders the user must replace before it can work. */
export function curlNeedsSecrets(request: RequestRecord): boolean {
  return [request.url, request.body ?? '', ...request.headers.map((h) => h.value)].some((text) => text.includes(SERVER_MASK));
}

function unmaskAsPlaceholder(text: string): string {
  return text.split(SERVER_MASK).join(CURL_SECRET_PLACEHOLDER);
}

/** POSIX single quotes: nothing inside is special except the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
