// The coachee's panel opens from the add-on's kept copy of the last gateway answer (the user cache,
// src/addon/adapters/cache.ts) within PANEL_FRESH_MINUTES, through the BUILT add-on and gateway in the
// local runtime: no gateway round trip within the bound, one after it, the copy dropped by every
// booking change, "Checked N min ago" with a Refresh that asks the gateway, and a stale copy that
// shows room never books it (the gateway decides at confirm).
import { PANEL_FRESH_MINUTES } from '../../src/addon/adapters/cache';
import { ACTIONS } from '../../src/addon/views/names';
import { REFRESH_LABEL } from '../../src/addon/views/coachee';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';
import { readLedger } from '../../src/local/host/company';
import { ADDON } from '../../src/local/host/workspace';
import * as cal from '../../src/local/runtime/backends/calendar';
import { storeKey, userProperties, type CacheEntry } from '../../src/local/runtime/backends/storage';
import { urlFetchLog } from '../../src/local/runtime/backends/urlfetch';
import { ANA, FORM, calls, cancelThrough, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

const fetches = (p: Parameters<typeof calls>[0]) => calls(p, 'UrlFetchApp.fetch');

/** Ana's user cache of the add-on project, as the runtime keeps it (live object). */
function anaCache(s: Setup): Record<string, CacheEntry> {
  return (s.ws.world.state.storage.cache[storeKey('user', ADDON, ANA)] ??= {});
}

async function reopen(s: Setup, eventId: string) {
  const panel = s.ws.calendarPanel(ANA, { eventId });
  const outcome = await panel.open();
  expect(outcome.crash).toBeNull();
  return panel;
}

describe('coachee panel from the kept copy (user cache), through the built bundles', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('within the bound a second open (same or another ordinary event) makes no gateway call; after it, one', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect(fetches(a.panel)).toBe(1);
    // Cold: the answer's entry is read once; the event's copy is written with the answer, unread.
    expect(calls(a.panel, 'Cache.get')).toBe(1);
    expect(a.panel.text()!.text).toContain('0 of 1 used');
    expect(a.panel.text()!.buttons).not.toContain(REFRESH_LABEL);

    tick(s.ws, 6.5); // the gateway answered a moment after the open began
    const again = await reopen(s, a.ev.id);
    expect(fetches(again)).toBe(0);
    // The answer's entry is read once per open (then the event's copy): two cache reads.
    expect(calls(again, 'Cache.get')).toBe(2);
    const t = again.text()!;
    expect(t.text).toEqual(expect.arrayContaining(['0 of 1 used', COACHEE_TEXT.checked(6), 'This meeting counts as']));
    expect(t.buttons).toContain(REFRESH_LABEL);

    // Another ordinary event: shown from the copy too (the gateway decides when it is confirmed).
    const b = await savedEventPanel(s.ws, '2026-03-10T11:00:00-05:00');
    expect(fetches(b.panel)).toBe(0);
    expect(b.panel.text()!.text).toContain('0 of 1 used');

    tick(s.ws, PANEL_FRESH_MINUTES - 6);
    const late = await reopen(s, a.ev.id);
    expect(fetches(late)).toBe(1);
    expect(late.text()!.buttons).not.toContain(REFRESH_LABEL);
  });

  test('after confirm and after cancel the next open shows the new state; the confirmed meeting then opens from the copy', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    tick(s.ws);
    expect((await confirm(a.panel)).notification).toMatch(/^Confirmed/);

    tick(s.ws);
    const after = await reopen(s, a.ev.id);
    expect(fetches(after)).toBe(1); // the confirm dropped the copy
    expect(after.text()!.text).toContain('1 of 1 used');
    expect(after.hasButtonFor(ACTIONS.cancel)).toBe(true);

    tick(s.ws);
    const own = await reopen(s, a.ev.id);
    expect(fetches(own)).toBe(0);
    // The event now holds its notes, so no copy of it is kept: only the answer's entry is read.
    expect(calls(own, 'Cache.get')).toBe(1);
    expect(own.text()!.text).toContain('1 of 1 used');
    expect(own.hasButtonFor(ACTIONS.cancel)).toBe(true);

    const cancelled = await cancelThrough(own, 'counting');
    expect(cancelled.done.crash).toBeNull();
    tick(s.ws);
    const next = await reopen(s, a.ev.id);
    expect(fetches(next)).toBe(1);
    expect(next.text()!.text).toContain('0 of 1 used');
    expect(next.hasButtonFor(ACTIONS.cancel)).toBe(false);
  });

  test('Refresh asks the gateway now and shows a fresh answer', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    tick(s.ws, 3.5);
    const again = await reopen(s, a.ev.id);
    expect(fetches(again)).toBe(0);
    // The answer's entry is read once per open (then the event's copy): two cache reads.
    expect(calls(again, 'Cache.get')).toBe(2);
    const refreshed = await again.press(REFRESH_LABEL);
    expect(refreshed.crash).toBeNull();
    expect(fetches(again)).toBe(1);
    expect(again.text()!.text).not.toContain(COACHEE_TEXT.checked(3));
    expect(again.text()!.buttons).not.toContain(REFRESH_LABEL);
    expect(again.text()!.inputs.map((i) => i.name)).toContain('goal');
  });

  test('a deleted upcoming booking sends the open to the gateway, which releases it', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(a.panel);
    tick(s.ws);
    const b = await savedEventPanel(s.ws, '2026-03-10T11:00:00-05:00');
    expect(fetches(b.panel)).toBe(1);
    tick(s.ws);
    const quiet = await reopen(s, b.ev.id);
    expect(fetches(quiet)).toBe(0);
    // The copy is not trusted for an upcoming booking Calendar no longer has.
    cal.deleteEvent(s.ws.world, ANA, a.ev.id);
    tick(s.ws);
    const after = await reopen(s, b.ev.id);
    expect(fetches(after)).toBe(1);
    expect(readLedger(s.ws.world, s.sheetId)[0]!.status).toBe('cancelled');
    expect(after.text()!.text).toContain('0 of 1 used');
  });

  test('the upcoming bookings are checked in one batch (the time of one Calendar read); a deleted one still sends the open to the gateway', async () => {
    s = setup({ program: 'quarterly', quarters: 'calendar', start: '2026-01-01', end: '2027-01-01' });
    const booked: string[] = [];
    for (const start of ['2026-03-03T11:00:00-05:00', '2026-05-05T11:00:00-04:00']) {
      const x = await savedEventPanel(s.ws, start);
      expect((await confirm(x.panel)).notification).toMatch(/^Confirmed/);
      booked.push(x.ev.id);
      tick(s.ws);
    }
    const other = await savedEventPanel(s.ws, '2026-03-20T11:00:00-04:00');
    expect(fetches(other.panel)).toBe(1);
    tick(s.ws);
    const quiet = await reopen(s, other.ev.id);
    expect(fetches(quiet)).toBe(0);
    expect(calls(quiet, 'UrlFetchApp.fetchAll')).toBe(1);
    // The open event itself, and the last meeting (its steps carried): the bookings take no read of their own.
    expect(calls(quiet, 'Calendar.Events.get')).toBe(2);

    cal.deleteEvent(s.ws.world, ANA, booked[1]!);
    tick(s.ws);
    const after = await reopen(s, other.ev.id);
    expect(fetches(after)).toBe(1);
    expect(readLedger(s.ws.world, s.sheetId).find((r) => r.eventId === booked[1])!.status).toBe('cancelled');
  });

  test("a copy kept a moment 'ahead' of this execution's clock (another machine's) is still used", async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const entry = anaCache(s)[`ccm.panel.${ANA}`]!;
    const ahead = new Date(s.ws.world.now() + 5_000).toISOString();
    entry.value = JSON.stringify({ ...JSON.parse(entry.value), checkedAt: ahead });
    expect(fetches(await reopen(s, a.ev.id))).toBe(0);
  });

  test('a stale copy showing room never books: the gateway refuses the confirm', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect(a.panel.text()!.text).toContain('0 of 1 used');
    // The answer as a panel open still running elsewhere would keep it after the booking below.
    const stale = JSON.parse(JSON.stringify(anaCache(s))) as Record<string, CacheEntry>;
    for (const k of Object.keys(stale)) if (!k.startsWith('ccm.panel.')) delete stale[k];
    expect(Object.keys(stale)).toHaveLength(1);

    tick(s.ws);
    const b = await savedEventPanel(s.ws, '2026-03-05T11:00:00-05:00');
    expect((await confirm(b.panel)).notification).toMatch(/^Confirmed/);
    // A copy kept under the memo's old change mark is never shown (the confirm renewed the mark): this
    // one claims the current mark, as a racing open that read the memo after the confirm could.
    const mark = JSON.parse(userProperties(s.ws.world, ADDON, ANA)['ccm.memo']!).changed as string;
    for (const e of Object.values(stale)) e.value = JSON.stringify({ ...JSON.parse(e.value), changed: mark });
    Object.assign(anaCache(s), stale);

    tick(s.ws);
    const shown = await reopen(s, a.ev.id);
    expect(fetches(shown)).toBe(0);
    expect(shown.text()!.text).toContain('0 of 1 used'); // the stale copy shows room
    const refused = await confirm(shown);
    expect(refused.crash).toBeNull();
    expect(refused.notification).not.toMatch(/^Confirmed/);
    const active = readLedger(s.ws.world, s.sheetId).filter((r) => r.status === 'confirmed' || r.status === 'pending');
    expect(active.map((r) => r.eventId)).toEqual([b.ev.id]);
    expect((cal.getCopy(s.ws.world, ANA, a.ev.id) as { description?: string }).description ?? '').not.toContain(
      FORM.goal,
    );
  });

  test('the copy is kept per user and holds metadata only, never plan text', async () => {
    s = setup();
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(a.panel);
    tick(s.ws);
    await reopen(s, a.ev.id);
    const kept = JSON.stringify(anaCache(s));
    expect(Object.keys(anaCache(s)).length).toBeGreaterThan(0);
    expect(kept).toContain(a.ev.id);
    for (const text of [FORM.goal, ...FORM.agenda, ...FORM.actionPlan.map((x) => x.step)])
      expect(kept).not.toContain(text);
    // Nobody else's cache holds it.
    const others = Object.entries(s.ws.world.state.storage.cache).filter(([k]) => k !== storeKey('user', ADDON, ANA));
    expect(JSON.stringify(others)).not.toContain(a.ev.id);
  });

  test('a gateway-backed open reports only what changed since the last search; a deletion found so releases its booking', async () => {
    s = setup({ program: 'quarterly', quarters: 'calendar', start: '2026-01-01', end: '2027-01-01' });
    const booked: string[] = [];
    for (const start of ['2026-03-03T11:00:00-05:00', '2026-05-05T11:00:00-04:00', '2026-08-04T11:00:00-04:00']) {
      const x = await savedEventPanel(s.ws, start);
      expect((await confirm(x.panel)).notification).toMatch(/^Confirmed/);
      booked.push(x.ev.id);
      tick(s.ws);
    }
    const ordinary = cal.createEvent(s.ws.world, ANA, {
      summary: 'Planning',
      start: '2026-03-20T15:00:00Z',
      end: '2026-03-20T16:00:00Z',
    });
    /** The size of the gateway request the last open sent (the facts are most of it). */
    const sent = (p: Awaited<ReturnType<typeof reopen>>) => {
      expect(fetches(p)).toBe(1);
      const mine = urlFetchLog(s.ws.runtime).requests.filter((r) => r.project === ADDON);
      return mine[mine.length - 1]!.payloadBytes;
    };
    // A day on: the whole engagement window is searched again, every booking reported.
    tick(s.ws, 25 * 60);
    const full = sent(await reopen(s, ordinary.id));
    // Within the day: only what changed since that search (nothing), so only the open event.
    tick(s.ws, PANEL_FRESH_MINUTES + 1);
    const quiet = sent(await reopen(s, ordinary.id));
    expect(quiet).toBeLessThan(full - 150);

    // A deletion is a change: the search for changes finds it, and only that booking is released.
    cal.deleteEvent(s.ws.world, ANA, booked[1]!);
    tick(s.ws, PANEL_FRESH_MINUTES + 1);
    const found = sent(await reopen(s, ordinary.id));
    expect(found).toBeGreaterThan(quiet);
    expect(found).toBeLessThan(full);
    const status = Object.fromEntries(readLedger(s.ws.world, s.sheetId).map((r) => [r.eventId, r.status]));
    expect(status).toEqual({ [booked[0]!]: 'confirmed', [booked[1]!]: 'cancelled', [booked[2]!]: 'confirmed' });
  });
});
