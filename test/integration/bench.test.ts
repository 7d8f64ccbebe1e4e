// The benchmark's invariants (not its timings): run at small ledger sizes in-process and through the
// CLI, it must show flat cells read for confirm and panel open as the ledger grows, at most one
// gateway round trip per action, at most 6 Spreadsheet calls inside the lock, no Calendar or
// UrlFetch call on the Gmail ordinary-message path, the add-on bundle inside 150 KB, and print
// exactly the JSON shape issue 7 asks for. Also: the fast history seeding equals a recount.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ADDON_BUDGET_BYTES, HANDLERS, runBenchmark, toJson, type BenchResult } from '../../src/local/bench/bench';
import { historyUsageOracle, seedHistory } from '../../src/local/bench/seed';
import { readIndex, readLedger, readUsage, seedCompany } from '../../src/local/host/company';
import { World } from '../../src/local/runtime/world';

const root = join(__dirname, '../..');
const SIZES = [500, 5000];

describe('npm run bench', () => {
  let r: BenchResult;
  beforeAll(async () => {
    r = await runBenchmark({ sizes: SIZES, buildDir: join(root, 'build') });
  }, 120_000);

  test('confirm and panel open read the same cells with a ledger ten times larger', () => {
    for (const h of ['confirm', 'coachee panel open'] as const) {
      const [small, large] = SIZES.map((s) => r.handlers[h][String(s)]!.cellsRead);
      expect(small).toBeGreaterThan(0);
      expect(Math.abs(large! - small!) / small!).toBeLessThanOrEqual(0.2);
    }
  });

  test('every action: at most one gateway round trip; at most 6 Spreadsheet calls inside the lock', () => {
    for (const h of HANDLERS) {
      for (const s of SIZES) {
        const m = r.handlers[h][String(s)]!;
        expect({ handler: h, size: s, roundTrips: Math.max(m.gatewayRoundTrips, 1) }).toEqual({
          handler: h,
          size: s,
          roundTrips: 1,
        });
        expect(m.spreadsheetCallsInLock).toBeLessThanOrEqual(6);
      }
    }
    // The writes really happened under the lock (not a vacuous zero).
    expect(r.handlers.confirm[String(SIZES[0])]!.spreadsheetCallsInLock).toBeGreaterThan(0);
  });

  test('the Gmail ordinary-message path makes no Calendar and no UrlFetch call', () => {
    for (const s of SIZES) {
      const m = r.handlers['Gmail open of an ordinary message'][String(s)]!;
      expect(Object.keys(m.calls).filter((k) => /^(Calendar|UrlFetchApp)\./.test(k))).toEqual([]);
      expect(m.gatewayRoundTrips).toBe(0);
    }
  });

  test('the add-on bundle is at most 150 KB; both bundles load', () => {
    expect(r.bundles.addon!.bytes).toBeLessThanOrEqual(ADDON_BUDGET_BYTES);
    expect(r.bundles.gateway!.bytes).toBeGreaterThan(0);
    expect(r.bundles.addon!.loadMs).toBeGreaterThan(0);
  });

  test('the targets it prints agree: all met', () => {
    expect(r.targets.filter((t) => !t.met)).toEqual([]);
  });

  test('the actions did what they claim (a booking, a cancel, the admin card)', () => {
    for (const s of SIZES) {
      expect(r.handlers.confirm[String(s)]!.outcome).toMatch(/^Confirmed/);
      expect(r.handlers.cancel[String(s)]!.outcome).toMatch(/^Cancelled/);
      expect(r.handlers['admin card'][String(s)]!.cellsRead).toBeGreaterThan(0);
    }
  });

  test('--json prints exactly {ledgerSizes, handlers: {name: {size: five figures}}, bundles: {project: {bytes, loadMs}}}', () => {
    const out = JSON.parse(
      execFileSync('node', [join(root, 'build/local/bench/cli.js'), '--json', '--sizes=200'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    expect(Object.keys(out)).toEqual(['ledgerSizes', 'handlers', 'bundles']);
    expect(out.ledgerSizes).toEqual([200]);
    expect(Object.keys(out.handlers)).toEqual([...HANDLERS]);
    for (const h of HANDLERS) {
      expect(Object.keys(out.handlers[h])).toEqual(['200']);
      expect(Object.keys(out.handlers[h]['200'])).toEqual([
        'serviceCalls',
        'cellsRead',
        'cellsWritten',
        'cpuMs',
        'modelledMs',
      ]);
      for (const v of Object.values(out.handlers[h]['200'])) expect(Number.isFinite(v)).toBe(true);
    }
    expect(Object.keys(out.bundles)).toEqual(['addon', 'gateway']);
    for (const b of Object.values(out.bundles) as Record<string, number>[])
      expect(Object.keys(b)).toEqual(['bytes', 'loadMs']);
    // The in-process result serialises to the same shape.
    expect(Object.keys(toJson(r))).toEqual(['ledgerSizes', 'handlers', 'bundles']);
  }, 60_000);
});

describe("the benchmark's history seeding", () => {
  test('copies of the seeded block are what the gateway would have written: Index rows point at their Ledger rows, Usage equals a recount', () => {
    const world = new World();
    world.advanceTo(Date.parse('2026-03-02T09:00:00Z'));
    const { sheetId } = seedCompany(world, {
      owner: 'svc@acme.test',
      settings: { domain: 'acme.test', timeZone: 'Europe/Berlin', quarters: 'calendar', admins: ['hr@acme.test'] },
      engagements: [],
    });
    seedHistory(world, sheetId, 3000, { company: 'acme.test', manager: 'lea@acme.test', coach: 'cora@coaches.test' });
    const ledger = readLedger(world, sheetId);
    expect(ledger).toHaveLength(3000);
    expect(new Set(ledger.map((b) => b.bookingId)).size).toBe(3000);
    const index = readIndex(world, sheetId);
    expect(index.reduce((n, e) => n + e.bookings!.length, 0)).toBe(3000);
    for (const e of index)
      for (const b of e.bookings!)
        expect([ledger[b.ledgerRow - 2]!.bookingId, ledger[b.ledgerRow - 2]!.coachee]).toEqual([
          b.bookingId,
          e.coachee,
        ]);
    const pick = (rows: { key: string; confirmed: number; cancelled: number; met: number; sessions: number }[]) =>
      rows.map((x) => [x.key, x.confirmed, x.cancelled, x.met, x.sessions]).sort();
    expect(pick(readUsage(world, sheetId).filter((u) => /^202[45]/.test(u.quarterKey)))).toEqual(
      pick(historyUsageOracle(world, sheetId)),
    );
  });
});
