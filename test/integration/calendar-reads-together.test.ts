// Issue 12 item 5 (E5): the coachee's cold panel open reads its event and searches for CCM events in
// ONE UrlFetchApp.fetchAll of Calendar API requests (REST, the add-on's own OAuth token), so the
// modelled time is one Calendar call, not two. Through the BUILT add-on in the local runtime.
import { ANA, savedEventPanel, setup, tick, calls, confirm } from './addon-helpers';
import { urlFetchLog } from '../../src/local/runtime/backends/urlfetch';
import * as cal from '../../src/local/runtime/backends/calendar';
import {
  modelTerms,
  CALENDAR_REST_MS,
  URLFETCH_ROUND_TRIP_MS,
  type ExecutionTree,
} from '../../src/local/bench/latency';
import type { ExecutionResult } from '../../src/local/runtime/runtime';

const CALENDAR_REST = 'https://www.googleapis.com/calendar/v3/calendars/';

describe('add-on: the cold panel reads its event and the facts search together', () => {
  test('one fetchAll carries events.get and events.list; no advanced-service read; the panel is the gateway answer', async () => {
    const s = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      const exec = panel.last!.execution;
      expect(calls(panel, 'UrlFetchApp.fetchAll')).toBe(1);
      expect(calls(panel, 'Calendar.Events.get')).toBe(0);
      expect(calls(panel, 'Calendar.Events.list')).toBe(0);
      const mine = urlFetchLog(s.ws.runtime).requests.filter((r) => r.execId === exec.execId);
      const rest = mine.filter((r) => r.url.startsWith(CALENDAR_REST));
      expect(rest.map((r) => [r.method.toLowerCase(), r.status])).toEqual([
        ['get', 200],
        ['get', 200],
      ]);
      expect(rest[0]!.url).toContain(`/events/${ev.id}`);
      expect(rest[1]!.url).toMatch(/\/primary\/events\?sharedExtendedProperty=/);
      expect(new Set(rest.map((r) => r.batch)).size).toBe(1);
      // The gateway was asked once (its own UrlFetch), and the card is the coachee's panel.
      expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
      expect(panel.text()?.title).toMatch(/Alignment/);
    } finally {
      await s.ws.close();
    }
  });

  test('a booked event deleted in Calendar is still reported gone through the parallel search (released)', async () => {
    const s = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      const booked = await confirm(panel);
      expect(booked.notification).toMatch(/^Confirmed/);
      tick(s.ws);
      cal.deleteEvent(s.ws.world, ANA, ev.id);
      tick(s.ws);
      const { panel: other } = await savedEventPanel(s.ws, '2026-03-10T11:00:00-05:00');
      expect(calls(other, 'UrlFetchApp.fetchAll')).toBe(1);
      expect(calls(other, 'Calendar.Events.list')).toBe(0);
      // The gateway released the booking on Calendar's "cancelled": the quarter has room again.
      const again = await confirm(other);
      expect(again.notification).toMatch(/^Confirmed/);
    } finally {
      await s.ws.close();
    }
  });
});

describe('bench latency model: a fetchAll batch costs its slowest request', () => {
  const exec = (execId: string): ExecutionResult =>
    ({
      execId,
      project: 'addon',
      cpuMs: 0,
      counters: { serviceCalls: {}, cellsRead: 0, cellsWritten: 0, cellsScanned: 0, callsInLock: {} },
    }) as unknown as ExecutionResult;
  const req = (url: string, batch?: number) =>
    ({
      url,
      batch,
      execId: 'a',
      atMs: 0,
      project: 'addon',
      user: ANA,
      method: 'get',
      headers: {},
      payloadBytes: 0,
    }) as const;
  const total = (t: ExecutionTree) => modelTerms(t, () => false).reduce((a, x) => a + x.ms, 0);

  test('two Calendar requests in one batch: one Calendar call; sent one by one: two', () => {
    const together: ExecutionTree = {
      exec: exec('a'),
      children: [],
      fetches: [req(`${CALENDAR_REST}primary/events/x`, 1), req(`${CALENDAR_REST}primary/events`, 1)],
    };
    const apart: ExecutionTree = {
      exec: exec('a'),
      children: [],
      fetches: [req(`${CALENDAR_REST}primary/events/x`), req('https://example.test/x')],
    };
    expect(total(together)).toBe(CALENDAR_REST_MS);
    expect(total(apart)).toBe(CALENDAR_REST_MS + URLFETCH_ROUND_TRIP_MS);
  });
});
