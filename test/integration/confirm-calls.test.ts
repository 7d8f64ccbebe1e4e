// Issue 12 item 5 (E5): what confirm and cancel cost the add-on, through the BUILT bundles. The panel's
// kept copy goes stale by a change mark in the memo (written by the confirm anyway) instead of a
// CacheService remove; the user's properties are read once (the one-at-a-time mark and the memo together).
import { ACTIONS } from '../../src/addon/views/names';
import { ADDON } from '../../src/local/host/workspace';
import { storeKey } from '../../src/local/runtime/backends/storage';
import { ANA, calls, cancelThrough, confirm, savedEventPanel, setup, tick } from './addon-helpers';

describe('confirm and cancel: the add-on calls', () => {
  test('confirm: one read of the user properties, no cache remove; the next open asks the gateway (copy stale)', async () => {
    const s = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      tick(s.ws);
      const done = await confirm(panel);
      expect(done.notification).toMatch(/^Confirmed/);
      expect(calls(panel, 'Cache.remove')).toBe(0);
      expect(calls(panel, 'Properties.getProperties')).toBe(1);
      // The only single read left: the add-on's GATEWAY_URL script property.
      expect(calls(panel, 'Properties.getProperty')).toBe(1);
      // The copies (the answer, the event) are still in the cache, but kept under the old mark: not used.
      const kept = Object.keys(s.ws.world.state.storage.cache[storeKey('user', ADDON, ANA)] ?? {});
      expect(kept.sort()).toEqual([`ccm.event.${ANA}/${ev.id}`, `ccm.panel.${ANA}`]);
      tick(s.ws);
      const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await again.open();
      expect(calls(again, 'UrlFetchApp.fetch')).toBe(1);
      expect(again.text()!.text).toContain('1 of 1 used');
      expect(again.hasButtonFor(ACTIONS.cancel)).toBe(true);
      // Cancel: the same, and the next open is the gateway's again.
      tick(s.ws);
      const { done: cancelled } = await cancelThrough(again, 'counting');
      expect(cancelled.notification).toMatch(/^Cancelled/);
      expect(calls(again, 'Cache.remove')).toBe(0);
      tick(s.ws);
      const after = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await after.open();
      expect(calls(after, 'UrlFetchApp.fetch')).toBe(1);
      expect(after.text()!.text).toContain('0 of 1 used');
    } finally {
      await s.ws.close();
    }
  });

  test('a refused booking (the gateway said no) still drops the copy', async () => {
    const s = setup();
    try {
      const first = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      expect((await confirm(first.panel)).notification).toMatch(/^Confirmed/);
      tick(s.ws);
      const second = await savedEventPanel(s.ws, '2026-03-10T11:00:00-05:00');
      tick(s.ws);
      const refused = await confirm(second.panel);
      expect(refused.notification).not.toMatch(/^Confirmed/);
      expect(calls(second.panel, 'Cache.remove')).toBe(1);
    } finally {
      await s.ws.close();
    }
  });
});
