/**
 * Reading the usage Sheet's tabs from plain rows (what values.get / batchGet return, or the World's
 * cells): Settings, the usable Engagements, the Usage rows. Pure; shared by the admin CLI and the
 * Node-side host (src/local/host/company.ts), so both compute what the gateway computes.
 */
import { normalizeEmail } from '../../core/email';
import {
  type CompanySettings,
  type Engagement,
  findEngagementProblems,
  parseCompanySettings,
  type RowProblem,
} from '../../core/engagement';
import { cellString } from '../../gateway/schema';
import { parseUsageRow, type UsageRow } from '../../gateway/usage';

export type Rows = readonly (readonly unknown[])[];

/** Settings as the gateway reads them (key in column A, value in B; keys matched loosely). */
export function settingsFromRows(rows: Rows): { settings: CompanySettings | null; problems: string[] } {
  const known = new Map(
    ['domain', 'timeZone', 'quarters', 'fiscalStartMonth', 'perQuarter', 'admins', 'toolkitUrl'].map((k) => [
      k.toLowerCase(),
      k,
    ]),
  );
  const byKey: Record<string, unknown> = {};
  for (const r of rows.slice(1)) {
    const key = known.get(
      cellString(r[0])
        .toLowerCase()
        .replace(/[^a-z]/g, ''),
    );
    if (key && !(key in byKey)) byKey[key] = typeof r[1] === 'string' ? cellString(r[1]) : r[1];
  }
  const parsed = parseCompanySettings(byKey);
  return parsed.ok
    ? { settings: parsed.settings, problems: [] }
    : { settings: null, problems: parsed.problems.map((p) => p.message) };
}

/** Header → value objects of a tab's data rows (the "Coachee name" column left out, as the gateway does). */
export function engagementObjects(rows: Rows): Record<string, unknown>[] {
  const headers = (rows[0] ?? []).map((h) => cellString(h));
  return rows.slice(1).map((r) => {
    const o: Record<string, unknown> = {};
    headers.forEach((h, i) => {
      if (h !== '' && h.toLowerCase().replace(/[^a-z]/g, '') !== 'coacheename')
        o[h] = typeof r[i] === 'string' ? cellString(r[i]) : r[i];
    });
    return o;
  });
}

/** Valid engagements of coachees without a broken row, plus every problem (rows numbered as in the Sheet). */
export function engagementsFromRows(
  rows: Rows,
  dateCellTimeZone = 'UTC',
): { usable: (Engagement & { row: number })[]; problems: RowProblem[] } {
  const objects = engagementObjects(rows);
  const check = findEngagementProblems(objects, { firstRow: 2, dateCellTimeZone });
  const brokenRows = new Set(check.problems.map((p) => p.row));
  const coachee = (o: Record<string, unknown>) =>
    normalizeEmail(
      cellString(
        Object.entries(o).find(([h]) =>
          ['coachee', 'coacheeemail', 'employee', 'employeeemail'].includes(h.toLowerCase().replace(/[^a-z]/g, '')),
        )?.[1],
      ),
    );
  const broken = new Set(objects.flatMap((o, i) => (brokenRows.has(i + 2) ? [coachee(o)] : [])));
  return { usable: check.engagements.filter((e) => !broken.has(e.coachee)), problems: check.problems };
}

export function usageRowsFrom(rows: Rows): UsageRow[] {
  return rows.slice(1).flatMap((r, i) => parseUsageRow(r, i + 2) ?? []);
}
