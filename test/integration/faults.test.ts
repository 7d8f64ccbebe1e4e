// Faults, through the BUILT add-on and gateway: the gateway timing out, answering 5xx or garbage, or
// unreachable; the booking lock that cannot be had; Calendar answering 403 / 404 / 429 / 5xx (412 is
// in addon-coachee.test.ts); the usage Sheet edited by hand. Each one gives the person a clear
// message, loses nothing, and is safe to retry (nothing is ever counted twice).
// Elsewhere: a pending booking whose event never appears lapses after PENDING_EXPIRY_HOURS
// (schedule.test.ts, through the homepage; gateway-pure.test.ts, the rule); bad Engagements rows
// (addon-bad-engagements.test.ts); a damaged Index cell (gateway.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBlock } from '../../src/core/description';
import { ERRORS, type ErrorCode } from '../../src/core/errors';
import { ACTIONS } from '../../src/addon/views/names';
import { DEFAULT_ADDON_CLIENT_ID, readLedger, readUsage } from '../../src/local/host/company';
import { ADDON, GATEWAY, GATEWAY_URL, type AddonPanel } from '../../src/local/host/workspace';
import * as cal from '../../src/local/runtime/backends/calendar';
import { clearCalendarFaults, setCalendarFault, type CalendarFault } from '../../src/local/runtime/backends/calendar';
import { mintIdToken } from '../../src/local/runtime/backends/identity';
import { findSheet, getFile, writeRange } from '../../src/local/runtime/backends/sheets';
import { scriptProperties, storeKey } from '../../src/local/runtime/backends/storage';
import { clearUrlFetchFaults, setUrlFetchFault, type UrlFetchFault } from '../../src/local/runtime/backends/urlfetch';
import { ANA, calls, confirm, savedEventPanel, setup, templatePattern, tick, type Setup } from './addon-helpers';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';

const text = (p: AddonPanel) => [p.text()?.title ?? '', ...(p.text()?.text ?? [])].join('\n');
const description = (s: Setup, id: string) => ((cal.getCopy(s.ws.world, ANA, id) as any)?.description ?? '') as string;
const rows = (s: Setup) => readLedger(s.ws.world, s.sheetId);
const START = '2026-03-03T11:00:00-05:00';

describe('faults, through the built bundles', () => {
  let s: Setup;
  afterEach(async () => {
    if (s) {
      clearUrlFetchFaults(s.ws.runtime);
      clearCalendarFaults(s.ws.runtime);
      await s.ws.close();
    }
  });

  // ------------------------------------------------------------------------------------------
  // The gateway

  // What the panel (a read) and confirm (a change) say, as catalogue codes: a read that failed changed
  // nothing; a change whose request left without a readable answer may have happened (the gateway can
  // act and lose its answer), so only a request that never left says "nothing was changed".
  const GATEWAY_FAULTS: [string, UrlFetchFault, ErrorCode, ErrorCode][] = [
    ['times out', { kind: 'timeout', afterMs: 50 }, 'GATEWAY_TIMEOUT', 'GATEWAY_OUTCOME_UNKNOWN'],
    [
      'answers 500',
      { kind: 'status', code: 500, body: '<html>Server Error</html>' },
      'GATEWAY_UNAVAILABLE',
      'GATEWAY_OUTCOME_UNKNOWN',
    ],
    [
      'answers 503',
      { kind: 'status', code: 503, body: 'Service Unavailable' },
      'GATEWAY_UNAVAILABLE',
      'GATEWAY_OUTCOME_UNKNOWN',
    ],
    [
      'answers an HTML page (200)',
      { kind: 'garbage', body: '<!DOCTYPE html><title>Sign in</title>' },
      'GATEWAY_UNAVAILABLE',
      'GATEWAY_OUTCOME_UNKNOWN',
    ],
    [
      'answers JSON that is not its envelope',
      { kind: 'garbage', body: '{"hello":"world"}', contentType: 'application/json' },
      'GATEWAY_UNAVAILABLE',
      'GATEWAY_OUTCOME_UNKNOWN',
    ],
    ['is unreachable', { kind: 'unreachable' }, 'GATEWAY_UNAVAILABLE', 'GATEWAY_UNAVAILABLE'],
  ];

  test.each(GATEWAY_FAULTS)(
    'the gateway %s: panel and confirm say so plainly; nothing is written; retrying works and counts once',
    async (_name, fault, panelCode, confirmCode) => {
      s = setup();
      const ev = cal.createEvent(s.ws.world, ANA, {
        summary: 'Alignment',
        start: START,
        end: '2026-03-03T12:00:00-05:00',
        description: 'Mine',
      });
      setUrlFetchFault(s.ws.runtime, GATEWAY_URL, fault);
      const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      expect(text(panel)).toContain(ERRORS[panelCode].message);
      expect(panel.text()!.buttons).toEqual(['Try again']);

      // The panel the person had before the outage: confirm during it.
      clearUrlFetchFaults(s.ws.runtime);
      await panel.press('Try again');
      expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
      setUrlFetchFault(s.ws.runtime, GATEWAY_URL, fault);
      tick(s.ws);
      const failed = await confirm(panel);
      expect(failed.crash).toBeNull();
      expect(failed.notification).toBe(ERRORS[confirmCode].message);
      expect(rows(s)).toEqual([]);
      expect(description(s, ev.id)).toBe('Mine');

      clearUrlFetchFaults(s.ws.runtime);
      tick(s.ws);
      const retried = await confirm(panel);
      expect(retried.notification).toMatch(/^Confirmed/);
      expect(rows(s).map((r) => r.status)).toEqual(['confirmed']);
      expect(parseBlock(description(s, ev.id)).found).toBe(true);
    },
  );

  test('the answer is lost after the gateway booked (the add-on never wrote the notes): the next open says so, and confirming again counts once', async () => {
    s = setup();
    const { ev } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    // The booking request reached the gateway and was booked; its answer never came back.
    const token = mintIdToken(s.ws.world, { email: ANA, aud: DEFAULT_ADDON_CLIENT_ID }, { nowMs: s.ws.world.now() });
    const body = JSON.stringify({
      op: 'book',
      idToken: token,
      requestId: 'lost-1',
      args: {
        event: {
          eventId: ev.id,
          start: new Date(START).toISOString(),
          end: new Date(Date.parse(START) + 3_600_000).toISOString(),
        },
        status: 'confirmed',
      },
    });
    const direct = await s.ws.runtime.execute({
      project: GATEWAY,
      fn: 'doPost',
      args: [{ postData: { contents: body, type: 'application/json', length: body.length } }],
      user: ANA,
      runAsOwner: true,
    });
    expect(JSON.parse((direct.value as { content: string }).content).ok).toBe(true);

    tick(s.ws, 30);
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(text(again)).toContain(COACHEE_TEXT.notesMissing);
    const done = await confirm(again);
    expect(done.notification).toContain(COACHEE_TEXT.updated);
    expect(rows(s)).toHaveLength(1);
    expect(parseBlock(description(s, ev.id)).found).toBe(true);
  });

  test('the booking is made and its answer lost (503): confirm says unconfirmed, the next open shows it', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, {
      kind: 'status',
      code: 503,
      body: 'Service Unavailable',
      lostAnswer: true,
      times: 1,
      bodyIncludes: '"op":"book"',
    });
    tick(s.ws);
    const lost = await confirm(panel);
    expect(lost.crash).toBeNull();
    // The booking went through, so the coachee is told it could not be confirmed, never "nothing was changed".
    expect(rows(s).map((r) => r.status)).toEqual(['confirmed']);
    expect(lost.notification).toBe(ERRORS.GATEWAY_OUTCOME_UNKNOWN.message);

    // Opening the panel again shows the truth, and confirming again counts once.
    tick(s.ws, 30);
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(text(again)).toContain(COACHEE_TEXT.notesMissing);
    const done = await confirm(again);
    expect(done.notification).toContain(COACHEE_TEXT.updated);
    expect(rows(s).map((r) => r.status)).toEqual(['confirmed']);
    expect(parseBlock(description(s, ev.id)).found).toBe(true);
  });

  // ------------------------------------------------------------------------------------------
  // The booking lock

  test('the lock cannot be had in time: "try again in a few seconds", nothing written, and the retry goes through', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
    scriptProperties(s.ws.world, GATEWAY).LOCK_WAIT_MS = '500';
    // Another execution of the gateway project holds its script lock until the test lets go (locks are
    // per project: a holder script runs under the gateway's name, then the real bundle is put back).
    const real = s.ws.runtime.project(GATEWAY);
    const dir = mkdtempSync(join(tmpdir(), 'ccm-hold-'));
    writeFileSync(
      join(dir, 'hold.js'),
      // Holds until the test lets go (a script property): a busy machine cannot make it let go early.
      'function hold() { var l = LockService.getScriptLock(); l.waitLock(1000); ' +
        'var p = PropertiesService.getScriptProperties(); while (!p.getProperty("HOLD_DONE")) Utilities.sleep(20); ' +
        'l.releaseLock(); return true; }',
    );
    s.ws.runtime.registerProject({ ...real, codePath: join(dir, 'hold.js') });
    const holding = s.ws.runtime.execute({ project: GATEWAY, fn: 'hold', user: real.owner! });
    for (let i = 0; i < 300 && !s.ws.runtime.services.storage.scriptLockHolder(GATEWAY); i++)
      await new Promise((r) => setTimeout(r, 10));
    s.ws.runtime.registerProject(real);
    expect(s.ws.runtime.services.storage.scriptLockHolder(GATEWAY)).toBeDefined();

    const busy = await confirm(panel);
    expect(busy.crash).toBeNull();
    expect(busy.notification).toBe(ERRORS.LOCK_TIMEOUT.message);
    expect(rows(s)).toEqual([]);
    expect(description(s, ev.id)).toBe('Mine');

    scriptProperties(s.ws.world, GATEWAY).HOLD_DONE = 'yes';
    expect((await holding).ok).toBe(true);
    const retried = await confirm(panel);
    expect(retried.notification).toMatch(/^Confirmed/);
    expect(rows(s).map((r) => r.status)).toEqual(['confirmed']);
  });

  // ------------------------------------------------------------------------------------------
  // Calendar

  test.each([
    ['429', { code: 429 }],
    ['403 rate limit', { code: 403 }],
    ['503', { code: 503 }],
  ] as [string, CalendarFault][])(
    'Calendar answers %s when the panel reads the event: "busy, try again", a retry button, nothing booked',
    async (_n, fault) => {
      s = setup();
      const ev = cal.createEvent(s.ws.world, ANA, {
        summary: 'Alignment',
        start: START,
        end: '2026-03-03T12:00:00-05:00',
      });
      setCalendarFault(s.ws.runtime, 'Calendar.Events.get', { ...fault, eventId: ev.id, times: 1 });
      const panel = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      expect(text(panel)).toMatch(/Google Calendar is busy right now\. Please try again in a minute/);
      await panel.press('Try again');
      expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
      expect(rows(s)).toEqual([]);
    },
  );

  test.each([
    ['429', { code: 429 }, /Google Calendar is busy right now/],
    [
      '403 rate limit',
      { code: 403, reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' },
      /Google Calendar is busy right now/,
    ],
    ['500', { code: 500 }, /Google Calendar couldn't complete this/],
    [
      '403 organizer only',
      { code: 403, reason: 'forbiddenForNonOrganizer', message: 'Forbidden' },
      /Only its organizer can change it/,
    ],
  ] as [string, CalendarFault, RegExp][])(
    'Calendar answers %s to the notes write after the booking: booked and told why, kept through later opens, retry counts once',
    async (_n, fault, why) => {
      s = setup();
      const { ev, panel } = await savedEventPanel(s.ws, START, { description: 'Mine' });
      setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { ...fault, times: 1 });
      const r = await confirm(panel);
      expect(r.crash).toBeNull();
      expect(r.notification).toMatch(templatePattern(COACHEE_TEXT.notesNotWritten));
      expect(r.notification).toMatch(why);
      expect(description(s, ev.id)).toBe('Mine');
      expect(rows(s).map((x) => x.status)).toEqual(['confirmed']);

      tick(s.ws, 60);
      const later = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await later.open();
      expect(rows(s).map((x) => x.status)).toEqual(['confirmed']);
      expect(text(later)).toContain(COACHEE_TEXT.notesMissing);
      const retry = await confirm(later);
      expect(retry.notification).toContain(COACHEE_TEXT.updated);
      expect(parseBlock(description(s, ev.id)).found).toBe(true);
      expect(description(s, ev.id).startsWith('Mine')).toBe(true);
      expect(rows(s)).toHaveLength(1);
    },
  );

  test('Calendar answers 404 when confirming (the event is gone): nothing is booked, and the person is told to save it', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START);
    // Without the panel's kept copy (CacheService may evict it at any time), Confirm reads the event.
    s.ws.world.state.storage.cache[storeKey('user', ADDON, ANA)] = {};
    setCalendarFault(s.ws.runtime, 'Calendar.Events.get', { code: 404, eventId: ev.id });
    const r = await confirm(panel);
    expect(r.crash).toBeNull();
    expect(r.notification).toBe(ERRORS.EVENT_NOT_SAVED.message);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(rows(s)).toEqual([]);
  });

  test('the event is deleted between the booking and the notes (404 on the write): told so, and the next open gives the allowance back', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START);
    setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { code: 404, times: 1 });
    const r = await confirm(panel);
    expect(r.notification).toMatch(
      /booked, but the meeting notes could not be written to the event \(We couldn't find this event in your calendar/,
    );
    cal.deleteEvent(s.ws.world, ANA, ev.id);
    tick(s.ws, 5);
    const home = s.ws.homepage(ANA);
    await home.open();
    expect(text(home)).toMatch(/was deleted from your calendar, so it no longer counts/);
    expect(rows(s).map((x) => x.status)).toEqual(['cancelled']);
    expect(text(home)).toMatch(/0 of 1 used/);
  });

  test('Calendar busy (429) while the panel gathers its facts: the panel still opens, and no booking changes', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, START);
    await confirm(panel);
    tick(s.ws, 60);
    setCalendarFault(s.ws.runtime, 'Calendar.Events.list', { code: 429 });
    const other = cal.createEvent(s.ws.world, ANA, {
      summary: 'Other',
      start: '2026-03-05T11:00:00-05:00',
      end: '2026-03-05T12:00:00-05:00',
    });
    const again = s.ws.calendarPanel(ANA, { eventId: other.id });
    await again.open();
    expect(again.last!.crash).toBeNull();
    expect(again.text()!.title).toBe('Alignment meeting');
    expect(rows(s).map((x) => [x.eventId, x.status])).toEqual([[ev.id, 'confirmed']]);
  });

  // ------------------------------------------------------------------------------------------
  // The usage Sheet edited by hand

  test('the Engagements header row deleted by hand: everyone is told the program needs its admin, the admin card says which row; restored, booking works', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, START);
    const sheet = findSheet(getFile(s.ws.world, s.sheetId), 'Engagements')!;
    const header = sheet.rows[0];
    sheet.rows = sheet.rows.slice(1);

    tick(s.ws);
    const broken = await confirm(panel);
    expect(broken.crash).toBeNull();
    expect(broken.notification).toMatch(
      /program's settings have a problem\. Your coaching program admin needs to fix them/,
    );
    expect(rows(s)).toEqual([]);
    const admin = s.ws.homepage('hr@acme.test');
    await admin.open();
    expect(text(admin)).toMatch(/Engagements row 1: the header row must name the columns/);

    sheet.rows = [header!, ...sheet.rows];
    tick(s.ws);
    const fixed = await confirm(panel);
    expect(fixed.notification).toMatch(/^Confirmed/);
  });

  test('Ledger and Usage cells typed over by hand: bookings and cancels still work, and the Ledger row is put right', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, START);
    await confirm(a.panel);
    // Someone "fixes" the status cell and types words into a Usage counter.
    writeRange(s.ws.world, s.sheetId, "'Ledger'!K2", [['confrimed']]);
    writeRange(s.ws.world, s.sheetId, "'Usage'!G2", [['lots']]);
    tick(s.ws);
    await a.panel.press({ fn: ACTIONS.cancel, params: { how: 'counting' } });
    const cancelled = await a.panel.press({ fn: ACTIONS.cancel, params: { sure: '1' } });
    expect(cancelled.notification).toMatch(/^Cancelled/);
    expect(rows(s).map((r) => r.status)).toEqual(['cancelled']);
    tick(s.ws);
    const b = await savedEventPanel(s.ws, '2026-03-05T11:00:00-05:00');
    expect((await confirm(b.panel)).notification).toMatch(/^Confirmed/);
    expect(rows(s).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    expect(readUsage(s.ws.world, s.sheetId).length).toBeGreaterThan(0);
  });
});
