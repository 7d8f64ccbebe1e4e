// Proof under load, through the runtime's truly concurrent executions (each request a worker thread
// running the BUILT bundle): 2, 10 and 30 simultaneous confirms by one coachee in one quarter leave
// exactly one active booking; 30 coachees at once leave 30 bookings and a Usage row that counts all
// 30; the same request replayed 5 times leaves one row and the same answer. Then the same races with
// the runtime's locksDisabled switch, which must break each of them: that is what shows the tests
// above can fail, and that the script lock is what keeps the bookings apart.
//
// Races without the lock depend on how threads interleave, so those checks run round after round
// (each in a fresh quarter) until the race shows, and fail only if it never does. With Sheets calls
// taking a realistic few milliseconds (RuntimeOptions.callLatencyMs) it shows in the first round
// or two; the cap keeps the chance of a false alarm negligible.
import { expectedUsage, readIndex, readLedger, readUsage } from '../../src/local/host/company';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import type { UsageRow } from '../../src/gateway/usage';
import { event, gatewayHarness, type Harness } from './gateway-harness';

const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2032-01-01',
};
const COACHEES = Array.from({ length: 30 }, (_, i) => ({
  ...BEN,
  coachee: `c${String(i).padStart(2, '0')}@acme.test`,
}));
/** Generous: 30 executions queue for the lock on 2 cores, and a LOCK_TIMEOUT would muddle the checks. */
const LOCK_WAIT = '25000';
const SHEETS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder)\./;
// Both halves run with the same conditions: Sheets calls take a few milliseconds here, as they do
// (and more) on Google, so that executions started together overlap the way they would there.
const RUNTIME = { deadlineMs: 120_000, callLatencyMs: (m: string) => (SHEETS.test(m) ? 5 : 0) };

/** One mid-quarter month per calendar quarter of the long engagement after Q1 2026 ('2026-05', ...). */
const QUARTER_MONTHS = [2026, 2027, 2028, 2029, 2030, 2031]
  .flatMap((y) => ['02', '05', '08', '11'].map((m) => `${y}-${m}`))
  .filter((m) => m !== '2026-02');
/** Racers of the lock-less rounds: one coachee per race, so every round has a quarter of its own. */
const RACERS = ['n2', 'n10', 'n30', 'rex'].map((n) => ({ ...BEN, coachee: `${n}@acme.test` }));

const day = (month: string, i: number) => `${month}-${String(3 + (i % 24)).padStart(2, '0')}T10:00:00+01:00`;
const activeRows = (h: Harness, coachee?: string) =>
  readLedger(h.world, h.company.sheetId).filter(
    (r) => (r.status === 'confirmed' || r.status === 'pending') && (!coachee || r.coachee === coachee),
  );
/**
 * The Usage counters of one quarter by key. Rows of one key are added up: two first bookings racing
 * to create a key's row may leave a second, all-zero row (store.ts ensureUsageRow; reports add up).
 */
function counters(rows: UsageRow[], quarterKey: string) {
  const out: Record<string, { confirmed: number; met: number; sessions: number }> = {};
  for (const r of rows.filter((x) => x.quarterKey === quarterKey)) {
    const c = (out[r.key] ??= { confirmed: 0, met: 0, sessions: 0 });
    c.confirmed += r.confirmed;
    c.met += r.met;
    c.sessions += r.sessions;
  }
  return out;
}

/** `n` confirms of `n` different events of one coachee in one quarter, all at once. */
function confirmsAtOnce(h: Harness, who: string, month: string, n: number, tag = '') {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      h.call(who, 'book', { event: event(`ev-${tag}${month}-${i}`, day(month, i)), status: 'confirmed' }),
    ),
  );
}

/** Opens worker threads and caches the token check, so a round races rather than warms up. */
async function warm(h: Harness, people: string[]) {
  await h.call(BEN.coachee, 'book', { event: event('warm-up', '2026-02-10T10:00:00+01:00'), status: 'confirmed' });
  await Promise.all(people.map((p) => h.call(p, 'panel', {})));
}

describe('under load, with the script lock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = gatewayHarness({ engagements: [BEN, ...COACHEES], allTabs: true }, RUNTIME);
    scriptProperties(h.world, 'gateway').LOCK_WAIT_MS = LOCK_WAIT;
    await warm(
      h,
      COACHEES.map((c) => c.coachee),
    );
  }, 120_000);
  afterAll(() => h.close());

  test.each([
    [2, '2026-05'],
    [10, '2026-08'],
    [30, '2026-11'],
  ])(
    '%i simultaneous confirms by one coachee in one quarter: exactly one active booking, the others refused ALLOWANCE_USED',
    async (n, month) => {
      const results = await confirmsAtOnce(h, BEN.coachee, month, n);
      expect(results.filter((r) => r.res.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.res.ok).map((r) => !r.res.ok && r.res.error.code)).toEqual(
        Array(n - 1).fill('ALLOWANCE_USED'),
      );
      const inQuarter = activeRows(h, BEN.coachee).filter((r) => r.eventId.includes(month));
      expect(inQuarter).toHaveLength(1);
      // The Index (what the allowance check reads) agrees with the Ledger.
      const index = readIndex(h.world, h.company.sheetId).find((e) => e.coachee === BEN.coachee)!;
      expect(index.bookings!.filter((b) => b.eventId.includes(month)).map((b) => b.eventId)).toEqual([
        inQuarter[0]!.eventId,
      ]);
    },
    120_000,
  );

  test('30 coachees at once: 30 bookings, none lost, and the Usage row counts all 30', async () => {
    const results = await Promise.all(
      COACHEES.map((c, i) =>
        h.call(c.coachee, 'book', { event: event(`own-${i}`, day('2026-05', i)), status: 'confirmed' }),
      ),
    );
    expect(results.map((r) => r.res.ok)).toEqual(Array(30).fill(true));
    const rows = readLedger(h.world, h.company.sheetId).filter((r) => r.eventId.startsWith('own-'));
    expect(new Set(rows.map((r) => r.coachee)).size).toBe(30);
    expect(rows.every((r) => r.status === 'confirmed')).toBe(true);
    const index = readIndex(h.world, h.company.sheetId);
    for (const c of COACHEES)
      expect(index.find((e) => e.coachee === c.coachee)?.bookings?.map((b) => b.eventId)).toHaveLength(1);
    // The company-wide counter (a read-modify-write of one row) lost no update: it equals a recount.
    const stored = counters(readUsage(h.world, h.company.sheetId), '2026-Q2');
    expect(stored).toEqual(counters(expectedUsage(h.world, h.company.sheetId), '2026-Q2'));
    expect(stored['acme.test|2026-Q2']!.confirmed).toBe(31); // the 30, plus ben's own Q2 booking above
  }, 120_000);

  test('the same request replayed 5 times (at once, then one after another): one row, the same answer', async () => {
    const body = {
      op: 'book',
      idToken: h.token(BEN.coachee),
      requestId: 'replayed-1',
      args: { event: event('ev-replay', '2027-02-10T10:00:00+01:00'), status: 'confirmed' },
    };
    const atOnce = await Promise.all(Array.from({ length: 5 }, () => h.post(body, BEN.coachee)));
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await h.post(body, BEN.coachee));
    const all = [...atOnce, ...after].map((r) => r.res);
    expect(all.every((r) => r.ok)).toBe(true);
    const bookings = all.map((r) => (r.ok ? r.data.booking : null));
    for (const b of bookings) expect(b).toEqual(bookings[0]);
    // Exactly one of them made the booking; every other one says it was already there.
    expect(all.filter((r) => r.ok && !r.data.alreadyBooked)).toHaveLength(1);
    expect(readLedger(h.world, h.company.sheetId).filter((r) => r.eventId === 'ev-replay')).toHaveLength(1);
  }, 120_000);
});

describe('the same races WITHOUT the lock (locksDisabled): each check above catches them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = gatewayHarness(
      { engagements: [BEN, ...COACHEES, ...RACERS], allTabs: true },
      { ...RUNTIME, locksDisabled: true },
    );
    await warm(
      h,
      [...COACHEES, ...RACERS].map((c) => c.coachee),
    );
  }, 120_000);
  afterAll(() => h.close());

  /** Runs `round` in fresh quarters until it reports the race (true), at most `max` rounds. */
  async function caught(max: number, round: (month: string, i: number) => Promise<boolean>): Promise<boolean> {
    for (let i = 0; i < Math.min(max, QUARTER_MONTHS.length); i++) if (await round(QUARTER_MONTHS[i]!, i)) return true;
    return false;
  }

  test.each([
    [2, 20],
    [10, 12],
    [30, 12],
  ])(
    '%i simultaneous confirms by one coachee double-book',
    async (n, max) => {
      const who = `n${n}@acme.test`;
      const found = await caught(
        max,
        async (month) => (await confirmsAtOnce(h, who, month, n)).filter((r) => r.res.ok).length > 1,
      );
      expect(found).toBe(true);
      expect(
        readLedger(h.world, h.company.sheetId).filter((r) => r.coachee === who && r.status === 'confirmed').length,
      ).toBeGreaterThan(1);
    },
    240_000,
  );

  test('30 coachees at once: the Usage row loses updates (it no longer equals a recount)', async () => {
    const found = await caught(8, async (month, i) => {
      await Promise.all(
        COACHEES.map((c, k) =>
          h.call(c.coachee, 'book', { event: event(`u${i}-${k}`, day(month, k)), status: 'confirmed' }),
        ),
      );
      const quarterKey = readLedger(h.world, h.company.sheetId).find((r) => r.eventId === `u${i}-0`)!.quarterKey;
      return (
        JSON.stringify(counters(readUsage(h.world, h.company.sheetId), quarterKey)) !==
        JSON.stringify(counters(expectedUsage(h.world, h.company.sheetId), quarterKey))
      );
    });
    expect(found).toBe(true);
  }, 240_000);

  test('the same request replayed 5 times at once writes more than one row', async () => {
    const who = 'rex@acme.test';
    const found = await caught(16, async (month, i) => {
      const id = `rp-${i}`;
      const body = {
        op: 'book',
        idToken: h.token(who),
        requestId: id,
        args: { event: event(id, day(month, 1)), status: 'confirmed' },
      };
      await Promise.all(Array.from({ length: 5 }, () => h.post(body, who)));
      return readLedger(h.world, h.company.sheetId).filter((r) => r.eventId === id).length > 1;
    });
    expect(found).toBe(true);
  }, 240_000);
});
