// Arbitraries shared by the fuzz tests (test/unit/fuzz.test.ts, test/integration/fuzz-e2e.test.ts):
// hostile text built from what an attacker or a careless paste would use, and any meeting form a
// person could submit, through the form's own validation and normalisation.
import fc from 'fast-check';
import { BLOCK_END, BLOCK_START } from '../../src/core/description';
import { MEETING_LIMITS, parseMeetingForm, type Meeting } from '../../src/core/meeting';

/** Pieces an attacker (or a careless paste) would use. */
export const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</b>',
  '<br>',
  '<p>',
  '<div>',
  '<!--',
  '-->',
  '&amp;',
  '&lt;b&gt;',
  '&#60;',
  '&nbsp;',
  '=IMPORTXML("https://evil.test","//a")',
  '=HYPERLINK("https://evil.test")',
  '+SUM(A1:A9)',
  '-1',
  '@here',
  '\t',
  '\r',
  '\n',
  "'",
  '"',
  '`',
  BLOCK_START,
  BLOCK_END,
  '── ',
  'Goal: ',
  'Agenda:',
  'Action plan:',
  '1. ',
  '- ',
  '• ',
  ' | manager | 2026-03-17',
  'Coach\u2019s role: facilitate',
  '成长',
  'مرحبا',
  '🎯',
  'e\u0301',
  '\u200b',
  '\u2028',
  '\u202e',
  '\u0000',
  '\ufeff',
  '%20',
  '${x}',
  '\\',
  'javascript:alert(1)',
];

const SURROGATES = 0xe000 - 0xd800;
/**
 * Any code point but a lone surrogate: fast-check's own `unit: 'binary'`, value for value and shrink for
 * shrink from the same seed (the same index over the same ranges), without its cost: the built-in one
 * maps all 1.1 million code points back to indexes when a process first makes a string of it (1.5 s).
 */
export const codePoint: fc.Arbitrary<string> = fc.nat({ max: 0x10ffff - SURROGATES }).map(
  (i) => String.fromCodePoint(i < 0xd800 ? i : i + SURROGATES),
  (s) => {
    const cp = typeof s === 'string' ? s.codePointAt(0) : undefined;
    if (cp === undefined || String.fromCodePoint(cp) !== s || (cp >= 0xd800 && cp < 0xe000))
      throw new Error('not one code point');
    return cp < 0xd800 ? cp : cp - SURROGATES;
  },
);

export const hostile = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...NASTY),
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.string({ unit: codePoint, maxLength: 6 }),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join('').slice(0, maxLength));

/** Any form a person could submit, through the form's own validation and normalisation. */
export const meetingArb: fc.Arbitrary<Meeting> = fc
  .record({
    goal: hostile(MEETING_LIMITS.goal),
    agenda: fc.array(hostile(MEETING_LIMITS.agendaItem), { minLength: 1, maxLength: 10 }),
    actionPlan: fc.array(
      fc.record({
        step: hostile(MEETING_LIMITS.actionStep),
        owner: fc.constantFrom('coachee', 'manager', 'coach'),
        due: fc.option(fc.constantFrom('2026-03-17', '2028-02-29'), { nil: undefined }),
      }),
      { maxLength: 10 },
    ),
    coachRole: fc.constantFrom('observe', 'facilitate', 'clarify'),
    videoLink: fc.option(
      fc.constantFrom('https://meet.google.com/abc-defg-hij', 'https://acme.zoom.us/j/1?pwd=a&b=%20<x>'),
      { nil: undefined },
    ),
  })
  .map((m) => parseMeetingForm(m))
  .filter((r): r is { ok: true; meeting: Meeting } => r.ok)
  .map((r) => r.meeting);
