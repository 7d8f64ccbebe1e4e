/**
 * Telling a calendar invitation email from ordinary mail, and finding its event (PLATFORM.md):
 * Route A: Calendar links carry `eid=` = base64url("<eventId> <calendarEmail>");
 * Route B: the invite.ics attachment's UID (the event's iCalUID).
 * Pure functions: no Apps Script service is touched here.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 or base64url (padding optional) to a UTF-8 string; null when it is not valid. */
export function decodeBase64Url(text: string): string | null {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return utf8Decode(bytes);
}

function utf8Decode(bytes: number[]): string | null {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b < 0x80) {
      cp = b;
      extra = 0;
    } else if (b >= 0xc2 && b < 0xe0) {
      cp = b & 0x1f;
      extra = 1;
    } else if (b >= 0xe0 && b < 0xf0) {
      cp = b & 0x0f;
      extra = 2;
    } else if (b >= 0xf0 && b < 0xf5) {
      cp = b & 0x07;
      extra = 3;
    } else return null;
    if (i + extra >= bytes.length) return null;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

export interface EidInfo {
  eventId: string;
  /** The calendar address as written in the eid (may be abbreviated, e.g. "ana@m" for gmail.com). */
  calendarEmail: string;
}

/** Decodes one eid value; null when it does not look like "<eventId> <email>". */
export function decodeEid(eid: string): EidInfo | null {
  let value = eid;
  try {
    value = decodeURIComponent(eid);
  } catch {
    // keep as is
  }
  const text = decodeBase64Url(value);
  if (text === null) return null;
  const m = /^([A-Za-z0-9_@.-]{5,1024}) (\S+)$/.exec(text.trim());
  if (!m) return null;
  return { eventId: m[1]!, calendarEmail: m[2]! };
}

/** The eid values of Google Calendar links in an email body (HTML or plain), first ones first. */
export function findEids(body: string): string[] {
  const out: string[] = [];
  const re =
    /https:\/\/(?:calendar\.google\.com|www\.google\.com\/calendar)[^\s"'<>]*?[?&](?:amp;)?eid=([A-Za-z0-9_%=-]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** The first event id an email body's Calendar links point to. */
export function eventIdFromBody(body: string): string | null {
  for (const eid of findEids(body)) {
    const info = decodeEid(eid);
    if (info) return info.eventId;
  }
  return null;
}

/** RFC 5545 unfolding: a line break followed by one space or tab continues the line. */
export function unfoldIcs(text: string): string[] {
  return text
    .replace(/\r\n|\r/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

/** The UID of the first VEVENT of an iCalendar text, or null. */
export function icsUid(text: string): string | null {
  let inEvent = false;
  for (const line of unfoldIcs(text)) {
    const upper = line.toUpperCase();
    if (upper.startsWith('BEGIN:VEVENT')) inEvent = true;
    else if (upper.startsWith('END:VEVENT')) inEvent = false;
    else if (inEvent && /^UID[;:]/i.test(line)) {
      const uid = line.slice(line.indexOf(':') + 1).trim();
      return uid === '' ? null : uid;
    }
  }
  return null;
}

/** METHOD of an iCalendar text (REQUEST, CANCEL, ...), upper-case; '' when missing. */
export function icsMethod(text: string): string {
  for (const line of unfoldIcs(text)) {
    if (/^METHOD:/i.test(line)) return line.slice(7).trim().toUpperCase();
  }
  return '';
}

/** True for the attachment Google Calendar puts on invitations. */
export function isIcsAttachment(name: string, contentType: string): boolean {
  return /^text\/calendar\b/i.test(contentType) || /\.ics$/i.test(name);
}
