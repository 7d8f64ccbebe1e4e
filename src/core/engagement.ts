/**
 * The coaching engagement (one row of the Engagements tab) and the company settings.
 * DESIGN rule 2 lives in allowance.ts; this file only says what a valid engagement and settings are,
 * and explains every problem in words a program admin can act on.
 */
import * as c from './check';
import { emailProblem, isValidEmail, normalizeEmail, domainProblem, emailDomain, emailKey, sameEmail } from './email';
import { QUARTER_BASES, QuarterBasis, QuarterOptions } from './quarters';
import { httpsUrlProblem, cleanLine } from './text';
import {
  addMonthsClamped,
  CivilDate,
  civilDateOf,
  civilDateProblem,
  compareCivilDates,
  formatCivilDate,
  isValidTimeZone,
  parseCivilDate,
  wholeMonthsBetween,
} from './time';
import { issuesToProblems, Problem } from './validation';

export const PROGRAMS = ['quarterly', 'six-month'] as const;
export type Program = (typeof PROGRAMS)[number];

export const ENGAGEMENT_STATUSES = ['active', 'paused', 'ended'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export const PROGRAM_LABELS: Record<Program, string> = {
  quarterly: 'Quarterly program',
  'six-month': 'Six-month program',
};

// ---------------------------------------------------------------------------------------------
// Engagement

const email = (label: string) =>
  c.string(`${label} is missing.`).check(c.refine<string>(isValidEmail, (s) => `${label} "${s}" ${emailProblem(s)}.`));

const civilDate = (label: string) =>
  c.string(`${label} is missing.`).check(
    c.refine(
      (s) => civilDateProblem(s) === null,
      (s) => `${label} ${civilDateProblem(s)}.`,
    ),
  );

const httpsLink = (label: string) =>
  c.string(`${label} must be a link.`).check(
    c.refine(
      (s) => httpsUrlProblem(s) === null,
      (s) => `${label} "${s}" ${httpsUrlProblem(s)}.`,
    ),
  );

/**
 * An engagement as stored and exchanged (normalised: lower-case emails, `YYYY-MM-DD` dates).
 * `start` is the first day, `end` the first day AFTER the engagement (exclusive).
 */
export const EngagementSchema = c
  .object({
    coachee: email('Coachee email'),
    manager: email('Manager email'),
    coach: email('Coach email'),
    company: c.string('Company is missing.').check(c.minLength(1, 'Company is missing.')),
    program: c.oneOf(
      PROGRAMS,
      (input) => `Program "${String(input ?? '')}" is not one we know: write quarterly or six-month.`,
    ),
    start: civilDate('Start date'),
    end: civilDate('End date'),
    sessionsInProgram: c.optional(
      c
        .number('Sessions in program must be a whole number.')
        .check(
          c.refine(
            (n) => Number.isInteger(n) && n >= 1 && n <= 200,
            'Sessions in program must be a whole number from 1 to 200.',
          ),
        ),
    ),
    videoLink: c.optional(httpsLink("Coach's video link")),
    status: c.oneOf(
      ENGAGEMENT_STATUSES,
      (input) => `Status "${String(input ?? '')}" is not one we know: write active, paused or ended.`,
    ),
  })
  .check(
    c.refine(
      (e) => !(parseCivilDate(e.start) && parseCivilDate(e.end)) || e.start < e.end,
      (e) =>
        `End date ${e.end} is not after the start date ${e.start}. The end date is the first day after the engagement.`,
      ['end'],
    ),
    c.refine((e) => !sameEmail(e.coachee, e.manager), 'The manager must be a different person from the coachee.', [
      'manager',
    ]),
    c.refine((e) => !sameEmail(e.coachee, e.coach), 'The coach must be a different person from the coachee.', [
      'coach',
    ]),
    c.refine((e) => !sameEmail(e.manager, e.coach), 'The coach must be a different person from the manager.', [
      'coach',
    ]),
  );

export type Engagement = c.Infer<typeof EngagementSchema>;

const FIELD_LABELS: Record<string, string> = {
  coachee: 'Coachee email',
  manager: 'Manager email',
  coach: 'Coach email',
  company: 'Company',
  program: 'Program',
  start: 'Start date',
  end: 'End date',
  sessionsInProgram: 'Sessions in program',
  videoLink: "Coach's video link",
  status: 'Status',
};

// Column headers an admin might type, folded to lower-case letters/digits only.
const COLUMN_ALIASES: Record<string, keyof typeof FIELD_LABELS> = {
  coachee: 'coachee',
  coacheeemail: 'coachee',
  employee: 'coachee',
  employeeemail: 'coachee',
  manager: 'manager',
  manageremail: 'manager',
  coach: 'coach',
  coachemail: 'coach',
  company: 'company',
  companydomain: 'company',
  program: 'program',
  programtype: 'program',
  start: 'start',
  startdate: 'start',
  end: 'end',
  enddate: 'end',
  sessions: 'sessionsInProgram',
  sessionsinprogram: 'sessionsInProgram',
  sessioncount: 'sessionsInProgram',
  videolink: 'videoLink',
  video: 'videoLink',
  coachvideolink: 'videoLink',
  meetinglink: 'videoLink',
  zoomlink: 'videoLink',
  meetlink: 'videoLink',
  status: 'status',
};

/** Columns an Engagements tab cannot do without. */
const REQUIRED_COLUMNS = ['coachee', 'manager', 'coach', 'program', 'start', 'end'] as const;

/**
 * The required columns a header row does not name (their labels), e.g. when row 1 was deleted by
 * hand and the first engagement now stands where the headers were. Empty when all are there.
 */
export function missingEngagementColumns(headers: readonly unknown[]): string[] {
  const present = new Set(
    headers
      .map(
        (h) =>
          COLUMN_ALIASES[
            String(h ?? '')
              .toLowerCase()
              .replace(/[^a-z0-9]/g, '')
          ],
      )
      .filter(Boolean),
  );
  return REQUIRED_COLUMNS.filter((c) => !present.has(c)).map((c) => FIELD_LABELS[c]!);
}

/** The column a header names (any spelling COLUMN_ALIASES knows), or null for a column we do not read. */
export function engagementColumn(header: unknown): string | null {
  return (
    COLUMN_ALIASES[
      String(header ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
    ] ?? null
  );
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

export interface EngagementRowOptions {
  /** Company used when the row has none (default: the coachee's email domain). */
  defaultCompany?: string;
  /** Zone that a Sheets date cell (a Date at local midnight) is read in; default UTC. */
  dateCellTimeZone?: string;
}

/** Folds the spellings admins use: "Six month", "6-month", "SIX_MONTH" → six-month. */
function normaliseProgram(v: string): string {
  const k = v.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'sixmonth' || k === '6month' || k === 'sixmonths' || k === '6months') return 'six-month';
  if (k === 'quarterly' || k === 'quarter') return 'quarterly';
  return v;
}

function cellText(v: unknown, opts: EngagementRowOptions): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (isDate(v)) {
    if (Number.isNaN(v.getTime())) return undefined;
    return formatCivilDate(civilDateOf(v.getTime(), opts.dateCellTimeZone ?? 'UTC'));
  }
  const s = cleanLine(v);
  return s === '' ? undefined : s;
}

/** Maps a row (header → cell value, any header spelling) to the schema's input, normalised. */
export function normaliseEngagementRow(
  row: Record<string, unknown>,
  opts: EngagementRowOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [header, value] of Object.entries(row)) {
    const field = COLUMN_ALIASES[header.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (!field || out[field] !== undefined) continue;
    if (field === 'sessionsInProgram') {
      const text = typeof value === 'number' ? String(value) : cellText(value, opts);
      if (text !== undefined) out[field] = /^\d+$/.test(text) ? Number(text) : text;
      continue;
    }
    const text = cellText(value, opts);
    if (text === undefined) continue;
    if (field === 'coachee' || field === 'manager' || field === 'coach') out[field] = normalizeEmail(text);
    else if (field === 'program') out[field] = normaliseProgram(text);
    else if (field === 'status') out[field] = text.toLowerCase();
    else if (field === 'company') out[field] = text.toLowerCase();
    else out[field] = text;
  }
  if (out.status === undefined) out.status = 'active';
  if (out.company === undefined) {
    const fallback = opts.defaultCompany ?? (typeof out.coachee === 'string' ? emailDomain(out.coachee) : '');
    if (fallback) out.company = fallback;
  }
  return out;
}

export type EngagementCheck = { ok: true; engagement: Engagement; problems: [] } | { ok: false; problems: Problem[] };

/**
 * Validates one engagement row (from the Sheet, a scenario, or the admin CLI). Problems are full
 * sentences naming the field and the value, e.g. `Coachee email "ana@acme" has the domain "acme",
 * which is missing a dot and an ending such as .com.`
 */
export function validateEngagementRow(row: Record<string, unknown>, opts: EngagementRowOptions = {}): EngagementCheck {
  if (typeof row !== 'object' || row === null) {
    return { ok: false, problems: [{ field: '', message: 'The engagement row is empty.' }] };
  }
  const input = normaliseEngagementRow(row, opts);
  const parsed = EngagementSchema.safeParse(input);
  if (parsed.success) return { ok: true, engagement: parsed.data, problems: [] };
  return {
    ok: false,
    problems: issuesToProblems(parsed.error.issues, (field) => `${FIELD_LABELS[field] ?? 'A value'} is not valid.`),
  };
}

export interface RowProblem extends Problem {
  /** Sheet row number (1-based, the header being row 1 by default). */
  row: number;
}

export interface EngagementListCheck {
  /** Valid rows, with their row number. Rows with problems are left out. */
  engagements: Array<Engagement & { row: number }>;
  problems: RowProblem[];
}

/**
 * Checks Engagements rows: every row on its own, then across rows of the same coachee (the same
 * coachee twice with overlapping dates, which would make "which engagement?" ambiguous). `firstRow`
 * is the sheet row number of rows[0] (default 2: row 1 holds the headers); `rowNumbers` gives each
 * row's own number instead, for a subset of the tab (one coachee's rows found by a search), which
 * gets exactly the problems the whole tab's check gives those rows. Entirely blank rows are skipped.
 *
 * Linear: rows are grouped by coachee as they come (a Map), so a row is compared only with the
 * earlier rows of its own coachee (50,000 rows of distinct coachees cost 50,000 row checks, not
 * 50,000² / 2 comparisons).
 */
export function findEngagementProblems(
  rows: ReadonlyArray<Record<string, unknown>>,
  opts: EngagementRowOptions & { firstRow?: number; rowNumbers?: readonly number[] } = {},
): EngagementListCheck {
  const firstRow = opts.firstRow ?? 2;
  const engagements: Array<Engagement & { row: number }> = [];
  const problems: RowProblem[] = [];
  const byCoachee = new Map<string, Array<Engagement & { row: number }>>();
  rows.forEach((raw, i) => {
    const row = opts.rowNumbers?.[i] ?? firstRow + i;
    const blank = Object.values(raw ?? {}).every(
      (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''),
    );
    if (blank) return;
    const check = validateEngagementRow(raw, opts);
    if (!check.ok) {
      for (const p of check.problems) problems.push({ row, field: p.field, message: `Row ${row}: ${p.message}` });
      return;
    }
    const e = check.engagement;
    const key = emailKey(e.coachee); // as sameEmail compares
    const mine = byCoachee.get(key) ?? [];
    for (const other of mine) {
      const same =
        other.start === e.start &&
        other.end === e.end &&
        other.manager === e.manager &&
        other.coach === e.coach &&
        other.program === e.program;
      if (same) {
        problems.push({
          row,
          field: 'coachee',
          message: `Row ${row}: repeats row ${other.row} (same coachee ${e.coachee}, same dates). Delete one of them.`,
        });
        return;
      }
      if (e.start < other.end && other.start < e.end) {
        problems.push({
          row,
          field: 'start',
          message: `Row ${row}: ${e.coachee} already has an engagement on row ${other.row} (${other.start} to ${other.end}) that overlaps ${e.start} to ${e.end}. A coachee can have only one engagement at a time: fix the dates or delete one row.`,
        });
        return;
      }
    }
    const kept = { ...e, row };
    mine.push(kept);
    byCoachee.set(key, mine);
    engagements.push(kept);
  });
  return { engagements, problems };
}

/** The engagements where `email` is the coachee, in start order. */
export function engagementsOfCoachee<E extends Engagement>(engagements: readonly E[], email: string): E[] {
  return engagements
    .filter((e) => sameEmail(e.coachee, email))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

export function engagementContains(engagement: Engagement, date: CivilDate): boolean {
  const d = formatCivilDate(date);
  return engagement.start <= d && d < engagement.end;
}

/**
 * The coachee's engagement that matters on `date`: the one containing it (an active one first);
 * otherwise the next one to start; otherwise the one that ended last. Undefined when they have none.
 */
export function engagementFor<E extends Engagement>(
  engagements: readonly E[],
  coachee: string,
  date: CivilDate,
): E | undefined {
  const mine = engagementsOfCoachee(engagements, coachee);
  const d = formatCivilDate(date);
  const containing = mine.filter((e) => e.start <= d && d < e.end);
  if (containing.length > 0) return containing.find((e) => e.status === 'active') ?? containing[0];
  const upcoming = mine.find((e) => e.start > d);
  if (upcoming) return upcoming;
  return mine[mine.length - 1];
}

export type EngagementPhase = 'upcoming' | 'running' | 'finished';

/** Where `date` sits relative to the engagement's dates (ignores status). */
export function engagementPhase(engagement: Engagement, date: CivilDate): EngagementPhase {
  const d = formatCivilDate(date);
  return d < engagement.start ? 'upcoming' : d < engagement.end ? 'running' : 'finished';
}

/** Number of (clamped) months the engagement covers, a partial last month counting as one. */
export function engagementMonths(engagement: Engagement): number {
  const start = parseCivilDate(engagement.start)!;
  const end = parseCivilDate(engagement.end)!;
  const whole = wholeMonthsBetween(start, end);
  return compareCivilDates(addMonthsClamped(start, whole), end) < 0 ? whole + 1 : whole;
}

/** 1-based month of the engagement that `date` falls in (month 1 = the first month; 0 or less before the start). */
export function engagementMonthOf(engagement: Engagement, date: CivilDate): number {
  return wholeMonthsBetween(parseCivilDate(engagement.start)!, date) + 1;
}

// ---------------------------------------------------------------------------------------------
// Company settings

export const SETTINGS_DEFAULTS = {
  quarters: 'engagement' as QuarterBasis,
  fiscalStartMonth: 1,
  perQuarter: 1,
  admins: [] as string[],
};

export const CompanySettingsSchema = c.object({
  domain: c.string('The company domain is missing.').check(
    c.refine(
      (d) => domainProblem(d) === null,
      (d) => `The company domain "${String(d)}" ${domainProblem(String(d))}.`,
    ),
  ),
  timeZone: c
    .string('The company time zone is missing.')
    .check(
      c.refine<string>(
        isValidTimeZone,
        (t) => `The time zone "${String(t)}" is not one we know: use a name such as Europe/Berlin or America/New_York.`,
      ),
    ),
  quarters: c.oneOf(
    QUARTER_BASES as unknown as ['engagement', 'calendar', 'fiscal'],
    (input) => `Quarters "${String(input)}" is not one we know: write engagement, calendar or fiscal.`,
  ),
  fiscalStartMonth: c
    .number('Fiscal start month must be a number from 1 (January) to 12 (December).')
    .check(
      c.refine(
        (n) => Number.isInteger(n) && n >= 1 && n <= 12,
        'Fiscal start month must be a number from 1 (January) to 12 (December).',
      ),
    ),
  perQuarter: c
    .number('Meetings per quarter must be a whole number from 1 to 10.')
    .check(
      c.refine(
        (n) => Number.isInteger(n) && n >= 1 && n <= 10,
        'Meetings per quarter must be a whole number from 1 to 10.',
      ),
    ),
  admins: c.array(email('Admin email')),
  toolkitUrl: c.optional(httpsLink('Toolkit link')),
});

export type CompanySettings = c.Infer<typeof CompanySettingsSchema>;

export type SettingsCheck = { ok: true; settings: CompanySettings; problems: [] } | { ok: false; problems: Problem[] };

function splitList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.split(/[,;\s]+/).filter((s) => s !== '');
  return v === null || v === undefined ? [] : [v];
}

/**
 * Validates company settings, filling DESIGN.md's defaults (quarters: engagement, fiscalStartMonth 1,
 * perQuarter 1, no admins). Accepts Sheet-style values: numbers as text,
 * admins as one comma-separated cell. Unknown keys are ignored (the gateway keeps its own there).
 */
export function parseCompanySettings(input: Record<string, unknown>): SettingsCheck {
  const src = input ?? {};
  const text = (v: unknown) => (v === null || v === undefined ? undefined : cleanLine(v) || undefined);
  const num = (v: unknown) => {
    const t = text(v);
    return t === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  };
  const domain = text(src.domain)?.toLowerCase();
  const candidate = {
    domain,
    timeZone: text(src.timeZone),
    quarters: text(src.quarters)?.toLowerCase() ?? SETTINGS_DEFAULTS.quarters,
    fiscalStartMonth: num(src.fiscalStartMonth) ?? SETTINGS_DEFAULTS.fiscalStartMonth,
    perQuarter: num(src.perQuarter) ?? SETTINGS_DEFAULTS.perQuarter,
    admins: splitList(src.admins).map((a) => normalizeEmail(a)),
    toolkitUrl: text(src.toolkitUrl),
  };
  if (candidate.toolkitUrl === undefined) delete candidate.toolkitUrl;
  const parsed = CompanySettingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data, problems: [] };
  return {
    ok: false,
    problems: issuesToProblems(parsed.error.issues, (field) => `The setting ${field || 'value'} is not valid.`),
  };
}

/** The quarter options for one engagement under the company's settings. */
export function quarterOptionsFor(
  settings: Pick<CompanySettings, 'quarters' | 'fiscalStartMonth' | 'timeZone'>,
  engagement: Pick<Engagement, 'start'>,
): QuarterOptions {
  return {
    basis: settings.quarters,
    fiscalStartMonth: settings.fiscalStartMonth,
    timeZone: settings.timeZone,
    engagementStart: engagement.start,
  };
}

/** True when `email` is one of the program admins. */
export function isAdmin(settings: Pick<CompanySettings, 'admins'>, email: string): boolean {
  return settings.admins.some((a) => sameEmail(a, email));
}
