// Where the Patchworks credentials (the API key, or the username and password) may be sent. No `vscode` import, so
// it is unit-tested. The default Core API's origin is allowed; another origin only once the user has confirmed it
// (remembered per origin in the extension's globalState, outside any workspace); plain http only to this machine.
// When patchworks.runner.connectTo sends the origin's connections elsewhere, the confirmation names that address
// and is remembered for the origin *through* it, so a rule added later asks again.

export const defaultCoreApiOrigin = 'https://core.wearepatchworks.com';

export type CredentialDecision =
  /** Send them: the default origin, or one confirmed before. */
  | { kind: 'allowed'; origin: string; key: string }
  /** Ask first ("Send your Patchworks credentials to …?"); remember `key` when the user agrees. */
  | { kind: 'confirm'; origin: string; key: string; connectedTo: string | undefined }
  /** Never: not a URL, not http(s), or plain http to another machine. */
  | { kind: 'refused'; message: string };

/** localhost, 127.0.0.0/8 and ::1 (also written [::1] or as an IPv4-mapped ::ffff:127.x.y.z). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (h === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(h)) return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255) && Number(v4[1]) === 127;
}

/** `scheme://host[:port]` of an http(s) URL (the default port left out, as WHATWG URL does), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The connect-to rule (`HOST:PORT:TARGET:PORT`, `*` or empty matching any) that applies to the origin, as
 * `TARGET:PORT`, or undefined when none does. The first matching rule wins, as in the runner.
 */
export function connectedTo(origin: string, connectTo: readonly string[]): string | undefined {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  for (const rule of connectTo) {
    const parts = rule.split(':');
    if (parts.length !== 4) continue;
    const [ruleHost, rulePort, targetHost, targetPort] = parts as [string, string, string, string];
    const hostMatches = ruleHost === '' || ruleHost === '*' || ruleHost.toLowerCase() === host;
    const portMatches = rulePort === '' || rulePort === '*' || rulePort === port;
    if (hostMatches && portMatches) return `${targetHost || host}:${targetPort || port}`;
  }
  return undefined;
}

/**
 * What to do before sending the credentials to `apiUrl`. `remembered`: the keys the user confirmed before.
 * `connectTo`: the patchworks.runner.connectTo rules that apply to publishing.
 */
export function credentialDecision(apiUrl: string, remembered: readonly string[], connectTo: readonly string[] = []): CredentialDecision {
  let parsed: URL;
  try {
    parsed = new URL(apiUrl);
  } catch {
    return { kind: 'refused', message: `patchworks.publish.apiUrl is not a URL: "${apiUrl}".` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { kind: 'refused', message: `patchworks.publish.apiUrl must be an https URL, not "${apiUrl}".` };
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return {
      kind: 'refused',
      message: `Your Patchworks credentials are never sent over plain http to another machine (${parsed.origin}): use https in patchworks.publish.apiUrl (http is only for localhost, 127.0.0.0/8 and ::1).`,
    };
  }
  const origin = parsed.origin;
  const via = connectedTo(origin, connectTo);
  const key = via ? `${origin} via ${via}` : origin;
  if ((origin === defaultCoreApiOrigin && !via) || remembered.includes(key)) return { kind: 'allowed', origin, key };
  return { kind: 'confirm', origin, key, connectedTo: via };
}

/** The modal's question. */
export function confirmationQuestion(decision: Extract<CredentialDecision, { kind: 'confirm' }>): string {
  return `Send your Patchworks credentials to ${decision.origin}?`;
}

export function confirmationDetail(decision: Extract<CredentialDecision, { kind: 'confirm' }>): string {
  const route = decision.connectedTo
    ? ` Its connections go to ${decision.connectedTo} (patchworks.runner.connectTo).`
    : '';
  return `Publishing signs in to ${decision.origin} with the API key or login you stored with Sign In to Patchworks.${route} `
    + `This is not the Patchworks Core API (${defaultCoreApiOrigin}): send them only to a host you know. `
    + 'Your answer is remembered for this address, in VS Code, not in the workspace.';
}

/** The remembered keys with one more, as stored in globalState. */
export function remember(remembered: readonly string[], key: string): string[] {
  return remembered.includes(key) ? [...remembered] : [...remembered, key];
}

/** globalState's value, whatever it holds. */
export function rememberedKeys(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
