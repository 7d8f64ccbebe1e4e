import { scriptRuntime } from './helpers';

const CODE = `
function hello(name) { Logger.log('hi %s', name); return { greeting: 'hello ' + name, now: Date.now(), isDate: new Date() instanceof Date }; }
function nodeGlobals() { return [typeof process, typeof require, typeof setTimeout, typeof TextEncoder, typeof URL, typeof structuredClone, typeof globalThis.Buffer]; }
function boom() { throw new Error('kaput'); }
function spin() { while (true) {} }
function setGlobal() { globalThis.leftover = (globalThis.leftover || 0) + 1; return globalThis.leftover; }
function realmArgs(a) { return [Array.isArray(a.list), a.list instanceof Array, a instanceof Object]; }
function missing() { return SpreadsheetApp.nope(); }
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
