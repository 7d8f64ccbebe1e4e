// The Usage tab through the BUILT gateway: every booking change (book, re-book, move, cancel,
// reconcile: deleted, moved, expired) keeps the per-(company, quarter) counters equal to a recount
// from scratch (expectedUsage, the oracle), inside the 6-call lock budget; the derived figures
// (engaged, no meeting, six-month initial missed) follow Engagements and the clock; the admin op and
// the Node-side report show the same numbers; nothing but figures and ids is in the tab.
import { expectedUsage, readUsage, seedBookings, usageFigures } from '../../src/local/host/company';
import { findSheet, getFile, readSheet } from '../../src/local/runtime/backends/sheets';
import type { UsageRow } from '../../src/gateway/usage';
import { callsInLock, event, gatewayHarness, type Harness } from './gateway-harness';

const SPREADSHEET_CALLS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection)\./;
const ENGAGEMENTS = [
  {
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'ana@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'six-month',
    start: '2026-01-12',
    end: '2026-07-12',
  },
  {
    coachee: 'kim@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'six-month',
    start: '2026-01-05',
    end: '2026-07-05',
  },
  {
    coachee: 'zoe@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    company: 'beta',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

const counters = (rows: UsageRow[]) =>
  Object.fromEntries(
    rows
      .map(
        (r) =>
          [
            r.key,
            {
              confirmed: r.confirmed,
              pending: r.pending,
              cancelled: r.cancelled,
              expired: r.expired,
              sessions: r.sessions,
              met: r.met,
              held: r.held,
            },
          ] as const,
      )
      .filter(([, c]) => c.confirmed + c.pending + c.cancelled + c.expired + c.met + Object.keys(c.held).length > 0),
  );

function sheetCalls(exec: { counters: { callsInLock: Record<string, number> } }): number {
  return Object.entries(callsInLock(exec as never))
    .filter(([m]) => SPREADSHEET_CALLS.test(m))
    .reduce((n, [, c]) => n + c, 0);
}

describe('Usage tab kept current by the gateway', () => {
  let h: Harness;
  const check = () =>
    expect(counters(readUsage(h.world, h.company.sheetId))).toEqual(
      counters(expectedUsage(h.world, h.company.sheetId)),
    );
  beforeAll(() => {
    // Tabs created up front: the first booking's tab creation is not what these tests measure.
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
  });
  afterAll(() => h.close());

  test('book: the (company, quarter) row counts it, inside the lock budget', async () => {
    // (A coachee's very first booking also creates their Index row, in a short lock section of its own.)
    const { res } = await h.call('ben@acme.test', 'book', {
      event: event('b1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res.ok).toBe(true);
    const rows = readUsage(h.world, h.company.sheetId);
    expect(rows).toEqual([
      expect.objectContaining({
        company: 'acme.test',
        quarterKey: '2026-Q1',
        confirmed: 1,
        sessions: 1,
        met: 1,
        engaged: 3,
        noMeeting: 2,
      }),
    ]);
    check();
  });

  test('a pending booking, then its confirm (same booking): pending → confirmed, counted once', async () => {
    const p = await h.call('kim@acme.test', 'book', {
      event: event('k1', '2026-02-20T10:00:00+01:00'),
      status: 'pending',
    });
    expect(p.res.ok).toBe(true);
    expect(readUsage(h.world, h.company.sheetId)[0]).toMatchObject({ confirmed: 1, pending: 1, met: 2 });
    const c = await h.call('kim@acme.test', 'book', {
      event: event('k1', '2026-02-20T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(c.res.ok).toBe(true);
    expect(sheetCalls(c.exec)).toBeLessThanOrEqual(6);
    expect(readUsage(h.world, h.company.sheetId)[0]).toMatchObject({ confirmed: 2, pending: 0, met: 2, sessions: 2 });
    check();
  });

  test('another company gets its own row', async () => {
    const { res } = await h.call('zoe@acme.test', 'book', {
      event: event('z1', '2026-03-11T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res.ok).toBe(true);
    expect(
      readUsage(h.world, h.company.sheetId)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['acme.test|2026-Q1', 'beta|2026-Q1']);
    check();
  });

  test('cancel: confirmed → cancelled, the coachee no longer has a meeting; within the budget', async () => {
    const { res, exec } = await h.call('ben@acme.test', 'cancel', { eventId: 'b1' });
    expect(res.ok).toBe(true);
    expect(sheetCalls(exec)).toBeLessThanOrEqual(6);
    expect(readUsage(h.world, h.company.sheetId).find((r) => r.key === 'acme.test|2026-Q1')).toMatchObject({
      confirmed: 1,
      cancelled: 1,
      met: 1,
      sessions: 1,
    });
    check();
  });

  test('a move into the next quarter (re-confirm) moves the count between rows', async () => {
    const { res, exec } = await h.call('ben@acme.test', 'book', {
      event: event('b2', '2026-03-20T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res.ok).toBe(true);
    expect(sheetCalls(exec)).toBeLessThanOrEqual(6);
    const moved = await h.call('ben@acme.test', 'book', {
      event: event('b2', '2026-04-20T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(moved.res.ok).toBe(true);
    // A move touches two Usage rows: one span read, one span write, still 6 calls.
    expect(sheetCalls(moved.exec)).toBeLessThanOrEqual(6);
    const byKey = new Map(readUsage(h.world, h.company.sheetId).map((r) => [r.key, r]));
    expect(byKey.get('acme.test|2026-Q2')).toMatchObject({ confirmed: 1, met: 1 });
    expect(byKey.get('acme.test|2026-Q1')).toMatchObject({ confirmed: 1, cancelled: 1 });
    check();
  });

  test('reconcile: a deleted event is cancelled, a pending one never saved expires; within the budget for one change', async () => {
    const del = await h.call('ben@acme.test', 'panel', { facts: [{ eventId: 'b2', exists: false }] });
    expect(del.res.ok && del.res.data.reconciled).toEqual([expect.objectContaining({ change: 'cancelled' })]);
    expect(sheetCalls(del.exec)).toBeLessThanOrEqual(6);
    check();
    const p = await h.call('ana@acme.test', 'book', {
      event: event('a-pending', '2026-03-05T10:00:00+01:00'),
      status: 'pending',
    });
    expect(p.res.ok).toBe(true);
    h.world.advanceTo(h.world.now() + 3 * 3_600_000);
    const exp = await h.call('ana@acme.test', 'panel', { facts: [{ eventId: 'a-pending', exists: false }] });
    expect(exp.res.ok && exp.res.data.reconciled).toEqual([expect.objectContaining({ change: 'expired' })]);
    expect(readUsage(h.world, h.company.sheetId).find((r) => r.key === 'acme.test|2026-Q1')).toMatchObject({
      expired: 1,
    });
    check();
  });

  test('six-month: an initial meeting not held by the end of month 2 is reported once the deadline passed', async () => {
    // ana (start 12 Jan) has no confirmed meeting; kim (start 5 Jan) has one on 20 Feb: held in time.
    const before = usageFigures(h.world, h.company.sheetId, '2026-Q1').find((f) => f.company === 'acme.test')!;
    expect(before.initialMissed).toBe(0); // 2 Mar + 3 h: neither deadline (5 / 12 Mar) has passed
    h.world.advanceTo(Date.parse('2026-03-13T09:00:00Z'));
    const after = usageFigures(h.world, h.company.sheetId, '2026-Q1').find((f) => f.company === 'acme.test')!;
    expect(after.initialMissed).toBe(1);
    // The admin card shows the same figures, and opening it writes them into the Sheet.
    const admin = await h.call('hr@acme.test', 'admin', {});
    expect(admin.res.ok && admin.res.data.figures).toEqual(usageFigures(h.world, h.company.sheetId, '2026-Q1'));
    expect(admin.res.ok && admin.res.data.due).toContainEqual(
      expect.objectContaining({ coachee: 'ana@acme.test', overdue: true }),
    );
    expect(readUsage(h.world, h.company.sheetId).find((r) => r.key === 'acme.test|2026-Q1')).toMatchObject({
      initialMissed: 1,
    });
    check();
  });

  test('the tab holds figures and ids only (never agenda or action-plan text), and is protected', () => {
    const f = getFile(h.world, h.company.sheetId);
    const usage = findSheet(f, 'Usage')!;
    expect(usage.protections).toHaveLength(1);
    expect(usage.frozenRows).toBe(1);
    const cells = readSheet(h.world, h.company.sheetId, 'Usage').flat().map(String);
    for (const c of cells) expect(c).not.toMatch(/agenda|action plan|goal/i);
  });
});

describe('Usage: seeded history and scale', () => {
  test('seeded history is counted in Usage exactly as the gateway would have', async () => {
    const h = gatewayHarness({ engagements: ENGAGEMENTS });
    try {
      seedBookings(h.world, h.company.sheetId, [
        {
          coachee: 'ben@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          company: 'acme.test',
          eventId: 'old-1',
          quarterKey: '2026-Q1',
          start: '2026-01-20T10:00:00.000Z',
          end: '2026-01-20T11:00:00.000Z',
          status: 'cancelled',
        },
        {
          coachee: 'ben@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          company: 'acme.test',
          eventId: 'old-2',
          quarterKey: '2026-Q1',
          start: '2026-02-20T10:00:00.000Z',
          end: '2026-02-20T11:00:00.000Z',
          status: 'confirmed',
        },
      ]);
      expect(readUsage(h.world, h.company.sheetId)).toEqual([
        expect.objectContaining({ key: 'acme.test|2026-Q1', confirmed: 1, cancelled: 1, met: 1 }),
      ]);
      // The gateway then carries on from there.
      const { res } = await h.call('ana@acme.test', 'book', {
        event: event('a1', '2026-03-03T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(res.ok).toBe(true);
      expect(readUsage(h.world, h.company.sheetId)[0]).toMatchObject({ confirmed: 2, cancelled: 1, met: 2 });
    } finally {
      await h.close();
    }
  });
});
