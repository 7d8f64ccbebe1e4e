// The manager's support (issue 14 item 4) through the BUILT add-on and gateway: "I support this goal"
// on the manager's panel, what they commit to do kept in their own account only, the ledger's yes + date,
// and the coachee's panel and homepage showing the support and the manager's RSVP. The gateway's
// `support` op refuses everyone but the meeting's manager.
import { readAudit, readIndex, readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import { getFile, readSheet } from '../../src/local/runtime/backends/sheets';
import { userProperties } from '../../src/local/runtime/backends/storage';
import { clearUrlFetchFaults, setUrlFetchFault, urlFetchLog } from '../../src/local/runtime/backends/urlfetch';
import { GATEWAY_URL } from '../../src/local/host/workspace';
import { ACTIONS } from '../../src/addon/views/names';
import { responseText, supportText } from '../../src/addon/views/coachee-home';
import { supportedText } from '../../src/addon/views/attendee';
import { ANA, CORA, MO, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';
import { event, gatewayHarness } from './gateway-harness';

const COMMITMENT = 'Clear Fridays for launch prep with Ana';
const joined = (p: { text(): { text: string[] } | null }) => p.text()!.text.join('\n');

async function bookedMeeting(s: Setup) {
  const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
  const done = await confirm(panel);
  expect(done.notification).toMatch(/^Confirmed/);
  tick(s.ws);
  return ev;
}

/** Every cell of every tab of the usage Sheet, as one text. */
function sheetText(s: Setup): string {
  const file = getFile(s.ws.world, s.sheetId);
  return JSON.stringify(file.sheets.map((sh) => readSheet(s.ws.world, s.sheetId, sh.name)));
}

describe("the manager's support, through the built bundles", () => {
  let s: Setup;
  afterEach(async () => {
    clearUrlFetchFaults(s.ws.runtime);
    await s?.ws.close();
  });

  test('recorded as yes + date; the commitment stays in the manager’s own account; the coachee sees it and the RSVP', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    // Any request carrying the commitment would fail: the support below succeeding proves none did.
    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, { kind: 'unreachable', bodyIncludes: 'Fridays' });

    const panel = s.ws.calendarPanel(MO, { eventId: ev.id });
    await panel.open();
    expect(panel.hasButtonFor(ACTIONS.supportGoal)).toBe(true);
    const fetchesBefore = urlFetchLog(s.ws.runtime).fetches;
    const out = await panel.press({ fn: ACTIONS.supportGoal }, { commitment: COMMITMENT });
    expect(out.crash).toBeNull();
    expect(out.ok).toBe(true);
    // One round trip: the support answer draws the panel again.
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
    expect(urlFetchLog(s.ws.runtime).requests.filter((r) => r.fault)).toEqual([]);
    expect(urlFetchLog(s.ws.runtime).fetches).toBe(fetchesBefore + 1);
    expect(joined(panel)).toContain(supportedText('20 February 2026'));
    expect(panel.text()!.inputs.find((i) => i.name === 'commitment')!.value).toBe(COMMITMENT);

    // The gateway keeps yes + the date: Index `su` (ISO), Ledger "Manager support" (readable), Audit by id.
    const booking = readIndex(s.ws.world, s.sheetId).find((e) => e.coachee === ANA)!.bookings![0]!;
    expect(Math.abs(Date.parse(booking.supportedAt!) - s.ws.world.now())).toBeLessThan(60_000);
    const row = readLedger(s.ws.world, s.sheetId)[0]!;
    expect(row.supported).toMatch(/20 Feb 2026/);
    const audit = readAudit(s.ws.world, s.sheetId).filter((a) => a.op === 'support');
    expect(audit).toEqual([expect.objectContaining({ actor: MO, eventId: ev.id, outcome: 'OK' })]);
    // The commitment: in Mo's user properties only; in no Sheet cell, not on the event, not anyone else's.
    expect(JSON.stringify(userProperties(s.ws.world, 'addon', MO))).toContain(COMMITMENT);
    expect(sheetText(s)).not.toContain('Fridays');
    expect(JSON.stringify(cal.getSharedEvent(s.ws.world, ev.id))).not.toContain('Fridays');
    for (const other of [ANA, CORA])
      expect(JSON.stringify(userProperties(s.ws.world, 'addon', other))).not.toContain('Fridays');

    // Pressing again keeps the first date.
    tick(s.ws, 60);
    const again = await panel.press({ fn: ACTIONS.supportGoal }, { commitment: COMMITMENT });
    expect(again.crash).toBeNull();
    expect(readIndex(s.ws.world, s.sheetId)[0]!.bookings![0]!.supportedAt).toBe(booking.supportedAt);

    // The coachee's panel: the support and the manager's RSVP (no answer yet, then accepted).
    tick(s.ws, 15);
    const ana = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await ana.open();
    expect(joined(ana)).toContain(supportText('20 February 2026'));
    expect(joined(ana)).toContain(responseText('none'));
    cal.respondToEvent(s.ws.world, MO, ev.id, 'accepted');
    tick(s.ws, 15);
    await ana.open();
    expect(joined(ana)).toContain(responseText('accepted'));
    // ... and her homepage.
    const home = s.ws.homepage(ANA, 'CALENDAR');
    await home.open();
    expect(joined(home)).toContain(supportText('20 February 2026'));
    expect(joined(home)).toContain(responseText('accepted'));
  });

  test('the coach sees no support button; before the manager confirms, the coachee sees no support line', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const coach = s.ws.calendarPanel(CORA, { eventId: ev.id });
    await coach.open();
    expect(coach.hasButtonFor(ACTIONS.supportGoal)).toBe(false);
    tick(s.ws, 15);
    const ana = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await ana.open();
    expect(joined(ana)).not.toContain(supportText('20 February 2026'));
    expect(joined(ana)).toContain(responseText('none'));
  });
});

describe('the support op refuses everyone but the meeting’s manager', () => {
  test('coachee, coach, another manager: FORBIDDEN and nothing written; the manager: supportedAt set once', async () => {
    const h = gatewayHarness({
      engagements: [
        {
          coachee: 'ana@acme.test',
          manager: 'mo@acme.test',
          coach: 'cora@acme.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
        {
          coachee: 'ben@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@acme.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
      ],
    });
    try {
      const booked = await h.call('ana@acme.test', 'book', {
        event: event('ev-1', '2026-03-10T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(booked.res.ok).toBe(true);
      const args = { eventId: 'ev-1', organizer: 'ana@acme.test' };
      for (const who of ['ana@acme.test', 'cora@acme.test', 'lea@acme.test', 'ben@acme.test']) {
        const { res } = await h.call(who, 'support', args);
        expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      expect(readLedger(h.world, h.company.sheetId)[0]!.supported).toBe('');
      const first = await h.call('mo@acme.test', 'support', args);
      if (!first.res.ok) throw new Error(first.res.error.code);
      expect(first.res.data.role).toBe('manager');
      const at = first.res.data.booking.supportedAt as string;
      expect(Math.abs(Date.parse(at) - h.world.now())).toBeLessThan(60_000);
      h.world.advanceTo(h.world.now() + 3_600_000);
      const second = await h.call('mo@acme.test', 'support', args);
      expect(second.res).toMatchObject({ ok: true, data: { booking: { supportedAt: at } } });
      expect(readLedger(h.world, h.company.sheetId)[0]!.supported).not.toBe('');
      // An event nobody booked: FORBIDDEN as well (nothing learned).
      const none = await h.call('mo@acme.test', 'support', { eventId: 'ev-x', organizer: 'ana@acme.test' });
      expect(none.res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await h.close();
    }
  });
});
