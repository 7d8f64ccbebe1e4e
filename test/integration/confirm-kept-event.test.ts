// Issue 12 (confirm at most 2,500 ms modelled): Confirm starts from the copy of the event the panel
// kept (src/addon/adapters/cache.ts), so it reads nothing from Calendar before the booking, and the
// write after it carries that copy's etag (If-Match). Whatever Calendar did meanwhile is found by that
// write: a changed description is read again and kept, a moved event writes nothing, a deleted one
// writes nothing, and the next Confirm reads Calendar. Also the one-at-a-time mark is released together
// with the memo (one write). Through the BUILT add-on and gateway in the local runtime.
import { parseBlock } from '../../src/core/description';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';
import { readLedger } from '../../src/local/host/company';
import { ADDON } from '../../src/local/host/workspace';
import * as cal from '../../src/local/runtime/backends/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { userProperties } from '../../src/local/runtime/backends/storage';
import { ANA, MO, calls, confirm, savedEventPanel, setup, templatePattern, tick, type Setup } from './addon-helpers';

const START = '2026-03-03T11:00:00-05:00';
const description = (s: Setup, id: string) =>
  (cal.getCopy(s.ws.world, ANA, id) as { description?: string }).description;
const booking = (s: Setup, id: string) => readLedger(s.ws.world, s.sheetId).find((r) => r.eventId === id);

describe('confirm from the event the panel kept', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('no Calendar read before the booking; one write; the busy mark released with the memo in one call', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    tick(s.ws);
    const done = await confirm(panel);
    expect(done.notification).toMatch(/^Confirmed/);
    expect(calls(panel, 'Calendar.Events.get')).toBe(0);
    expect(calls(panel, 'UrlFetchApp.fetchAll')).toBe(0);
    expect(calls(panel, 'Calendar.Events.patch')).toBe(1);
    expect(description(s, ev.id)!.startsWith('Mine')).toBe(true);
    // The mark is set (one setProperty) and released with the memo (one setProperties), never deleted.
    expect(calls(panel, 'Properties.setProperty')).toBe(1);
    expect(calls(panel, 'Properties.setProperties')).toBe(1);
    expect(calls(panel, 'Properties.deleteProperty')).toBe(0);
    const props = userProperties(s.ws.world, ADDON, ANA);
    expect(props[`ccmBusy:${ev.id}`]).toBe('0');
    expect(JSON.parse(props['ccm.memo']!).bookings).toEqual([ev.id]);

    // The next press is not kept waiting by a released mark, and (the event now holds its notes, and a
    // confirm renewed the change mark) it reads the event from Calendar.
    tick(s.ws);
    const again = await confirm(panel, { goal: 'Lead the spring launch', agenda: ['Only this'], coachRole: 'observe' });
    expect(again.notification).toMatch(/nothing was counted again/);
    expect(again.notification).not.toContain(COACHEE_TEXT.changedMeanwhile);
    expect(calls(panel, 'Calendar.Events.get')).toBe(1);
  });

  test('the description was edited elsewhere after the panel read it: read again at the write, and kept', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    tick(s.ws);
    cal.changeEvent(s.ws.world, ANA, ev.id, { description: 'Mine, edited on my phone' });
    const done = await confirm(panel);
    expect(done.notification).toMatch(/^Confirmed/);
    expect(calls(panel, 'Calendar.Events.get')).toBe(1); // after Calendar's 412
    const now = description(s, ev.id)!;
    expect(now.startsWith('Mine, edited on my phone')).toBe(true);
    expect(parseBlock(now).found).toBe(true);
  });

  test('the event moved after the panel read it: nothing is written, the next open moves the booking, Confirm again writes', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    tick(s.ws);
    cal.moveEvent(s.ws.world, ANA, ev.id, '2026-03-10T11:00:00-05:00');
    const before = mailbox(s.ws.world, MO).length;
    const moved = await confirm(panel);
    expect(moved.crash).toBeNull();
    expect(moved.notification).toMatch(templatePattern(COACHEE_TEXT.notesNotWritten));
    expect(moved.notification).toContain(COACHEE_TEXT.movedMeanwhile);
    expect(description(s, ev.id)).toBe('Mine');
    expect(mailbox(s.ws.world, MO)).toHaveLength(before); // nobody invited to either time
    expect(booking(s, ev.id)).toMatchObject({ status: 'confirmed', start: '2026-03-03T16:00:00.000Z' });

    tick(s.ws);
    const reopened = s.ws.calendarPanel(ANA, { eventId: ev.id });
    expect((await reopened.open()).crash).toBeNull();
    expect(booking(s, ev.id)).toMatchObject({ status: 'confirmed', start: '2026-03-10T16:00:00.000Z' });
    const written = await confirm(reopened);
    expect(written.notification).toMatch(/nothing was counted again/);
    expect(parseBlock(description(s, ev.id)!).found).toBe(true);
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(1);
  });

  test('the event was deleted after the panel read it: nothing is written, and the next Confirm reads Calendar', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START);
    tick(s.ws);
    cal.deleteEvent(s.ws.world, ANA, ev.id);
    const first = await confirm(panel);
    expect(first.crash).toBeNull();
    expect(first.notification).toMatch(templatePattern(COACHEE_TEXT.notesNotWritten));
    tick(s.ws);
    const second = await confirm(panel);
    expect(second.crash).toBeNull();
    expect(calls(panel, 'Calendar.Events.get')).toBe(1);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0); // refused before the gateway
    expect(second.notification).not.toMatch(/^Confirmed/);
  });
});
