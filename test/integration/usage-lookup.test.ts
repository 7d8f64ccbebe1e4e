// Issue 11 item 7 (first bullet): the Usage row of a (company, quarter) is found by the Key column,
// exact match, through the BUILT gateway. A search of every column, case-insensitive, took the row of
// a company NAMED like another company's key for that key, and updateUsage then searched again
// without end inside the script lock (14 s, others timed out).
import { contributionDelta, quarterOfKey, usageKey, zeroCounts } from '../../src/core/usage';
import { readUsage } from '../../src/local/host/company';
import { CoacheeTx, type SheetStore } from '../../src/gateway/store';
import { emptyUsageRow, usageRowValues } from '../../src/gateway/usage';
import { callsInLock, event, gatewayHarness, type Harness } from './gateway-harness';

/** Searches made while the script lock was held: a new coachee's Index row, at most one Usage re-search. */
const searchesInLock = (exec: Parameters<typeof callsInLock>[0]) => callsInLock(exec)['TextFinder.findNext'] ?? 0;

const settings = { quarters: 'calendar' as const, fiscalStartMonth: 1, timeZone: 'Europe/Berlin' };

const person = (coachee: string, company: string) => ({
  coachee,
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  company,
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
});

describe('Usage rows are found by their key, exactly', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  test('a company named `x|2026-q1` and a company `x` each count in their own row, with no search loop in the lock', async () => {
    h = gatewayHarness({ engagements: [person('amy@acme.test', 'x|2026-q1'), person('bob@acme.test', 'x')] });
    const first = await h.call('amy@acme.test', 'book', {
      event: event('ev-amy', '2026-03-03T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(first.res.ok).toBe(true);
    h.world.advanceTo(h.world.now() + 60_000);
    const second = await h.call('bob@acme.test', 'book', {
      event: event('ev-bob', '2026-03-04T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(second.res.ok).toBe(true);
    // No search loop inside the lock while others wait.
    expect(searchesInLock(second.exec)).toBeLessThanOrEqual(2);
    const rows = readUsage(h.world, h.company.sheetId).map((r) => [r.key, r.confirmed]);
    expect(rows.sort()).toEqual([
      ['x|2026-Q1', 1],
      ['x|2026-q1|2026-Q1', 1],
    ]);
  });
});

describe('updateUsage searches again at most once, then stops', () => {
  // The store's write set over a stand-in Sheet whose Usage row never holds the key looked for (as if
  // the tab were edited by hand between the search and the read): the lock must not be held by a loop.
  test('a key still not found after one more search is returned, nothing written', () => {
    let searches = 0;
    let writes = 0;
    const wrongRow = usageRowValues(emptyUsageRow('other', quarterOfKey('2026-Q1', settings)!));
    const range = {
      getValues: () => [wrongRow],
      setValues: () => void writes++,
      getNumRows: () => 1,
    };
    const store = {
      ensureUsageRow: () => (searches++, 2),
      tab: () => ({ getRange: () => range }),
    };
    const tx = new CoacheeTx(store as unknown as SheetStore, 'bob@acme.test', 2);
    const delta = contributionDelta(
      new Map(),
      new Map([[usageKey('x', '2026-Q1'), { company: 'x', quarterKey: '2026-Q1', ...zeroCounts(), confirmed: 1 }]]),
    );
    const ctx = { engagements: [], settings, nowMs: Date.UTC(2026, 2, 1) };
    expect(tx.updateUsage(delta, ctx, (c) => quarterOfKey(c.quarterKey, settings))).toEqual(['x|2026-Q1']);
    expect(searches).toBe(2);
    expect(writes).toBe(0);
  });
});
