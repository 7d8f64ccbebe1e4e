// Through the BUILT gateway: the daily job trims the two tabs that only grow (issue 12: Google's
// 10,000,000 cells per spreadsheet). Audit rows older than AUDIT_KEEP_DAYS and Reminders keys sent more
// than REMINDER_KEEP_DAYS ago go, from the top, in ONE deleteRows per tab inside the lock; newer rows
// stay; at most MAX_TRIM_ROWS a run (the next run carries on); a row that cannot be dated stops the trim;
// the reads stay bounded however long the tab is; one Audit row per run gives the counts.
import { AUDIT_KEEP_DAYS, REMINDER_KEEP_DAYS } from '../../src/core/capacity';
import { readAudit } from '../../src/local/host/company';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { findSheet, getFile, readSheet } from '../../src/local/runtime/backends/sheets';
import type { Cell, SheetState } from '../../src/local/runtime/backends/sheets/model';
import { MAX_TRIM_ROWS, TRIM_READ_ROWS } from '../../src/gateway/trim';
import { event, gatewayHarness, type Harness } from './gateway-harness';

const DAY = 86_400_000;
const BEN = 'ben@acme.test';
const ENGAGEMENTS = [
  {
    coachee: BEN,
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

let h: Harness;
afterEach(() => h.close());

const tab = (name: string): SheetState => findSheet(getFile(h.world, h.company.sheetId), name)!;
const iso = (daysAgo: number, i = 0) => new Date(h.world.now() - daysAgo * DAY + i * 1000).toISOString();

/** Puts rows right below the header, as if written long ago (rows are appended in time order). */
function seedTop(name: string, rows: Cell[][]): void {
  const sh = tab(name);
  sh.rows = [sh.rows[0]!, ...rows, ...sh.rows.slice(1)];
  sh.maxRows = Math.max(sh.maxRows, sh.rows.length + 50);
}
const auditRow = (time: string, n: number): Cell[] => [
  time,
  'seed@acme.test',
  'book',
  `ev${n}`,
  `b${n}`,
  'OK',
  `r${n}`,
];
const reminderRow = (sent: string, n: number): Cell[] => [`manager-prep:b${n}`, 'manager-prep', `b${n}`, sent];
const times = (name: string, col: number) =>
  readSheet(h.world, h.company.sheetId, name)
    .slice(1)
    .map((r) => String(r[col]));
/** The seeded rows still there (the runs add their own below them: their Audit rows, the admins' digest key). */
const seeded = (name: string, col: number) =>
  readSheet(h.world, h.company.sheetId, name)
    .slice(1)
    .filter((r) => r[1] === 'seed@acme.test' || /^manager-prep:b\d+$/.test(String(r[0])))
    .map((r) => String(r[col]));
const trimRows = () => readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'trim');

describe('the daily job trims Audit and Reminders', () => {
  beforeEach(async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
  });

  test('deletes the rows past each bound, keeps the newer ones, one deleteRows per tab in the lock', async () => {
    const oldAudit = Array.from({ length: 30 }, (_, i) => auditRow(iso(AUDIT_KEEP_DAYS + 30, i), i));
    const newAudit = Array.from({ length: 10 }, (_, i) => auditRow(iso(AUDIT_KEEP_DAYS - 1, i), 100 + i));
    seedTop('Audit', [...oldAudit, ...newAudit]);
    const oldKeys = Array.from({ length: 5 }, (_, i) => reminderRow(iso(REMINDER_KEEP_DAYS + 1, i), i));
    const newKeys = Array.from({ length: 3 }, (_, i) => reminderRow(iso(REMINDER_KEEP_DAYS - 1, i), 10 + i));
    seedTop('Reminders', [...oldKeys, ...newKeys]);
    const gridBefore = tab('Audit').maxRows;

    const exec = await h.dailyJob();

    expect(seeded('Audit', 0)).toEqual(newAudit.map((r) => r[0]));
    expect(times('Audit', 0).slice(0, 10)).toEqual(newAudit.map((r) => r[0])); // at the top
    expect(seeded('Reminders', 3)).toEqual(newKeys.map((r) => r[3]));
    expect(tab('Audit').maxRows).toBe(gridBefore - 30); // the grid shrinks: Google counts its cells
    // The trim uses the store's tabs: the run's own Reminders, the Audit row's Audit (no lookup of its own).
    expect(exec.counters.serviceCalls['Spreadsheet.getSheetByName']).toBe(8);
    // Reminders is trimmed from the run's own whole read of it: only Audit's time cells are read for it.
    expect(exec.counters.serviceCalls['Sheet.getSheetValues']).toBe(3);
    expect(exec.counters.serviceCalls['Sheet.getLastRow']).toBe(5);
    expect(exec.counters.serviceCalls['Sheet.deleteRows']).toBe(2);
    expect(exec.counters.callsInLock['Sheet.deleteRows']).toBe(2);
    expect(trimRows().map((a) => a.outcome)).toEqual(['TRIMMED audit=30 reminders=5']);
    // Appended after the deletion, right below the rows kept.
    expect(readAudit(h.world, h.company.sheetId)[10]!.actor).not.toBe('seed@acme.test');
  });

  test('at most MAX_TRIM_ROWS a run; the next run carries on', async () => {
    const n = MAX_TRIM_ROWS + 700;
    seedTop('Audit', [
      ...Array.from({ length: n }, (_, i) => auditRow(iso(AUDIT_KEEP_DAYS + 60, i), i)),
      auditRow(iso(10), -1),
    ]);
    await h.dailyJob();
    expect(trimRows().map((a) => a.outcome)).toEqual([`TRIMMED audit=${MAX_TRIM_ROWS} reminders=0`]);
    expect(seeded('Audit', 0).length).toBe(700 + 1);

    h.world.advanceTo(h.world.now() + DAY);
    await h.dailyJob();
    expect(trimRows().map((a) => a.outcome)[1]).toBe('TRIMMED audit=700 reminders=0');
    expect(times('Audit', 0)[0]).toBe(iso(11)); // the newest seeded row is the first left
  });

  test('a row whose time cannot be read stops the trim at that row', async () => {
    seedTop('Audit', [
      auditRow(iso(AUDIT_KEEP_DAYS + 5), 1),
      auditRow(iso(AUDIT_KEEP_DAYS + 5, 1), 2),
      auditRow('not a time', 3),
      auditRow(iso(AUDIT_KEEP_DAYS + 5, 2), 4),
    ]);
    seedTop('Reminders', [reminderRow('', 1), reminderRow(iso(REMINDER_KEEP_DAYS + 9), 2)]);
    await h.dailyJob();
    expect(times('Audit', 0).slice(0, 2)).toEqual(['not a time', iso(AUDIT_KEEP_DAYS + 5, 2)]);
    expect(times('Reminders', 3).slice(0, 2)).toEqual(['', iso(REMINDER_KEEP_DAYS + 9)]);
    expect(trimRows().map((a) => a.outcome)).toEqual(['TRIMMED audit=2 reminders=0 undatable=Audit!A2,Reminders!D2']);
  });

  test('a booking after a trim still books and audits below the rows kept', async () => {
    seedTop('Audit', [auditRow(iso(AUDIT_KEEP_DAYS + 5), 1), auditRow(iso(1), 2)]);
    await h.dailyJob();
    const r = await h.call(BEN, 'book', { event: event('m1', '2026-03-20T10:00:00+01:00'), status: 'confirmed' });
    expect(r.res.ok).toBe(true);
    const audit = readAudit(h.world, h.company.sheetId);
    expect(audit[0]!.bookingId).toBe('b2');
    expect(audit.at(-1)!.op).toBe('book');
  });

  test('a Reminders grid full to its last row grows for the next keys (a Range past the grid is refused)', async () => {
    const r = await h.call(BEN, 'book', { event: event('m1', '2026-03-06T10:00:00+01:00'), status: 'confirmed' });
    if (!r.res.ok) throw new Error(r.res.error.message);
    const sh = tab('Reminders');
    seedTop(
      'Reminders',
      Array.from({ length: 300 }, (_, i) => reminderRow(iso(1, i), i)),
    );
    sh.maxRows = sh.rows.length; // not one empty row left
    await h.dailyJob();
    expect(mailbox(h.world, 'lea@acme.test')).toHaveLength(1); // the manager's reminder, 4 days before
    expect(times('Reminders', 0)).toContain(`manager-prep:${r.res.data.booking.bookingId}`);
  });

  test('a Reminders or Audit tab the gateway makes itself is as wide as its columns (Google counts the grid)', async () => {
    await h.close();
    h = gatewayHarness({ engagements: ENGAGEMENTS }, { now: '2026-03-02T09:00:00Z' }); // no tabs but its own two
    expect(findSheet(getFile(h.world, h.company.sheetId), 'Reminders')).toBeUndefined();
    await h.dailyJob(); // the admins' digest: a key in Reminders, rows in Audit
    expect(times('Reminders', 1)).toEqual(['admin-digest']);
    expect([tab('Reminders').maxCols, tab('Audit').maxCols]).toEqual([4, 7]);
  });

  test('trimming 200,000 Audit rows reads a bounded number of cells per run', async () => {
    const n = 200_000;
    seedTop(
      'Audit',
      Array.from({ length: n }, (_, i) => auditRow(iso(AUDIT_KEEP_DAYS + 300, i), i)),
    );
    const first = await h.dailyJob();
    const second = await h.dailyJob();
    for (const exec of [first, second]) {
      // The job's own reads (Settings, Engagements, Index, Reminders) are a few hundred cells here.
      expect(exec.counters.cellsRead).toBeLessThan(MAX_TRIM_ROWS + 2_000);
      expect(exec.counters.serviceCalls['Sheet.getSheetValues']).toBeLessThanOrEqual(
        MAX_TRIM_ROWS / TRIM_READ_ROWS + 10,
      );
    }
    expect(trimRows().map((a) => a.outcome)).toEqual([
      `TRIMMED audit=${MAX_TRIM_ROWS} reminders=0`,
      `TRIMMED audit=${MAX_TRIM_ROWS} reminders=0`,
    ]);
    expect(seeded('Audit', 0).length).toBe(n - 2 * MAX_TRIM_ROWS);
  });
});
