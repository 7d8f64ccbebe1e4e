// Held or not (src/core/held.ts, issue 14 item 2): the state from the end, now and the answer; who may
// be asked; the answer's record; and checkCancellable refusing a held meeting with its own code.
import { bookStep, checkCancellable } from '../../src/core/booking';
import { validateEngagementRow, type Engagement } from '../../src/core/engagement';
import { CcmError } from '../../src/core/errors';
import {
  answerHeld,
  heldState,
  isHeld,
  isPresumable,
  mayAskHeld,
  PRESUMED_HELD_MS,
  presumedHeld,
} from '../../src/core/held';
import { isActive, type BookingRecord } from '../../src/core/ledger';

const END = '2026-03-10T16:00:00.000Z';
const endMs = Date.parse(END);
const NOW_ISO = '2026-03-11T09:00:00.000Z';

function record(over: Partial<BookingRecord> = {}): BookingRecord {
  return {
    bookingId: 'b1',
    eventId: 'e1',
    quarterKey: '2026-Q1',
    start: '2026-03-10T15:00:00.000Z',
    end: END,
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

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof CcmError ? err.code : 'not a CcmError';
  }
};

describe('heldState', () => {
  test('upcoming before the end, unanswered from the end, presumed 7 days after it', () => {
    expect(heldState(record(), endMs - 1)).toBe('upcoming');
    expect(heldState(record(), endMs)).toBe('unanswered');
    expect(heldState(record(), endMs + PRESUMED_HELD_MS - 1)).toBe('unanswered');
    expect(heldState(record(), endMs + PRESUMED_HELD_MS)).toBe('presumed');
    expect(PRESUMED_HELD_MS).toBe(7 * 86_400_000);
  });

  test('an answer wins over the clock', () => {
    expect(heldState(record({ held: 'yes' }), endMs + 1)).toBe('yes');
    expect(heldState(record({ held: 'no', status: 'cancelled' }), endMs + PRESUMED_HELD_MS * 2)).toBe('no');
    expect(heldState(record({ held: 'presumed' }), endMs + 1)).toBe('presumed');
  });

  test('only confirmed bookings are asked; pending, cancelled and expired ones are not', () => {
    for (const status of ['pending', 'cancelled', 'expired'] as const) {
      expect(heldState(record({ status }), endMs + 1)).toBe('upcoming');
      expect(mayAskHeld(record({ status }), endMs + 1)).toBe(false);
    }
    expect(mayAskHeld(record(), endMs + 1)).toBe(true);
    expect(mayAskHeld(record(), endMs - 1)).toBe(false);
    expect(mayAskHeld(record({ held: 'yes' }), endMs + 1)).toBe(false);
    expect(mayAskHeld(record(), endMs + PRESUMED_HELD_MS)).toBe(false);
  });

  test('held means yes or presumed; the daily job presumes only unanswered confirmed bookings past 7 days', () => {
    expect(isHeld(record({ held: 'yes' }), endMs + 1)).toBe(true);
    expect(isHeld(record(), endMs + PRESUMED_HELD_MS)).toBe(true);
    expect(isHeld(record(), endMs + 1)).toBe(false);
    expect(isHeld(record({ held: 'no', status: 'cancelled' }), endMs + 1)).toBe(false);
    expect(isPresumable(record(), endMs + PRESUMED_HELD_MS)).toBe(true);
    expect(isPresumable(record(), endMs + PRESUMED_HELD_MS - 1)).toBe(false);
    expect(isPresumable(record({ held: 'presumed' }), endMs + PRESUMED_HELD_MS)).toBe(false);
    expect(isPresumable(record({ held: 'yes' }), endMs + PRESUMED_HELD_MS)).toBe(false);
    expect(isPresumable(record({ status: 'cancelled' }), endMs + PRESUMED_HELD_MS)).toBe(false);
    expect(presumedHeld(record(), NOW_ISO)).toMatchObject({
      held: 'presumed',
      status: 'confirmed',
      updatedAt: NOW_ISO,
    });
  });
});

describe('answerHeld', () => {
  const now = endMs + 3_600_000;

  test('yes: held, still counted; a repeat changes nothing', () => {
    const yes = answerHeld(record(), true, now, NOW_ISO);
    expect(yes.changed).toBe(true);
    expect(yes.booking).toMatchObject({ held: 'yes', status: 'confirmed', reason: '', updatedAt: NOW_ISO });
    expect(answerHeld(yes.booking, true, now, NOW_ISO)).toEqual({ booking: yes.booking, changed: false });
  });

  test('no: released (cancelled, not-held), the allowance back; a repeat changes nothing', () => {
    const no = answerHeld(record(), false, now, NOW_ISO);
    expect(no.changed).toBe(true);
    expect(no.booking).toMatchObject({ held: 'no', status: 'cancelled', reason: 'not-held' });
    expect(isActive(no.booking)).toBe(false);
    expect(answerHeld(no.booking, false, now, NOW_ISO)).toEqual({ booking: no.booking, changed: false });
  });

  test('refusals: before the end, no after yes or after 7 days, yes after no, a booking that does not count', () => {
    expect(codeOf(() => answerHeld(record(), true, endMs - 1, NOW_ISO))).toBe('HELD_TOO_EARLY');
    expect(codeOf(() => answerHeld(record({ held: 'yes' }), false, now, NOW_ISO))).toBe('MEETING_HELD');
    expect(codeOf(() => answerHeld(record(), false, endMs + PRESUMED_HELD_MS, NOW_ISO))).toBe('MEETING_HELD');
    expect(codeOf(() => answerHeld(record({ held: 'presumed' }), false, now, NOW_ISO))).toBe('MEETING_HELD');
    const no = answerHeld(record(), false, now, NOW_ISO).booking;
    expect(codeOf(() => answerHeld(no, true, now, NOW_ISO))).toBe('MEETING_NOT_HELD');
    expect(codeOf(() => answerHeld(record({ status: 'cancelled' }), true, now, NOW_ISO))).toBe('BOOKING_NOT_FOUND');
    expect(codeOf(() => answerHeld(record({ status: 'pending' }), false, now, NOW_ISO))).toBe('BOOKING_NOT_FOUND');
  });

  test('yes after the presumption is kept as the coachee said it', () => {
    const r = answerHeld(record({ held: 'presumed' }), true, endMs + PRESUMED_HELD_MS + 1, NOW_ISO);
    expect(r).toMatchObject({ changed: true, booking: { held: 'yes' } });
  });
});

describe('checkCancellable with held', () => {
  test('a held meeting is refused with MEETING_HELD; an unanswered past one with MEETING_TOOK_PLACE', () => {
    expect(codeOf(() => checkCancellable(END, endMs - 1))).toBeNull();
    expect(codeOf(() => checkCancellable(END, endMs + 1))).toBe('MEETING_TOOK_PLACE');
    expect(codeOf(() => checkCancellable(END, endMs + 1, 'yes'))).toBe('MEETING_HELD');
    expect(codeOf(() => checkCancellable(END, endMs + 1, 'presumed'))).toBe('MEETING_HELD');
    // 7 days on, without an answer, it is presumed held (the add-on, which does not know the answer, too).
    expect(codeOf(() => checkCancellable(END, endMs + PRESUMED_HELD_MS))).toBe('MEETING_HELD');
  });
});

describe('booked again after "No"', () => {
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

  test('moving the not-held booking to a new time books it again and asks "Did it take place?" afresh', () => {
    const notHeld = answerHeld(record(), false, endMs + 1, NOW_ISO).booking;
    const start = Date.parse('2026-03-20T10:00:00Z');
    const r = bookStep({
      bookings: [notHeld],
      engagement,
      settings,
      startMs: start,
      endMs: start + 3_600_000,
      eventId: 'e1',
      status: 'confirmed',
      nowMs: endMs + 2,
      nowIso: NOW_ISO,
      newId: () => 'new',
    });
    expect(r.booking).toMatchObject({ bookingId: 'b1', status: 'confirmed', reason: '' });
    expect(r.booking.held).toBeUndefined();
    expect(r.changed).toBe(true);
  });

  test('confirming a held meeting again (an update of its notes) keeps its answer', () => {
    const held = record({ held: 'yes' });
    const r = bookStep({
      bookings: [held],
      engagement,
      settings,
      startMs: Date.parse(held.start),
      endMs: Date.parse(held.end),
      eventId: 'e1',
      status: 'confirmed',
      nowMs: endMs + 2,
      nowIso: NOW_ISO,
      newId: () => 'new',
    });
    expect(r.booking.held).toBe('yes');
  });
});
