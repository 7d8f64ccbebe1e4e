// The gateway's pure modules, tested directly (no runtime): request validation, the Index cell codec
// and cell safety (the reconcile planner's rules are core's: test/unit/booking.test.ts). The same code
// runs inside the built bundle; gateway.test.ts covers it end to end through the local runtime.
import { CcmError } from '../../src/core/errors';
import type { BookingRecord } from '../../src/core/ledger';
import {
  decodeBookings,
  encodeBookings,
  INDEX_CELL_BUDGET,
  ledgerRowValues,
  parseLedgerRow,
  recordFromLedgerRow,
} from '../../src/gateway/records';
import { cellString, LEDGER_COL, LEDGER_HEADERS, safeCell } from '../../src/gateway/schema';
import { parseRequest } from '../../src/gateway/validate';

const TOKEN = 'aaa.bbb.ccc';

function badRequest(body: string): string {
  try {
    parseRequest(body);
  } catch (err) {
    expect(err).toBeInstanceOf(CcmError);
    expect((err as CcmError).code).toBe('BAD_REQUEST');
    return (err as CcmError).message;
  }
  throw new Error('expected BAD_REQUEST');
}

describe('request validation', () => {
  test('a well-formed book request parses, unknown keys are dropped', () => {
    const req = parseRequest(
      JSON.stringify({
        op: 'book',
        idToken: TOKEN,
        requestId: 'r-1',
        role: 'admin',
        args: {
          event: { eventId: 'abc123', start: '2026-03-03T11:00:00-05:00', end: '2026-03-03T12:00:00-05:00' },
          status: 'confirmed',
          email: 'boss@acme.test',
        },
      }),
    );
    expect(req.op).toBe('book');
    expect(req.args).toEqual({
      event: { eventId: 'abc123', start: '2026-03-03T11:00:00-05:00', end: '2026-03-03T12:00:00-05:00' },
      status: 'confirmed',
    });
    expect(req).not.toHaveProperty('role');
  });

  test('garbage and wrong shapes answer BAD_REQUEST naming the field', () => {
    expect(badRequest('not json {')).toMatch(/not JSON/);
    expect(badRequest('[1,2]')).toMatch(/JSON object/);
    expect(badRequest(JSON.stringify({ op: 'drop-tables', idToken: TOKEN, requestId: 'x' }))).toMatch(
      /op must be one of panel, book/,
    );
    expect(badRequest(JSON.stringify({ op: 'panel', requestId: 'x' }))).toMatch(/idToken is missing/);
    expect(
      badRequest(JSON.stringify({ op: 'book', idToken: TOKEN, requestId: 'x', args: { status: 'confirmed' } })),
    ).toMatch(/args\.event/);
    expect(
      badRequest(
        JSON.stringify({
          op: 'book',
          idToken: TOKEN,
          requestId: 'x',
          args: {
            event: { eventId: 'e', start: '2026-03-03 11:00', end: '2026-03-03T12:00:00Z' },
            status: 'confirmed',
          },
        }),
      ),
    ).toMatch(/args\.event\.start must be an ISO 8601 instant/);
    expect(
      badRequest(
        JSON.stringify({
          op: 'book',
          idToken: TOKEN,
          requestId: 'x',
          args: {
            event: { eventId: 'e', start: '2026-03-03T12:00:00Z', end: '2026-03-03T11:00:00Z' },
            status: 'confirmed',
          },
        }),
      ),
    ).toMatch(/args\.event\.end must be after start/);
    expect(
      badRequest(JSON.stringify({ op: 'cancel', idToken: TOKEN, requestId: 'x', args: { eventId: 'a b' } })),
    ).toMatch(/args\.eventId must be a Calendar event id/);
    expect(
      badRequest(
        JSON.stringify({ op: 'viewer', idToken: TOKEN, requestId: 'x', args: { eventId: 'e', organizer: 'nobody' } }),
      ),
    ).toMatch(/args\.organizer must be an email/);
    expect(
      badRequest(
        JSON.stringify({
          op: 'reconcile',
          idToken: TOKEN,
          requestId: 'x',
          args: { facts: Array.from({ length: 501 }, (_, i) => ({ eventId: `e${i}`, exists: true })) },
        }),
      ),
    ).toMatch(/at most 500/);
    expect(badRequest(JSON.stringify({ op: 'panel', idToken: TOKEN, requestId: 'has space' }))).toMatch(/requestId/);
  });

  test('an older add-on still sending factsWindow is answered: the field is dropped, whatever its shape', () => {
    const facts = [{ eventId: 'e1', exists: false }];
    for (const factsWindow of [{ from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }, 'garbage', { from: 1 }]) {
      const req = parseRequest(
        JSON.stringify({ op: 'panel', idToken: TOKEN, requestId: 'r', args: { facts, factsWindow } }),
      );
      expect(req.args).toEqual({ facts });
    }
  });
});

describe('cells', () => {
  test('formula-like text gets an apostrophe, and reads back as written in both cell kinds', () => {
    for (const text of ['=IMPORTXML("https://evil.test","//a")', '+15551234', '-1', '@here', '\tx', "'quoted"]) {
      const written = safeCell(text);
      expect(written).toBe(`'${text}`);
      // A '@' cell keeps what was typed; an ordinary cell drops the first apostrophe.
      expect(cellString(written)).toBe(text);
      expect(cellString(String(written).slice(1))).toBe(text);
    }
    expect(safeCell('ana@acme.test')).toBe('ana@acme.test');
    expect(safeCell(3)).toBe(3);
    expect(safeCell(true)).toBe(true);
  });
});

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

describe('Index cell codec', () => {
  test('round-trips a booking list; a hand-edited cell is detected', () => {
    const list = [
      record({}),
      record({ bookingId: 'b2', eventId: 'e2', status: 'cancelled', reason: 'event-deleted', milestone: '' }),
    ];
    expect(decodeBookings(encodeBookings(list))).toEqual(list);
    expect(decodeBookings('')).toEqual([]);
    expect(decodeBookings('oops, edited')).toBeNull();
    expect(decodeBookings('[{"b":"x"}]')).toBeNull();
  });

  test("a new booking's Ledger row hint round-trips while its row is unknown, and is dropped once it is", () => {
    const hinted = record({ ledgerRow: 0, ledgerRowHint: 1234 });
    expect(decodeBookings(encodeBookings([hinted]))).toEqual([hinted]);
    expect(encodeBookings([hinted])).toContain('"rh":1234');
    const known = record({ ledgerRow: 1234, ledgerRowHint: 99 });
    expect(decodeBookings(encodeBookings([known]))).toEqual([record({ ledgerRow: 1234 })]);
    // A nonsense hint (the header row, a fraction, text) is no hint.
    for (const rh of [1, 2.5, '7'])
      expect(
        decodeBookings(JSON.stringify([{ b: 'b1', e: 'e1', st: 'pending', row: 0, rh }]))![0]!.ledgerRowHint,
      ).toBeUndefined();
  });

  test("the manager's support: Index `su` (ISO), the Ledger's readable Manager support cell, back from a rebuild", () => {
    const supported = record({ supportedAt: '2026-03-04T09:15:00.000Z' });
    expect(encodeBookings([supported])).toContain('"su":"2026-03-04T09:15:00.000Z"');
    expect(decodeBookings(encodeBookings([supported]))).toEqual([supported]);
    expect(decodeBookings(encodeBookings([record({})]))![0]!.supportedAt).toBeUndefined();
    // Not an instant (edited by hand): no support rather than a wrong date.
    expect(
      decodeBookings(JSON.stringify([{ b: 'b1', e: 'e1', st: 'confirmed', row: 2, su: 'yes' }]))![0]!.supportedAt,
    ).toBeUndefined();
    const row = ledgerRowValues(
      supported,
      { coachee: 'a@x.test', manager: 'm@x.test', coach: 'c@x.test', company: 'X' },
      'Europe/Berlin',
    );
    expect(row[LEDGER_COL.supportedAt - 1]).toBe('Wed 4 Mar 2026, 10:15');
    expect(LEDGER_HEADERS[LEDGER_COL.supportedAt - 1]).toBe('Manager support');
    const back = recordFromLedgerRow(parseLedgerRow(row, 2));
    expect(back.supportedAt).toBe(supported.updatedAt);
    expect(
      recordFromLedgerRow(
        parseLedgerRow(
          ledgerRowValues(record({}), { coachee: 'a@x.test', manager: '', coach: '', company: '' }, 'UTC'),
          2,
        ),
      ).supportedAt,
    ).toBeUndefined();
  });

  test('stays under the cell budget by dropping the oldest inactive bookings, never an active one', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      record({ bookingId: `b${i}`, eventId: `event-${i}`, status: i === 0 || i === 399 ? 'confirmed' : 'cancelled' }),
    );
    const text = encodeBookings(many);
    expect(text.length).toBeLessThanOrEqual(INDEX_CELL_BUDGET);
    const kept = decodeBookings(text)!;
    expect(kept.length).toBeLessThan(400);
    expect(kept.filter((b) => b.status === 'confirmed').map((b) => b.bookingId)).toEqual(['b0', 'b399']);
  });
});
