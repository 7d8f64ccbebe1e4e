// The admins' outcome figures (src/core/outcomes.ts) from hand-built bookings and engagements: held
// meetings and manager support by the quarter of the meeting (on the company's clock, across quarter
// edges), the median days to a first meeting per start-quarter cohort, wrap-ups missed at the end.
import { EngagementSchema, type Engagement } from '../../src/core/engagement';
import type { BookingRecord } from '../../src/core/ledger';
import { median, outcomeFigures, supportRate, wasHeld, zeroOutcomes } from '../../src/core/outcomes';
import { usageKey, type UsageSettings } from '../../src/core/usage';

const BERLIN = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1 };
const NOW = Date.parse('2026-08-01T08:00:00Z');

const engagement = (over: Partial<Engagement> = {}): Engagement =>
  EngagementSchema.parse({
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    company: 'acme',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
    sessionsInProgram: 10,
    status: 'active',
    ...over,
  });

let seq = 0;
const booking = (start: string, over: Partial<BookingRecord> = {}): BookingRecord => ({
  bookingId: `b${++seq}`,
  eventId: `e${seq}`,
  quarterKey: '',
  start,
  end: new Date(Date.parse(start) + 3_600_000).toISOString(),
  status: 'confirmed',
  milestone: '',
  countsAsSession: true,
  reason: '',
  ledgerRow: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  company: 'acme',
  ...over,
});

const figures = (
  bookings: Record<string, BookingRecord[]>,
  engagements: Engagement[],
  settings: UsageSettings = BERLIN,
  now = NOW,
) => outcomeFigures(new Map(Object.entries(bookings)), engagements, settings, now);

describe('meetings held and manager support', () => {
  test('held = yes or presumed on a confirmed booking; no, unknown, cancelled or expired are not', () => {
    expect(wasHeld({ status: 'confirmed', held: 'yes' })).toBe(true);
    expect(wasHeld({ status: 'confirmed', held: 'presumed' })).toBe(true);
    expect(wasHeld({ status: 'confirmed', held: 'no' })).toBe(false);
    expect(wasHeld({ status: 'confirmed' })).toBe(false);
    expect(wasHeld({ status: 'cancelled', held: 'yes' })).toBe(false);
    expect(wasHeld({ status: 'expired', held: 'presumed' })).toBe(false);
  });

  test('counted in the reporting quarter of the start on the company clock, support among held only', () => {
    const out = figures(
      {
        'ben@acme.test': [
          // 31 Mar 23:30 UTC is 1 Apr 01:30 in Berlin: Q2, not Q1.
          booking('2026-03-31T23:30:00Z', { held: 'yes', supportedAt: '2026-03-30T10:00:00Z' }),
          booking('2026-03-31T21:00:00Z', { held: 'presumed' }), // 23:00 in Berlin: still Q1
          booking('2026-05-10T09:00:00Z', { held: 'no', supportedAt: '2026-05-01T10:00:00Z' }),
          booking('2026-05-11T09:00:00Z', { status: 'cancelled', held: 'yes', supportedAt: '2026-05-01T10:00:00Z' }),
          // Supported, not held yet (no answer): in neither the count nor the rate.
          booking('2026-06-20T09:00:00Z', { supportedAt: '2026-06-01T10:00:00Z' }),
        ],
        'ana@acme.test': [booking('2026-04-02T09:00:00Z', { held: 'presumed' })],
      },
      [engagement(), engagement({ coachee: 'ana@acme.test' })],
    );
    expect(out.get(usageKey('acme', '2026-Q1'))).toMatchObject({ held: 1, supported: 0 });
    expect(out.get(usageKey('acme', '2026-Q2'))).toMatchObject({ held: 2, supported: 1 });
    expect(supportRate(out.get(usageKey('acme', '2026-Q2'))!)).toBe(0.5);
    expect(supportRate(zeroOutcomes())).toBeNull();
  });

  test('the company of a booking made before bookings carried one: the engagement on the meeting day', () => {
    const out = figures({ 'ben@acme.test': [booking('2026-02-10T09:00:00Z', { held: 'yes', company: undefined })] }, [
      engagement({ company: 'beta' }),
    ]);
    expect(out.get(usageKey('beta', '2026-Q1'))?.held).toBe(1);
  });

  test('fiscal quarters: the fiscal quarter of the meeting', () => {
    const fiscal = { ...BERLIN, quarters: 'fiscal' as const, fiscalStartMonth: 4 };
    const out = figures(
      { 'ben@acme.test': [booking('2026-04-01T09:00:00Z', { held: 'yes' })] },
      [engagement()],
      fiscal,
    );
    expect([...out.values()].find((o) => o.held > 0)?.quarterKey).toBe('FY2027-Q1');
  });
});

describe('median days from the engagement start to the first meeting', () => {
  test('per cohort of engagements started in the quarter; those without a meeting left out and counted', () => {
    const out = figures(
      {
        // Starts 1 Mar; first confirmed meeting 31 Mar 23:30 UTC = 1 Apr in Berlin: 31 days.
        'ben@acme.test': [
          booking('2026-05-01T09:00:00Z'),
          booking('2026-03-31T23:30:00Z'),
          booking('2026-03-05T09:00:00Z', { status: 'cancelled' }),
        ],
        // Starts 15 Mar; first meeting 25 Mar: 10 days (a pending one earlier does not count).
        'ana@acme.test': [booking('2026-03-25T09:00:00Z'), booking('2026-03-16T09:00:00Z', { status: 'pending' })],
        // Starts 2 Jan; a meeting before its start (another engagement's) is not its first.
        'kim@acme.test': [booking('2025-12-20T09:00:00Z'), booking('2026-01-22T09:00:00Z')],
        'zoe@acme.test': [],
      },
      [
        engagement({ start: '2026-03-01' }),
        engagement({ coachee: 'ana@acme.test', start: '2026-03-15' }),
        engagement({ coachee: 'kim@acme.test', start: '2026-01-02' }),
        // Started in Q1 with no meeting: excluded from the median, counted.
        engagement({ coachee: 'zoe@acme.test', start: '2026-02-01' }),
        // Started in Q2: another cohort.
        engagement({ coachee: 'max@acme.test', start: '2026-04-01' }),
      ],
    );
    expect(out.get(usageKey('acme', '2026-Q1'))).toMatchObject({
      medianDaysToFirst: 20, // 10, 20, 31
      withFirst: 3,
      withoutFirst: 1,
    });
    expect(out.get(usageKey('acme', '2026-Q2'))).toMatchObject({
      medianDaysToFirst: null,
      withFirst: 0,
      withoutFirst: 1,
    });
  });

  test('median of an even count is the mean of the middle two', () => {
    expect(median([3, 1, 10, 4])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});

describe('wrap-ups missed at the end of a six-month engagement', () => {
  const sixMonth = (coachee: string, start: string, end: string, over: Partial<Engagement> = {}) =>
    engagement({ coachee, program: 'six-month', start, end, ...over });

  test('ended in the quarter of its last day without a wrap-up meeting; not before the end has passed', () => {
    const engagements = [
      sixMonth('a@acme.test', '2026-01-01', '2026-07-01'), // last day 30 Jun: Q2, missed
      sixMonth('b@acme.test', '2026-01-01', '2026-07-01'), // had its wrap-up: not missed
      sixMonth('c@acme.test', '2026-02-01', '2026-08-01'), // ends today (1 Aug is the first day after): missed, Q3
      sixMonth('d@acme.test', '2026-02-02', '2026-08-02'), // last day is today: not ended yet
      sixMonth('e@acme.test', '2026-01-01', '2026-07-01', { status: 'paused' }), // paused: not counted
      sixMonth('f@acme.test', '2026-01-01', '2026-07-01'), // wrap-up cancelled: missed
      engagement({ coachee: 'g@acme.test', end: '2026-07-01' }), // quarterly: no wrap-up
    ];
    const out = figures(
      {
        'b@acme.test': [booking('2026-06-25T09:00:00Z', { milestone: 'wrap-up' })],
        'f@acme.test': [booking('2026-06-25T09:00:00Z', { milestone: 'wrap-up', status: 'cancelled' })],
        'a@acme.test': [booking('2026-03-02T09:00:00Z', { milestone: 'initial' })],
      },
      engagements,
    );
    expect(out.get(usageKey('acme', '2026-Q2'))?.wrapUpMissed).toBe(2);
    expect(out.get(usageKey('acme', '2026-Q3'))?.wrapUpMissed).toBe(1);
  });

  test('the company clock decides the day the engagement ends', () => {
    const engagements = [sixMonth('a@acme.test', '2026-01-01', '2026-07-01')];
    // 30 Jun 22:30 UTC is 1 Jul 00:30 in Berlin: the engagement is over there, not in UTC.
    const justAfter = Date.parse('2026-06-30T22:30:00Z');
    expect(figures({}, engagements, BERLIN, justAfter).get(usageKey('acme', '2026-Q2'))?.wrapUpMissed).toBe(1);
    const utc = { ...BERLIN, timeZone: 'UTC' };
    expect(figures({}, engagements, utc, justAfter).get(usageKey('acme', '2026-Q2'))?.wrapUpMissed ?? 0).toBe(0);
  });
});
