import fc from 'fast-check';
import {
  nextQuarter,
  nextQuarterStart,
  quarterOf,
  quarterOfDate,
  QuarterOptions,
  quartersBetween,
} from '../../src/core/quarters';
import { addDays, formatCivilDate, parseCivilDate, startOfCivilDay, zonedToInstant } from '../../src/core/time';

const d = (s: string) => parseCivilDate(s)!;
const at = (iso: string) => Date.parse(iso);

describe('calendar quarters', () => {
  const opts: QuarterOptions = { basis: 'calendar', timeZone: 'Europe/Berlin' };
  it('names and bounds the quarter', () => {
    const q = quarterOf(at('2026-04-14T08:00:00Z'), opts);
    expect(q.key).toBe('2026-Q2');
    expect(q.label).toBe('Q2 2026');
    expect(formatCivilDate(q.start)).toBe('2026-04-01');
    expect(formatCivilDate(q.end)).toBe('2026-07-01');
    expect(q.rangeLabel).toBe('1 Apr 2026 – 30 Jun 2026');
    expect(q.index).toBe(2);
    // Midnight Berlin (CEST, +2) = 22:00Z the day before.
    expect(q.startMs).toBe(Date.UTC(2026, 2, 31, 22, 0));
    expect(q.endMs).toBe(Date.UTC(2026, 5, 30, 22, 0));
  });

  it('decides by the start instant on the company wall clock', () => {
    // 30 Jun 2026 23:30 in Berlin is 21:30Z: still Q2 in Berlin...
    expect(quarterOf(at('2026-06-30T21:30:00Z'), opts).key).toBe('2026-Q2');
    // ...and 00:30 on 1 July in Berlin (22:30Z on 30 June) is Q3, although UTC still says June.
    expect(quarterOf(at('2026-06-30T22:30:00Z'), opts).key).toBe('2026-Q3');
    // Same instant in New York is 30 June 18:30: Q2.
    expect(quarterOf(at('2026-06-30T22:30:00Z'), { basis: 'calendar', timeZone: 'America/New_York' }).key).toBe(
      '2026-Q2',
    );
  });

  it('rolls over the year', () => {
    expect(nextQuarter(at('2026-11-15T12:00:00Z'), opts).key).toBe('2027-Q1');
    expect(formatCivilDate(nextQuarterStart(at('2026-11-15T12:00:00Z'), opts).date)).toBe('2027-01-01');
  });
});

describe('fiscal quarters', () => {
  it('names the fiscal year after the year it ends in', () => {
    const oct: QuarterOptions = { basis: 'fiscal', fiscalStartMonth: 10, timeZone: 'UTC' };
    expect(quarterOfDate(d('2025-10-01'), oct).key).toBe('FY2026-Q1');
    expect(quarterOfDate(d('2025-12-31'), oct).key).toBe('FY2026-Q1');
    expect(quarterOfDate(d('2026-01-01'), oct).key).toBe('FY2026-Q2');
    expect(quarterOfDate(d('2026-09-30'), oct).key).toBe('FY2026-Q4');
    expect(quarterOfDate(d('2026-10-01'), oct).key).toBe('FY2027-Q1');
    const q = quarterOfDate(d('2026-02-10'), oct);
    expect([formatCivilDate(q.start), formatCivilDate(q.end), q.label]).toEqual([
      '2026-01-01',
      '2026-04-01',
      'FY2026 Q2',
    ]);
  });

  it('with start month 1 matches the calendar year', () => {
    const jan: QuarterOptions = { basis: 'fiscal', fiscalStartMonth: 1, timeZone: 'UTC' };
    expect(quarterOfDate(d('2026-05-05'), jan).key).toBe('FY2026-Q2');
    const apr: QuarterOptions = { basis: 'fiscal', fiscalStartMonth: 4, timeZone: 'UTC' };
    expect(quarterOfDate(d('2026-03-31'), apr).key).toBe('FY2026-Q4');
    expect(quarterOfDate(d('2026-04-01'), apr).key).toBe('FY2027-Q1');
  });

  it('refuses a bad start month', () => {
    expect(() => quarterOfDate(d('2026-01-01'), { basis: 'fiscal', fiscalStartMonth: 13, timeZone: 'UTC' })).toThrow(
      RangeError,
    );
  });
});

describe('engagement quarters', () => {
  const opts = (start: string, timeZone = 'America/New_York'): QuarterOptions => ({
    basis: 'engagement',
    engagementStart: start,
    timeZone,
  });

  it('are 3-month windows from the start', () => {
    const o = opts('2026-01-12');
    const q1 = quarterOfDate(d('2026-03-03'), o);
    expect(q1.key).toBe('E2026-01-12#Q1');
    expect(q1.label).toBe('Quarter 1');
    expect([formatCivilDate(q1.start), formatCivilDate(q1.end)]).toEqual(['2026-01-12', '2026-04-12']);
    expect(quarterOfDate(d('2026-04-11'), o).key).toBe('E2026-01-12#Q1');
    expect(quarterOfDate(d('2026-04-12'), o).key).toBe('E2026-01-12#Q2');
    expect(quarterOfDate(d('2026-07-11'), o).index).toBe(2);
    expect(quarterOfDate(d('2026-07-12'), o).index).toBe(3);
  });

  it('clamp month ends and are computed from the start, never chained', () => {
    const o = opts('2026-01-31', 'UTC');
    const starts = quartersBetween(d('2026-01-31'), d('2027-01-31'), o).map((q) => formatCivilDate(q.start));
    // Chaining would give Apr 30 → Jul 30 → Oct 30; from the start it is Jul 31 and Oct 31.
    expect(starts).toEqual(['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31']);
    const nov30 = quartersBetween(d('2025-11-30'), d('2026-11-30'), opts('2025-11-30', 'UTC')).map((q) =>
      formatCivilDate(q.start),
    );
    expect(nov30).toEqual(['2025-11-30', '2026-02-28', '2026-05-30', '2026-08-30']);
  });

  it('number quarters before the start as 0 and below', () => {
    expect(quarterOfDate(d('2026-01-11'), opts('2026-01-12')).key).toBe('E2026-01-12#Q0');
  });

  it('need an engagement start', () => {
    expect(() => quarterOfDate(d('2026-01-11'), { basis: 'engagement', timeZone: 'UTC' })).toThrow(/engagementStart/);
  });

  it('decide a meeting by its start in the company zone', () => {
    // 11 Apr 2026 22:30 in New York is 12 Apr 02:30Z: quarter 1 in New York, quarter 2 in UTC.
    const t = zonedToInstant({ year: 2026, month: 4, day: 11, hour: 22, minute: 30 }, 'America/New_York');
    expect(quarterOf(t, opts('2026-01-12')).index).toBe(1);
    expect(quarterOf(t, opts('2026-01-12', 'UTC')).index).toBe(2);
  });
});

describe('quarter windows cover time without gaps or overlaps (property)', () => {
  const basis = fc.oneof(
    fc.record({ basis: fc.constant('calendar' as const) }),
    fc.record({ basis: fc.constant('fiscal' as const), fiscalStartMonth: fc.integer({ min: 1, max: 12 }) }),
    fc.record({
      basis: fc.constant('engagement' as const),
      engagementStart: fc
        .record({
          year: fc.integer({ min: 2020, max: 2030 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 31 }),
        })
        .filter((x) => parseCivilDate(formatCivilDate(x)) !== null),
    }),
  );
  const zone = fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Pacific/Auckland', 'America/Santiago');

  it('each day lies in exactly one quarter; consecutive quarters touch; each is about 3 months', () => {
    fc.assert(
      fc.property(basis, zone, fc.integer({ min: 0, max: 3000 }), (b, timeZone, offset) => {
        const o = { ...b, timeZone } as QuarterOptions;
        const day = addDays(d('2020-06-01'), offset);
        const q = quarterOfDate(day, o);
        expect(formatCivilDate(q.start) <= formatCivilDate(day)).toBe(true);
        expect(formatCivilDate(day) < formatCivilDate(q.end)).toBe(true);
        const next = quarterOfDate(q.end, o);
        expect(formatCivilDate(next.start)).toBe(formatCivilDate(q.end));
        expect(next.key).not.toBe(q.key);
        const prev = quarterOfDate(addDays(q.start, -1), o);
        expect(formatCivilDate(prev.end)).toBe(formatCivilDate(q.start));
        expect(q.endMs - q.startMs).toBeGreaterThanOrEqual(88 * 86400_000);
        expect(q.endMs - q.startMs).toBeLessThanOrEqual(93 * 86400_000);
        expect(q.startMs).toBe(startOfCivilDay(q.start, timeZone));
        // Every instant between startMs and endMs belongs to this quarter.
        const mid = q.startMs + Math.floor((q.endMs - q.startMs) * ((offset % 97) / 97));
        expect(quarterOf(mid, o).key).toBe(q.key);
        expect(quarterOf(q.endMs - 1, o).key).toBe(q.key);
        expect(quarterOf(q.endMs, o).key).toBe(next.key);
      }),
      { numRuns: 500 },
    );
  });
});
