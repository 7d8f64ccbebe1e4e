/**
 * HTML escaping for every place user text meets markup: card text widgets (which render basic HTML)
 * and the Calendar description block (which Calendar treats as limited HTML).
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes & < > " ' so no user text can become markup. Non-strings are stringified first. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  bull: '\u2022',
  middot: '\u00B7',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201C',
  rdquo: '\u201D',
};

/**
 * Decodes HTML entities in ONE pass (so "&amp;lt;" becomes "&lt;", not "<"). Unknown entities are
 * left as they are. `&nbsp;` becomes a plain space because Calendar's editor inserts it for spaces.
 */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

/**
 * Turns Calendar-flavoured HTML into plain text lines: <br>, and the ends of <p>, <div>, <li> become
 * newlines; every other tag is dropped; entities are decoded once. Tags are removed BEFORE decoding,
 * so escaped user text ("&lt;b&gt;") comes back as text, never as a tag.
 */
export function htmlToText(html: string): string {
  return decodeHtmlEntities(
    html
      .replace(/\r\n?/g, '\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
      .replace(/<(p|div|li|h[1-6]|tr)(\s[^<>]*)?>/gi, '')
      .replace(/<\/?[a-zA-Z][^<>]*>/g, ''),
  );
}
