import {
  BOOKING_STATUSES,
  type BookingRecord,
  cancelledByCoachee,
  expiredUnconfirmed,
  isActive,
  isUnconfirmed,
  PENDING_EXPIRY_HOURS,
  safeCell,
  UNCONFIRMED_TTL_MS,
} from '../../src/core/ledger';

const record = (over: Partial<BookingRecord> = {}): BookingRecord => ({
  bookingId: 'b1',
  eventId: 'ev1',
  quarterKey: 'E2026-01-12#Q1',
  start: '2026-03-03T16:00:00.000Z',
  end: '2026-03-03T17:00:00.000Z',
  status: 'pending',
  milestone: 'initial',
  countsAsSession: true,
  reason: '',
  ledgerRow: 2,
  createdAt: '2026-02-20T14:00:00.000Z',
  updatedAt: '2026-02-20T14:00:00.000Z',
  ...over,
});

describe('booking record', () => {
  it('is active while pending or confirmed', () => {
    expect(BOOKING_STATUSES.map((status) => isActive({ status }))).toEqual([true, true, false, false]);
    expect(PENDING_EXPIRY_HOURS).toBe(2);
  });

  it('is unconfirmed once pending for a day after its LAST change, and expires with that reason', () => {
    const since = Date.parse('2026-02-20T14:00:00.000Z');
    expect(isUnconfirmed(record(), since + UNCONFIRMED_TTL_MS - 1)).toBe(false);
    expect(isUnconfirmed(record(), since + UNCONFIRMED_TTL_MS)).toBe(true);
    expect(isUnconfirmed(record({ status: 'confirmed' }), since + 10 * UNCONFIRMED_TTL_MS)).toBe(false);
    // Booked again later: its creation time says nothing.
    expect(isUnconfirmed(record({ updatedAt: '2026-02-21T14:00:00.000Z' }), since + UNCONFIRMED_TTL_MS)).toBe(false);
    expect(expiredUnconfirmed(record(), 'T')).toMatchObject({
      status: 'expired',
      reason: 'unconfirmed',
      updatedAt: 'T',
    });
  });

  it('a cancel by the coachee gives the allowance back and says why', () => {
    const c = cancelledByCoachee(record({ status: 'confirmed' }), 'T');
    expect(c).toMatchObject({ status: 'cancelled', reason: 'cancelled-by-coachee', updatedAt: 'T' });
    expect(isActive(c)).toBe(false);
  });
});

describe('safeCell', () => {
  it.each([
    ['=HYPERLINK("https://evil.test","x")', '\'=HYPERLINK("https://evil.test","x")'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@me', "'@me"],
    ['\tTab', "'\tTab"],
    ['\rCR', "'\rCR"],
    ["'quoted", "''quoted"],
    ['Ana Lee', 'Ana Lee'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(safeCell(input)).toBe(out);
  });
  it('passes non-text through', () => {
    expect(safeCell(42)).toBe(42);
    expect(safeCell(true)).toBe(true);
  });
});
