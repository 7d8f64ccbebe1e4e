// The booking's critical section in the BUILT gateway: ten simultaneous confirms by one coachee in
// one quarter leave exactly one active booking, and the same test without the lock (the runtime's
// locksDisabled switch) double-books, so it is the lock that keeps them apart. Also: what runs
// inside the lock, and LOCK_TIMEOUT when the lock cannot be had.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIndex, readLedger } from '../../src/local/host/company';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { ServiceError, type HandlerMap } from '../../src/local/runtime/service';
import { callsInLock, event, gatewayHarness, OWNER, type Harness } from './gateway-harness';

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
const SPREADSHEET_CALLS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection)\./;

/** Ten confirms of ten different Q1 events by ben, all at once. */
async function tenSimultaneousConfirms(h: Harness) {
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      h.call('ben@acme.test', 'book', {
        event: event(`ev-${i}`, `2026-03-${String(10 + i).padStart(2, '0')}T10:00:00+01:00`),
        status: 'confirmed',
      }),
    ),
  );
  const active = readLedger(h.world, h.company.sheetId).filter(
    (r) => r.status === 'confirmed' || r.status === 'pending',
  );
  return { results, active };
}

describe('gateway: ten simultaneous confirms, with the script lock', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
  });
  afterAll(() => h.close());

  test('exactly one active booking; the nine others are refused with ALLOWANCE_USED', async () => {
    const { results, active } = await tenSimultaneousConfirms(h);
    expect(results.filter((r) => r.res.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.res.ok).map((r) => !r.res.ok && r.res.error.code)).toEqual(
      Array(9).fill('ALLOWANCE_USED'),
    );
    expect(active).toHaveLength(1);
    // One Index row for ben (created once, under the lock), holding that one booking.
    const index = readIndex(h.world, h.company.sheetId);
    expect(index.map((e) => e.coachee)).toEqual(['ben@acme.test']);
    expect(index[0]!.bookings!.map((b) => b.eventId)).toEqual([active[0]!.eventId]);
  });

  test('inside the lock: at most 6 Spreadsheet calls, a flush, and no Calendar, Gmail or UrlFetch call', async () => {
    const { res, exec } = await h.call('ben@acme.test', 'book', {
      event: event('ev-q2', '2026-05-05T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(res.ok).toBe(true);
    const inLock = callsInLock(exec);
    const sheetCalls = Object.entries(inLock).filter(([m]) => SPREADSHEET_CALLS.test(m));
    expect(sheetCalls.reduce((n, [, c]) => n + c, 0)).toBeLessThanOrEqual(6);
    expect(inLock['SpreadsheetApp.flush']).toBe(1);
    expect(Object.keys(inLock).filter((m) => /^(UrlFetchApp|Calendar|Gmail|CalendarApp|GmailApp)/.test(m))).toEqual([]);
    // The token check (the cached keys, or a fetch of them) happened, outside the lock.
    expect(
      (exec.counters.serviceCalls['UrlFetchApp.fetch'] ?? 0) + (exec.counters.serviceCalls['Cache.get'] ?? 0),
    ).toBeGreaterThan(0);
  });
});

describe('gateway: the same ten confirms WITHOUT the lock (proves the test above needs it)', () => {
  // Without mutual exclusion the outcome depends on how the ten executions interleave, so each round
  // races in a fresh quarter (tabs and Index row already there, workers warm, so all ten reach the
  // read-decide-write at about the same moment) until one double-books. With the lock, the same
  // rounds never do.
  const LONG = [{ ...ENGAGEMENTS[0]!, end: '2029-01-01' }];
  const quarters = [
    '2026-02',
    '2026-05',
    '2026-08',
    '2026-11',
    '2027-02',
    '2027-05',
    '2027-08',
    '2027-11',
    '2028-02',
    '2028-05',
    '2028-08',
    '2028-11',
  ];

  async function rounds(h: Harness, max: number) {
    await h.call('ben@acme.test', 'book', {
      event: event('warm-up', '2028-12-01T10:00:00+01:00'),
      status: 'confirmed',
    });
    await Promise.all(Array.from({ length: 10 }, () => h.call('ben@acme.test', 'panel', {})));
    const perRound: number[] = [];
    for (const month of quarters.slice(0, max)) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.call('ben@acme.test', 'book', {
            event: event(`ev-${month}-${i}`, `${month}-${String(10 + i).padStart(2, '0')}T10:00:00+01:00`),
            status: 'confirmed',
          }),
        ),
      );
      perRound.push(results.filter((r) => r.res.ok).length);
      if (perRound[perRound.length - 1]! > 1) break;
    }
    return perRound;
  }

  test('without the lock, some round double-books', async () => {
    const h = gatewayHarness({ engagements: LONG, allTabs: true }, { locksDisabled: true });
    try {
      const perRound = await rounds(h, quarters.length);
      expect(Math.max(...perRound)).toBeGreaterThan(1);
      const active = readLedger(h.world, h.company.sheetId).filter(
        (r) => r.status === 'confirmed' && r.eventId.startsWith('ev-'),
      );
      expect(active.length).toBeGreaterThan(perRound.length);
    } finally {
      await h.close();
    }
  });

  test('with the lock, the same rounds leave exactly one booking each', async () => {
    const h = gatewayHarness({ engagements: LONG, allTabs: true });
    try {
      expect(await rounds(h, 4)).toEqual([1, 1, 1, 1]);
    } finally {
      await h.close();
    }
  });
});

describe('gateway: the lock cannot be had', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    scriptProperties(h.world, 'gateway').LOCK_WAIT_MS = '500';
  });
  afterAll(() => h.close());

  test('LOCK_TIMEOUT (retryable) after the bounded wait, and nothing is written', async () => {
    // Another execution of the gateway project holds its script lock until the answer is in: run a
    // holder script under the project's name (locks are per project), then put the real bundle back.
    const real = h.runtime.project('gateway');
    const dir = mkdtempSync(join(tmpdir(), 'ccm-hold-'));
    writeFileSync(
      join(dir, 'hold.js'),
      // Holds until the test lets go (a script property): a busy machine cannot make it let go early.
      'function hold() { var l = LockService.getScriptLock(); l.waitLock(1000); ' +
        'var p = PropertiesService.getScriptProperties(); while (!p.getProperty("HOLD_DONE")) Utilities.sleep(20); ' +
        'l.releaseLock(); return true; }',
    );
    h.runtime.registerProject({ ...real, codePath: join(dir, 'hold.js') });
    const holding = h.runtime.execute({ project: 'gateway', fn: 'hold', user: OWNER });
    for (let i = 0; i < 200 && !h.runtime.services.storage.scriptLockHolder('gateway'); i++)
      await new Promise((r) => setTimeout(r, 10));
    h.runtime.registerProject(real);
    expect(h.runtime.services.storage.scriptLockHolder('gateway')).toBeDefined();

    const { res } = await h.call('ben@acme.test', 'book', {
      event: event('ev-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    // LOCK_TIMEOUT itself proves the wait was bounded: an unbounded wait would have got the lock once
    // the holder let go. (No wall-clock assertion: the machine may be busy.)
    expect(res).toEqual({
      ok: false,
      error: { code: 'LOCK_TIMEOUT', message: expect.stringMatching(/try again/), retryable: true },
    });
    expect(readLedger(h.world, h.company.sheetId)).toEqual([]);
    scriptProperties(h.world, 'gateway').HOLD_DONE = 'yes';
    expect((await holding).ok).toBe(true);

    // Once the lock is free again the same request goes through.
    const retry = await h.call('ben@acme.test', 'book', {
      event: event('ev-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(retry.res.ok).toBe(true);
  });

  test('waitLock failing for another reason is that failure (INTERNAL, logged), not LOCK_TIMEOUT', async () => {
    // The runtime has no lock fault hook: wrap its waitLock handler once to throw Google's LockService
    // quota error (any failure other than the timeout would do).
    const handlers = (h.runtime as unknown as { handlers: HandlerMap }).handlers;
    const real = handlers['Lock.waitLock']!;
    handlers['Lock.waitLock'] = () => {
      handlers['Lock.waitLock'] = real;
      throw new ServiceError('There are too many LockService operations against the same script.');
    };
    try {
      const { res, exec } = await h.call('ben@acme.test', 'book', {
        event: event('ev-2', '2026-03-11T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(readLedger(h.world, h.company.sheetId).filter((r) => r.eventId === 'ev-2')).toEqual([]);
      const request = exec.logs.map((l) => String(l.message)).find((m) => m.includes('"event":"request"'));
      expect(JSON.parse(request!)).toMatchObject({ op: 'book', outcome: 'INTERNAL', requestId: expect.any(String) });
    } finally {
      handlers['Lock.waitLock'] = real;
    }
  });
});
