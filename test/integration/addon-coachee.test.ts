// The coachee's flow through the BUILT add-on and gateway in the local runtime (src/local/host):
// the side panel before and after saving, add participants, confirm (book + enrich with the etag),
// editing, cancelling, reconciliation on open, and every refusal or failure as a card or notification.
import { ERRORS } from '../../src/core/errors';
import { GATEWAY_URL } from '../../src/local/host/workspace';
import { appendEngagements, readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import { clearCalendarFaults, setCalendarFault } from '../../src/local/runtime/backends/calendar';
import { setUrlFetchFault, clearUrlFetchFaults } from '../../src/local/runtime/backends/urlfetch';
import { userProperties } from '../../src/local/runtime/backends/storage';
import {
  parseBlock,
  BLOCK_START,
  DESCRIPTION_NOTES,
  SHARED_MARKER_KEY,
  SHARED_BOOKING_KEY,
} from '../../src/core/description';
import { ACTIONS } from '../../src/addon/views/names';

import {
  ANA,
  CORA,
  FORM,
  MO,
  TOOLKIT,
  calls,
  cancelThrough,
  confirm,
  savedEventPanel,
  setup,
  tick,
  widgetHtml,
  type Setup,
  templatePattern,
} from './addon-helpers';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';

describe('coachee panel, through the built bundles', () => {
  let s: Setup;
  afterEach(async () => {
    if (s) clearCalendarFaults(s.ws.runtime);
    await s?.ws.close();
  });

  test('unsaved event: people, allowance and "add" button; no form; adding works through the editor', async () => {
    s = setup();
    const draft = cal.newDraft(s.ws.world, ANA, {
      summary: 'Alignment: Ana / Mo / Cora',
      start: '2026-03-03T11:00:00-05:00',
      end: '2026-03-03T12:00:00-05:00',
    });
    const panel = s.ws.calendarPanel(ANA, { draftId: draft.draftId });
    const opened = await panel.open();
    expect(opened.crash).toBeNull();
    const t = panel.text()!;
    expect(t.text).toEqual(expect.arrayContaining([MO, CORA, '0 of 1 used', 'Initial meeting']));
    expect(t.text.join('\n')).toMatch(/Save the event/);
    expect(t.inputs).toEqual([]);
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(false);

    const added = await panel.press({ fn: ACTIONS.addParticipants });
    expect(added.crash).toBeNull();
    expect(added.eventChanges!.addAttendees).toEqual([MO, CORA]);
    expect(added.eventChanges!.addAttachments).toEqual([{ title: expect.any(String), url: TOOLKIT }]);
    // No gateway call: the people came in the button's parameters.
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    const d = cal.getDraft(s.ws.world, draft.draftId)!;
    expect(d.attendees.map((a) => a.email)).toEqual([MO, CORA]);
    expect(d.attachments.map((a) => a.fileUrl)).toEqual([TOOLKIT]);
  });

  test("confirm on a saved event: one booking, the block after the coachee's own text, marker, people, one toolkit; one gateway call", async () => {
    s = setup();
    const own = 'Agenda ideas I keep for myself: <b>bring the Q1 numbers</b>';
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: own });
    const t = panel.text()!;
    const rows = [0, 1, 2].flatMap((i) => [`actionStep${i}`, `actionOwner${i}`, `actionDue${i}`]);
    expect(t.inputs.map((i) => i.name)).toEqual(['goal', 'agenda', ...rows, 'coachRole', 'videoLink']);
    expect(t.text).toEqual(expect.arrayContaining(['This meeting counts as', 'Initial meeting']));

    tick(s.ws);
    const done = await confirm(panel);
    expect(done.crash).toBeNull();
    expect(done.notification).toMatch(/^Confirmed\. Initial meeting/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
    expect(calls(panel, 'Calendar.Events.patch')).toBe(1);

    const stored = cal.getCopy(s.ws.world, ANA, ev.id)! as any;
    expect(stored.description.startsWith(own)).toBe(true);
    expect(stored.description.split(BLOCK_START)).toHaveLength(2);
    const block = parseBlock(stored.description);
    expect(block.meeting).toMatchObject({ goal: FORM.goal, agenda: FORM.agenda, coachRole: 'facilitate' });
    expect(block.meeting!.actionPlan).toHaveLength(2);
    expect(stored.attendees.map((a: any) => a.email).sort()).toEqual([ANA, CORA, MO].sort());
    expect(stored.attachments.map((a: any) => a.fileUrl)).toEqual([TOOLKIT]);
    expect(stored.extendedProperties.shared[SHARED_MARKER_KEY]).toBe('1');
    const ledger = readLedger(s.ws.world, s.sheetId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      eventId: ev.id,
      status: 'confirmed',
      milestone: 'initial',
      countsAsSession: true,
    });
    expect(stored.extendedProperties.shared[SHARED_BOOKING_KEY]).toBe(ledger[0]!.bookingId);
    // The ledger holds metadata only.
    expect(JSON.stringify(ledger)).not.toContain('launch');

    // The panel now offers an update and a cancel, with the form as confirmed.
    expect(panel.hasButtonFor(ACTIONS.cancel)).toBe(true);
    expect(panel.text()!.buttons).toContain('Update alignment meeting');
    expect(panel.text()!.inputs.find((i) => i.name === 'goal')!.value).toBe(FORM.goal);
  });

  test('confirming again: an edited plan replaces the block, the same plan writes nothing, nothing counts twice', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: 'Mine' });
    await confirm(panel);
    tick(s.ws);
    const reopened = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await reopened.open();
    expect(reopened.text()!.inputs.find((i) => i.name === 'agenda')!.value).toBe(FORM.agenda.join('\n'));
    const edited = await confirm(reopened, { ...FORM, agenda: ['Only this now'] });
    expect(edited.notification).toMatch(/nothing was counted again/);
    const stored = cal.getCopy(s.ws.world, ANA, ev.id)! as any;
    expect(stored.description.split(BLOCK_START)).toHaveLength(2);
    expect(stored.description.startsWith('Mine')).toBe(true);
    expect(parseBlock(stored.description).meeting!.agenda).toEqual(['Only this now']);

    tick(s.ws);
    const same = await confirm(reopened, { ...FORM, agenda: ['Only this now'] });
    expect(same.crash).toBeNull();
    expect(calls(reopened, 'Calendar.Events.patch')).toBe(0);
    const ledger = readLedger(s.ws.world, s.sheetId);
    expect(ledger.filter((r) => r.status === 'confirmed')).toHaveLength(1);
  });

  test('cancel gives the allowance back, keeps the row as cancelled and takes the notes out of the event', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: 'Mine' });
    await confirm(panel);
    tick(s.ws);
    const cancelled = (await cancelThrough(panel, 'counting')).done;
    expect(cancelled.crash).toBeNull();
    expect(cancelled.notification).toMatch(/allowance is back/);
    expect(readLedger(s.ws.world, s.sheetId).map((r) => r.status)).toEqual(['cancelled']);
    const stored = cal.getCopy(s.ws.world, ANA, ev.id)! as any;
    expect(stored.description).toBe('Mine');

    // A new meeting in the same quarter can now be booked.
    tick(s.ws);
    const other = await savedEventPanel(s.ws, '2026-03-05T11:00:00-05:00');
    const again = await confirm(other.panel);
    expect(again.notification).toMatch(/^Confirmed/);
  });

  test("a start marker without its end in the coachee's text: confirm and cancel keep every line, and the note says why", async () => {
    s = setup();
    const own = `My notes\n${BLOCK_START}\nGoal: my private draft\n1. keep this\n- and this`;
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: own });
    expect(panel.text()!.text.join(' ')).toContain(DESCRIPTION_NOTES.UNTERMINATED_BLOCK);
    tick(s.ws);
    const done = await confirm(panel);
    expect(done.crash).toBeNull();
    expect(done.notification).toMatch(/^Confirmed\./);
    expect(done.notification).toContain(DESCRIPTION_NOTES.UNTERMINATED_BLOCK);
    const stored = (cal.getCopy(s.ws.world, ANA, ev.id) as any).description as string;
    expect(stored.startsWith(`${own}\n\n`)).toBe(true);
    expect(parseBlock(stored).meeting).toMatchObject({ goal: FORM.goal });
    tick(s.ws);
    const cancelled = (await cancelThrough(panel, 'counting')).done;
    expect(cancelled.notification).toContain(DESCRIPTION_NOTES.UNTERMINATED_BLOCK);
    expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).description).toBe(own);
  });

  test("the coachee's own text leaves no room for the notes: refused before any booking or write; the event is untouched", async () => {
    s = setup();
    const own = 'My long preparation notes. '.repeat(280); // 7,560 characters
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: own });
    tick(s.ws);
    const refused = await confirm(panel);
    expect(refused.crash).toBeNull();
    expect(refused.notification).toMatch(
      /Your own text in the event is 7,560 characters.*Nothing was booked or written\.$/,
    );
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(calls(panel, 'Calendar.Events.patch')).toBe(0);
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
    expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).description).toBe(own);
  });

  test('a second meeting in the same quarter is refused with the date the next quarter opens; nothing is written', async () => {
    s = setup({
      program: 'quarterly',
      quarters: 'calendar',
      now: '2026-04-06T13:00:00Z',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    const first = await savedEventPanel(s.ws, '2026-04-14T10:00:00-04:00');
    expect((await confirm(first.panel)).notification).toMatch(/^Confirmed/);
    tick(s.ws);
    const second = await savedEventPanel(s.ws, '2026-06-02T10:00:00-04:00', { description: 'Mine' });
    expect(second.panel.text()!.text.join('\n')).toMatch(/Can't be booked/);
    const refused = await confirm(second.panel);
    expect(refused.crash).toBeNull();
    expect(refused.notification).toMatch(/1 July 2026/);
    expect((cal.getCopy(s.ws.world, ANA, second.ev.id) as any).description).toBe('Mine');
    expect(readLedger(s.ws.world, s.sheetId).filter((r) => r.status === 'confirmed')).toHaveLength(1);
  });

  test('an invalid form costs no booking round trip and says what to fix', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const r = await confirm(panel, { goal: '', agenda: [], coachRole: 'observe', videoLink: 'http://insecure.test/x' });
    expect(r.crash).toBeNull();
    expect(r.notification).toMatch(/^Please fix: The goal is empty/);
    expect(r.notification).toMatch(/https/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(0);
  });

  test('markup and formula-like text stay text: escaped on the card, escaped in the event, never in the ledger', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const nasty = {
      ...FORM,
      goal: '<img src=x onerror=alert(1)> =IMPORTXML("http://x","//a") 目標 🎯',
      agenda: ['<script>alert(1)</script>', '+SUM(A1)', '@here'],
    };
    const r = await confirm(panel, nasty);
    expect(r.notification).toMatch(/^Confirmed/);
    const description = (cal.getCopy(s.ws.world, ANA, ev.id) as any).description as string;
    expect(description).not.toMatch(/<img|<script/);
    expect(parseBlock(description).meeting!.goal).toBe(nasty.goal);
    // Text widgets render basic HTML: the user's text arrives escaped (inputs hold it as typed).
    const reopened = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await reopened.open();
    const shown = JSON.stringify(widgetHtml(reopened.card));
    expect(shown).not.toMatch(/<script|<img/);
    expect(reopened.text()!.inputs.find((i) => i.name === 'goal')!.value).toBe(nasty.goal);
    expect(JSON.stringify(readLedger(s.ws.world, s.sheetId))).not.toContain('IMPORTXML');
  });

  test('a recurring series is refused with a clear card (for a known coachee without a gateway call); others see what the add-on is for', async () => {
    s = setup();
    const { ev: series, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', {
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
    });
    expect(panel.text()!.text.join('\n')).toMatch(/recurring event/);
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(false);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
    const again = s.ws.calendarPanel(ANA, { eventId: series.id });
    await again.open();
    expect(again.text()!.text.join('\n')).toMatch(/recurring event/);
    expect(calls(again, 'UrlFetchApp.fetch')).toBe(0);

    s.ws.world.addUser({ email: 'pat@acme.test', name: 'Pat', domain: 'acme.test', timeZone: 'America/New_York' });
    const weekly = cal.createEvent(s.ws.world, 'pat@acme.test', {
      summary: 'Weekly',
      start: '2026-03-03T11:00:00-05:00',
      end: '2026-03-03T11:30:00-05:00',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
    });
    const pat = s.ws.calendarPanel('pat@acme.test', { eventId: weekly.id });
    await pat.open();
    expect(pat.text()!.text.join('\n')).toMatch(/What this add-on is for/);
    expect(pat.text()!.text.join('\n')).not.toMatch(/recurring/);
  });

  test('not the organizer of an ordinary event: what the add-on is for, and no form', async () => {
    s = setup();
    const ev = cal.createEvent(s.ws.world, MO, {
      summary: 'Team sync',
      start: '2026-03-03T11:00:00-05:00',
      end: '2026-03-03T12:00:00-05:00',
      attendees: [ANA],
    });
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(panel.text()!.text.join('\n')).toMatch(/What this add-on is for/);
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(false);
  });

  test('someone with no engagement who organizes an event sees what the add-on is for; the next open skips the gateway; "check again" does not', async () => {
    s = setup();
    s.ws.world.addUser({ email: 'pat@acme.test', name: 'Pat', domain: 'acme.test', timeZone: 'America/New_York' });
    const ev = cal.createEvent(s.ws.world, 'pat@acme.test', {
      summary: 'Lunch',
      start: '2026-03-03T11:00:00-05:00',
      end: '2026-03-03T12:00:00-05:00',
    });
    const panel = s.ws.calendarPanel('pat@acme.test', { eventId: ev.id });
    await panel.open();
    expect(panel.text()!.text.join('\n')).toMatch(/couldn't find an active coaching engagement/);
    const again = s.ws.calendarPanel('pat@acme.test', { eventId: ev.id });
    await again.open();
    expect(again.text()!.title).toBe('CCM Alignment');
    expect(calls(again, 'UrlFetchApp.fetch')).toBe(0);
    // Pat is added to the program today: "check again" asks the gateway at once.
    appendEngagements(s.ws.world, s.sheetId, [
      {
        coachee: 'pat@acme.test',
        manager: MO,
        coach: CORA,
        program: 'quarterly',
        start: '2026-01-01',
        end: '2027-01-01',
      },
    ]);
    const rechecked = await again.press('I am a coachee: check again');
    expect(rechecked.crash).toBeNull();
    expect(again.text()!.title).toBe('Alignment meeting');
    expect(again.text()!.inputs.map((i) => i.name)).toContain('goal');
  });

  test('reconciliation on open: a deleted meeting gives the allowance back, a moved one is re-dated', async () => {
    s = setup({
      program: 'quarterly',
      quarters: 'calendar',
      now: '2026-04-06T13:00:00Z',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    const a = await savedEventPanel(s.ws, '2026-04-14T10:00:00-04:00');
    await confirm(a.panel);
    tick(s.ws);
    cal.moveEvent(s.ws.world, ANA, a.ev.id, '2026-04-21T10:00:00-04:00');
    tick(s.ws);
    const b = await savedEventPanel(s.ws, '2026-05-05T10:00:00-04:00');
    expect(b.panel.text()!.text.join('\n')).toMatch(/moved|new date|re-?dated/i);
    expect(readLedger(s.ws.world, s.sheetId)[0]).toMatchObject({
      status: 'confirmed',
      start: '2026-04-21T14:00:00.000Z',
    });
    tick(s.ws);
    cal.deleteEvent(s.ws.world, ANA, a.ev.id);
    tick(s.ws);
    const c = s.ws.calendarPanel(ANA, { eventId: b.ev.id });
    await c.open();
    expect(readLedger(s.ws.world, s.sheetId)[0]!.status).toBe('cancelled');
    expect(c.text()!.text).toEqual(expect.arrayContaining(['0 of 1 used']));
    const booked = await confirm(c);
    expect(booked.notification).toMatch(/^Confirmed/);
  });

  test('gateway down or answering garbage: the panel says try again (with a retry button); confirm changes nothing', async () => {
    s = setup();
    const ev = cal.createEvent(s.ws.world, ANA, {
      summary: 'Alignment',
      start: '2026-03-03T11:00:00-05:00',
      end: '2026-03-03T12:00:00-05:00',
      description: 'Mine',
    });
    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, { kind: 'status', code: 500, body: '<html>Server Error</html>' });
    const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(panel.text()!.text.join('\n')).toMatch(/can't be reached right now/);
    expect(panel.text()!.buttons).toEqual(['Try again']);

    clearUrlFetchFaults(s.ws.runtime);
    const retried = await panel.press('Try again');
    expect(retried.crash).toBeNull();
    expect(panel.text()!.inputs.map((i) => i.name)).toContain('goal');

    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, { kind: 'garbage', body: 'not json at all' });
    const r = await confirm(panel);
    expect(r.crash).toBeNull();
    // The request left and no readable answer came back: the booking may exist, so nothing is promised.
    expect(r.notification).toBe(ERRORS.GATEWAY_OUTCOME_UNKNOWN.message);
    expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).description).toBe('Mine');

    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, { kind: 'timeout', afterMs: 50 });
    const slow = await confirm(panel);
    expect(slow.crash).toBeNull();
    expect(slow.notification).toBe(ERRORS.GATEWAY_OUTCOME_UNKNOWN.message);
    clearUrlFetchFaults(s.ws.runtime);
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(0);
  });

  test('a Calendar write conflict (412) is read again and retried once; a second conflict is reported and the booking kept, through later panel opens', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: 'Mine' });
    // Someone edits the event in another tab just before the add-on's write (Calendar answers 412).
    setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { code: 412, times: 1 });
    const ok = await confirm(panel);
    expect(ok.notification).toMatch(/^Confirmed/);
    // One read: after the 412 (the first copy was the one the panel kept).
    expect(calls(panel, 'Calendar.Events.get')).toBe(1);
    expect(calls(panel, 'Calendar.Events.patch')).toBe(2);
    expect(parseBlock((cal.getCopy(s.ws.world, ANA, ev.id) as any).description).found).toBe(true);

    tick(s.ws);
    const second = await savedEventPanel(s.ws, '2026-04-20T11:00:00-04:00', { description: 'Mine too' });
    setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { code: 412, times: 2 });
    const conflicted = await confirm(second.panel);
    expect(conflicted.crash).toBeNull();
    expect(conflicted.notification).toMatch(templatePattern(COACHEE_TEXT.notesNotWritten));
    expect((cal.getCopy(s.ws.world, ANA, second.ev.id) as any).description).toBe('Mine too');
    const active = () =>
      readLedger(s.ws.world, s.sheetId).filter((r) => r.eventId === second.ev.id && r.status === 'confirmed');
    expect(active()).toHaveLength(1);

    // Later panel opens (this event, another one, the homepage) never take the unmarked event for
    // deleted: the add-on checks the booking's own event, which is there.
    for (const open of [
      () => s.ws.calendarPanel(ANA, { eventId: ev.id }),
      () => s.ws.homepage(ANA),
      () => s.ws.calendarPanel(ANA, { eventId: second.ev.id }),
    ]) {
      tick(s.ws, 20);
      const p = open();
      expect((await p.open()).crash).toBeNull();
      expect(active()).toHaveLength(1);
    }
    const reopened = s.ws.calendarPanel(ANA, { eventId: second.ev.id });
    await reopened.open();
    expect(reopened.text()!.text.join('\n')).toContain(COACHEE_TEXT.notesMissing);
    // Safe to retry: the booking is kept, the notes are written, nothing is counted twice.
    const retry = await confirm(reopened);
    expect(retry.notification).toMatch(/nothing was counted again/);
    expect(parseBlock((cal.getCopy(s.ws.world, ANA, second.ev.id) as any).description).found).toBe(true);
    expect(readLedger(s.ws.world, s.sheetId).filter((r) => r.eventId === second.ev.id)).toHaveLength(1);
  });

  test('the coachee homepage: allowance, next milestone and booked meetings', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel);
    tick(s.ws);
    const home = s.ws.homepage(ANA);
    await home.open();
    expect(home.last!.crash).toBeNull();
    const text = home.text()!.text.join('\n');
    expect(text).toMatch(/1 of 1 used/);
    expect(text).toMatch(/Program wrap-up/);
    expect(text).toMatch(/Tue 3 Mar 2026, 11:00/);
    expect(userProperties(s.ws.world, 'addon', ANA)['ccm.memo']).toBeDefined();
  });
});
