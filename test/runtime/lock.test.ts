// LockService in the local runtime: real mutual exclusion between executions running at the same time
// on different threads, FIFO hand-over, Google's timeout wording, release when an execution ends or
// is killed at its deadline, and the locksDisabled switch that proves the lock is what makes a
// read-modify-write safe.
import { scriptRuntime } from './helpers';
import { createSpreadsheet, readRange } from '../../src/local/runtime/backends/sheets';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import type { LocalRuntime } from '../../src/local/runtime/runtime';

const OWNER = 'svc@acme.test';

const CODE = String.raw`
function nap(ms) { Utilities.sleep(ms); }
function noop() { return true; }

// Read a counter, hold the value a while (a wide window for a lost update), write it back + 1. It holds
// by sleeping, not spinning: ten spinning threads would take the cores the other executions need.
function increment(id, holdMs) {
  var lock = LockService.getScriptLock();
  lock.waitLock(20000);
  var cell = SpreadsheetApp.openById(id).getSheets()[0].getRange('A1');
  var v = Number(cell.getValue()) || 0;
  Utilities.sleep(holdMs);
  cell.setValue(v + 1);
  SpreadsheetApp.flush();
  lock.releaseLock();
  return v;
}

// Holds the lock until the test sets the script property \`flag\` (a busy machine cannot make it let go
// early, and a quick one does not wait longer than it must); \`release\` false: ends still holding it.
function holdUntil(flag, release) {
  var lock = LockService.getScriptLock();
  lock.waitLock(10000);
  var p = PropertiesService.getScriptProperties();
  while (!p.getProperty(flag)) Utilities.sleep(20);
  if (release !== false) lock.releaseLock();
  return true;
}
function holdForever() { LockService.getScriptLock().waitLock(10000); while (true) {} }

function contend() {
  var lock = LockService.getScriptLock();
  var t0 = Date.now();
  var out = {};
  try { lock.waitLock(300); out.wait = 'acquired'; } catch (e) { out.wait = e.message; out.waitName = e.name; }
  out.waitedMs = Date.now() - t0;
  t0 = Date.now();
  out.try = lock.tryLock(200);
  out.triedMs = Date.now() - t0;
  out.tryZero = lock.tryLock(0);
  out.has = lock.hasLock();
  return out;
}

function queue(name, timeoutMs) {
  var lock = LockService.getScriptLock();
  lock.waitLock(timeoutMs);
  var p = PropertiesService.getScriptProperties();
  p.setProperty('order', (p.getProperty('order') || '') + name);
  lock.releaseLock();
  return true;
}

function reentrant() {
  var a = LockService.getScriptLock();
  var b = LockService.getScriptLock();
  var out = { before: a.hasLock() };
  a.waitLock(1000);
  b.waitLock(1000);
  out.second = b.tryLock(0);
  out.held = [a.hasLock(), b.hasLock()];
  a.releaseLock();
  out.after = [a.hasLock(), b.hasLock()];
  a.releaseLock(); // releasing what is not held is harmless
  out.document = LockService.getDocumentLock();
  return out;
}

// Tries the user lock; once got, holds it until the test sets \`flag\` (none: lets go at once).
function userLock(flag) {
  var lock = LockService.getUserLock();
  var got = lock.tryLock(100);
  var p = PropertiesService.getScriptProperties();
  if (got && flag) while (!p.getProperty(flag)) Utilities.sleep(20);
  return got;
}
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

function setup(opts: Parameters<typeof scriptRuntime>[1] = {}) {
  const { world, runtime } = scriptRuntime(
    [
      { name: 'gw', code: CODE, owner: OWNER },
      { name: 'other', code: CODE, owner: OWNER },
    ],
    opts,
  );
  const exec = (fn: string, args: unknown[] = [], user = OWNER, project = 'gw') =>
    runtime.execute({ project, fn, args, user });
  return { world, runtime, exec };
}

/** Starts every worker the test needs up front, so simultaneous executions really start together. */
async function warm(runtime: LocalRuntime, n: number) {
  await Promise.all(
    Array.from({ length: n }, () => runtime.execute({ project: 'gw', fn: 'nap', args: [50], user: OWNER })),
  );
}

describe('LockService: mutual exclusion between simultaneous executions', () => {
  test('10 simultaneous read-modify-write executions under the script lock count to exactly 10', async () => {
    const t = setup();
    try {
      await warm(t.runtime, 10);
      const id = createSpreadsheet(t.world, OWNER, 'counter');
      const rs = await Promise.all(Array.from({ length: 10 }, () => t.exec('increment', [id, 60])));
      expect(rs.map((r) => r.error?.message ?? 'ok')).toEqual(Array(10).fill('ok'));
      expect(readRange(t.world, id, 'A1', 'UNFORMATTED_VALUE')).toEqual([[10]]);
      expect(rs.map((r) => r.value).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // Everything after waitLock ran inside the lock, and was counted as such.
      expect(rs[0]!.counters.callsInLock).toEqual({
        'SpreadsheetApp.openById': 1,
        'Spreadsheet.getSheets': 1,
        'Sheet.getRange': 1,
        'Range.getValue': 1,
        'Range.setValue': 1,
        'SpreadsheetApp.flush': 1,
        'Lock.releaseLock': 1,
      });
    } finally {
      await t.runtime.close();
    }
  });

  test('the same executions with locksDisabled lose updates (the lock is what makes it safe)', async () => {
    const t = setup({ locksDisabled: true });
    try {
      await warm(t.runtime, 10);
      const id = createSpreadsheet(t.world, OWNER, 'counter');
      const rs = await Promise.all(Array.from({ length: 10 }, () => t.exec('increment', [id, 150])));
      expect(rs.every((r) => r.ok)).toBe(true);
      const [[final]] = readRange(t.world, id, 'A1', 'UNFORMATTED_VALUE') as number[][] as [[number]];
      expect(final).toBeLessThan(10);
      // Calls are still counted as made "in the lock": the switch only removes the exclusion.
      expect(rs[0]!.counters.callsInLock['Range.setValue']).toBe(1);
    } finally {
      await t.runtime.close();
    }
  });
});

describe('LockService: waiting, timeouts, hand-over', () => {
  // Holders hold until the test lets go (a script property), so a busy machine cannot make them let go
  // early; the 6 s deadline passes by skipping the runtime clock, not by waiting.
  const t = setup({ deadlineMs: 6000 });
  afterAll(() => t.runtime.close());
  const holder = () => t.runtime.services.storage.scriptLockHolder('gw');

  test("waitLock times out with Google's message; tryLock returns false after waiting; tryLock(0) at once", async () => {
    const held = t.exec('holdUntil', ['contended']);
    await until(() => holder() !== undefined);
    const r = await t.exec('contend');
    scriptProperties(t.world, 'gw').contended = 'yes';
    const v = r.value as Record<string, unknown>;
    expect(v.wait).toBe('Lock timeout: another process was holding the lock for too long.');
    expect(v.waitName).toBe('Exception');
    expect(v.waitedMs).toBeGreaterThanOrEqual(290);
    expect(v.try).toBe(false);
    expect(v.triedMs).toBeGreaterThanOrEqual(190);
    expect(v.tryZero).toBe(false);
    expect(v.has).toBe(false);
    expect((await held).ok).toBe(true);
    expect(holder()).toBeUndefined();
  });

  test('waiters get the lock first come, first served', async () => {
    scriptProperties(t.world, 'gw').order = '';
    await warm(t.runtime, 5); // the holder and four waiters start without spawning a thread each
    const held = t.exec('holdUntil', ['go']);
    await until(() => holder() !== undefined);
    const waiters: Promise<unknown>[] = [];
    for (const [i, name] of ['A', 'B', 'C', 'D'].entries()) {
      waiters.push(t.exec('queue', [name, 5000]));
      // Arrival order is when waitLock reaches the World, not when execute() was called.
      await until(() => t.runtime.services.storage.scriptLockWaiting('gw') === i + 1);
    }
    scriptProperties(t.world, 'gw').go = 'yes';
    await Promise.all([held, ...waiters]);
    expect(scriptProperties(t.world, 'gw').order).toBe('ABCD');
  });

  test('a lock the holder never releases is released when its execution ends', async () => {
    const held = t.exec('holdUntil', ['ends', false]);
    await until(() => holder() !== undefined);
    // The waiter queues, then the holder ends without releasing. The waiter's own timeout (1.4 s) is
    // shorter than any unbounded hold: ok proves the release.
    const waiter = t.exec('queue', ['E', 1400]);
    await until(() => t.runtime.services.storage.scriptLockWaiting('gw') === 1);
    scriptProperties(t.world, 'gw').ends = 'yes';
    const r = await waiter;
    expect(r.ok).toBe(true);
    await held;
    expect(holder()).toBeUndefined();
  });

  test('a lock held by an execution killed at its deadline is released', async () => {
    const killed = t.exec('holdForever');
    await until(() => holder() !== undefined);
    const holdingId = holder();
    // 2.5 s of the holder's 6 s pass (the runtime clock skips them), then the waiter queues with its
    // own 5 s wait, which outlasts the rest of the holder's deadline: the next 3.5 s kill the holder.
    t.runtime.clock.skip(2500);
    const waiter = t.exec('queue', ['F', 5000]);
    await until(() => t.runtime.services.storage.scriptLockWaiting('gw') === 1);
    expect(holder()).toBe(holdingId); // queued behind the holder, which is still running
    t.runtime.clock.skip(3500);
    const r = await waiter;
    const k = await killed;
    expect(k.timedOut).toBe(true);
    expect(k.error?.message).toBe('Exceeded maximum execution time');
    expect(r.error).toBeUndefined();
    expect(holder()).toBeUndefined();
  });

  test('re-entrant for the holder; hasLock follows release; no document lock', async () => {
    const r = await t.exec('reentrant');
    expect(r.value).toEqual({ before: false, second: true, held: [true, true], after: [false, false], document: null });
  });

  test('the script lock is per project; the user lock is per user', async () => {
    const held = t.exec('holdUntil', ['project']);
    await until(() => holder() !== undefined);
    const other = await t.exec('reentrant', [], OWNER, 'other');
    expect(other.ok).toBe(true);
    scriptProperties(t.world, 'gw').project = 'yes';
    await held;

    // Ana holds her user lock (until both others have tried, for 100 ms each) before the others try.
    const ana = t.exec('userLock', ['tried'], 'ana@acme.test');
    await until(() => t.runtime.services.storage.userLockHolder('gw', 'ana@acme.test') !== undefined);
    const [bo, ana2] = await Promise.all([
      t.exec('userLock', [''], 'bo@acme.test'),
      t.exec('userLock', [''], 'ana@acme.test'),
    ]);
    scriptProperties(t.world, 'gw').tried = 'yes';
    expect(bo.value).toBe(true);
    expect(ana2.value).toBe(false);
    expect((await ana).value).toBe(true);
  });
});
