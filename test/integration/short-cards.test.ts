// Issue 13 item 10, through the built bundles: folded sections (the same in Calendar and Gmail),
// homepage meetings with titles that open the event, a cancelled future meeting listed as cancelled,
// the coach's own actions, and a manager's decline said with "Find another time".
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { COACH_ACTIONS_TITLE } from '../../src/addon/views/attendee';
import { FIND_ANOTHER_LABEL } from '../../src/addon/views/coachee-home';
import { ANA, CORA, FORM, MO, cancelThrough, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

type Json = Record<string, any>;

/** Each section: header, folded or not, how many widgets stay visible, how many there are. */
function folds(card: unknown) {
  return ((card as Json).sections ?? []).map((s: Json) => ({
    header: s.header ?? null,
    collapsible: s.collapsible === true,
    visible: s.uncollapsibleWidgetsCount ?? null,
    widgets: (s.widgets ?? []).length,
  }));
}

/** Decorated texts with an OpenLink: [text, url]. */
function links(card: unknown): [string, string][] {
  const out: [string, string][] = [];
  for (const s of (card as Json).sections ?? [])
    for (const w of s.widgets ?? [])
      if (w.decoratedText?.onClick?.openLink) out.push([w.decoratedText.text, w.decoratedText.onClick.openLink.url]);
  return out;
}

const PLAN = [
  { step: 'Draft the launch plan', owner: 'coachee', due: '2026-03-17' },
  { step: 'Share a reading list', owner: 'coach', due: '2026-03-20' },
  { step: 'Agree the milestone', owner: 'together', due: null },
];

describe('short cards and live lists (issue 13 item 10)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  async function booked(title = 'Ana, Mo and Cora: alignment', start = '2026-03-03T11:00:00-05:00') {
    const { ev, panel } = await savedEventPanel(s.ws, start, { title });
    const done = await confirm(panel, { ...FORM, actionPlan: PLAN });
    expect(done.notification).toMatch(/^Confirmed/);
    tick(s.ws);
    return { ev, panel };
  }

  test('the coachee form folds its long sections, showing the first items', async () => {
    s = setup();
    const { ev } = await booked();
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    const f = folds(panel.card);
    const plan = f.find((x: Json) => x.header === 'Action plan')!;
    expect(plan).toMatchObject({ collapsible: true, visible: 3 });
    expect(plan.widgets).toBeGreaterThan(plan.visible + 1);
    expect(f.find((x: Json) => /coach’s role/.test(x.header ?? ''))).toMatchObject({ collapsible: true, visible: 1 });
  });

  test('the manager panel is folded the same way in Calendar and in Gmail, and the questions fold', async () => {
    s = setup();
    const { ev } = await booked();
    const inCalendar = s.ws.calendarPanel(MO, { eventId: ev.id });
    await inCalendar.open();
    const msg = gmail.mailbox(s.ws.world, MO).find((m) => m.calendarEventId === ev.id)!;
    const inGmail = s.ws.gmailPanel(MO, msg.id);
    await inGmail.open();
    expect(folds(inCalendar.card)).toEqual(folds(inGmail.card));
    const questions = folds(inCalendar.card).find((x: Json) => x.header === 'Before the meeting')!;
    expect(questions.collapsible).toBe(true);
    expect(questions.widgets).toBeGreaterThan(questions.visible + 1);
  });

  test('the coach sees the actions they own (their own and the shared ones), not the others', async () => {
    s = setup();
    const { ev } = await booked();
    const coach = s.ws.calendarPanel(CORA, { eventId: ev.id });
    await coach.open();
    const t = coach.text()!.text;
    const i = t.indexOf(COACH_ACTIONS_TITLE);
    expect(i).toBeGreaterThanOrEqual(0);
    const mine = t[i + 1]!;
    expect(mine).toContain('Share a reading list');
    expect(mine).toContain('Agree the milestone');
    expect(mine).not.toContain('Draft the launch plan');
  });

  test('homepage: titles that open the event; a cancelled future meeting is listed as cancelled, among the upcoming', async () => {
    s = setup({
      program: 'quarterly',
      quarters: 'calendar',
      now: '2026-02-20T14:00:00Z',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    const first = await booked('Launch alignment', '2026-03-03T11:00:00-05:00');
    const second = await booked('Q2 alignment with Mo', '2026-04-14T10:00:00-04:00');
    tick(s.ws);
    const cancel = s.ws.calendarPanel(ANA, { eventId: second.ev.id });
    await cancel.open();
    expect((await cancelThrough(cancel, 'counting')).done.crash).toBeNull();
    tick(s.ws);
    const home = s.ws.homepage(ANA, 'CALENDAR');
    await home.open();
    expect(home.last!.crash).toBeNull();
    expect(home.last!.renderProblems).toEqual([]);
    const l = links(home.card);
    const htmlLink = (id: string) => String(cal.getCopy(s.ws.world, ANA, id)!.htmlLink);
    expect(l).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('Launch alignment'), htmlLink(first.ev.id)],
        [expect.stringContaining('Q2 alignment with Mo'), htmlLink(second.ev.id)],
      ]),
    );
    const sections = (home.card as Json).sections as Json[];
    const upcoming = sections.find((x) => x.header === 'Upcoming')!;
    const q2 = upcoming.widgets.find((w: Json) => String(w.decoratedText?.text).includes('Q2 alignment with Mo'));
    expect(q2.decoratedText.bottomLabel).toBe('cancelled');
    expect(sections.find((x) => x.header === 'Past')).toBeUndefined();
  });

  test('the manager declined: the coachee’s panel and homepage say so, with "Find another time"', async () => {
    s = setup();
    const { ev } = await booked();
    cal.respondToEvent(s.ws.world, MO, ev.id, 'declined');
    tick(s.ws);
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    expect(panel.text()!.buttons).toContain(FIND_ANOTHER_LABEL);
    expect(panel.text()!.text.join('\n')).toContain(`${MO} declined`);
    const found = await panel.press(FIND_ANOTHER_LABEL);
    expect(found.crash).toBeNull();
    const home = s.ws.homepage(ANA, 'GMAIL');
    await home.open();
    expect(home.text()!.buttons).toContain(FIND_ANOTHER_LABEL);
    expect(home.text()!.text.join('\n')).toContain(`${MO} declined`);
  });
});
