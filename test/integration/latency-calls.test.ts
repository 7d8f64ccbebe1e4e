// The calls behind the modelled latency of the coachee's panel (issue 12 item 5), counted through the
// BUILT bundles: the gateway finds the caller's rows as coachee, manager and coach with one TextFinder
// search (one per role before), with the same roles as a search per role gives; the coachee's Index
// row is searched for in the Index's key column only; the add-on reads its memo once per panel (the
// write compares against that read instead of reading again).
import { event, gatewayHarness, type Harness } from './gateway-harness';
import { calls, savedEventPanel, setup } from './addon-helpers';
import { ADDON } from '../../src/local/host/workspace';
import { evictCache, scriptProperties } from '../../src/local/runtime/backends/storage';

const ENGAGEMENTS = [
  {
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  // Lea is a coachee herself, and (on a third row) also a coach.
  {
    coachee: 'lea@acme.test',
    manager: 'max@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'kim@acme.test',
    manager: 'max@acme.test',
    coach: 'lea@acme.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

const findAlls = (exec: { counters: { serviceCalls: Record<string, number> } }) =>
  exec.counters.serviceCalls['TextFinder.findAll'] ?? 0;

describe("gateway: the caller's rows by role in one search", () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
  });
  afterAll(() => h.close());

  test.each([
    ['ben@acme.test', ['coachee']],
    ['lea@acme.test', ['coachee', 'manager', 'coach']],
    ['max@acme.test', ['manager']],
  ])('%s: the panel names the roles %j from one TextFinder search of the Engagements tab', async (email, roles) => {
    const { res, exec } = await h.call(email, 'panel', {});
    expect(res.ok && [...res.data.me.roles].sort()).toEqual([...roles].sort());
    expect(findAlls(exec)).toBe(1);
  });
});

describe("gateway: the coachee's Index row is searched for in the Index's key column only", () => {
  test('the server scans one Index cell per coachee (the JSON and timestamp columns cannot hold the key)', async () => {
    const h = gatewayHarness({ engagements: ENGAGEMENTS });
    try {
      for (const who of ['ben@acme.test', 'lea@acme.test', 'kim@acme.test']) {
        const booked = await h.call(who, 'book', {
          event: event(`ev-${who}`, '2026-03-10T10:00:00+01:00'),
          status: 'confirmed',
        });
        expect(booked.res.ok).toBe(true);
      }
      // Engagements: the three role columns of 3 rows and the header.
      const engagementCells = 3 * (ENGAGEMENTS.length + 1);
      // Kim's booking left the row's hint in the script cache (gateway/row-hints.ts): no Index search.
      const hinted = await h.call('kim@acme.test', 'panel', {});
      expect(hinted.res.ok).toBe(true);
      expect(hinted.exec.counters.cellsScanned).toBe(engagementCells);
      expect(hinted.exec.counters.serviceCalls['TextFinder.findNext'] ?? 0).toBe(0);
      // Without it (evicted), Kim's Index row is the last: the search (which stops at the first hit)
      // looks at every key of the key column only (the header and 3 coachees), where a search of the
      // whole tab would look at 3 cells a row.
      evictCache(h.world);
      const { res, exec } = await h.call('kim@acme.test', 'panel', {});
      expect(res.ok).toBe(true);
      const indexRows = 1 + 3;
      expect(exec.counters.cellsScanned).toBe(engagementCells + indexRows);
    } finally {
      await h.close();
    }
  });
});

describe('add-on: the memo is read once per panel', () => {
  test('a panel open that asks the gateway reads user properties once (the memo) and the gateway URL once', async () => {
    const s = setup();
    try {
      const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
      // One read of the add-on's GATEWAY_URL script property, one of the coachee's memo.
      expect(Object.keys(scriptProperties(s.ws.world, ADDON))).toContain('GATEWAY_URL');
      expect(calls(panel, 'Properties.getProperty')).toBe(2);
    } finally {
      await s.ws.close();
    }
  });
});
