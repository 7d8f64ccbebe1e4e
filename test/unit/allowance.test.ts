import fc from 'fast-check';
import {
  allowanceStatus,
  BookingRef,
  nextMilestoneWithRoom,
  decideAllowance,
  AllowanceRequest,
  overAllowance,
  overAllowanceMessage,
} from '../../src/core/allowance';
import type { BookingRecord } from '../../src/core/ledger';
import { Engagement } from '../../src/core/engagement';
import { zonedToInstant } from '../../src/core/time';

const ana: Engagement = {
  coachee: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  company: 'acme.test',
  program: 'six-month',
  start: '2026-01-12',
  end: '2026-07-12',
  status: 'active',
  videoLink: 'https://meet.example.test/cora-room',
};
const ny = { timeZone: 'America/New_York', quarters: 'engagement' as const, fiscalStartMonth: 1, perQuarter: 1 };

const ben: Engagement = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  company: 'acme.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
  status: 'active',
};
const berlin = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1, perQuarter: 1 };

const at = (iso: string) => Date.parse(iso);
const req = (over: Partial<AllowanceRequest>): AllowanceRequest => ({
  engagement: ana,
  settings: ny,
  startMs: at('2026-03-03T11:00:00-05:00'),
  minutes: 60,
  eventId: 'ev1',
  bookings: [],
  ...over,
});

describe('decideAllowance: the six-month happy path', () => {
  it('allows the initial meeting in month 2 with no warnings', () => {
    const d = decideAllowance(req({}));
    expect(d.allowed).toBe(true);
    expect(d.reason).toBeUndefined();
    expect(d.quarter.key).toBe('E2026-01-12#Q1');
    expect(d.usedThisQuarter).toBe(0);
    expect(d.limit).toBe(1);
    expect(d.nextQuarterOpens).toBe('2026-04-12');
    expect(d.milestone).toMatchObject({
      id: 'initial',
      label: 'Initial meeting',
      window: { start: '2026-02-12', end: '2026-03-12' },
      windowLabel: '12 Feb 2026 – 11 Mar 2026',
    });
    expect(d.warnings).toEqual([]);
    expect(d.message).toBe(
      'Initial meeting on Tue 3 Mar 2026, 11:00: this uses 1 of 1 for Quarter 1 (12 Jan 2026 – 11 Apr 2026).',
    );
  });

  it('treats confirming the same event again as the same booking', () => {
    const d = decideAllowance(
      req({ bookings: [{ eventId: 'ev1', start: '2026-03-03T16:00:00Z', status: 'confirmed', milestone: 'initial' }] }),
    );
    expect(d.allowed).toBe(true);
    expect(d.rebooking).toBe(true);
    expect(d.usedThisQuarter).toBe(1);
    expect(d.usedByOthers).toBe(0);
    expect(d.milestone?.id).toBe('initial');
    expect(d.message).toContain('already booked');
  });

  it('makes the next meeting the wrap-up, warning when it is not in the last month', () => {
    const bookings: BookingRef[] = [
      {
        eventId: 'ev1',
        status: 'confirmed',
        milestone: 'initial',
        start: '2026-03-03T16:00:00Z',
      },
    ];
    const early = decideAllowance(req({ eventId: 'ev2', startMs: at('2026-05-05T11:00:00-04:00'), bookings }));
    expect(early.allowed).toBe(true);
    expect(early.quarter.key).toBe('E2026-01-12#Q2');
    expect(early.milestone).toMatchObject({ id: 'wrap-up', window: { start: '2026-06-12', end: '2026-07-12' } });
    expect(early.warnings.map((w) => w.code)).toEqual(['WRAP_UP_EARLY']);
    const onTime = decideAllowance(req({ eventId: 'ev2', startMs: at('2026-06-30T11:00:00-04:00'), bookings }));
    expect(onTime.warnings).toEqual([]);
    expect(onTime.nextQuarterOpens).toBeNull();
  });
});

describe('decideAllowance: refusals', () => {
  it('refuses a second meeting in the same quarter and names the date the next one opens (calendar quarters)', () => {
    const bookings: BookingRef[] = [{ eventId: 'first', status: 'confirmed', start: '2026-04-14T08:00:00Z' }];
    const second = decideAllowance({
      engagement: ben,
      settings: berlin,
      startMs: at('2026-06-02T10:00:00+02:00'),
      minutes: 60,
      eventId: 'second',
      bookings,
    });
    expect(second.allowed).toBe(false);
    expect(second.reason).toBe('ALLOWANCE_USED');
    expect(second.usedThisQuarter).toBe(1);
    expect(second.nextQuarterOpens).toBe('2026-07-01');
    expect(second.message).toBe(
      "You've already booked this quarter's alignment meeting (Q2 2026: 1 Apr 2026 – 30 Jun 2026). The next quarter opens on 1 July 2026: you can book your next alignment meeting from then.",
    );
    const third = decideAllowance({
      engagement: ben,
      settings: berlin,
      startMs: at('2026-07-07T10:00:00+02:00'),
      minutes: 60,
      eventId: 'third',
      bookings,
    });
    expect(third.allowed).toBe(true);
    expect(third.quarter.key).toBe('2026-Q3');
    expect(third.milestone).toMatchObject({ id: 'quarterly', label: 'Q3 2026 alignment' });
  });

  it('re-checks a moved meeting in its new quarter', () => {
    const bookings: BookingRef[] = [
      { eventId: 'a', start: '2026-05-05T08:00:00Z', status: 'confirmed' },
      { eventId: 'b', start: '2026-08-04T08:00:00Z', status: 'confirmed' },
    ];
    const moved = decideAllowance({
      engagement: ben,
      settings: berlin,
      startMs: at('2026-08-01T10:00:00+02:00'),
      minutes: 60,
      eventId: 'a',
      bookings,
    });
    expect(moved.allowed).toBe(false);
    expect(moved.reason).toBe('ALLOWANCE_USED');
    expect(moved.rebooking).toBe(false);
  });

  it('does not count cancelled or expired bookings, nor bookings of another engagement', () => {
    const bookings: BookingRef[] = [
      { eventId: 'x', start: '2026-05-05T08:00:00Z', status: 'cancelled' },
      { eventId: 'y', start: '2026-05-05T08:00:00Z', status: 'expired' },
      { eventId: 'z', status: 'confirmed', start: '2027-04-02T08:00:00Z' },
    ];
    expect(
      decideAllowance({
        engagement: ben,
        settings: berlin,
        startMs: at('2026-05-02T10:00:00+02:00'),
        minutes: 60,
        eventId: 'n',
        bookings,
      }).allowed,
    ).toBe(true);
  });

  it('counts pending bookings (a booking half way through is still a booking)', () => {
    const bookings: BookingRef[] = [{ eventId: 'p', start: '2026-05-05T08:00:00Z', status: 'pending' }];
    expect(
      decideAllowance({
        engagement: ben,
        settings: berlin,
        startMs: at('2026-05-02T10:00:00+02:00'),
        minutes: 60,
        eventId: 'n',
        bookings,
      }).reason,
    ).toBe('ALLOWANCE_USED');
  });

  it('honours perQuarter', () => {
    const bookings: BookingRef[] = [{ eventId: 'a', start: '2026-05-05T08:00:00Z', status: 'confirmed' }];
    const two = { ...berlin, perQuarter: 2 };
    const d = decideAllowance({
      engagement: ben,
      settings: two,
      startMs: at('2026-05-02T10:00:00+02:00'),
      minutes: 60,
      eventId: 'b',
      bookings,
    });
    expect(d.allowed).toBe(true);
    expect(d.message).toContain('this uses 2 of 2');
    const full = decideAllowance({
      engagement: ben,
      settings: two,
      startMs: at('2026-05-03T10:00:00+02:00'),
      minutes: 60,
      eventId: 'c',
      bookings: [...bookings, { eventId: 'b', start: '2026-05-05T08:00:00Z', status: 'confirmed' }],
    });
    expect(full.reason).toBe('ALLOWANCE_USED');
    expect(full.message).toMatch(/^You've already booked 2 of 2 alignment meetings this quarter/);
  });

  it('refuses meetings outside [start, end) on the company wall clock', () => {
    const before = decideAllowance(
      req({ startMs: zonedToInstant({ year: 2026, month: 1, day: 11, hour: 23, minute: 59 }, 'America/New_York') }),
    );
    expect(before.reason).toBe('OUTSIDE_ENGAGEMENT');
    expect(before.message).toBe(
      'This meeting (Sun 11 Jan 2026, 23:59) is outside your coaching engagement, which runs from 12 January 2026 to 11 July 2026. It starts on 12 January 2026. Pick a date inside the engagement.',
    );
    const first = decideAllowance(
      req({ startMs: zonedToInstant({ year: 2026, month: 1, day: 12, hour: 0, minute: 0 }, 'America/New_York') }),
    );
    expect(first.allowed).toBe(true);
    const last = decideAllowance(
      req({ startMs: zonedToInstant({ year: 2026, month: 7, day: 11, hour: 23, minute: 30 }, 'America/New_York') }),
    );
    expect(last.allowed).toBe(true);
    const end = decideAllowance(
      req({ startMs: zonedToInstant({ year: 2026, month: 7, day: 12, hour: 0, minute: 0 }, 'America/New_York') }),
    );
    expect(end.reason).toBe('OUTSIDE_ENGAGEMENT');
    expect(end.message).toContain('It ended on 11 July 2026.');
    // 12 July 02:00Z is still 11 July in New York: inside.
    expect(decideAllowance(req({ startMs: at('2026-07-12T02:00:00Z') })).allowed).toBe(true);
  });

  it('refuses when the engagement is paused or ended', () => {
    const d = decideAllowance(req({ engagement: { ...ana, status: 'paused' } }));
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe('ENGAGEMENT_NOT_ACTIVE');
    expect(d.message).toContain('paused');
  });

  it('refuses a third meeting in a six-month program even when quarters would allow it', () => {
    const cal = { ...ny, quarters: 'calendar' as const };
    const bookings: BookingRef[] = [
      { eventId: 'a', start: '2026-02-10T10:00:00Z', status: 'confirmed', milestone: 'initial' },
      { eventId: 'b', start: '2026-05-05T08:00:00Z', status: 'confirmed', milestone: 'wrap-up' },
    ];
    const d = decideAllowance(req({ settings: cal, eventId: 'c', startMs: at('2026-07-06T11:00:00-04:00'), bookings }));
    expect(d.quarter.key).toBe('2026-Q3');
    expect(d.reason).toBe('PROGRAM_LIMIT_REACHED');
    expect(d.milestone).toBeNull();
  });

  it('says when no further quarter falls inside the engagement', () => {
    const bookings: BookingRef[] = [{ eventId: 'w', start: '2026-11-03T09:00:00Z', status: 'confirmed' }];
    const d = decideAllowance({
      engagement: ben,
      settings: berlin,
      startMs: at('2026-12-01T10:00:00+01:00'),
      minutes: 60,
      eventId: 'n',
      bookings,
    });
    expect(d.nextQuarterOpens).toBeNull();
    expect(d.message).toContain('This is the last quarter of your engagement, which ends on 31 December 2026.');
  });
});

describe('decideAllowance: warnings never block', () => {
  it('warns in month 1 of a six-month program', () => {
    const d = decideAllowance(req({ startMs: at('2026-01-20T11:00:00-05:00') }));
    expect(d.allowed).toBe(true);
    expect(d.warnings.map((w) => w.code)).toEqual(['TOO_EARLY']);
    expect(d.warnings[0]!.message).toContain('from 12 February 2026');
    expect(d.warnings[0]!.message).toContain('360');
  });

  it('warns when the initial meeting is after month 2', () => {
    const d = decideAllowance(req({ startMs: at('2026-03-12T11:00:00-04:00') }));
    expect(d.milestone?.id).toBe('initial');
    expect(d.warnings.map((w) => w.code)).toEqual(['INITIAL_LATE']);
  });

  it('takes a first meeting in the last month for the wrap-up', () => {
    const d = decideAllowance(req({ startMs: at('2026-06-15T11:00:00-04:00') }));
    expect(d.milestone?.id).toBe('wrap-up');
    expect(d.warnings).toEqual([]);
  });

  it('warns outside 45-90 minutes', () => {
    const codes = (minutes: number) => decideAllowance(req({ minutes })).warnings.map((w) => w.code);
    expect(codes(30)).toEqual(['TOO_SHORT']);
    expect(codes(44)).toEqual(['TOO_SHORT']);
    expect(codes(45)).toEqual([]);
    expect(codes(90)).toEqual([]);
    expect(codes(91)).toEqual(['TOO_LONG']);
    const viaEnd = decideAllowance(req({ minutes: undefined, endMs: at('2026-03-03T11:00:00-05:00') + 120 * 60000 }));
    expect(viaEnd.warnings[0]!.message).toBe(
      'This event is 120 minutes long. Alignment meetings take about 60 minutes; consider a shorter slot.',
    );
  });

  it('warns about not-for topics and meetings in the past', () => {
    const d = decideAllowance(req({ texts: ['Lead the launch', 'My PIP'], nowMs: at('2026-04-01T00:00:00Z') }));
    expect(d.allowed).toBe(true);
    expect(d.warnings.map((w) => [w.code, w.topic])).toEqual([
      ['IN_THE_PAST', undefined],
      ['NOT_FOR_TOPIC', 'performance-improvement'],
    ]);
    expect(d.warnings[1]!.message).toMatch(
      /^The agenda mentions "PIP", which sounds like a performance improvement plan\./,
    );
  });
});

describe('decideAllowance: properties', () => {
  // A start in each calendar quarter of 2026 and the quarter it falls in (Europe/Berlin and New York agree).
  const QUARTER_OF: Record<string, string> = {
    '2026-02-10T10:00:00Z': '2026-Q1',
    '2026-05-05T08:00:00Z': '2026-Q2',
    '2026-08-04T08:00:00Z': '2026-Q3',
    '2026-11-03T09:00:00Z': '2026-Q4',
  };
  const startMs = fc.integer({ min: at('2026-01-12T05:00:00Z'), max: at('2027-01-01T04:59:00Z') });
  const booking = fc.record({
    eventId: fc.constantFrom('a', 'b', 'c', 'd'),
    start: fc.constantFrom(...Object.keys(QUARTER_OF)),
    status: fc.constantFrom('pending', 'confirmed', 'cancelled', 'expired') as fc.Arbitrary<BookingRef['status']>,
  });
  const settings = { ...ny, quarters: 'calendar' as const };

  it('allowed exactly when other active bookings in the quarter are under the limit; confirming again is idempotent', () => {
    fc.assert(
      fc.property(
        startMs,
        fc.array(booking, { maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (t, bookings, perQuarter) => {
          const s = { ...settings, perQuarter };
          const d = decideAllowance({ engagement: ben, settings: s, startMs: t, minutes: 60, eventId: 'e', bookings });
          const others = bookings.filter(
            (b) => QUARTER_OF[b.start] === d.quarter.key && (b.status === 'pending' || b.status === 'confirmed'),
          ).length;
          expect(d.allowed).toBe(others < perQuarter);
          if (d.allowed) {
            const again = decideAllowance({
              engagement: ben,
              settings: s,
              startMs: t,
              minutes: 60,
              eventId: 'e',
              bookings: [...bookings, { eventId: 'e', start: new Date(t).toISOString(), status: 'confirmed' }],
            });
            expect(again.allowed).toBe(true);
            expect(again.rebooking).toBe(true);
            expect(again.usedThisQuarter).toBe(d.usedThisQuarter + 1);
          }
        },
      ),
    );
  });
});

describe('allowanceStatus', () => {
  it('before any booking: the initial meeting is next', () => {
    const s = allowanceStatus(ana, ny, at('2026-02-20T14:00:00Z'), []);
    expect(s).toMatchObject({
      phase: 'running',
      active: true,
      used: 0,
      limit: 1,
      remaining: 1,
      nextQuarterOpens: '2026-04-12',
    });
    expect(s.quarter?.key).toBe('E2026-01-12#Q1');
    expect(s.nextMilestone).toMatchObject({ id: 'initial', window: { start: '2026-02-12', end: '2026-03-12' } });
    expect(s.message).toBe(
      'You have 1 alignment meeting left in Quarter 1 (until 11 April 2026). Next: Initial meeting, recommended 12 Feb 2026 – 11 Mar 2026.',
    );
  });

  it('after the initial booking: used, and the wrap-up is next', () => {
    const s = allowanceStatus(ana, ny, at('2026-03-05T14:00:00Z'), [
      { eventId: 'ev1', start: '2026-03-03T16:00:00Z', status: 'confirmed', milestone: 'initial' },
    ]);
    expect(s).toMatchObject({ used: 1, remaining: 0 });
    expect(s.nextMilestone?.id).toBe('wrap-up');
    expect(s.message).toBe(
      "You've used this quarter's alignment meeting. The next quarter opens on 12 April 2026. Next: Program wrap-up, recommended 12 Jun 2026 – 11 Jul 2026.",
    );
  });

  it('quarterly: the rest of this quarter, then the next quarter', () => {
    const open = allowanceStatus(ben, berlin, at('2026-04-06T13:00:00Z'), []);
    expect(open.nextMilestone).toMatchObject({
      label: 'Q2 2026 alignment',
      window: { start: '2026-04-06', end: '2026-07-01' },
    });
    const used = allowanceStatus(ben, berlin, at('2026-04-20T13:00:00Z'), [
      { eventId: 'first', start: '2026-05-05T08:00:00Z', status: 'confirmed' },
    ]);
    expect(used.nextMilestone).toMatchObject({
      label: 'Q3 2026 alignment',
      window: { start: '2026-07-01', end: '2026-10-01' },
    });
    expect(used.bookingsThisQuarter.map((b) => b.eventId)).toEqual(['first']);
  });

  it('before the start and after the end', () => {
    const before = allowanceStatus(ana, ny, at('2026-01-02T14:00:00Z'), []);
    expect(before.phase).toBe('upcoming');
    expect(before.quarter?.index).toBe(1);
    expect(before.message).toMatch(/^Your coaching engagement starts on 12 January 2026\./);
    const after = allowanceStatus(ana, ny, at('2026-08-01T14:00:00Z'), []);
    expect(after).toMatchObject({ phase: 'finished', quarter: null, remaining: 0, nextMilestone: null });
    expect(after.message).toBe('Your coaching engagement ended on 11 July 2026.');
  });
});

describe('nextMilestoneWithRoom: the first quarter (or six-month milestone) that still has room', () => {
  const q2 = { eventId: 'q2', start: '2026-05-05T08:00:00Z', status: 'confirmed' as const };
  const q3 = { eventId: 'q3', start: '2026-08-04T08:00:00Z', status: 'confirmed' as const };

  it('with Quarters 2 and 3 booked (both during Quarter 2) the next is Quarter 4, its whole window', () => {
    const next = nextMilestoneWithRoom(ben, berlin, at('2026-05-20T10:00:00Z'), [q2, q3]);
    expect(next).toMatchObject({ label: 'Q4 2026 alignment', window: { start: '2026-10-01', end: '2027-01-01' } });
    // The homepage status says the same (it is the same function).
    const status = allowanceStatus(ben, berlin, at('2026-05-20T10:00:00Z'), [q2, q3]);
    expect(status.nextMilestone).toEqual(next);
    // The next quarter and what used it, for a new event's panel (which cannot see the date).
    expect(status.nextQuarter?.quarter.label).toBe('Q3 2026');
    expect(status.nextQuarter?.bookings.map((b) => b.eventId)).toEqual(['q3']);
  });

  it('a gap is found: Quarter 3 booked, Quarter 2 still open, so Quarter 2 from today', () => {
    const next = nextMilestoneWithRoom(ben, berlin, at('2026-05-20T10:00:00Z'), [q3]);
    expect(next).toMatchObject({ label: 'Q2 2026 alignment', window: { start: '2026-05-20', end: '2026-07-01' } });
  });

  it('a cancelled booking leaves room; every quarter to the end used leaves nothing', () => {
    const now = at('2026-05-20T10:00:00Z');
    const q4 = { eventId: 'q4', start: '2026-11-03T09:00:00Z', status: 'confirmed' as const };
    expect(nextMilestoneWithRoom(ben, berlin, now, [q2, q3, { ...q4, status: 'cancelled' }])?.label).toBe(
      'Q4 2026 alignment',
    );
    expect(nextMilestoneWithRoom(ben, berlin, now, [q2, q3, q4])).toBeNull();
    expect(allowanceStatus(ben, berlin, now, [q2, q3, q4]).nextMilestone).toBeNull();
  });

  it('engagement quarters, before the engagement starts: its first quarter with room', () => {
    const quarterly = { ...ana, program: 'quarterly' as const };
    const first = { eventId: 'a', start: '2026-02-03T16:00:00Z', status: 'pending' as const };
    expect(nextMilestoneWithRoom(quarterly, ny, at('2026-01-02T14:00:00Z'), [first])).toMatchObject({
      label: 'Quarter 2 alignment',
      window: { start: '2026-04-12', end: '2026-07-12' },
    });
  });

  it('six-month: the milestone not yet booked; none once both are', () => {
    const initial = { eventId: 'i', start: '2026-03-03T16:00:00Z', status: 'confirmed' as const, milestone: 'initial' };
    const wrap = { eventId: 'w', start: '2026-06-20T16:00:00Z', status: 'confirmed' as const, milestone: 'wrap-up' };
    expect(nextMilestoneWithRoom(ana, ny, at('2026-02-20T14:00:00Z'), [])?.id).toBe('initial');
    expect(nextMilestoneWithRoom(ana, ny, at('2026-02-20T14:00:00Z'), [wrap])?.id).toBe('initial');
    expect(nextMilestoneWithRoom(ana, ny, at('2026-03-05T14:00:00Z'), [initial])?.id).toBe('wrap-up');
    expect(nextMilestoneWithRoom(ana, ny, at('2026-03-05T14:00:00Z'), [initial, wrap])).toBeNull();
  });

  it('six-month: a wrap-up window in a quarter the (late) initial meeting used opens with the next quarter, or not at all', () => {
    const late = { eventId: 'i', start: '2026-04-20T16:00:00Z', status: 'confirmed' as const, milestone: 'initial' };
    const now = at('2026-04-21T14:00:00Z');
    // Engagement quarters: Quarter 2 (12 Apr – 11 Jul) holds the initial meeting and the whole wrap-up window.
    expect(nextMilestoneWithRoom(ana, ny, now, [late])).toBeNull();
    // Calendar quarters: Q2 ends on 30 June, so the wrap-up's window (12 Jun – 11 Jul) has room from 1 July.
    const calendar = { ...ny, quarters: 'calendar' as const };
    expect(nextMilestoneWithRoom(ana, calendar, now, [late])).toMatchObject({
      id: 'wrap-up',
      window: { start: '2026-07-01', end: '2026-07-12' },
    });
  });
});

describe('the quarter of a booking is decided from its date under the current settings', () => {
  // A Ledger record whose stored quarter key is from before an admin's edit: the key never decides.
  const booked = (start: string, quarterKey: string): BookingRecord => ({
    bookingId: 'b1',
    eventId: 'first',
    quarterKey,
    start,
    end: start,
    status: 'confirmed',
    milestone: 'quarterly',
    countsAsSession: true,
    reason: '',
    ledgerRow: 2,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  });

  it('an engagement start moved by a day keeps a used quarter used', () => {
    const moved = { ...ben, start: '2026-01-02', program: 'quarterly' as const };
    const settings = { ...berlin, quarters: 'engagement' as const };
    const d = decideAllowance({
      engagement: moved,
      settings,
      startMs: at('2026-03-20T10:00:00+01:00'),
      minutes: 60,
      eventId: 'second',
      bookings: [booked('2026-03-03T09:00:00Z', 'E2026-01-01#Q1')],
    });
    expect(d.quarter.key).toBe('E2026-01-02#Q1');
    expect(d.reason).toBe('ALLOWANCE_USED');
    expect(
      allowanceStatus(moved, settings, at('2026-03-10T10:00:00Z'), [booked('2026-03-03T09:00:00Z', 'x')]).used,
    ).toBe(1);
  });

  it('calendar to fiscal with start month 1 (the same quarters) keeps a used quarter used', () => {
    const fiscal = { ...berlin, quarters: 'fiscal' as const, fiscalStartMonth: 1 };
    const d = decideAllowance({
      engagement: ben,
      settings: fiscal,
      startMs: at('2026-06-02T10:00:00+02:00'),
      minutes: 60,
      eventId: 'second',
      bookings: [booked('2026-04-14T08:00:00Z', '2026-Q2')],
    });
    expect(d.quarter.key).toBe('FY2026-Q2');
    expect(d.reason).toBe('ALLOWANCE_USED');
  });
});

describe('overAllowance', () => {
  const b = (eventId: string, start: string, status: BookingRef['status'] = 'confirmed'): BookingRef => ({
    eventId,
    start,
    status,
  });

  it('lists a quarter holding more active bookings than the allowance, per engagement, nothing else', () => {
    const settings = { ...berlin, quarters: 'engagement' as const };
    const moved = { ...ben, start: '2026-02-01' };
    const bookings = [
      b('apr', '2026-04-20T08:00:00Z'),
      b('mar', '2026-03-03T09:00:00Z'),
      b('gone', '2026-03-10T09:00:00Z', 'cancelled'),
    ];
    expect(overAllowance([ben], settings, bookings)).toEqual([]);
    const over = overAllowance([moved], settings, bookings);
    expect(over.map((o) => [o.quarter.key, o.used, o.limit, o.eventIds, o.engagement.company])).toEqual([
      ['E2026-02-01#Q1', 2, 1, ['mar', 'apr'], 'acme.test'],
    ]);
    expect(overAllowance([moved], { ...settings, perQuarter: 2 }, bookings)).toEqual([]);
  });

  it('says which quarter, how many and that nothing was cancelled', () => {
    const [o] = overAllowance([ben], berlin, [b('a', '2026-04-14T08:00:00Z'), b('b', '2026-05-05T08:00:00Z')]);
    expect(overAllowanceMessage(o!)).toBe(
      "Q2 2026 (1 Apr 2026 – 30 Jun 2026) now holds 2 of your alignment meetings, more than the 1 allowed, after a change to your program's dates or settings. Nothing was cancelled and your program admin can see it; cancel one if it is no longer needed.",
    );
  });
});
