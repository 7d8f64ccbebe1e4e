import {
  engagementFor,
  engagementMonthOf,
  engagementMonths,
  findEngagementProblems,
  isAdmin,
  parseCompanySettings,
  validateEngagementRow,
} from '../../src/core/engagement';
import { emailKey, emailProblem, isValidEmail, normalizeEmail, sameEmail } from '../../src/core/email';
import { parseCivilDate } from '../../src/core/time';

const row = (over: Record<string, unknown> = {}) => ({
  coachee: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  program: 'six-month',
  start: '2026-01-12',
  end: '2026-07-12',
  ...over,
});

describe('emails', () => {
  it('accepts ordinary addresses and normalises case and spaces', () => {
    expect(isValidEmail('Ana.Lee+ccm@Acme.test')).toBe(true);
    expect(normalizeEmail('  Ana.Lee@ACME.test ')).toBe('ana.lee@acme.test');
    expect(normalizeEmail('Ana Lee <ana@acme.test>')).toBe('ana@acme.test');
    expect(normalizeEmail('mailto:ana@acme.test')).toBe('ana@acme.test');
  });

  it('explains typos', () => {
    expect(emailProblem('ana@acme')).toContain('missing a dot');
    expect(emailProblem('ana.acme.test')).toBe('has no @');
    expect(emailProblem('ana@@acme.test')).toBe('has more than one @');
    expect(emailProblem('ana lee@acme.test')).toBe('contains a space');
    expect(emailProblem('ana..lee@acme.test')).toBe('has a misplaced dot before the @');
    expect(emailProblem('ana@acme..test')).toContain('empty part');
    expect(emailProblem('ana@acme.t3st1')).toContain('not a domain ending');
    expect(emailProblem('@acme.test')).toBe('has nothing before the @');
    expect(emailProblem('')).toBe('is empty');
  });

  it('keeps Workspace dots significant, folds consumer Gmail dots', () => {
    expect(sameEmail('ana.b@acme.test', 'anab@acme.test')).toBe(false);
    expect(sameEmail('ANA@acme.test', 'ana@acme.test')).toBe(true);
    expect(sameEmail('ana.b@gmail.com', 'anab@googlemail.com')).toBe(true);
    expect(emailKey('A.n.a@gmail.com')).toBe('ana@gmail.com');
    expect(sameEmail('', '')).toBe(false);
  });
});

describe('validateEngagementRow', () => {
  it('accepts a good row and fills defaults', () => {
    const r = validateEngagementRow(row());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.engagement).toEqual({
      coachee: 'ana@acme.test',
      manager: 'mo@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      program: 'six-month',
      start: '2026-01-12',
      end: '2026-07-12',
      status: 'active',
    });
  });

  it('accepts Sheet-style headers, program spellings, Date cells and numbers', () => {
    const r = validateEngagementRow(
      {
        'Coachee email': ' Ana@Acme.test ',
        'Manager Email': 'mo@acme.test',
        Coach: 'cora@coaches.test',
        Program: 'Six month',
        'Start date': new Date(Date.UTC(2026, 0, 11, 23, 0)), // midnight 12 Jan in Berlin
        'End date': '2026-07-12',
        Sessions: 12,
        'Video link': 'https://meet.example.test/cora-room',
        Status: 'Paused',
        Notes: 'ignored column',
      },
      { dateCellTimeZone: 'Europe/Berlin', defaultCompany: 'acme.test' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.engagement).toMatchObject({
      coachee: 'ana@acme.test',
      program: 'six-month',
      start: '2026-01-12',
      sessionsInProgram: 12,
      status: 'paused',
      videoLink: 'https://meet.example.test/cora-room',
    });
  });

  it('reports each problem in words an admin can act on', () => {
    const r = validateEngagementRow(
      row({ coachee: 'ana@acme', program: 'monthly', end: '2026-01-01', videoLink: 'http://zoom.test/x' }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.problems.map((p) => p.message);
    expect(messages).toContain(
      'Coachee email "ana@acme" has the domain "acme", which is missing a dot and an ending such as .com.',
    );
    expect(messages).toContain('Program "monthly" is not one we know: write quarterly or six-month.');
    expect(
      messages.some((m) => m.startsWith('Coach\'s video link "http://zoom.test/x" must start with https://')),
    ).toBe(true);
    expect(r.problems.map((p) => p.field).sort()).toEqual(['coachee', 'program', 'videoLink']);
  });

  it('refuses an end date not after the start, impossible dates, and missing fields', () => {
    const backwards = validateEngagementRow(row({ start: '2026-03-01', end: '2026-01-01' }));
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) {
      expect(backwards.problems).toEqual([
        {
          field: 'end',
          message:
            'End date 2026-01-01 is not after the start date 2026-03-01. The end date is the first day after the engagement.',
        },
      ]);
    }
    const sameDay = validateEngagementRow(row({ end: '2026-01-12' }));
    expect(sameDay.ok).toBe(false);
    const impossible = validateEngagementRow(row({ start: '2026-02-30' }));
    expect(impossible.ok).toBe(false);
    if (!impossible.ok)
      expect(impossible.problems[0]!.message).toBe(
        'Start date "2026-02-30" doesn\'t exist: February 2026 has 28 days.',
      );
    const missing = validateEngagementRow({ coachee: 'ana@acme.test' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.problems.map((p) => p.message)).toEqual(
        expect.arrayContaining([
          'Manager email is missing.',
          'Coach email is missing.',
          'Start date is missing.',
          'End date is missing.',
        ]),
      );
    }
  });

  it('refuses the same person in two roles', () => {
    const r = validateEngagementRow(row({ manager: 'ANA@acme.test' }));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        { field: 'manager', message: 'The manager must be a different person from the coachee.' },
      ]);
  });
});

describe('findEngagementProblems', () => {
  it('numbers rows from 2, skips blank rows, and finds duplicates and overlaps', () => {
    const rows = [
      row(),
      { coachee: '', manager: '', coach: '' },
      row({ coachee: 'ben@acme.test' }),
      row(), // exact repeat of row 2
      row({ start: '2026-06-01', end: '2026-12-01' }), // overlaps row 2
      row({ start: '2026-07-12', end: '2027-01-12' }), // follows row 2: fine
      row({ coach: 'not-an-email' }),
    ];
    const r = findEngagementProblems(rows);
    expect(r.engagements.map((e) => e.row)).toEqual([2, 4, 7]);
    expect(r.problems.map((p) => p.row)).toEqual([5, 6, 8]);
    expect(r.problems[0]!.message).toBe(
      'Row 5: repeats row 2 (same coachee ana@acme.test, same dates). Delete one of them.',
    );
    expect(r.problems[1]!.message).toContain(
      'Row 6: ana@acme.test already has an engagement on row 2 (2026-01-12 to 2026-07-12) that overlaps 2026-06-01 to 2026-12-01',
    );
    expect(r.problems[2]!.message).toBe('Row 8: Coach email "not-an-email" has no @.');
  });

  it("one coachee's rows checked alone (with their row numbers) get exactly the whole tab's verdict on them", () => {
    const rows = [
      row(),
      row({ coachee: 'ben@acme.test' }),
      row({ coachee: 'ben@acme.test' }), // ben's repeat
      row({ start: '2026-06-01', end: '2026-12-01' }), // overlaps ana's row 2
      row({ coachee: 'ben@acme.test', coach: 'bad' }),
      row({ start: '2026-07-12', end: '2027-01-12' }),
    ];
    const whole = findEngagementProblems(rows);
    for (const who of ['ana@acme.test', 'ben@acme.test']) {
      const mine = rows.map((r, i) => ({ r, row: i + 2 })).filter((x) => x.r.coachee === who);
      const alone = findEngagementProblems(
        mine.map((x) => x.r),
        { rowNumbers: mine.map((x) => x.row) },
      );
      const rowsOf = new Set(mine.map((x) => x.row));
      expect(alone.problems).toEqual(whole.problems.filter((p) => rowsOf.has(p.row)));
      expect(alone.engagements).toEqual(whole.engagements.filter((e) => rowsOf.has(e.row)));
    }
  });

  // Its speed (grouped by coachee, not pair by pair) is measured by `npm run bench` and the import's
  // figures, never by a timed test: a busy machine must not turn this red.
  it('30,000 rows of distinct coachees: every row is an engagement and none is a problem', () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => row({ coachee: `c${i}@acme.test` }));
    const r = findEngagementProblems(rows);
    expect(r.problems).toEqual([]);
    expect(r.engagements).toHaveLength(30_000);
  }, 60_000);
});

describe('engagement helpers', () => {
  const list = findEngagementProblems([
    row({ start: '2025-01-12', end: '2025-07-12', status: 'ended' }),
    row(),
    row({ start: '2026-09-01', end: '2027-03-01' }),
  ]).engagements;

  it('picks the engagement for a date', () => {
    expect(engagementFor(list, 'ana@acme.test', parseCivilDate('2026-03-03')!)?.row).toBe(3);
    expect(engagementFor(list, 'ANA@acme.test', parseCivilDate('2026-08-01')!)?.row).toBe(4);
    expect(engagementFor(list, 'ana@acme.test', parseCivilDate('2028-01-01')!)?.row).toBe(4);
    expect(engagementFor(list, 'ana@acme.test', parseCivilDate('2024-01-01')!)?.row).toBe(2);
    expect(engagementFor(list, 'zed@acme.test', parseCivilDate('2026-03-03')!)).toBeUndefined();
  });

  it('counts months', () => {
    const e = list[1]!;
    expect(engagementMonths(e)).toBe(6);
    expect(engagementMonths({ ...e, end: '2026-07-11' })).toBe(6);
    expect(engagementMonthOf(e, parseCivilDate('2026-01-12')!)).toBe(1);
    expect(engagementMonthOf(e, parseCivilDate('2026-02-12')!)).toBe(2);
    expect(engagementMonthOf(e, parseCivilDate('2026-07-11')!)).toBe(6);
  });
});

describe('parseCompanySettings', () => {
  it('fills DESIGN defaults', () => {
    const r = parseCompanySettings({ domain: 'Acme.test', timeZone: 'America/New_York' });
    expect(r).toEqual({
      ok: true,
      problems: [],
      settings: {
        domain: 'acme.test',
        timeZone: 'America/New_York',
        quarters: 'engagement',
        fiscalStartMonth: 1,
        perQuarter: 1,
        admins: [],
      },
    });
  });

  it('accepts Sheet-style values', () => {
    const r = parseCompanySettings({
      domain: 'acme.test',
      timeZone: 'Europe/Berlin',
      quarters: 'Fiscal',
      fiscalStartMonth: '4',
      perQuarter: '2',
      admins: 'hr@acme.test; Boss@acme.test',
      toolkitUrl: 'https://docs.google.com/document/d/x/edit',
      gatewayUrl: 'kept by the gateway',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings).toMatchObject({
      quarters: 'fiscal',
      fiscalStartMonth: 4,
      perQuarter: 2,
      admins: ['hr@acme.test', 'boss@acme.test'],
    });
    expect(isAdmin(r.settings, 'HR@acme.test')).toBe(true);
    expect(isAdmin(r.settings, 'ana@acme.test')).toBe(false);
  });

  it('explains bad settings', () => {
    const r = parseCompanySettings({
      domain: 'acme',
      timeZone: 'Mars/Base',
      quarters: 'weekly',
      fiscalStartMonth: 13,
      perQuarter: 0,
      admins: ['hr@'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msgs = r.problems.map((p) => p.message);
    expect(msgs).toEqual(
      expect.arrayContaining([
        'The time zone "Mars/Base" is not one we know: use a name such as Europe/Berlin or America/New_York.',
        'Quarters "weekly" is not one we know: write engagement, calendar or fiscal.',
        'Fiscal start month must be a number from 1 (January) to 12 (December).',
        'Meetings per quarter must be a whole number from 1 to 10.',
        'Admin email "hr@" has no domain.',
      ]),
    );
    expect(msgs.some((m) => m.startsWith('The company domain "acme"'))).toBe(true);
  });
});
