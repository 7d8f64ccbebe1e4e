// Issue 14 item 6, through the built bundles: AI note-takers and recordings are the new leak, so the
// description block, the coachee's panel and review, and the manager's (Calendar and Gmail) and the
// coach's panels all say this meeting is not recorded or transcribed (one sentence, core/toolkit.ts).
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { NO_RECORDING } from '../../src/core/toolkit';
import { ANA, CORA, FORM, MO, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

const says = (texts: readonly string[] | undefined) => (texts ?? []).join('\n').includes(NO_RECORDING);

describe('no recording, no note-takers (issue 14 item 6)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('the block, the coachee panel, and the manager and coach panels in both hosts say it', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect((await confirm(panel)).notification).toMatch(/^Confirmed/);
    tick(s.ws);
    expect(String(cal.getCopy(s.ws.world, ANA, ev.id)!.description)).toContain(NO_RECORDING);

    const own = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await own.open();
    expect(says(own.text()?.text)).toBe(true);
    for (const who of [MO, CORA]) {
      const p = s.ws.calendarPanel(who, { eventId: ev.id });
      await p.open();
      expect([who, says(p.text()?.text)]).toEqual([who, true]);
    }
    const invite = gmail.mailbox(s.ws.world, MO).find((m) => m.calendarEventId === ev.id)!;
    const inGmail = s.ws.gmailPanel(MO, invite.id);
    await inGmail.open();
    expect(says(inGmail.text()?.text)).toBe(true);
  });

  test('the review before booking reminds the coachee too', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel, { ...FORM, goal: 'Get through the performance improvement plan' });
    expect(panel.card && (panel.card as { name?: string }).name).toBe('review');
    expect(says(panel.text()?.text)).toBe(true);
  });
});
