// Property-based fuzz of every place free text crosses a boundary, on the pure pieces (fast, many
// cases): the description block (render/parse/merge), the Sheet cell guard (safeCell/cellString
// against the runtime's own model of what Sheets stores), and the add-on's `html` card helper.
// Together with test/integration/fuzz-e2e.test.ts (the built gateway and add-on, fewer cases) this
// is over 10,000 cases. Properties: no cell ever holds a formula, no user markup reaches a
// description or a card, and text round-trips exactly (after the form's documented normalisation).
import fc from 'fast-check';
import { hasBlock, mergeBlock, parseBlock, renderBlock } from '../../src/core/description';
import { decodeHtmlEntities } from '../../src/core/html';
import { parseMeetingForm } from '../../src/core/meeting';
import { cellString, safeCell } from '../../src/gateway/schema';
import { enterValue } from '../../src/local/runtime/backends/sheets';
import { bullets, html, lines, numbered, render } from '../../src/addon/views/ui';
import { hostile, meetingArb, NASTY } from './fuzz-arbitraries';

const ctx = {
  coachee: 'Ana <Ana@acme.test>',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  milestoneLabel: 'Initial & <first>',
  toolkitUrl: 'https://docs.google.com/document/d/t/edit?a=1&b=<2>',
};

/** Every tag in a string that is not one of ours (<br> line breaks). */
const foreignTags = (s: string) => s.match(/<(?!br>)[^>]*>?/g) ?? [];

describe('description block: render / parse / merge', () => {
  test('normalisation is stable, the block has no user markup, and parse(render(m)) is exactly m (text and HTML forms)', () => {
    fc.assert(
      fc.property(meetingArb, fc.boolean(), (m, asHtml) => {
        const again = parseMeetingForm(m);
        expect(again.ok && again.meeting).toEqual(m);
        const rendered = renderBlock(m, ctx, { html: asHtml });
        expect(foreignTags(rendered)).toEqual([]);
        const parsed = parseBlock(rendered);
        expect(parsed.problems).toEqual([]);
        expect(parsed.meeting).toEqual(m);
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
        expect(merged.startsWith(own)).toBe(true);
        expect(foreignTags(merged.slice(own.length))).toEqual([]);
        // The user's own text may even contain the marker words: still exactly one block, read exactly.
        const parsed = parseBlock(merged);
        expect(parsed.problems).toEqual([]);
        expect(parsed.meeting).toEqual(m);
        expect(mergeBlock(merged, m, ctx)).toBe(merged);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Sheet cells: safeCell and cellString', () => {
  test("no text ever becomes a formula, in a plain-text ('@') column or an ordinary one; plain-text columns give it back exactly", () => {
    fc.assert(
      fc.property(
        fc.oneof(hostile(400), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...NASTY)),
        (s) => {
          const written = safeCell(s);
          expect(typeof written).toBe('string');
          // What Sheets stores for it (the runtime's model of USER_ENTERED input), in both kinds of cell.
          const plain = enterValue(written, { explicitFormat: '@', timeZone: 'UTC' });
          const ordinary = enterValue(written, { timeZone: 'UTC' });
          for (const cell of [plain, ordinary])
            expect(typeof cell === 'object' && cell !== null && 'f' in cell && cell.f !== undefined).toBe(false);
          expect(cellString(plain ?? '')).toBe(s);
          // An ordinary cell (a column whose format was lost by hand) may turn "12" into a number,
          // but text that starts like a formula is still that text. (Text starting with an apostrophe
          // AND a formula character reads back one apostrophe short there: the reason text columns are '@'.)
          if (/^[=+\-@\t\r]/.test(s)) expect(cellString(ordinary ?? '')).toBe(s);
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
        fc.oneof(hostile(300), fc.string({ unit: 'binary', maxLength: 40 })),
        fc.array(hostile(80), { maxLength: 5 }),
        (s, list) => {
          const wrapped = html`<b>${s}</b> and <i>${s}</i>`.value;
          const m = /^<b>([^<>]*)<\/b> and <i>([^<>]*)<\/i>$/.exec(wrapped);
          expect(m).not.toBeNull();
          expect(decodeHtmlEntities(m![1]!)).toBe(s);
          expect(foreignTags(render(s))).toEqual([]);
          expect(decodeHtmlEntities(render(s))).toBe(s);
          const joins: [string, RegExp][] = [
            [bullets(list).value, /^• /],
            [lines(list).value, /^/],
            [numbered(list).value, /^\d+\. /],
          ];
          for (const [joined, prefix] of joins) {
            expect(foreignTags(joined)).toEqual([]);
            if (list.length === 0) expect(joined).toBe('');
            else expect(joined.split('<br>').map((x) => decodeHtmlEntities(x.replace(prefix, '')))).toEqual(list);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
