import { scriptRuntime } from './helpers';

// Apps Script's console (https://developers.google.com/apps-script/reference/base/console): log, info,
// warn, error, and time(label) / timeEnd(label), which "stops a timer ... the time duration is logged".
const CODE = `
function logError() {
  try { null.x; } catch (e) { console.error(e); }
  console.error(new Error('kaput'));
}
function timed() {
  console.time('reading the ledger');
  var n = 0; for (var i = 0; i < 1000; i++) n += i;
  console.timeEnd('reading the ledger');
  return n;
}
`;

describe('local runtime: console', () => {
  const { runtime } = scriptRuntime([{ name: 'p', code: CODE }]);
  afterAll(() => runtime.close());

  test('console.error of a script Error logs its name, message and stack, not {}', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'logError', user: 'ana@acme.test' });
    expect(r.ok).toBe(true);
    expect(r.logs.map((l) => l.level)).toEqual(['error', 'error']);
    const [typeError, error] = r.logs.map((l) => l.message);
    expect(typeError).toMatch(/^TypeError: Cannot read properties of null/);
    expect(error).toMatch(/^Error: kaput\n\s+at logError /);
  });

  test('console.time and console.timeEnd log the label with the time taken', async () => {
    const r = await runtime.execute({ project: 'p', fn: 'timed', user: 'ana@acme.test' });
    expect(r.ok).toBe(true);
    expect(r.value).toBe(499500);
    expect(r.logs).toHaveLength(1);
    expect(r.logs[0]?.message).toMatch(/^reading the ledger: \d+ms$/);
  });
});
