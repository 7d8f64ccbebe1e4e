// The allowance check's Sheet reads do not grow with the Ledger: the same booking costs the same
// cells read (and the same calls) with 1,000, 20,000 or 100,000 Ledger rows, because it reads the
// coachee's one Index row (found by a server-side TextFinder search), never the Ledger.
import { seedHistory } from '../../src/local/bench/seed';
import { readLedger, seedBookings, type BookingSeed } from '../../src/local/host/company';
import type { ExecutionResult } from '../../src/local/runtime/runtime';
import { event, gatewayHarness } from './gateway-harness';

const ENGAGEMENTS = [
  {
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

/** `n` past bookings spread over n/4 other coachees, plus two of ben's own (the same in every world). */
function history(n: number): BookingSeed[] {
  const rows: BookingSeed[] = [];
  for (let i = 0; i < n - 2; i++) {
    const q = i % 4;
    const month = String(q * 3 + 1).padStart(2, '0');
    rows.push({
      coachee: `coachee${Math.floor(i / 4)}@acme.test`,
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      eventId: `past-${i}`,
      quarterKey: `2025-Q${q + 1}`,
      start: `2025-${month}-15T10:00:00.000Z`,
      end: `2025-${month}-15T11:00:00.000Z`,
      status: i % 7 === 0 ? 'cancelled' : 'confirmed',
      milestone: 'quarterly',
    });
  }
  for (const [i, month] of [
    ['1', '01'],
    ['2', '02'],
  ] as const) {
    rows.push({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      eventId: `ben-old-${i}`,
      quarterKey: '2026-Q1',
      start: `2026-${month}-20T10:00:00.000Z`,
      end: `2026-${month}-20T11:00:00.000Z`,
      status: 'cancelled',
      milestone: 'quarterly',
    });
  }
  return rows;
}

interface Cost {
  cellsRead: number;
  cellsWritten: number;
  calls: number;
  panelCellsRead: number;
}

/**
 * Above this many rows the rest of the Ledger is the benchmark's history (copies of a block the gateway's
 * own formats wrote, eight bookings per former coachee): 100,000 rows in a second instead of ~20 s of
 * formatting every row through the company's time zone. The booking reads none of them either way.
 */
const FORMATTED_ROWS = 2_000;

async function costWithLedger(rows: number): Promise<Cost> {
  const h = gatewayHarness({ engagements: ENGAGEMENTS });
  try {
    seedBookings(h.world, h.company.sheetId, history(Math.min(rows, FORMATTED_ROWS)));
    if (rows > FORMATTED_ROWS) {
      const people = { company: 'acme.test', manager: 'lea@acme.test', coach: 'cora@coaches.test' };
      seedHistory(h.world, h.company.sheetId, rows - FORMATTED_ROWS, people);
    }
    expect(readLedger(h.world, h.company.sheetId)).toHaveLength(rows);
    const token = h.token('ben@acme.test');
    await h.call('ben@acme.test', 'panel', {}, { token }); // warm: token cached, same in every world
    const panel = await h.call(
      'ben@acme.test',
      'panel',
      { event: event('ev-new', '2026-03-10T10:00:00+01:00') },
      { token },
    );
    const book = await h.call(
      'ben@acme.test',
      'book',
      { event: event('ev-new', '2026-03-10T10:00:00+01:00'), status: 'confirmed' },
      { token },
    );
    expect(book.res.ok).toBe(true);
    const c = (e: ExecutionResult) => e.counters;
    return {
      cellsRead: c(book.exec).cellsRead,
      cellsWritten: c(book.exec).cellsWritten,
      calls: c(book.exec).totalServiceCalls,
      panelCellsRead: c(panel.exec).cellsRead,
    };
  } finally {
    await h.close();
  }
}

describe('gateway: cost of the allowance check as the Ledger grows', () => {
  // The 1,000-row world is the baseline of both tests: measured once (each measurement is a fresh World).
  let baseline: Promise<Cost> | undefined;
  const smallCost = () => (baseline ??= costWithLedger(1_000));

  test('1,000 vs 20,000 Ledger rows: identical cells read, cells written and service calls', async () => {
    const small = await smallCost();
    const large = await costWithLedger(20_000);
    expect(large).toEqual(small);
    // And small in absolute terms: Settings (13 key rows x 3 columns, with the daily job's reminder
    // switches) + Engagements + one Index row, nothing Ledger-sized.
    expect(small.cellsRead).toBeLessThan(120);
  });

  test('100,000 Ledger rows: still the same', async () => {
    const small = await smallCost();
    const huge = await costWithLedger(100_000);
    expect(huge).toEqual(small);
  }, 120_000);
});
