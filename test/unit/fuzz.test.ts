// Property-based fuzz of every place free text crosses a boundary, on the pure pieces (fast, many
// cases): the description block (render/parse/merge), the Sheet cell guard (safeCell/cellString
// against the runtime's own model of what Sheets stores), and the add-on's `html` card helper.
// Together with test/integration/fuzz-e2e.test.ts (the built gateway and add-on, fewer cases) this
// is over 10,000 cases. Properties: no cell ever holds a formula, no user markup reaches a
// description or a card, and text round-trips exactly (after the form's documented normalisation).
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  BLOCK_END,
  BLOCK_START,
  hasBlock,
  mergeBlock,
  parseBlock,
  removeBlock,
  renderBlock,
} from '../../src/core/description';
import { decodeHtmlEntities } from '../../src/core/html';
import { parseMeetingForm } from '../../src/core/meeting';
import { cellString, safeCell } from '../../src/gateway/schema';
import { enterValue } from '../../src/local/runtime/backends/sheets';
import { bullets, html, lines, numbered, render } from '../../src/addon/views/ui';
import { codePoint, hostile, meetingArb, NASTY } from './fuzz-arbitraries';

const ctx = {
  coachee: 'Ana <Ana@acme.test>',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  milestoneLabel: 'Initial & <first>',
  toolkitUrl: 'https://docs.google.com/document/d/t/edit?a=1&b=<2>',
};

/**
 * jest's expect with a plain check first: the properties call it about 100,000 times, and jest's matcher
 * machinery was a third of this file's CPU. A value that fails the plain check (Object.is for toBe;
 * strict deep equality for toEqual, which implies jest's looser toEqual) goes to jest, whose verdict and
 * message stand.
 */
const check = <T>(actual: T) => ({
  toBe(expected: T): void {
    if (!Object.is(actual, expected)) expect(actual).toBe(expected);
  },
  toEqual(expected: unknown): void {
    if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
  },
});

/** Every tag in a string that is not one of ours (<br> line breaks). */
const foreignTags = (s: string) => s.match(/<(?!br>)[^>]*>?/g) ?? [];

describe('description block: render / parse / merge', () => {
  test('normalisation is stable, the block has no user markup, and parse(render(m)) is exactly m (text and HTML forms)', () => {
    fc.assert(
      fc.property(meetingArb, fc.boolean(), (m, asHtml) => {
        const again = parseMeetingForm(m);
        check(again.ok && again.meeting).toEqual(m);
        const rendered = renderBlock(m, ctx, { html: asHtml });
        check(foreignTags(rendered)).toEqual([]);
        const parsed = parseBlock(rendered);
        check(parsed.problems).toEqual([]);
        check(parsed.meeting).toEqual(m);
      }),
      { numRuns: 2000 },
    );
  });

  test('merged into any description the organizer wrote: their text is kept, exactly one block is read back exactly', () => {
    const organizer = fc.oneof(hostile(300), fc.constant(''));
    fc.assert(
      fc.property(organizer, meetingArb, (own, m) => {
        fc.pre(!hasBlock(own));
        const merged = mergeBlock(own, m, ctx);
        check(merged.startsWith(own)).toBe(true);
        check(foreignTags(merged.slice(own.length))).toEqual([]);
        // The user's own text may even contain the marker words: still exactly one block, read exactly.
        const parsed = parseBlock(merged);
        check(parsed.problems).toEqual([]);
        check(parsed.meeting).toEqual(m);
        check(mergeBlock(merged, m, ctx)).toBe(merged);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Sheet cells: safeCell and cellString', () => {
  test("no text ever becomes a formula, in a plain-text ('@') column or an ordinary one; plain-text columns give it back exactly", () => {
    fc.assert(
      fc.property(
        fc.oneof(hostile(400), fc.string({ unit: codePoint, maxLength: 40 }), fc.constantFrom(...NASTY)),
        (s) => {
          const written = safeCell(s);
          check(typeof written).toBe('string');
          // What Sheets stores for it (the runtime's model of USER_ENTERED input), in both kinds of cell.
          const plain = enterValue(written, { explicitFormat: '@', timeZone: 'UTC' });
          const ordinary = enterValue(written, { timeZone: 'UTC' });
          for (const cell of [plain, ordinary])
            check(typeof cell === 'object' && cell !== null && 'f' in cell && cell.f !== undefined).toBe(false);
          check(cellString(plain ?? '')).toBe(s);
          // An ordinary cell (a column whose format was lost by hand) may turn "12" into a number,
          // but text that starts like a formula is still that text. (Text starting with an apostrophe
          // AND a formula character reads back one apostrophe short there: the reason text columns are '@'.)
          if (/^[=+\-@\t\r]/.test(s)) check(cellString(ordinary ?? '')).toBe(s);
        },
      ),
      { numRuns: 4000 },
    );
  });
});

describe("cards: the add-on's html helper", () => {
  test('interpolated text is always escaped: no user tag reaches a card, and the shown text is exactly what was typed', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostile(300), fc.string({ unit: codePoint, maxLength: 40 })),
        fc.array(hostile(80), { maxLength: 5 }),
        (s, list) => {
          const wrapped = html`<b>${s}</b> and <i>${s}</i>`.value;
          const m = /^<b>([^<>]*)<\/b> and <i>([^<>]*)<\/i>$/.exec(wrapped);
          expect(m).not.toBeNull();
          check(decodeHtmlEntities(m![1]!)).toBe(s);
          check(foreignTags(render(s))).toEqual([]);
          check(decodeHtmlEntities(render(s))).toBe(s);
          const joins: [string, RegExp][] = [
            [bullets(list).value, /^• /],
            [lines(list).value, /^/],
            [numbered(list).value, /^\d+\. /],
          ];
          for (const [joined, prefix] of joins) {
            check(foreignTags(joined)).toEqual([]);
            if (list.length === 0) check(joined).toBe('');
            else check(joined.split('<br>').map((x) => decodeHtmlEntities(x.replace(prefix, '')))).toEqual(list);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// ------------------------------------------------------------------------------------------
// The organizer's own lines survive every confirm / re-confirm / cancel (issue 11 item 4).

/** Seeded so a failure can be replayed: fast-check prints the seed and path with the counterexample. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261105);

/** Lines an organizer might type or paste, markers and block-looking lines included. */
const organizerLine = fc.oneof(
  fc.constantFrom(
    BLOCK_START,
    BLOCK_END,
    '--- CCM alignment meeting ---',
    'Goal: my own goal',
    'Agenda:',
    'Action plan:',
    'Action plan: none yet',
    '1. my first point',
    '- my bullet',
    '• another',
    'Coach’s role: facilitate. whatever',
    'Video link: https://meet.example.test/mine',
    'Confidentiality: my words',
    '',
  ),
  hostile(40).map((t) => t.replace(/[\r\n\u2028]|<br|<\/?p|<\/?div/gi, ' ')),
);

/** Non-empty line texts (as the block parser sees them) of a plain-text description. */
const textLines = (d: string) =>
  d
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const isStart = (l: string) =>
  /^[-\u2010-\u2015\u2500-\u2501\u2212=_~]{2,}\s*CCM alignment meeting\s*[-\u2010-\u2015\u2500-\u2501\u2212=_~]{2,}$/i.test(
    l,
  );
const isEnd = (l: string) =>
  /^[-\u2010-\u2015\u2500-\u2501\u2212=_~]{2,}\s*end of CCM alignment meeting\s*[-\u2010-\u2015\u2500-\u2501\u2212=_~]{2,}$/i.test(
    l,
  );

/**
 * The organizer's lines the add-on promises to keep: all of them except those inside a complete
 * start..end pair they typed themselves (that is a CCM block by the format's definition, and the
 * panel reads it back into the form before it is rewritten). An independent model of the rule.
 */
function protectedLines(lines: string[]): string[] {
  const kept: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (isStart(lines[i]!)) {
      let j = i + 1;
      while (j < lines.length && !isStart(lines[j]!) && !isEnd(lines[j]!)) j++;
      if (j < lines.length && isEnd(lines[j]!)) {
        i = j + 1;
        continue;
      }
    }
    kept.push(lines[i]!);
    i++;
  }
  return kept;
}

/** Whether every line of `want` (as a multiset) is among `have`. */
function containsAll(have: string[], want: string[]): boolean {
  const count = new Map<string, number>();
  for (const l of have) count.set(l, (count.get(l) ?? 0) + 1);
  return want.every((l) => {
    const n = count.get(l) ?? 0;
    count.set(l, n - 1);
    return n > 0;
  });
}

describe('the organizer’s own text is never deleted', () => {
  test('for any organizer text (markers included) and any confirm / re-confirm / cancel sequence, every line they wrote stays', () => {
    const op = fc.oneof(
      meetingArb.map((m) => ({ kind: 'confirm' as const, m })),
      fc.constant({ kind: 'cancel' as const }),
    );
    fc.assert(
      fc.property(
        fc.array(organizerLine, { maxLength: 12 }),
        fc.array(op, { minLength: 1, maxLength: 5 }),
        (own, ops) => {
          const original = own.join('\n');
          const keep = protectedLines(textLines(original));
          let d = original;
          for (const o of ops) {
            d = o.kind === 'confirm' ? mergeBlock(d, o.m, ctx) : removeBlock(d);
            check(containsAll(textLines(d), keep)).toBe(true);
            if (o.kind === 'confirm') check(parseBlock(d).meeting).toEqual(o.m);
          }
        },
      ),
      { numRuns: 1500, seed: FUZZ_SEED },
    );
  });
});
