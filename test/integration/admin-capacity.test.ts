// Through the BUILT gateway (and the built add-on for the card): the overview build counts the usage
// Sheet's cells as Google does (every tab's grid, max rows x max columns, empty cells too), and the admin
// card warns from CAPACITY_WARN_PERCENT of Google's 10,000,000-cell limit, not below (issue 12). A small
// program's card builds the overview itself; a large one's reads the overview job's count.
import type { AdminData } from '../../src/core/api';
import { CAPACITY_WARN_PERCENT, SHEET_CELL_LIMIT } from '../../src/core/capacity';
import { addSheet, getFile } from '../../src/local/runtime/backends/sheets';
import type { World } from '../../src/local/runtime/world';
import * as HOME_TEXT from '../../src/addon/views/messages/home';
import { gatewayHarness, OWNER, type Harness } from './gateway-harness';
import { setup, templatePattern } from './addon-helpers';

const ADMIN = 'hr@acme.test';
const WARN_AT = (CAPACITY_WARN_PERCENT / 100) * SHEET_CELL_LIMIT;
const engagement = (i: number) => ({
  coachee: `c${i}@acme.test`,
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
});

const cellsOf = (world: World, sheetId: string) =>
  getFile(world, sheetId).sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
/** A tab of one column making the workbook exactly `total` cells (an admin's pivot, say). */
function padTo(world: World, sheetId: string, total: number): void {
  addSheet(world, sheetId, 'Padding', { rows: total - cellsOf(world, sheetId), cols: 1 });
  expect(cellsOf(world, sheetId)).toBe(total);
}

let h: Harness;
/** The admin card's answer (AdminData) as the gateway gave it. */
async function adminCard(): Promise<AdminData> {
  const r = await h.call(ADMIN, 'admin', {});
  if (!r.res.ok) throw new Error(r.res.error.message);
  return r.res.data as AdminData;
}

describe('the admin card and the Sheet near 10,000,000 cells (gateway)', () => {
  afterEach(() => h.close());

  test.each([
    ['at 80%: warned', WARN_AT, { cells: WARN_AT, percent: 80 }],
    ['just below: not warned', WARN_AT - 1, undefined],
    ['at 95%', 9_500_000, { cells: 9_500_000, percent: 95 }],
  ])('a small program (the card builds the overview): %s', async (_, total, expected) => {
    h = gatewayHarness({ engagements: [engagement(1)], allTabs: true });
    padTo(h.world, h.company.sheetId, total);
    const d = await adminCard();
    expect(d.checked).toBeUndefined(); // built live by this request
    expect(d.capacity).toEqual(expected);
  });

  test("a large program: the overview job counts, the card reads the job's count", async () => {
    h = gatewayHarness({ engagements: Array.from({ length: 300 }, (_, i) => engagement(i)), allTabs: true });
    padTo(h.world, h.company.sheetId, WARN_AT + 123);
    const before = await adminCard();
    expect(before.checked).toEqual({ at: null, label: '' }); // not live: no overview yet
    expect(before.capacity).toBeUndefined();
    const job = await h.runtime.execute({ project: 'gateway', fn: 'refreshOverview', user: OWNER });
    expect(job.ok).toBe(true);
    const after = await adminCard();
    expect(after.checked?.at).not.toBeNull();
    expect(after.capacity).toEqual({ cells: WARN_AT + 123, percent: 80 });
  });
});

describe('the admin card says it (add-on)', () => {
  const warning = templatePattern(HOME_TEXT.capacity as unknown as (arg: string) => string);

  test.each([
    [WARN_AT, true],
    [WARN_AT - 1, false],
  ])('%d cells: warned %s', async (total, warned) => {
    const { ws, sheetId } = setup();
    try {
      const home = ws.homepage(ADMIN);
      await home.open(); // the gateway makes its missing tabs: counted from then on
      padTo(ws.world, sheetId, total);
      await home.open();
      expect(home.last!.crash).toBeNull();
      const text = home.text()!.text.join('\n');
      expect(home.text()!.title).toBe(HOME_TEXT.adminTitle);
      expect(warning.test(text)).toBe(warned);
      if (warned) expect(text).toContain(HOME_TEXT.capacity(80));
    } finally {
      await ws.close();
    }
  });
});
