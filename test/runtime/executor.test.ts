import { scriptRuntime } from './helpers';
import { scriptProperties } from '../../src/local/runtime/backends/storage';

const CODE = `
function hello(name) { Logger.log('hi %s', name); return { greeting: 'hello ' + name, now: Date.now(), isDate: new Date() instanceof Date }; }
function nodeGlobals() { return [typeof process, typeof require, typeof setTimeout, typeof TextEncoder, typeof URL, typeof structuredClone, typeof globalThis.Buffer]; }
function boom() { throw new Error('kaput'); }
function spin() { while (true) {} }
function setGlobal() { globalThis.leftover = (globalThis.leftover || 0) + 1; return globalThis.leftover; }
function realmArgs(a) { return [Array.isArray(a.list), a.list instanceof Array, a instanceof Object]; }
function missing() { return SpreadsheetApp.nope(); }
function waitForGo() {
  var p = PropertiesService.getScriptProperties();
  var t = Date.now();
  p.setProperty('started', 'yes');
  while (!p.getProperty('go')) Utilities.sleep(10);
  return Date.now() - t;
}
`;

describe('local runtime: executions', () => {
  const { world, runtime } = scriptRuntime([{ name: 'p', code: CODE }], { deadlineMs: 1500 });
  afterAll(() => runtime.close());

  test('runs a top-level function with arguments and the World clock', async () => {
    world.advanceTo(Date.UTC(2026, 2, 2, 9));
    const r = await runtime.execute({ project: 'p', fn: 'hello', args: ['ana'], user: 'ana@acme.test' });
    expect(r.ok).toBe(true);
    const v = r.value as { greeting: string; now: number; isDate: boolean };
    expect(v.greeting).toBe('hello ana');
    expect(v.now).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 2, 9));
    expect(v.now).toBeLessThan(Date.UTC(2026, 2, 2, 9) + 10_000);
    expect(v.isDate).toBe(true);
    expect(r.logs).toEqual([{ level: 'log', message: 'hi ana' }]);
  });

  test('the script sees a bare V8: no Node or browser globals', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'nodeGlobals', user: 'ana@acme.test' });
    expect(r.value).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  test('an exception becomes a failed execution with its message', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'boom', user: 'ana@acme.test' });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe('kaput');
  });

  test('an unknown function fails as Apps Script says it', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'nope', user: 'ana@acme.test' });
    expect(r.error?.message).toBe('Script function not found: nope');
  });

  test('each execution gets fresh global state', async () => {
    const a = await runtime.execute({ project: 'p', fn: 'setGlobal', user: 'ana@acme.test' });
    const b = await runtime.execute({ project: 'p', fn: 'setGlobal', user: 'ana@acme.test' });
    expect([a.value, b.value]).toEqual([1, 1]);
  });

  test('arguments arrive in the script realm (instanceof holds)', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'realmArgs', args: [{ list: [1] }], user: 'ana@acme.test' });
    expect(r.value).toEqual([true, true, true]);
  });

  test("the deadline stops a runaway execution with Google's message, and the runtime carries on", async () => {
    const r = await runtime.execute({ project: 'p', fn: 'spin', user: 'ana@acme.test' });
    expect(r.ok).toBe(false);
    expect(r.timedOut).toBe(true);
    expect(r.error?.message).toBe('Exceeded maximum execution time');
    const again = await runtime.execute({ project: 'p', fn: 'hello', args: ['bo'], user: 'bo@acme.test' });
    expect(again.ok).toBe(true);
  });

  test('executions run at the same time on separate threads', async () => {
    const rs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        runtime.execute({ project: 'p', fn: 'hello', args: [`u${i}`], user: 'ana@acme.test' }),
      ),
    );
    expect(rs.every((r) => r.ok)).toBe(true);
  });
});

describe('local runtime: the clock tests may skip', () => {
  test("a skip passes at once: the script's Date jumps, and a deadline it passes fires", async () => {
    const t = scriptRuntime([{ name: 'p', code: CODE }], { deadlineMs: 30_000 });
    const props = scriptProperties(t.world, 'p');
    const start = async () => {
      delete props.started;
      delete props.go;
      const running = t.runtime.execute({ project: 'p', fn: 'waitForGo', user: 'ana@acme.test' });
      while (props.started !== 'yes') await new Promise((r) => setTimeout(r, 5));
      return { running }; // not the promise itself: an async function would wait for it
    };
    try {
      const { running: waiting } = await start();
      t.runtime.clock.skip(10_000); // within the 30 s deadline
      props.go = 'yes';
      const r = await waiting;
      expect(r.error).toBeUndefined();
      expect(r.value).toBeGreaterThanOrEqual(10_000);

      const { running: stuck } = await start();
      t.runtime.clock.skip(30_000);
      // Killed by the skip itself: before any real timer (this 1 s one, or the real 30 s) could fire.
      const k = await Promise.race([stuck, new Promise<'late'>((ok) => setTimeout(() => ok('late'), 1000))]);
      expect(k).toMatchObject({ timedOut: true, error: { message: 'Exceeded maximum execution time' } });
    } finally {
      await t.runtime.close();
    }
  });
});
