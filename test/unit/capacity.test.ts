// The usage Sheet's size rules (src/core/capacity.ts): which top rows may go, and when the card warns.
import { createRequest } from '../../src/local/admin/setup';
import { TAB_ORDER, TABS } from '../../src/gateway/schema';
import {
  CAPACITY_WARN_PERCENT,
  keepSince,
  leadingOlder,
  SHEET_CELL_LIMIT,
  sheetCapacity,
} from '../../src/core/capacity';

describe('leadingOlder: the top rows dated before the bound, up to the first that is not', () => {
  test('stops at the first newer row, even when older ones follow', () => {
    expect(leadingOlder([1, 2, 3, 10, 2], 5)).toBe(3);
    expect(leadingOlder([1, 2], 5)).toBe(2);
    expect(leadingOlder([6, 1], 5)).toBe(0);
    expect(leadingOlder([], 5)).toBe(0);
  });

  test('a row that cannot be dated stops the count: it is never deleted', () => {
    expect(leadingOlder([1, null, 2], 5)).toBe(1);
    expect(leadingOlder([null], 5)).toBe(0);
  });

  test('the bound is exclusive: a row dated exactly at it stays', () => {
    expect(leadingOlder([4, 5], 5)).toBe(1);
    expect(keepSince(10 * 86_400_000, 3)).toBe(7 * 86_400_000);
  });
});

describe('sheetCapacity: the admin card warns from 80% of 10,000,000 cells', () => {
  test('warns at 80% and above, not below', () => {
    const at = (CAPACITY_WARN_PERCENT / 100) * SHEET_CELL_LIMIT;
    expect(sheetCapacity(at)).toEqual({ cells: at, percent: 80, warn: true });
    expect(sheetCapacity(at - 1)).toEqual({ cells: at - 1, percent: 79, warn: false });
    expect(sheetCapacity(SHEET_CELL_LIMIT).percent).toBe(100);
    expect(sheetCapacity(0)).toEqual({ cells: 0, percent: 0, warn: false });
  });
});

describe('admin setup makes every tab exactly as wide as its columns (Google counts empty cells)', () => {
  test('no tab of a new usage Sheet has a column without a header', () => {
    const body = createRequest('CCM usage', 'Europe/Berlin');
    const widths = Object.fromEntries(
      body.sheets.map((s) => [s.properties.title, s.properties.gridProperties.columnCount]),
    );
    for (const key of TAB_ORDER) expect(widths[TABS[key].name]).toBe(TABS[key].headers.length);
    expect(widths.Engagements).toBeLessThan(26);
  });
});
