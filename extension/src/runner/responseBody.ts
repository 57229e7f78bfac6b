// A response body as the panel shows it: JSON and XML pretty-printed, everything else as received, cut at a
// size a webview renders quickly. The whole body stays one click away ("Open whole body").
import type { ResponseRecord } from '../server/runModel';

export type BodyLanguage = 'json' | 'xml' | 'html' | 'plaintext';

export interface BodyText {
  /** The whole body, pretty-printed where the format allows. */
  text: string;
  language: BodyLanguage;
}

export interface BodyPreview {
  /** At most `limit` characters of the pretty body, cut at a line end where one is near. */
  text: string;
  language: BodyLanguage;
  truncated: boolean;
  /** Length of the whole pretty body in characters. */
  totalChars: number;
  /** The body was too large for the server to keep: the whole of it is in this file. */
  bodyFile?: string;
}

/** Bodies over this many characters are cut in the panel. */
export const DEFAULT_PREVIEW_CHARS = 100_000;

export function bodyText(response: ResponseRecord): BodyText {
  if ('json' in response && response.json !== undefined) {
    return { text: JSON.stringify(response.json, null, 2), language: 'json' };
  }
  const body = response.body ?? '';
  const language = languageOf(response.contentType, body);
  if (language === 'json') {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), language };
    } catch {
      // A body that says JSON but is not (cut off, or an HTML error page): shown exactly as received.
      return { text: body, language: 'plaintext' };
    }
  }
  if (language === 'xml') {
    return { text: prettyXml(body), language };
  }
  return { text: body, language };
}

export function bodyPreview(response: ResponseRecord, limit = DEFAULT_PREVIEW_CHARS): BodyPreview {
  const whole = bodyText(response);
  const preview: BodyPreview = {
    ...truncate(whole.text, limit),
    language: whole.language,
    totalChars: whole.text.length,
  };
  if (response.bodyFile) {
    // The server kept only the first part in memory: the preview is partial even when short.
    preview.truncated = true;
    preview.bodyFile = response.bodyFile;
  }
  return preview;
}

export function truncate(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  const lineEnd = text.lastIndexOf('\n', limit);
  // Prefer a whole last line, unless that would drop most of the preview (one huge line).
  const cut = lineEnd > limit * 0.8 ? lineEnd : limit;
  return { text: text.slice(0, cut), truncated: true };
}

export function languageOf(contentType: string | undefined, body: string): BodyLanguage {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) return 'json';
  if (type.includes('html')) return 'html';
  if (type.includes('xml')) return 'xml';
  const start = body.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<?xml') || /^<[A-Za-z][\w:.-]*[\s>\/]/.test(start)) return 'xml';
  return 'plaintext';
}

/**
 * Indents XML one element per line. Text content stays on its element's line; CDATA, comments and processing
 * instructions are copied whole. A body that is not well-formed is still printed, just less tidily: nothing is
 * ever dropped.
 */
export function prettyXml(xml: string, indentUnit = '  '): string {
  const tokens = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<[^>]+>|[^<]+/g);
  if (!tokens) return xml;
  const lines: string[] = [];
  let depth = 0;
  // The line of an element just opened, kept open while only text follows, so <a>text</a> stays on one line.
  let pending: string | undefined;
  const flush = () => {
    if (pending !== undefined) lines.push(pending);
    pending = undefined;
  };
  for (const token of tokens) {
    if (!token.startsWith('<') || token.startsWith('<![CDATA[')) {
      const text = token.startsWith('<') ? token : token.trim();
      if (text === '') continue;
      if (pending !== undefined) pending += text;
      else lines.push(indentUnit.repeat(depth) + text);
    } else if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      if (pending !== undefined) {
        pending += token;
        flush();
      } else {
        lines.push(indentUnit.repeat(depth) + token);
      }
    } else {
      flush();
      const opens = !token.endsWith('/>') && !token.startsWith('<?') && !token.startsWith('<!');
      if (opens) {
        pending = indentUnit.repeat(depth) + token;
        depth++;
      } else {
        lines.push(indentUnit.repeat(depth) + token);
      }
    }
  }
  flush();
  return lines.join('\n');
}
