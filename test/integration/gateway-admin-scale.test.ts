// The admin card costs a bounded amount at any size (issue 12): at 50,000 Engagements rows and a
// 300,000-booking Ledger one open reads at most 5,000 cells. What needs the whole Engagements tab and
// Index (due, overdue, records to fix, engagement tallies) comes from the Overview tab the overview job
// (`refreshOverview`, a time-driven trigger) rebuilds; a small program's card builds it live.
import type { AdminData } from '../../src/core/api';
import { seedEngagementRows, seedHistory } from '../../src/local/bench/seed';
import type { ExecutionResult } from '../../src/local/runtime/runtime';
import { event, gatewayHarness, OWNER, type Harness } from './gateway-harness';

const ADMIN = 'hr@acme.test';
const row = (coachee: string, extra: Record<string, string> = {}) => ({
  coachee,
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
  ...extra,
});
// ben books; zed's row twice (a duplicate) and ivy's impossible date are records to fix.
const SEED = [
  row('ben@acme.test'),
  row('zed@acme.test'),
  row('zed@acme.test'),
  row('ivy@acme.test', { start: '2026-02-30' }),
];

async function adminOpen(h: Harness): Promise<{ data: AdminData; exec: ExecutionResult }> {
  const { res, exec } = await h.call<AdminData>(ADMIN, 'admin', {});
  if (!res.ok) throw new Error(`admin refused: ${res.error.code}`);
  return { data: res.data, exec };
}

const job = (h: Harness) => h.runtime.execute({ project: 'gateway', fn: 'refreshOverview', user: OWNER });

describe('gateway: the admin card at 50,000 engagements and 300,000 bookings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = gatewayHarness({ engagements: SEED, allTabs: true }, { deadlineMs: 240_000 });
    // The history first: its Usage recount then normalises the four SEED rows, not 50,000 (~3 s), as
    // if the bulk rows were imported after those quarters. The former coachees have no rows either way.
    seedHistory(h.world, h.company.sheetId, 300_000, {
      company: 'acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
    });
    seedEngagementRows(h.world, h.company.sheetId, 50_000 - SEED.length, { company: 'acme.test' });
    const booked = await h.call('ben@acme.test', 'book', {
      event: event('ev-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(booked.res.ok).toBe(true);
  }, 600_000);
  afterAll(() => h.close());

  test('before the overview job has run: bounded, the counters live, and it says the lists are not ready', async () => {
    const { data, exec } = await adminOpen(h);
    expect(exec.counters.cellsRead).toBeLessThanOrEqual(5_000);
    expect(data.checked).toEqual({ at: null, label: '' });
    expect(data.due).toEqual([]);
    const acme = data.figures.find((f) => f.company === 'acme.test');
    expect(acme).toMatchObject({ quarter: '2026-Q1', confirmed: 1, met: 1 });
    // The outcome figures need the whole Index: the card never works them out at this size.
    expect(acme?.outcomes).toBeUndefined();
  }, 120_000);

  test('after the job: at most 5,000 cells read, the lists capped with their full counts, as of the job', async () => {
    h.world.advanceTo(h.world.now() + 60_000);
    const started = h.world.now();
    const built = await job(h);
    expect(built.error?.message ?? 'ok').toBe('ok');
    h.world.advanceTo(h.world.now() + 5 * 60_000);

    const { data, exec } = await adminOpen(h);
    expect(exec.counters.cellsRead).toBeLessThanOrEqual(5_000);
    const at = Date.parse(data.checked?.at ?? '');
    // The job's own clock: when it started (the World's clock runs on while a script runs).
    expect(at - started).toBeGreaterThanOrEqual(0);
    expect(at - started).toBeLessThan(60_000);
    // 12,500 quarterly and 12,500 six-month active coachees among the bulk rows: thousands due, 25 listed.
    expect(data.totals!.due).toBeGreaterThan(10_000);
    expect(data.due.filter((d) => !d.overdue)).toHaveLength(25);
    expect(data.due.map((d) => d.coachee)).not.toContain('ben@acme.test');
    // The records to fix, by row: zed's duplicate (row 4) and ivy's date (row 5).
    expect(data.problems.map((p) => p.row)).toEqual(expect.arrayContaining([4, 5]));
    expect(data.totals!.problems).toBe(data.problems.length);
    const acme = data.figures.find((f) => f.company === 'acme.test')!;
    expect(acme).toMatchObject({ quarter: '2026-Q1', confirmed: 1, met: 1 });
    // Engaged: the usable active coachees (not zed, not ivy): ben and the bulk rows' active half.
    expect(acme.engaged).toBe(1 + 25_000 - 2);
    expect(acme.noMeeting).toBe(acme.engaged - 1);
    // ...and the outcome figures as the job wrote them into the Usage row (nothing held yet).
    expect(acme.outcomes).toMatchObject({ held: 0, supported: 0, supportRate: null });
    expect(acme.outcomes!.withFirst + acme.outcomes!.withoutFirst).toBeGreaterThan(0);
  }, 600_000);
});

describe("gateway: a small program's admin card is built live", () => {
  test('no job needed: due and problems as of now, no "checked" time', async () => {
    const h = gatewayHarness({ engagements: SEED });
    try {
      const before = await adminOpen(h);
      expect(before.data.checked).toBeUndefined();
      expect(before.data.due.map((d) => d.coachee)).toContain('ben@acme.test');
      await h.call('ben@acme.test', 'book', { event: event('ev-1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' });
      const after = await adminOpen(h);
      expect(after.data.due.map((d) => d.coachee)).not.toContain('ben@acme.test');
      expect(after.data.problems.map((p) => p.row)).toEqual(expect.arrayContaining([4, 5]));
      expect(after.data.totals).toMatchObject({ problems: after.data.problems.length });
    } finally {
      await h.close();
    }
  }, 120_000);
});
