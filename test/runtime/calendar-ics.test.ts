// invite.ics generation and parsing (RFC 5545 folding, escaping, unfolding).
import fc from 'fast-check';
import {
  escapeText,
  unescapeText,
  foldLine,
  unfold,
  utf8Length,
  parseIcs,
  serializeIcs,
  parseContentLine,
  invitationIcs,
  icsComponent,
  icsProp,
  icsText,
  icsUtc,
  parseIcsUtc,
} from '../../src/local/runtime/ics';
import { codePoint } from '../unit/fuzz-arbitraries';

describe('ics: escaping and folding', () => {
  test('TEXT escaping covers backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    expect(unescapeText('a\\\\b\\;c\\,d\\ne\\Nf')).toBe('a\\b;c,d\ne\nf');
  });

  test('escape then unescape is the identity (newlines normalised to \\n)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(unescapeText(escapeText(s))).toBe(s.replace(/\r\n|\r/g, '\n'));
      }),
    );
  });

  test('folds at 75 octets, continuation lines start with one space, multi-byte characters stay whole', () => {
    const line = 'DESCRIPTION:' + 'é'.repeat(100);
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const [i, l] of physical.entries()) {
      expect(utf8Length(l)).toBeLessThanOrEqual(75);
      if (i > 0) expect(l.startsWith(' ')).toBe(true);
      expect(l).not.toContain('\uFFFD');
    }
    expect(unfold(folded)).toBe(line);
  });

  test('fold/unfold round trip on arbitrary text, every physical line within 75 octets', () => {
    fc.assert(
      fc.property(fc.string({ unit: codePoint, maxLength: 400 }), (s) => {
        const line = 'X:' + s.replace(/[\r\n]/g, '');
        const folded = foldLine(line);
        expect(unfold(folded)).toBe(line);
        for (const l of folded.split('\r\n')) expect(utf8Length(l)).toBeLessThanOrEqual(75);
      }),
    );
  });

  test('a short line is not folded', () => {
    expect(foldLine('UID:abc@google.com')).toBe('UID:abc@google.com');
  });

  test('quoted parameter values may hold colons and semicolons', () => {
    const p = parseContentLine('ATTENDEE;CN="Doe; Jane: PhD";ROLE=REQ-PARTICIPANT:mailto:jane@x.test');
    expect(p).toEqual({
      name: 'ATTENDEE',
      params: { CN: 'Doe; Jane: PhD', ROLE: 'REQ-PARTICIPANT' },
      value: 'mailto:jane@x.test',
    });
  });

  test('UTC date-times round trip', () => {
    const ms = Date.UTC(2026, 2, 2, 9, 30, 5);
    expect(icsUtc(ms)).toBe('20260302T093005Z');
    expect(parseIcsUtc('20260302T093005Z')).toBe(ms);
    expect(parseIcsUtc('20260302')).toBe(Date.UTC(2026, 2, 2));
  });
});

describe('ics: Google-style invitation', () => {
  const description = 'Agenda; goals, and notes\nLine two with a long tail '.repeat(6) + 'ünïcödé ✓';
  const text = invitationIcs({
    method: 'REQUEST',
    uid: 'abc123def456@google.com',
    sequence: 2,
    startMs: Date.UTC(2026, 2, 2, 9),
    endMs: Date.UTC(2026, 2, 2, 10),
    stampMs: Date.UTC(2026, 1, 1),
    createdMs: Date.UTC(2026, 1, 1),
    lastModifiedMs: Date.UTC(2026, 1, 1),
    summary: 'CCM alignment, Q1',
    description,
    organizer: { email: 'ana@acme.test', name: 'Ana Lopez' },
    attendees: [
      { email: 'ana@acme.test', name: 'Ana Lopez', partstat: 'ACCEPTED' },
      { email: 'bo@acme.test', partstat: 'NEEDS-ACTION', rsvp: true },
    ],
    status: 'CONFIRMED',
  });

  test('uses CRLF line ends and no physical line exceeds 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const l of text.split('\r\n')) expect(utf8Length(l)).toBeLessThanOrEqual(75);
  });

  test('parses back: METHOD, UID, times, organizer, attendees, sequence and the escaped description', () => {
    const cal = parseIcs(text);
    expect(cal.name).toBe('VCALENDAR');
    expect(icsProp(cal, 'METHOD')?.value).toBe('REQUEST');
    const ev = icsComponent(cal, 'VEVENT')!;
    expect(icsProp(ev, 'UID')?.value).toBe('abc123def456@google.com');
    expect(icsProp(ev, 'DTSTART')?.value).toBe('20260302T090000Z');
    expect(icsProp(ev, 'DTEND')?.value).toBe('20260302T100000Z');
    expect(icsProp(ev, 'SEQUENCE')?.value).toBe('2');
    expect(icsProp(ev, 'ORGANIZER')).toEqual({
      name: 'ORGANIZER',
      params: { CN: 'Ana Lopez' },
      value: 'mailto:ana@acme.test',
    });
    const attendees = ev.properties.filter((p) => p.name === 'ATTENDEE');
    expect(attendees.map((a) => [a.value, a.params.PARTSTAT])).toEqual([
      ['mailto:ana@acme.test', 'ACCEPTED'],
      ['mailto:bo@acme.test', 'NEEDS-ACTION'],
    ]);
    expect(icsText(ev, 'SUMMARY')).toBe('CCM alignment, Q1');
    expect(icsText(ev, 'DESCRIPTION')).toBe(description);
    // The raw (folded) text shows the escapes Google writes.
    expect(unfold(text)).toContain('SUMMARY:CCM alignment\\, Q1');
  });

  test('serialize(parse(x)) reproduces the text', () => {
    expect(serializeIcs(parseIcs(text))).toBe(text);
  });

  test('a mismatched END is an error', () => {
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n')).toThrow(/unexpected END/);
  });
});
