// The booking decisions of src/core/booking.ts (book, reconcile), tested directly. The same code runs
// inside the gateway's lock in the built bundle; gateway.test.ts covers it end to end.
import { decideAllowance } from '../../src/core/allowance';
import { bookStep, planReconcile } from '../../src/core/booking';
import { validateEngagementRow, type Engagement } from '../../src/core/engagement';
import { CcmError } from '../../src/core/errors';
import { type BookingRecord, PENDING_TTL_MS } from '../../src/core/ledger';

function record(over: Partial<BookingRecord>): BookingRecord {
  return {
    bookingId: 'b1',
    eventId: 'e1',
    quarterKey: '2026-Q1',
    start: '2026-03-10T15:00:00.000Z',
    end: '2026-03-10T16:00:00.000Z',
    status: 'confirmed',
    milestone: 'quarterly',
    countsAsSession: true,
    reason: '',
    ledgerRow: 2,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...over,
  };
}

describe('reconcile planner', () => {
  const engagement = (
    validateEngagementRow({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      program: 'quarterly',
      start: '2026-01-01',
      end: '2027-01-01',
    }) as { engagement: Engagement }
  ).engagement;
  const settings = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1, perQuarter: 1 };
  const decide = (b: BookingRecord, startMs: number, endMs: number, current: readonly BookingRecord[]) =>
    decideAllowance({
      engagement,
      settings,
      startMs,
      endMs,
      eventId: b.eventId,
      bookings: current,
      nowMs: Date.UTC(2026, 2, 1),
    });
  const base = { nowMs: Date.UTC(2026, 2, 1, 12), timeZone: 'Europe/Berlin', decide };

  test('deleted: a confirmed booking is cancelled, and nothing is said about untouched ones', () => {
    const plan = planReconcile({
      ...base,
      bookings: [
        record({}),
        record({
          bookingId: 'b2',
          eventId: 'e2',
          quarterKey: '2026-Q2',
          start: '2026-05-05T10:00:00.000Z',
          end: '2026-05-05T11:00:00.000Z',
        }),
      ],
      facts: [{ eventId: 'e1', exists: false }],
    });
    expect(plan.changes).toEqual([
      { eventId: 'e1', change: 'cancelled', message: expect.stringMatching(/deleted from your calendar/) },
    ]);
    expect(plan.bookings[0]).toMatchObject({ status: 'cancelled', reason: 'event-deleted' });
    expect(plan.bookings[1]!.status).toBe('confirmed');
  });

  test('deleted after it took place: it stays counted, nothing changes (DESIGN rule 9)', () => {
    const plan = planReconcile({
      ...base,
      nowMs: Date.UTC(2026, 2, 12), // two days after the meeting's end
      bookings: [record({})],
      facts: [{ eventId: 'e1', exists: false }],
    });
    expect(plan.changes).toEqual([]);
    expect(plan.bookings[0]).toMatchObject({ status: 'confirmed', reason: '' });
  });

  test('moved into a free quarter: re-dated and re-counted there', () => {
    const plan = planReconcile({
      ...base,
      bookings: [record({})],
      facts: [{ eventId: 'e1', exists: true, start: '2026-04-20T13:00:00Z', end: '2026-04-20T14:00:00Z' }],
    });
    expect(plan.changes[0]).toMatchObject({
      change: 'redated',
      message: expect.stringMatching(/now counts for Q2 2026/),
    });
    expect(plan.bookings[0]).toMatchObject({
      quarterKey: '2026-Q2',
      start: '2026-04-20T13:00:00.000Z',
      status: 'confirmed',
      reason: 'moved',
    });
  });

  test('moved into a quarter that is already used: not double counted, not silently lost', () => {
    const q2 = record({
      bookingId: 'b2',
      eventId: 'e2',
      quarterKey: '2026-Q2',
      start: '2026-05-05T10:00:00.000Z',
      end: '2026-05-05T11:00:00.000Z',
    });
    const plan = planReconcile({
      ...base,
      bookings: [record({}), q2],
      facts: [
        { eventId: 'e1', exists: true, start: '2026-04-20T13:00:00Z', end: '2026-04-20T14:00:00Z' },
        { eventId: 'e2', exists: true, start: q2.start, end: q2.end },
      ],
    });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      eventId: 'e1',
      change: 'refused',
      message: expect.stringMatching(/moved to .*already booked this quarter's alignment meeting.*no longer counts/s),
    });
    expect(plan.bookings[0]).toMatchObject({
      status: 'cancelled',
      reason: 'moved-over-limit',
      start: '2026-04-20T13:00:00.000Z',
      quarterKey: '2026-Q2',
    });
    expect(
      plan.bookings.filter((b) => b.quarterKey === '2026-Q2' && (b.status === 'confirmed' || b.status === 'pending')),
    ).toHaveLength(1);
  });

  test('two bookings moved into one free quarter: the earlier one gets it, the other is refused', () => {
    const b2 = record({
      bookingId: 'b2',
      eventId: 'e2',
      quarterKey: '2026-Q3',
      start: '2026-08-05T10:00:00.000Z',
      end: '2026-08-05T11:00:00.000Z',
    });
    const plan = planReconcile({
      ...base,
      bookings: [record({}), b2],
      facts: [
        { eventId: 'e2', exists: true, start: '2026-05-02T10:00:00Z', end: '2026-05-02T11:00:00Z' },
        { eventId: 'e1', exists: true, start: '2026-05-01T10:00:00Z', end: '2026-05-01T11:00:00Z' },
      ],
    });
    expect(plan.changes.map((c) => [c.eventId, c.change])).toEqual([
      ['e1', 'redated'],
      ['e2', 'refused'],
    ]);
  });

  test('a move into a quarter freed by another move in the same reconcile goes through', () => {
    const q2 = record({
      bookingId: 'b2',
      eventId: 'e2',
      quarterKey: '2026-Q2',
      start: '2026-05-05T10:00:00.000Z',
      end: '2026-05-05T11:00:00.000Z',
    });
    const plan = planReconcile({
      ...base,
      bookings: [record({}), q2],
      facts: [
        { eventId: 'e1', exists: true, start: '2026-04-20T13:00:00Z', end: '2026-04-20T14:00:00Z' },
        { eventId: 'e2', exists: true, start: '2026-07-20T13:00:00Z', end: '2026-07-20T14:00:00Z' },
      ],
    });
    expect(plan.changes.map((c) => [c.eventId, c.change])).toEqual([
      ['e2', 'redated'],
      ['e1', 'redated'],
    ]);
    expect(plan.bookings.map((b) => [b.quarterKey, b.status])).toEqual([
      ['2026-Q2', 'confirmed'],
      ['2026-Q3', 'confirmed'],
    ]);
  });

  test('pending: confirmed when its event exists; expired only after the TTL when it does not', () => {
    const pending = record({ status: 'pending', createdAt: new Date(base.nowMs - 60_000).toISOString() });
    expect(
      planReconcile({
        ...base,
        bookings: [pending],
        facts: [{ eventId: 'e1', exists: true, start: pending.start, end: pending.end }],
      }).bookings[0]!.status,
    ).toBe('confirmed');
    expect(planReconcile({ ...base, bookings: [pending], facts: [{ eventId: 'e1', exists: false }] }).changes).toEqual(
      [],
    );
    const old = { ...pending, createdAt: new Date(base.nowMs - PENDING_TTL_MS - 1).toISOString() };
    expect(
      planReconcile({ ...base, bookings: [old], facts: [{ eventId: 'e1', exists: false }] }).bookings[0],
    ).toMatchObject({ status: 'expired', reason: 'pending-expired' });
    // No news keeps it, however old it is: only an explicit "gone" for its own event expires it.
    expect(planReconcile({ ...base, bookings: [old], facts: [] }).changes).toEqual([]);
    expect(planReconcile({ ...base, bookings: [old], facts: [{ eventId: 'other', exists: false }] }).changes).toEqual(
      [],
    );
  });

  test('silence is never a deletion: a booking missing from the facts is kept, whatever its age or date', () => {
    // Booked moments ago (marker not written yet), booked long ago, in the past or far ahead.
    const bookings = [
      record({ updatedAt: new Date(base.nowMs - 1_000).toISOString() }),
      record({
        bookingId: 'b2',
        eventId: 'e2',
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      }),
      record({
        bookingId: 'b3',
        eventId: 'e3',
        quarterKey: '2026-Q4',
        start: '2026-11-10T15:00:00.000Z',
        end: '2026-11-10T16:00:00.000Z',
      }),
    ];
    // Other events, present or gone, say nothing about these.
    const facts = [
      { eventId: 'x1', exists: true, start: '2026-03-12T10:00:00Z', end: '2026-03-12T11:00:00Z' },
      { eventId: 'x2', exists: false },
    ];
    expect(planReconcile({ ...base, bookings, facts }).changes).toEqual([]);
    // Its own 404 does cancel it, however fresh.
    const plan = planReconcile({ ...base, bookings, facts: [{ eventId: 'e1', exists: false }] });
    expect(plan.bookings.map((b) => b.status)).toEqual(['cancelled', 'confirmed', 'confirmed']);
    expect(plan.changes).toEqual([expect.objectContaining({ eventId: 'e1', change: 'cancelled' })]);
  });

  test('an expired booking whose event turns up is booked again when there is room', () => {
    const expired = record({ status: 'expired', reason: 'pending-expired' });
    const plan = planReconcile({
      ...base,
      bookings: [expired],
      facts: [{ eventId: 'e1', exists: true, start: expired.start, end: expired.end }],
    });
    expect(plan.bookings[0]).toMatchObject({ status: 'confirmed', reason: '' });
    expect(plan.changes[0]!.change).toBe('confirmed');
  });

  test('a booking expired as unconfirmed whose event turns up: booked again when there is room, else refused out loud, once', () => {
    const unconfirmed = record({ status: 'expired', reason: 'unconfirmed' });
    const there = { eventId: 'e1', exists: true, start: unconfirmed.start, end: unconfirmed.end };
    const revived = planReconcile({ ...base, bookings: [unconfirmed], facts: [there] });
    expect(revived.bookings[0]).toMatchObject({ status: 'confirmed', reason: '' });
    expect(revived.changes).toEqual([
      {
        eventId: 'e1',
        change: 'confirmed',
        message: expect.stringMatching(/had not been confirmed for a day.*booked again/),
      },
    ]);
    // Another meeting holds the quarter: reported, the row follows the calendar and stays expired.
    const holder = record({
      bookingId: 'b2',
      eventId: 'e2',
      start: '2026-03-12T15:00:00.000Z',
      end: '2026-03-12T16:00:00.000Z',
    });
    const moved = { ...there, start: '2026-03-20T15:00:00.000Z', end: '2026-03-20T16:00:00.000Z' };
    const refused = planReconcile({ ...base, bookings: [unconfirmed, holder], facts: [moved] });
    expect(refused.changes).toEqual([
      {
        eventId: 'e1',
        change: 'refused',
        message: expect.stringMatching(/cannot be booked again\. .*make room and confirm it again/),
      },
    ]);
    expect(refused.bookings[0]).toMatchObject({ status: 'expired', reason: 'unconfirmed-refused', start: moved.start });
    expect(refused.bookings[1]).toEqual(holder);
    // Said once: the refused row is not tried again on its own.
    expect(planReconcile({ ...base, bookings: refused.bookings, facts: [moved] }).changes).toEqual([]);
    // A booking the coachee's own evidence expired (they were told then) is retried silently.
    const evidence = record({ status: 'expired', reason: 'pending-expired' });
    expect(planReconcile({ ...base, bookings: [evidence, holder], facts: [there] }).changes).toEqual([]);
  });

  test('without a usable engagement, moves wait (nothing is cancelled for it)', () => {
    const plan = planReconcile({
      ...base,
      decide: null,
      bookings: [record({})],
      facts: [{ eventId: 'e1', exists: true, start: '2026-04-20T13:00:00Z', end: '2026-04-20T14:00:00Z' }],
    });
    expect(plan.changes).toEqual([]);
  });
});

describe('reconcile planner: what is not a change', () => {
  const engagement = (
    validateEngagementRow({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      program: 'quarterly',
      start: '2026-01-01',
      end: '2027-01-01',
    }) as { engagement: Engagement }
  ).engagement;
  const settings = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1, perQuarter: 1 };
  const decide = (b: BookingRecord, startMs: number, endMs: number, current: readonly BookingRecord[]) =>
    decideAllowance({ engagement, settings, startMs, endMs, eventId: b.eventId, bookings: current });
  const base = { nowMs: Date.UTC(2026, 2, 1, 12), timeZone: 'Europe/Berlin', decide };

  test('the same instants in another notation change nothing; a changed length re-dates in the same quarter', () => {
    const b = record({});
    const other = { eventId: 'e1', exists: true, start: '2026-03-10T16:00:00+01:00', end: '2026-03-10T17:00:00+01:00' };
    expect(planReconcile({ ...base, bookings: [b], facts: [other] }).changes).toEqual([]);
    const shorter = { eventId: 'e1', exists: true, start: b.start, end: '2026-03-10T15:30:00Z' };
    const plan = planReconcile({ ...base, bookings: [b], facts: [shorter] });
    expect(plan.changes.map((c) => c.change)).toEqual(['redated']);
    expect(plan.bookings[0]).toMatchObject({ quarterKey: '2026-Q1', end: '2026-03-10T15:30:00.000Z' });
  });
});

describe('bookStep', () => {
  const engagement = (
    validateEngagementRow({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      program: 'quarterly',
      start: '2026-01-01',
      end: '2027-01-01',
    }) as { engagement: Engagement }
  ).engagement;
  const settings = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1, perQuarter: 1 };
  const step = (bookings: BookingRecord[], eventId: string, start: string, status: 'pending' | 'confirmed') =>
    bookStep({
      bookings,
      engagement,
      settings,
      startMs: Date.parse(start),
      endMs: Date.parse(start) + 3_600_000,
      eventId,
      status,
      nowMs: Date.UTC(2026, 2, 1),
      nowIso: '2026-03-01T00:00:00.000Z',
      newId: () => 'new',
    });

  test('a new event gets a new booking counted in its quarter; the same event again is the same booking', () => {
    const first = step([], 'e9', '2026-05-05T10:00:00Z', 'pending');
    expect(first).toMatchObject({ changed: true, existing: null, alreadyBooked: false });
    expect(first.booking).toMatchObject({
      bookingId: 'new',
      quarterKey: '2026-Q2',
      status: 'pending',
      company: 'acme.test',
    });
    const again = step(first.bookings, 'e9', '2026-05-05T10:00:00Z', 'confirmed');
    expect(again.bookings).toHaveLength(1);
    expect(again).toMatchObject({ alreadyBooked: true, booking: { bookingId: 'new', status: 'confirmed' } });
    // A late 'pending' replay never demotes a confirmed booking.
    expect(step(again.bookings, 'e9', '2026-05-05T10:00:00Z', 'pending')).toMatchObject({ changed: false });
  });

  test('a second event in a used quarter is refused with the allowance code, before any record is made', () => {
    const q1 = [record({})];
    let code = '';
    try {
      step(q1, 'e2', '2026-03-20T10:00:00Z', 'confirmed');
    } catch (err) {
      code = err instanceof CcmError ? err.code : 'other';
    }
    expect(code).toBe('ALLOWANCE_USED');
  });
});
