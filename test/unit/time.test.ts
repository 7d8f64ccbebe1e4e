import fc from 'fast-check';
import {
  addDays,
  addMonthsClamped,
  civilDateOf,
  civilDateProblem,
  compareCivilDates,
  formatCivilDate,
  formatDateLong,
  formatZonedDateTime,
  isValidTimeZone,
  parseCivilDate,
  parseIsoInstant,
  startOfCivilDay,
  wholeMonthsBetween,
  zonedParts,
  zonedToInstant,
  zoneOffsetMs,
} from '../../src/core/time';

const d = (s: string) => parseCivilDate(s)!;

describe('zonedParts', () => {
  it('reads the wall clock in a zone', () => {
    // 2026-03-03T16:00Z is 11:00 in New York (EST, -5).
    expect(zonedParts(Date.UTC(2026, 2, 3, 16, 0), 'America/New_York')).toEqual({
      year: 2026,
      month: 3,
      day: 3,
      hour: 11,
      minute: 0,
      second: 0,
      weekday: 2,
    });
    // Midnight is hour 0, not 24.
    expect(zonedParts(Date.UTC(2026, 0, 1, 23, 0), 'Europe/Berlin')).toMatchObject({
      year: 2026,
      month: 1,
      day: 2,
      hour: 0,
    });
  });

  it('gives the zone offset including DST', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15), 'America/New_York')).toBe(-5 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), 'America/New_York')).toBe(-4 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), 'Asia/Kolkata')).toBe(5.5 * 3600_000);
  });
});

describe('zonedToInstant', () => {
  it('converts ordinary wall times', () => {
    expect(zonedToInstant({ year: 2026, month: 3, day: 3, hour: 11, minute: 0 }, 'America/New_York')).toBe(
      Date.UTC(2026, 2, 3, 16, 0),
    );
    expect(zonedToInstant({ year: 2026, month: 4, day: 14, hour: 10, minute: 0 }, 'Europe/Berlin')).toBe(
      Date.UTC(2026, 3, 14, 8, 0),
    );
  });

  it('moves a wall time in the spring-forward gap forward by the gap (New York, 8 Mar 2026)', () => {
    // 02:30 does not exist; compatible → 03:30 EDT = 07:30Z.
    expect(zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBe(
      Date.UTC(2026, 2, 8, 7, 30),
    );
    // 'earlier' lands before the gap: 01:30 EST = 06:30Z.
    expect(zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York', 'earlier')).toBe(
      Date.UTC(2026, 2, 8, 6, 30),
    );
  });

  it('picks the earlier instant of a fall-back overlap (New York, 1 Nov 2026)', () => {
    // 01:30 happens twice: EDT (05:30Z) then EST (06:30Z).
    expect(zonedToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toBe(
      Date.UTC(2026, 10, 1, 5, 30),
    );
    expect(zonedToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York', 'later')).toBe(
      Date.UTC(2026, 10, 1, 6, 30),
    );
  });

  it('handles a zone whose DST change is at midnight (Santiago: 00:00 does not exist on 6 Sep 2026)', () => {
    const ms = startOfCivilDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    const p = zonedParts(ms, 'America/Santiago');
    expect(p).toMatchObject({ year: 2026, month: 9, day: 6, hour: 1, minute: 0 });
  });

  it('is exact on every quarter hour of 2026 DST change days, except inside gaps', () => {
    const days: Array<[string, string]> = [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['Australia/Lord_Howe', '2026-10-04'],
    ];
    for (const [tz, day] of days) {
      const start = parseCivilDate(day)!;
      for (let q = 0; q < 96; q++) {
        const local = { ...start, hour: Math.floor(q / 4), minute: (q % 4) * 15 };
        const t = zonedToInstant(local, tz);
        const p = zonedParts(t, tz);
        const inGap = p.hour !== local.hour || p.minute !== local.minute;
        if (inGap) {
          // Shifted forward by the gap (1 h, or 30 min on Lord Howe), never backwards.
          const shift = p.hour * 60 + p.minute - (local.hour * 60 + local.minute);
          expect([30, 60]).toContain(shift);
        } else {
          expect(p).toMatchObject(local);
          // The earlier of two candidates: one minute... one hour before shows a different wall time.
          expect(zonedToInstant(local, tz, 'earlier')).toBe(t);
        }
      }
    }
  });

  it('rejects impossible dates', () => {
    expect(() => zonedToInstant({ year: 2026, month: 2, day: 30, hour: 0, minute: 0 }, 'UTC')).toThrow(RangeError);
    expect(() => zonedToInstant({ year: 2026, month: 2, day: 1, hour: 24, minute: 0 }, 'UTC')).toThrow(RangeError);
  });

  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/Santiago',
    'Pacific/Chatham',
    'UTC',
  ];

  it('round-trips every instant on a whole minute: zonedToInstant(zonedParts(t)) is t or the earlier twin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 60000, max: Date.UTC(2040, 0, 1) / 60000 }),
        fc.constantFrom(...zones),
        (minutes, tz) => {
          const t = minutes * 60000;
          const p = zonedParts(t, tz);
          const back = zonedToInstant(p, tz);
          // Same wall time; equal to t unless t is the second occurrence of an overlap.
          expect(zonedParts(back, tz)).toEqual(p);
          expect(back <= t).toBe(true);
          expect(t - back <= 3600_000).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('civil dates', () => {
  it('clamps month arithmetic to month ends', () => {
    expect(addMonthsClamped(d('2026-01-31'), 1)).toEqual(d('2026-02-28'));
    expect(addMonthsClamped(d('2028-01-31'), 1)).toEqual(d('2028-02-29'));
    expect(addMonthsClamped(d('2026-03-31'), -1)).toEqual(d('2026-02-28'));
    expect(addMonthsClamped(d('2026-11-30'), 3)).toEqual(d('2027-02-28'));
    expect(addMonthsClamped(d('2026-01-12'), 6)).toEqual(d('2026-07-12'));
    expect(addMonthsClamped(d('2026-05-15'), -17)).toEqual(d('2024-12-15'));
  });

  it('counts whole months with clamping', () => {
    expect(wholeMonthsBetween(d('2026-01-31'), d('2026-02-27'))).toBe(0);
    expect(wholeMonthsBetween(d('2026-01-31'), d('2026-02-28'))).toBe(1);
    expect(wholeMonthsBetween(d('2026-01-12'), d('2026-07-11'))).toBe(5);
    expect(wholeMonthsBetween(d('2026-01-12'), d('2026-07-12'))).toBe(6);
    expect(wholeMonthsBetween(d('2026-01-12'), d('2026-01-11'))).toBe(-1);
  });

  it('parses strict YYYY-MM-DD and explains what is wrong', () => {
    expect(parseCivilDate('2026-03-17')).toEqual({ year: 2026, month: 3, day: 17 });
    expect(parseCivilDate(' 2026-03-17 ')).toEqual({ year: 2026, month: 3, day: 17 });
    expect(parseCivilDate('2026-02-29')).toBeNull();
    expect(parseCivilDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseCivilDate('2026-3-17')).toBeNull();
    expect(parseCivilDate('17/03/2026')).toBeNull();
    expect(parseCivilDate(20260317)).toBeNull();
    expect(civilDateProblem('2026-02-30')).toBe('"2026-02-30" doesn\'t exist: February 2026 has 28 days');
    expect(civilDateProblem('2026-13-01')).toContain('months go from 01 to 12');
    expect(civilDateProblem('')).toContain('empty');
  });

  it('formats dates', () => {
    expect(formatCivilDate({ year: 26, month: 1, day: 2 })).toBe('0026-01-02');
    expect(formatDateLong(d('2026-07-12'))).toBe('12 July 2026');
    expect(formatDateLong(d('2026-07-12'), { weekday: true })).toBe('Sunday 12 July 2026');
    expect(formatZonedDateTime(Date.UTC(2026, 2, 3, 16, 0), 'America/New_York')).toBe('Tue 3 Mar 2026, 11:00');
  });

  it('round-trips format/parse and orders dates like their strings', () => {
    const date = fc.record({
      year: fc.integer({ min: 1900, max: 2200 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(date, date, fc.integer({ min: -1000, max: 1000 }), (a, b, n) => {
        expect(parseCivilDate(formatCivilDate(a))).toEqual(a);
        expect(Math.sign(compareCivilDates(a, b))).toBe(
          Math.sign(formatCivilDate(a).localeCompare(formatCivilDate(b))),
        );
        expect(addDays(addDays(a, n), -n)).toEqual(a);
      }),
    );
  });

  it('finds the civil day of an instant in a zone', () => {
    // 03:00Z on 1 Jan is still 31 Dec in New York.
    expect(civilDateOf(Date.UTC(2026, 0, 1, 3, 0), 'America/New_York')).toEqual(d('2025-12-31'));
    expect(civilDateOf(Date.UTC(2026, 0, 1, 3, 0), 'Asia/Tokyo')).toEqual(d('2026-01-01'));
  });
});

describe('time zones and ISO instants', () => {
  it('validates zone names with Intl', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(' Europe/Berlin')).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });

  it('parses ISO instants with an offset only', () => {
    expect(parseIsoInstant('2026-03-10T15:00:00-05:00')).toBe(Date.UTC(2026, 2, 10, 20, 0));
    expect(parseIsoInstant('2026-03-10T15:00Z')).toBe(Date.UTC(2026, 2, 10, 15, 0));
    expect(parseIsoInstant('2026-03-10T15:00:00.250+05:30')).toBe(Date.UTC(2026, 2, 10, 9, 30, 0, 250));
    expect(parseIsoInstant('2026-03-10T15:00:00')).toBeNull();
    expect(parseIsoInstant('2026-02-30T15:00:00Z')).toBeNull();
    expect(parseIsoInstant('yesterday')).toBeNull();
  });
});
