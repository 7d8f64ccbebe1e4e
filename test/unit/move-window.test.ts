// Issue 13 item 10: which days a meeting the manager declined is searched for a new time
// (core/allowance.ts declinedMoveWindow), and the quarter options a shown quarter's key names.
import { declinedMoveWindow } from '../../src/core/allowance';
import { quarterOf, quarterOptionsOfKey } from '../../src/core/quarters';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const day = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: NY });

const SIX = { start: '2026-01-12', end: '2026-07-12', program: 'six-month' as const };
const QUARTERLY = { ...SIX, program: 'quarterly' as const };
const Q1 = { key: 'E2026-01-12#Q1', start: '2026-01-12' };

function win(over: Partial<Parameters<typeof declinedMoveWindow>[0]>) {
  return declinedMoveWindow({
    meetingStartMs: at('2026-03-03T16:00:00Z'),
    engagement: QUARTERLY,
    shown: Q1,
    companyTimeZone: NY,
    nowMs: at('2026-02-20T14:00:00Z'), // a Friday
    dayZone: NY,
    ...over,
  });
}

describe('declinedMoveWindow', () => {
  test('quarterly: the meeting’s own quarter, from the next working day', () => {
    const w = win({})!;
    expect(w.quarter.key).toBe('E2026-01-12#Q1');
    expect([day(w.fromMs), day(w.toMs)]).toEqual(['2026-02-23', '2026-04-12']);
  });

  test('a meeting in a later quarter searches that quarter, not the one shown', () => {
    const w = win({ meetingStartMs: at('2026-05-05T14:00:00Z') })!;
    expect(w.quarter.key).toBe('E2026-01-12#Q2');
    expect([day(w.fromMs), day(w.toMs)]).toEqual(['2026-04-12', '2026-07-12']);
  });

  test('six-month: a milestone meeting inside its recommended window stays in it (and in its quarter)', () => {
    const w = win({ engagement: SIX, milestone: 'initial' })!;
    expect([day(w.fromMs), day(w.toMs)]).toEqual(['2026-02-23', '2026-03-12']);
    // Held late (month 3): the quarter, not the passed window.
    const late = win({ engagement: SIX, milestone: 'initial', meetingStartMs: at('2026-03-20T15:00:00Z') })!;
    expect([day(late.fromMs), day(late.toMs)]).toEqual(['2026-02-23', '2026-04-12']);
  });

  test('no time left when the quarter ends before the next working day', () => {
    const w = win({
      shown: { key: '2026-Q1', start: '2026-01-01' },
      meetingStartMs: at('2026-03-31T20:00:00Z'),
      nowMs: at('2026-03-31T15:00:00Z'),
    })!;
    expect(w.quarter.key).toBe('2026-Q1');
    expect(w.fromMs).toBeGreaterThanOrEqual(w.toMs);
  });

  test('an unknown key places nothing', () => {
    expect(win({ shown: { key: 'Q?', start: '2026-01-01' } })).toBeNull();
  });
});

describe('quarterOptionsOfKey', () => {
  test('each basis, fiscal start month from the quarter’s first day', () => {
    expect(quarterOptionsOfKey('E2026-01-31#Q2', '2026-04-30', NY)).toMatchObject({
      basis: 'engagement',
      engagementStart: '2026-01-31',
    });
    expect(quarterOptionsOfKey('2026-Q3', '2026-07-01', NY)).toMatchObject({ basis: 'calendar' });
    const fy = quarterOptionsOfKey('FY2026-Q2', '2026-01-01', NY)!;
    expect(fy).toMatchObject({ basis: 'fiscal', fiscalStartMonth: 10 });
    expect(quarterOf(at('2026-05-10T12:00:00Z'), fy).key).toBe('FY2026-Q3');
  });
});
