// Through the BUILT gateway: no booking stays pending forever (the daily job expires bookings still
// pending a day after their last change, inside short lock sections; an expired booking whose event
// turns up later is booked again or refused out loud), the admin's overview in the `panel` answer,
// and a new booking's Ledger row found from its hint (no search of the whole Ledger).
import { UNCONFIRMED_EXPIRY_HOURS } from '../../src/core/ledger';
import { encodeBookings } from '../../src/gateway/records';
import { safeCell } from '../../src/gateway/schema';
import type { UsageRow } from '../../src/gateway/usage';
import {
  expectedUsage,
  readAudit,
  readIndex,
  readLedger,
  readUsage,
  seedBookings,
  type BookingSeed,
} from '../../src/local/host/company';
import { writeRange } from '../../src/local/runtime/backends/sheets';
import type { ExecutionResult } from '../../src/local/runtime/runtime';
import { ACME, callsInLock, event, gatewayHarness, OWNER, type Harness } from './gateway-harness';

const SPREADSHEET_CALLS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection)\./;
const HOUR = 3_600_000;
const BEN = 'ben@acme.test';
const ANA = 'ana@acme.test';
const ADMIN = 'hr@acme.test';
const ENGAGEMENTS = [
  {
    coachee: BEN,
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: ANA,
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

const sheetCalls = (exec: ExecutionResult) =>
  Object.entries(callsInLock(exec))
    .filter(([m]) => SPREADSHEET_CALLS.test(m))
    .reduce((n, [, c]) => n + c, 0);
const flushes = (exec: ExecutionResult) => callsInLock(exec)['SpreadsheetApp.flush'] ?? 0;
const counters = (rows: UsageRow[]) =>
  Object.fromEntries(
    rows
      .map((r) => [r.key, [r.confirmed, r.pending, r.cancelled, r.expired, r.sessions, r.met]])
      .filter(([, c]) => (c as number[]).some((n) => n !== 0)),
  );
const ledger = (h: Harness) => readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r.status, r.reason]);
const later = (h: Harness, ms: number) => h.world.advanceTo(h.world.now() + ms);
const ok = <T>(r: { res: { ok: boolean; data?: T } }): T => {
  expect(r.res).toMatchObject({ ok: true });
  return r.res.data as T;
};

describe('gateway: a booking left pending is expired by the daily job', () => {
  let h: Harness;
  const usageMatchesRecount = () =>
    expect(counters(readUsage(h.world, h.company.sheetId))).toEqual(
      counters(expectedUsage(h.world, h.company.sheetId)),
    );
  afterEach(() => h.close());

  test(`still pending ${UNCONFIRMED_EXPIRY_HOURS} hours after it was made: expired (unconfirmed), allowance back, Usage and Audit, in one lock section of at most 6 calls`, async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    ok(await h.call(BEN, 'book', { event: event('p1', '2026-03-10T10:00:00+01:00'), status: 'pending' }));
    later(h, (UNCONFIRMED_EXPIRY_HOURS - 1) * HOUR);
    const before = await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'pending', '']]); // a day is not over yet
    expect(flushes(before)).toBe(0);

    later(h, HOUR + 60_000);
    const after = await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'expired', 'unconfirmed']]);
    expect(readIndex(h.world, h.company.sheetId)[0]!.bookings).toEqual([
      expect.objectContaining({ eventId: 'p1', status: 'expired', reason: 'unconfirmed' }),
    ]);
    // The card and the Sheet both show it; Usage equals a recount.
    expect(ok<{ figures: unknown[] }>(await h.call(ADMIN, 'admin', {})).figures[0]).toMatchObject({
      confirmed: 0,
      pending: 0,
      expired: 1,
      met: 0,
    });
    expect(readUsage(h.world, h.company.sheetId).find((r) => r.key === 'acme.test|2026-Q1')).toMatchObject({
      pending: 0,
      expired: 1,
      met: 0,
    });
    usageMatchesRecount();
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'expire')).toEqual([
      expect.objectContaining({ actor: OWNER, eventId: 'p1', outcome: 'expired:unconfirmed' }),
    ]);
    // Its own lock section (one flush), within the budget.
    expect(flushes(after)).toBe(1);
    expect(sheetCalls(after)).toBeGreaterThan(0);
    expect(sheetCalls(after)).toBeLessThanOrEqual(6);

    // The allowance is back: another meeting in the same quarter is booked.
    ok(await h.call(BEN, 'book', { event: event('p2', '2026-03-12T10:00:00+01:00'), status: 'confirmed' }));
    // The next run changes nothing more.
    later(h, HOUR);
    await h.dailyJob();
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'expire')).toHaveLength(1);
    usageMatchesRecount();
  });

  test('pending is counted from its last change: a booking cancelled and booked again is pending afresh', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    ok(await h.call(BEN, 'book', { event: event('p1', '2026-03-10T10:00:00+01:00'), status: 'pending' }));
    ok(await h.call(BEN, 'cancel', { eventId: 'p1' }));
    later(h, 20 * HOUR);
    ok(await h.call(BEN, 'book', { event: event('p1', '2026-03-10T10:00:00+01:00'), status: 'pending' }));
    later(h, 5 * HOUR); // a day after it was created, 5 hours after it was booked again
    await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'pending', '']]);
    later(h, 20 * HOUR);
    await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'expired', 'unconfirmed']]);
  });

  test('many at once: all in one run, oldest first, one short section each', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    // Four quarters each for two coachees: eight pending bookings, a minute apart.
    const ids: string[] = [];
    for (const [who, tag] of [
      [BEN, 'b'],
      [ANA, 'a'],
    ] as const) {
      for (const [q, start] of [
        [1, '2026-03-10T10:00:00+01:00'],
        [2, '2026-05-12T10:00:00+02:00'],
        [3, '2026-08-11T10:00:00+02:00'],
        [4, '2026-11-10T10:00:00+01:00'],
      ] as const) {
        ok(await h.call(who, 'book', { event: event(`${tag}${q}`, start), status: 'pending' }));
        ids.push(`${tag}${q}`);
        later(h, 60_000);
      }
    }
    later(h, UNCONFIRMED_EXPIRY_HOURS * HOUR);
    // The admin card no longer expires anything (the 5-per-open rule is gone).
    ok(await h.call(ADMIN, 'admin', {}));
    expect(ledger(h).filter(([, status]) => status === 'expired')).toEqual([]);
    const run = await h.dailyJob();
    expect(
      readAudit(h.world, h.company.sheetId)
        .filter((a) => a.op === 'expire')
        .map((a) => a.eventId),
    ).toEqual(ids);
    expect(flushes(run)).toBe(8); // eight sections of their own
    usageMatchesRecount();
    expect(readIndex(h.world, h.company.sheetId).flatMap((e) => e.bookings!.map((b) => b.status))).toEqual(
      Array(8).fill('expired'),
    );
  });

  test('a pending booking the coachee confirms in time is never expired', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    const booked = event('p1', '2026-03-10T10:00:00+01:00');
    ok(await h.call(BEN, 'book', { event: booked, status: 'pending' }));
    later(h, 10 * HOUR);
    // The coachee's panel sees the event in their calendar: confirmed.
    const p = ok<{ reconciled: unknown[] }>(
      await h.call(BEN, 'panel', { facts: [{ eventId: 'p1', exists: true, start: booked.start, end: booked.end }] }),
    );
    expect(p.reconciled).toEqual([expect.objectContaining({ change: 'confirmed' })]);
    later(h, 30 * HOUR);
    await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'confirmed', '']]);
  });
});

describe('gateway: an expired booking whose event turns up later', () => {
  let h: Harness;
  const usageMatchesRecount = () =>
    expect(counters(readUsage(h.world, h.company.sheetId))).toEqual(
      counters(expectedUsage(h.world, h.company.sheetId)),
    );
  afterEach(() => h.close());

  async function expiredBooking() {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    const ev = event('p1', '2026-03-10T10:00:00+01:00');
    ok(await h.call(BEN, 'book', { event: ev, status: 'pending' }));
    later(h, (UNCONFIRMED_EXPIRY_HOURS + 1) * HOUR);
    await h.dailyJob();
    expect(ledger(h)).toEqual([['p1', 'expired', 'unconfirmed']]);
    return { eventId: 'p1', exists: true, start: ev.start, end: ev.end };
  }

  test('the quarter still has room: booked again (confirmed), and the coachee is told', async () => {
    const fact = await expiredBooking();
    const p = ok<{ reconciled: { change: string; message: string }[]; bookings: { status: string }[] }>(
      await h.call(BEN, 'panel', { facts: [fact] }),
    );
    expect(p.reconciled).toEqual([
      {
        eventId: 'p1',
        change: 'confirmed',
        message: expect.stringMatching(
          /had not been confirmed for a day, so its booking was released; it is in your calendar, so it is booked again\./,
        ),
      },
    ]);
    expect(p.bookings).toEqual([expect.objectContaining({ eventId: 'p1', status: 'confirmed' })]);
    expect(ledger(h)).toEqual([['p1', 'confirmed', '']]);
    expect(readUsage(h.world, h.company.sheetId).find((r) => r.key === 'acme.test|2026-Q1')).toMatchObject({
      confirmed: 1,
      expired: 0,
      met: 1,
    });
    usageMatchesRecount();
  });

  test('the quarter was used meanwhile: reported as refused with the reason, once; it stays expired and counts nothing', async () => {
    const fact = await expiredBooking();
    // With the allowance given back, the coachee booked another meeting in the same quarter.
    const other = event('p2', '2026-03-12T10:00:00+01:00');
    ok(await h.call(BEN, 'book', { event: other, status: 'confirmed' }));
    const facts = [fact, { eventId: 'p2', exists: true, start: other.start, end: other.end }];
    const p = ok<{ reconciled: { change: string; message: string }[] }>(await h.call(BEN, 'panel', { facts }));
    expect(p.reconciled).toEqual([
      {
        eventId: 'p1',
        change: 'refused',
        message: expect.stringMatching(
          /^Your alignment meeting on Tue 10 Mar 2026, 10:00 had not been confirmed for a day, so its booking was released, and it cannot be booked again\. You've already booked this quarter's alignment meeting .* So it does not count as an alignment meeting: move it, or make room and confirm it again\.$/,
        ),
      },
    ]);
    expect(ledger(h)).toEqual([
      ['p1', 'expired', 'unconfirmed-refused'],
      ['p2', 'confirmed', ''],
    ]);
    usageMatchesRecount();
    // Said once: the next open has nothing new to report.
    expect(ok<{ reconciled: unknown[] }>(await h.call(BEN, 'panel', { facts })).reconciled).toEqual([]);
    // Once there is room, confirming the event again books it.
    ok(await h.call(BEN, 'cancel', { eventId: 'p2' }));
    const again = ok<{ booking: { status: string } }>(
      await h.call(BEN, 'book', { event: event('p1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }),
    );
    expect(again.booking.status).toBe('confirmed');
    expect(ledger(h)).toEqual([
      ['p1', 'confirmed', ''],
      ['p2', 'cancelled', 'cancelled-by-coachee'],
    ]);
    usageMatchesRecount();
  });
});

describe('gateway: the admin overview in the panel answer', () => {
  const DANA = 'dana@acme.test'; // an admin who is also a coachee
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({
      engagements: [
        ...ENGAGEMENTS,
        {
          coachee: DANA,
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
      ],
      settings: { ...ACME.settings, admins: [ADMIN, DANA] },
    });
  });
  afterAll(() => h.close());

  test('an admin with nothing of their own to show: the homepage panel carries exactly what `admin` answers', async () => {
    ok(await h.call(BEN, 'book', { event: event('b1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }));
    const viaPanel = ok<{ me: { roles: string[] }; engagement: unknown; admin?: unknown }>(
      await h.call(ADMIN, 'panel', {}),
    );
    const direct = ok<unknown>(await h.call(ADMIN, 'admin', {}));
    expect(viaPanel.me.roles).toEqual(['admin']);
    expect(viaPanel.engagement).toBeNull();
    expect(viaPanel.admin).toEqual(direct);
    expect(viaPanel.admin).toMatchObject({
      figures: [expect.objectContaining({ company: 'acme.test', confirmed: 1 })],
    });
  });

  test('not with an event open, not for an admin with their own engagement, never for anyone else', async () => {
    expect(
      ok<{ admin?: unknown }>(await h.call(ADMIN, 'panel', { event: event('x1', '2026-03-11T10:00:00+01:00') })).admin,
    ).toBeUndefined();
    const dana = ok<{ me: { roles: string[] }; engagement: unknown; admin?: unknown }>(await h.call(DANA, 'panel', {}));
    expect(dana.me.roles).toEqual(['coachee', 'admin']);
    expect(dana.engagement).not.toBeNull();
    expect(dana.admin).toBeUndefined();
    for (const who of [BEN, 'lea@acme.test', 'cora@coaches.test']) {
      const r = await h.call(who, 'panel', {});
      if (r.res.ok) expect(r.res.data.admin).toBeUndefined();
    }
  });
});

describe("gateway: a new booking's Ledger row, from its hint", () => {
  let h: Harness;
  afterEach(() => h.close());

  /** 3,000 history rows of other coachees, so a search of the Ledger would be obvious. */
  const history = (n: number): BookingSeed[] =>
    Array.from({ length: n }, (_, i) => ({
      coachee: `old${Math.floor(i / 4)}@acme.test`,
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      eventId: `old-${i}`,
      quarterKey: '2025-Q1',
      start: '2025-02-15T10:00:00.000Z',
      end: '2025-02-15T11:00:00.000Z',
      status: 'confirmed',
    }));

  test('booked then cancelled in the same session: the cancel reads one Ledger cell and never searches the Ledger', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    seedBookings(h.world, h.company.sheetId, history(3000));
    ok(await h.call(BEN, 'book', { event: event('b1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }));
    const row = readLedger(h.world, h.company.sheetId).find((r) => r.eventId === 'b1')!.row;
    expect(row).toBe(3002);
    const ben = () => readIndex(h.world, h.company.sheetId).find((e) => e.coachee === BEN)!.bookings![0]!;
    expect(ben()).toMatchObject({ ledgerRow: 0, ledgerRowHint: row });
    const { exec } = await h.call(BEN, 'cancel', { eventId: 'b1' });
    // The one search is ben's own Engagements rows (the coachee column), never the Ledger.
    expect(exec.counters.serviceCalls['TextFinder.findAll'] ?? 0).toBe(1);
    // What the server scanned is the Index search for ben's row (a few hundred cells), never the
    // Ledger's 3,001 rows × 17 columns.
    expect(exec.counters.cellsScanned ?? 0).toBeLessThan(3000);
    expect(readLedger(h.world, h.company.sheetId).find((r) => r.row === row)).toMatchObject({
      eventId: 'b1',
      status: 'cancelled',
    });
    expect(ben()).toMatchObject({ ledgerRow: row, status: 'cancelled' });
    expect(ben().ledgerRowHint).toBeUndefined();
  });

  test('a hint another booking took (appended in between) is never trusted: the row is searched, the right one written', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true });
    ok(await h.call(BEN, 'book', { event: event('b1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }));
    ok(await h.call(ANA, 'book', { event: event('a1', '2026-03-11T10:00:00+01:00'), status: 'confirmed' }));
    const rows = new Map(readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r.row]));
    // As if ana's booking had been appended between ben's hint and ben's append: ben's hint names ana's row.
    const entry = readIndex(h.world, h.company.sheetId).find((e) => e.coachee === BEN)!;
    const wrong = entry.bookings!.map((b) => ({ ...b, ledgerRowHint: rows.get('a1')! }));
    writeRange(
      h.world,
      h.company.sheetId,
      `'Index'!A${entry.row}:C${entry.row}`,
      [[safeCell(BEN) as string, encodeBookings(wrong), new Date(h.world.now()).toISOString()]],
      'RAW',
    );
    const { exec } = await h.call(BEN, 'cancel', { eventId: 'b1' });
    // Ben's own Engagements rows (the coachee column), then the Ledger search for the row.
    expect(exec.counters.serviceCalls['TextFinder.findAll']).toBe(2);
    expect(readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r.status])).toEqual([
      ['b1', 'cancelled'],
      ['a1', 'confirmed'],
    ]);
    expect(readIndex(h.world, h.company.sheetId).find((e) => e.coachee === BEN)!.bookings![0]).toMatchObject({
      ledgerRow: rows.get('b1'),
    });
  });

  test('bookings racing each other: whatever the hints say, every update lands on its own row', async () => {
    h = gatewayHarness(
      { engagements: ENGAGEMENTS, allTabs: true },
      { callLatencyMs: (m: string) => (SPREADSHEET_CALLS.test(m) ? 3 : 0) },
    );
    await Promise.all([
      h.call(BEN, 'book', { event: event('b1', '2026-03-10T10:00:00+01:00'), status: 'pending' }),
      h.call(ANA, 'book', { event: event('a1', '2026-03-11T10:00:00+01:00'), status: 'pending' }),
    ]);
    await Promise.all([
      h.call(BEN, 'book', { event: event('b1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }),
      h.call(ANA, 'cancel', { eventId: 'a1' }),
    ]);
    expect(
      readLedger(h.world, h.company.sheetId)
        .map((r) => [r.eventId, r.coachee, r.status])
        .sort(),
    ).toEqual([
      ['a1', ANA, 'cancelled'],
      ['b1', BEN, 'confirmed'],
    ]);
    for (const e of readIndex(h.world, h.company.sheetId)) {
      const b = e.bookings![0]!;
      expect(readLedger(h.world, h.company.sheetId).find((r) => r.row === b.ledgerRow)).toMatchObject({
        eventId: b.eventId,
        coachee: e.coachee,
      });
    }
  });
});
