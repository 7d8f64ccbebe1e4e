/**
 * Text hygiene for everything a person types: normalising, measuring, and checking links.
 * No URL API (Apps Script V8 has none), so links are checked with a strict pattern.
 */

// Bidi embedding/override/isolate controls and the BOM: invisible, and able to make text display
// differently from what it says. Zero-width joiners (U+200C/U+200D) stay: Persian, Indic scripts
// and emoji need them.
const INVISIBLE_CONTROLS = /[\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// C0/C1 controls, DEL, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_SEPARATOR = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/**
 * One line of person-typed text: Unicode NFC, invisible direction controls removed, every control
 * character and run of whitespace turned into a single space, trimmed. Non-Latin text is untouched.
 */
export function cleanLine(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .normalize('NFC')
    .replace(INVISIBLE_CONTROLS, '')
    .replace(CONTROL_OR_SEPARATOR, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits multi-line input (\n, \r\n, \r, U+2028) into cleaned, non-empty lines. */
export function cleanLines(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  return String(value)
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map(cleanLine)
    .filter((line) => line !== '');
}

/** Length in characters as a person counts them (code points, so an emoji is 1, not 2). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `max` code points, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (codePointLength(text) <= max) return text;
  return (
    Array.from(text)
      .slice(0, Math.max(0, max - 1))
      .join('') + '…'
  );
}

export const MAX_URL_LENGTH = 2000;

const HOST_LABEL = '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)';
const TLD = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})';
// https://host[:port][/path][?query][#fragment]: no user info (so "https://meet.google.com@evil.test"
// is refused), no spaces, quotes, angle brackets or backslashes anywhere.
const HTTPS_URL = new RegExp(
  `^https://(?:${HOST_LABEL}\\.)+${TLD}(?::(\\d{1,5}))?(?:[/?#][^\\s<>"'\`\\\\{}|^]*)?$`,
  'i',
);

/** Why `text` is not an acceptable https link, in words; null when it is fine. */
export function httpsUrlProblem(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return 'is empty';
  const t = text.trim();
  if (t.length > MAX_URL_LENGTH) return `is longer than ${MAX_URL_LENGTH} characters`;
  if (/^http:\/\//i.test(t)) return 'must start with https:// (a secure link), not http://';
  if (!/^https:\/\//i.test(t)) return 'must be a link starting with https://';
  const m = HTTPS_URL.exec(t);
  if (!m) {
    if (/^https:\/\/[^/?#]*@/i.test(t)) return 'must not contain a user name or password before the host';
    if (/[\s<>"'`\\{}|^]/.test(t)) return 'contains spaces or characters a link cannot have';
    return "doesn't look like a web address (for example https://meet.google.com/abc-defg-hij)";
  }
  if (m[1] !== undefined && Number(m[1]) > 65535) return 'has an impossible port number';
  return null;
}

export function isHttpsUrl(text: unknown): text is string {
  return httpsUrlProblem(text) === null;
}
