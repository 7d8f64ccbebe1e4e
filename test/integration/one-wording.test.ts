// Issue 13 item 7, through the built bundles: one definition of the meeting on every surface, and
// the milestone in the event's notes follows a move at the coachee's next open.
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { parseBlock } from '../../src/core/description';
import { MEETING_DEFINITION } from '../../src/core/toolkit';
import { REPORTING_QUARTER } from '../../src/addon/views/home';
import { ANA, MO, CORA, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

const joined = (p: { text(): { text: string[] } | null }) => p.text()!.text.join('\n');
const description = (s: Setup, id: string) => String(cal.getCopy(s.ws.world, ANA, id)!.description ?? '');

describe('what the meeting is, said once (issue 13 item 7)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('the description, the coachee panel and the manager and coach panels all use the one definition', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const done = await confirm(panel);
    expect(done.notification).toMatch(/^Confirmed/);
    expect(description(s, ev.id)).toContain(MEETING_DEFINITION);
    expect(joined(panel)).toContain(MEETING_DEFINITION);
    tick(s.ws);
    for (const person of [MO, CORA]) {
      const msg = gmail.mailbox(s.ws.world, person).find((m) => m.calendarEventId === ev.id)!;
      const guest = s.ws.gmailPanel(person, msg.id);
      await guest.open();
      expect(guest.last!.crash).toBeNull();
      expect(joined(guest)).toContain(MEETING_DEFINITION);
    }
  });

  test('after a move into another quarter the coachee’s next open rewrites the milestone line only, without mail', async () => {
    s = setup({
      program: 'quarterly',
      quarters: 'calendar',
      now: '2026-04-06T13:00:00Z',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    const own = 'Room 4 is booked.\nBring the Q2 numbers.';
    const { ev, panel } = await savedEventPanel(s.ws, '2026-04-14T10:00:00-04:00', { description: own });
    await confirm(panel);
    const before = description(s, ev.id);
    const oldLabel = parseBlock(before).milestoneLabel!;
    expect(oldLabel).toMatch(/2/);
    tick(s.ws);
    cal.moveEvent(s.ws.world, ANA, ev.id, '2026-07-14T10:00:00-04:00');
    tick(s.ws);
    const mails = gmail.mailbox(s.ws.world, MO).length;
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(again.last!.crash).toBeNull();
    const after = description(s, ev.id);
    const newLabel = parseBlock(after).milestoneLabel!;
    expect(newLabel).not.toBe(oldLabel);
    expect(newLabel).toMatch(/3/);
    expect(after.startsWith(own)).toBe(true);
    expect(after.replace(newLabel, oldLabel)).toBe(before);
    expect(gmail.mailbox(s.ws.world, MO).length).toBe(mails);
    // Once rewritten, the next open writes nothing.
    const third = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await third.open();
    expect(calls(third, 'Calendar.Events.patch')).toBe(0);
  });

  test('the admin card says which quarter is the company reporting quarter and which is a coachee’s own', async () => {
    // Engagement quarters: Ben's quarter counts from his engagement start, the figures from the company's.
    s = setup({ now: '2026-05-20T14:00:00Z' });
    const admin = s.ws.homepage('hr@acme.test');
    await admin.open();
    expect(admin.last!.crash).toBeNull();
    const t = admin.text()!;
    expect(t.text.filter((x) => x.startsWith(`${REPORTING_QUARTER} Q2 2026 · `))).toHaveLength(1);
    expect(t.text).toContain(`${REPORTING_QUARTER} Q2 2026`);
    const ben = t.text
      .join('\n')
      .split('\n')
      .find((line) => line.includes('ben@acme.test'))!;
    expect(ben).toMatch(/their engagement’s Quarter 2 \(1 Apr/);
  });
});
