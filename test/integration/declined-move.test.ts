// Issue 13 item 10 (last part), through the built bundles: after the manager declines a confirmed
// meeting, "Find another time" searches THAT meeting's own window (core/allowance.ts
// declinedMoveWindow) and "Move the meeting here" moves the same event, the booking following it.
import * as cal from '../../src/local/runtime/backends/calendar';
import type { CalEvent } from '../../src/addon/adapters/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { readLedger } from '../../src/local/host/company';
import type { AddonPanel } from '../../src/local/host/workspace';
import type { CardJson } from '../../src/local/cards';
import { FIND_ANOTHER_LABEL } from '../../src/addon/views/coachee-home';
import { MOVE_LABEL } from '../../src/addon/views/schedule';
import { ANA, CORA, FORM, MO, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

/** Each suggestion's button: its label, function and parameters. */
function slotButtons(card: CardJson) {
  const out: Array<{ label: string; function: string; parameters: Record<string, string> }> = [];
  for (const s of card.sections ?? [])
    for (const w of s.widgets ?? []) {
      const b = w.decoratedText?.button;
      const a = b?.onClick.action;
      if (a)
        out.push({
          label: String(b.text),
          function: a.function,
          parameters: Object.fromEntries((a.parameters ?? []).map((p) => [p.key, p.value])),
        });
    }
  return out;
}

const nyMidnight = (day: string) => Date.parse(`${day}T05:00:00Z`); // EST (before 8 Mar 2026)

describe('a declined meeting moves inside its own quarter (issue 13 item 10)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  async function declined(start: string) {
    const { ev, panel } = await savedEventPanel(s.ws, start, { title: 'Ana, Mo and Cora: alignment' });
    expect((await confirm(panel, FORM)).notification).toMatch(/^Confirmed/);
    tick(s.ws);
    cal.respondToEvent(s.ws.world, MO, ev.id, 'declined');
    tick(s.ws);
    return ev;
  }

  function expectInOwnWindow(p: AddonPanel) {
    expect(p.card?.name).toBe('suggestions');
    const slots = slotButtons(p.card!);
    expect(slots.length).toBeGreaterThan(0);
    for (const b of slots) {
      const start = Number(b.parameters.start);
      // Engagement Quarter 1 is 12 Jan – 11 Apr; the initial meeting's month 2 ends 11 Mar.
      // Now is Friday 20 Feb: the next working day is Monday 23 Feb.
      expect(start).toBeGreaterThanOrEqual(nyMidnight('2026-02-23'));
      expect(start + 60 * 60_000).toBeLessThanOrEqual(nyMidnight('2026-03-12'));
      expect(b.label).toBe(MOVE_LABEL);
    }
    return slots;
  }

  test('panel: Find another time → suggestions in the meeting’s own window → Move: the same event moves, the booking follows', async () => {
    s = setup();
    const ev = await declined('2026-03-03T11:00:00-05:00');
    const before = cal.getCopy(s.ws.world, ANA, ev.id) as CalEvent;
    const events = cal.listCalendar(s.ws.world, ANA).length;
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    expect((await panel.press(FIND_ANOTHER_LABEL)).crash).toBeNull();
    const slots = expectInOwnWindow(panel);
    const pick = slots[1]!;
    const told = (who: string) => mailbox(s.ws.world, who).filter((m) => m.calendarEventId === ev.id).length;
    const [moTold, coraTold] = [told(MO), told(CORA)];
    const moved = await panel.runAction(pick);
    expect(moved.crash).toBeNull();
    expect(panel.card?.name).toBe('moved');

    const after = cal.getCopy(s.ws.world, ANA, ev.id) as CalEvent;
    expect(Date.parse(String(after.start?.dateTime))).toBe(Number(pick.parameters.start));
    expect(Date.parse(String(after.end?.dateTime)) - Date.parse(String(after.start?.dateTime))).toBe(60 * 60_000);
    expect(after.description).toBe(before.description);
    expect(after.attendees?.map((a) => a.email).sort()).toEqual(before.attendees?.map((a) => a.email).sort());
    expect(after.attachments).toEqual(before.attachments);
    expect(cal.listCalendar(s.ws.world, ANA).length).toBe(events);
    // Guests are told of the new time (sendUpdates all).
    expect([told(MO), told(CORA)]).toEqual([moTold + 1, coraTold + 1]);

    const ledger = readLedger(s.ws.world, s.sheetId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ eventId: ev.id, status: 'confirmed', quarterKey: 'E2026-01-12#Q1' });
    expect(Date.parse(ledger[0]!.start)).toBe(Number(pick.parameters.start));

    // The next open: the new time, still one of one used.
    tick(s.ws);
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(again.last!.crash).toBeNull();
    expect(again.text()!.text.join('\n')).toContain('1 of 1 used');
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(1);
    expect(readLedger(s.ws.world, s.sheetId)[0]).toMatchObject({ status: 'confirmed', quarterKey: 'E2026-01-12#Q1' });
  });

  test('homepage: Find another time searches the declined meeting’s own window', async () => {
    s = setup();
    await declined('2026-03-03T11:00:00-05:00');
    const home = s.ws.homepage(ANA, 'GMAIL');
    await home.open();
    expect((await home.press(FIND_ANOTHER_LABEL)).crash).toBeNull();
    expectInOwnWindow(home);
  });

  test('no time left in its quarter: the card says so and points to the homepage', async () => {
    s = setup({ quarters: 'calendar', now: '2026-03-31T15:00:00Z' });
    const ev = await declined('2026-03-31T16:00:00-04:00');
    const start = (cal.getCopy(s.ws.world, ANA, ev.id) as CalEvent).start?.dateTime;
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    expect((await panel.press(FIND_ANOTHER_LABEL)).crash).toBeNull();
    expect(panel.card?.name).toBe('no-time-left');
    expect(panel.text()!.buttons).toContain('Back to my meetings');
    expect((cal.getCopy(s.ws.world, ANA, ev.id) as CalEvent).start?.dateTime).toBe(start);
  });
});
