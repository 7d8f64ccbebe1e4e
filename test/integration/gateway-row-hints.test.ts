// Issue 12 item 5 (E5): the gateway keeps where a coachee's Index row and a Usage key's row were found
// in the script cache (src/gateway/row-hints.ts), so the coachee's next request reads the row instead of
// searching for it. A hint is checked by its key on every use: a wrong one costs a search, never a
// wrong read or write. Through the BUILT gateway.
import { event, gatewayHarness } from './gateway-harness';

const ENGAGEMENTS = ['ben', 'kim'].map((n) => ({
  coachee: `${n}@acme.test`,
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
}));
const findNexts = (exec: { counters: { serviceCalls: Record<string, number> } }) =>
  exec.counters.serviceCalls['TextFinder.findNext'] ?? 0;

describe('gateway: row hints', () => {
  test('after a booking, the same coachee books and cancels without searching for their Index or Usage row', async () => {
    const h = gatewayHarness({ engagements: ENGAGEMENTS });
    try {
      const first = await h.call('ben@acme.test', 'book', {
        event: event('ev-1', '2026-03-10T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(first.res.ok).toBe(true);
      // Made the Index row and the quarter's Usage row: searched (and the hints kept).
      expect(findNexts(first.exec)).toBeGreaterThan(0);
      const cancelled = await h.call('ben@acme.test', 'cancel', { eventId: 'ev-1' });
      expect(cancelled.res.ok && cancelled.res.data.booking.status).toBe('cancelled');
      expect(findNexts(cancelled.exec)).toBe(0);
      const again = await h.call('ben@acme.test', 'book', {
        event: event('ev-2', '2026-03-11T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(again.res.ok && again.res.data.booking.status).toBe('confirmed');
      expect(findNexts(again.exec)).toBe(0);
    } finally {
      await h.close();
    }
  });

  test("a hint naming someone else's rows is found out: the right rows are read and written", async () => {
    const h = gatewayHarness({ engagements: ENGAGEMENTS });
    try {
      for (const who of ['ben', 'kim'])
        expect(
          (
            await h.call(`${who}@acme.test`, 'book', {
              event: event(`ev-${who}`, '2026-03-10T10:00:00+01:00'),
              status: 'confirmed',
            })
          ).res.ok,
        ).toBe(true);
      // Kim's hint now points at Ben's Index row, and the quarter's Usage hint at the header row's neighbour.
      const cache = h.world.state.storage.cache['script:gateway']!;
      cache['ccm.ix.kim@acme.test'] = { ...cache['ccm.ix.ben@acme.test']! };
      for (const k of Object.keys(cache)) if (k.startsWith('ccm.ur.')) cache[k] = { ...cache[k]!, value: '99' };
      const panel = await h.call('kim@acme.test', 'panel', {});
      expect(panel.res.ok && panel.res.data.bookings.map((b: { eventId: string }) => b.eventId)).toEqual(['ev-kim']);
      const cancelled = await h.call('kim@acme.test', 'cancel', { eventId: 'ev-kim' });
      expect(cancelled.res.ok && cancelled.res.data.booking.status).toBe('cancelled');
      // Ben's booking is untouched, and the quarter still has room for Kim (the Usage and Index rows were Kim's).
      const ben = await h.call('ben@acme.test', 'panel', {});
      expect(ben.res.ok && ben.res.data.bookings.map((b: { status: string }) => b.status)).toEqual(['confirmed']);
      const rebook = await h.call('kim@acme.test', 'book', {
        event: event('ev-kim-2', '2026-03-12T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(rebook.res.ok && rebook.res.data.booking.status).toBe('confirmed');
      // Hints past the tabs' last rows (rows deleted by hand): searched as without them.
      for (const k of Object.keys(cache)) if (/^ccm\.(ix|ur)\./.test(k)) cache[k] = { ...cache[k]!, value: '99999' };
      const past = await h.call('kim@acme.test', 'cancel', { eventId: 'ev-kim-2' });
      expect(past.res.ok && past.res.data.booking.status).toBe('cancelled');
    } finally {
      await h.close();
    }
  });
});
