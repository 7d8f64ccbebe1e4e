// A coachee's request does not grow with the Engagements tab: the gateway finds and checks only the
// caller's own rows (a TextFinder search on the coachee column, then those rows), never the whole
// tab, so 1,000 or 50,000 engagement rows cost the same cells read. Another coachee's bad rows do
// not touch the caller; the caller's own bad row does.
import { seedEngagementRows } from '../../src/local/bench/seed';
import type { ExecutionResult } from '../../src/local/runtime/runtime';
import { event, gatewayHarness } from './gateway-harness';

const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
};
const OTHERS_BROKEN = [
  // zed's row twice (a duplicate) and a row with an impossible date: other people's problems.
  {
    coachee: 'zed@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'zed@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'ivy@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-02-30',
    end: '2027-01-01',
  },
  // kim's own record overlaps itself: kim's problem only.
  {
    coachee: 'kim@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'kim@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'six-month',
    start: '2026-03-01',
    end: '2026-09-01',
  },
];

interface Cost {
  panel: number;
  cancel: number;
  book: number;
  viewer: number;
}

async function costWithEngagements(rows: number): Promise<Cost> {
  // ben's row and the broken ones first, then `rows` valid rows of other coachees (bulk, straight into the World).
  // The first booking is the cold path by design: no cached Usage tally yet, so it reads the whole tab
  // once (~15 s of runtime CPU at 50,000 rows, more wall time on a loaded machine). It is not measured;
  // the deadline leaves it room so that what is measured is the steady state after it.
  const h = gatewayHarness({ engagements: [BEN, ...OTHERS_BROKEN], allTabs: true }, { deadlineMs: 120_000 });
  try {
    seedEngagementRows(h.world, h.company.sheetId, rows, { company: 'acme.test' });
    const token = h.token('ben@acme.test');
    const first = await h.call(
      'ben@acme.test',
      'book',
      { event: event('ev-1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' },
      { token },
    );
    expect(first.res.ok).toBe(true);
    const cells = (e: ExecutionResult) => e.counters.cellsRead;
    const panel = await h.call(
      'ben@acme.test',
      'panel',
      { event: event('ev-1', '2026-03-10T10:00:00+01:00') },
      { token },
    );
    expect(panel.res.ok && panel.res.data.engagement).toMatchObject({ program: 'quarterly' });
    expect(panel.res.ok && panel.res.data.engagementProblem).toBeUndefined();
    const cancel = await h.call('ben@acme.test', 'cancel', { eventId: 'ev-1' }, { token });
    expect(cancel.res.ok).toBe(true);
    const book = await h.call(
      'ben@acme.test',
      'book',
      { event: event('ev-2', '2026-03-12T10:00:00+01:00'), status: 'confirmed' },
      { token },
    );
    expect(book.res.ok).toBe(true);
    const viewer = await h.call('lea@acme.test', 'viewer', { eventId: 'ev-2', organizer: 'ben@acme.test' });
    expect(viewer.res.ok && viewer.res.data.role).toBe('manager');

    // The caller's own broken record refuses them, with the row numbers in the Audit tab only.
    const kim = await h.call('kim@acme.test', 'book', {
      event: event('k-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(kim.res.ok ? 'booked' : kim.res.error.code).toBe('ENGAGEMENT_RECORD_INVALID');
    return { panel: cells(panel.exec), cancel: cells(cancel.exec), book: cells(book.exec), viewer: cells(viewer.exec) };
  } finally {
    await h.close();
  }
}

describe('gateway: a coachee request as the Engagements tab grows', () => {
  test('1,000 vs 50,000 engagement rows: the same cells read for panel, cancel, book and the manager view', async () => {
    const small = await costWithEngagements(1_000);
    const large = await costWithEngagements(50_000);
    expect(large).toEqual(small);
    // Small in absolute terms: Settings, the header row, the caller's own rows, one Index row.
    expect(small.panel).toBeLessThan(100);
  }, 300_000);
});
