// RuntimeOptions.callLatencyMs: each service call waits that long before it is answered (by method),
// so executions started together overlap as on Google; the wait is not script CPU time.
import { scriptRuntime } from './helpers';

const CODE = `
function three() {
  var p = PropertiesService.getScriptProperties();
  p.setProperty('a', '1'); p.getProperty('a'); p.getProperty('a');
  Logger.log('done');
  return true;
}`;

describe('call latency', () => {
  test('delays only the methods it names, and counts as waiting, not CPU', async () => {
    const seen: string[] = [];
    const { runtime } = scriptRuntime([{ name: 'p', code: CODE }], {
      callLatencyMs: (m) => {
        seen.push(m);
        return m.startsWith('Properties.') ? 60 : 0;
      },
    });
    try {
      const r = await runtime.execute({ project: 'p', fn: 'three', user: 'ana@acme.test' });
      expect(r.ok).toBe(true);
      const delayed = seen.filter((m) => m.startsWith('Properties.')).length;
      expect(delayed).toBe(3);
      expect(seen.length).toBe(r.counters.totalServiceCalls);
      // At least the three waits; the script's own CPU time leaves them out.
      expect(r.wallMs).toBeGreaterThanOrEqual(3 * 60 - 5);
      expect(r.cpuMs).toBeLessThan(r.wallMs - 3 * 60 + 50);
    } finally {
      await runtime.close();
    }
  });
});
