import {
  isActive,
  LedgerRow,
  LedgerRowSchema,
  ledgerRowFromCells,
  ledgerRowToCells,
  PENDING_EXPIRY_HOURS,
  reconcile,
  safeCell,
  transition,
} from '../../src/core/ledger';
import { quarterOf } from '../../src/core/quarters';

const row = (over: Partial<LedgerRow> = {}): LedgerRow => ({
  bookingId: 'b1',
  coachee: 'ana@acme.test',
  manager: 'mo@acme.test',
  coach: 'cora@coaches.test',
  company: 'acme.test',
  eventId: 'ev1',
  quarterKey: 'E2026-01-12#Q1',
  start: '2026-03-03T16:00:00.000Z',
  end: '2026-03-03T17:00:00.000Z',
  status: 'confirmed',
  countsAsSession: true,
  createdAt: '2026-02-20T14:00:00.000Z',
  updatedAt: '2026-02-20T14:00:00.000Z',
  milestone: 'initial',
  ...over,
});
const T = '2026-03-01T00:00:00.000Z';

describe('ledger row', () => {
  it('validates metadata only, always counting as a session', () => {
    expect(LedgerRowSchema.safeParse(row()).success).toBe(true);
    expect(LedgerRowSchema.safeParse({ ...row(), countsAsSession: false }).success).toBe(false);
    expect(LedgerRowSchema.safeParse({ ...row(), start: '3 March' }).success).toBe(false);
    expect(LedgerRowSchema.safeParse({ ...row(), status: 'done' }).success).toBe(false);
    // Unknown keys (an agenda!) are stripped, never stored.
    const parsed = LedgerRowSchema.safeParse({ ...row(), agenda: ['secret'] });
    expect(parsed.success && 'agenda' in parsed.data).toBe(false);
  });

  it('is active while pending or confirmed', () => {
    expect(['pending', 'confirmed', 'cancelled', 'expired'].map((status) => isActive({ status } as LedgerRow))).toEqual(
      [true, true, false, false],
    );
  });

  it('converts to and from Sheet cells, making text safe', () => {
    const r = row({ coachee: 'ana@acme.test', iCalUID: '=IMPORTXML("x")' });
    const cells = ledgerRowToCells(r);
    expect(cells[6]).toBe('\'=IMPORTXML("x")');
    expect(cells[11]).toBe(true);
    // Sheets hides the apostrophe when reading back.
    const back = ledgerRowFromCells(cells.map((c) => (typeof c === 'string' && c.startsWith("'") ? c.slice(1) : c)));
    expect(back).toEqual(r);
    expect(ledgerRowFromCells(['', 'x'])).toBeNull();
  });
});

describe('transition', () => {
  it('follows the life of a booking', () => {
    const pending = row({ status: 'pending' });
    const confirmed = transition(pending, { type: 'confirm', at: T });
    expect(confirmed).toEqual({ ok: true, changed: true, row: { ...pending, status: 'confirmed', updatedAt: T } });
    expect(pending.status).toBe('pending'); // input untouched
    expect(transition(row(), { type: 'confirm', at: T })).toMatchObject({ ok: true, changed: false });
    expect(transition(row(), { type: 'cancel', at: T })).toMatchObject({
      ok: true,
      changed: true,
      row: { status: 'cancelled' },
    });
    expect(transition(row({ status: 'cancelled' }), { type: 'cancel', at: T })).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(transition(pending, { type: 'expire', at: T })).toMatchObject({ ok: true, row: { status: 'expired' } });
    expect(transition(row(), { type: 'expire', at: T })).toEqual({
      ok: false,
      error: 'Only a pending booking can expire; this one is confirmed.',
    });
    expect(transition(row({ status: 'cancelled' }), { type: 'confirm', at: T })).toMatchObject({
      ok: true,
      row: { status: 'confirmed' },
    });
  });

  it('moves an active booking, and only an active one', () => {
    const moved = transition(row(), {
      type: 'move',
      at: T,
      start: '2026-04-20T19:00:00.000Z',
      end: '2026-04-20T20:00:00.000Z',
      quarterKey: 'E2026-01-12#Q2',
      milestone: 'wrap-up',
    });
    expect(moved).toMatchObject({
      ok: true,
      changed: true,
      row: {
        status: 'confirmed',
        quarterKey: 'E2026-01-12#Q2',
        start: '2026-04-20T19:00:00.000Z',
        milestone: 'wrap-up',
        updatedAt: T,
      },
    });
    const r = row();
    expect(transition(r, { type: 'move', at: T, start: r.start, end: r.end, quarterKey: r.quarterKey })).toMatchObject({
      changed: false,
    });
    expect(
      transition(row({ status: 'cancelled' }), { type: 'move', at: T, start: r.start, end: r.end, quarterKey: 'q' }).ok,
    ).toBe(false);
  });
});

describe('reconcile', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  const quarterFor = (ms: number) =>
    quarterOf(ms, { basis: 'engagement', engagementStart: '2026-01-12', timeZone: 'America/New_York' }).key;

  it('decides per row: keep, cancel, expire, redate', () => {
    const rows = [
      row({ bookingId: 'same' }),
      row({ bookingId: 'deleted', eventId: 'ev2' }),
      row({ bookingId: 'cancelled-in-cal', eventId: 'ev3', status: 'pending' }),
      row({ bookingId: 'old-pending', eventId: 'ev4', status: 'pending', createdAt: '2026-03-01T09:59:00Z' }),
      row({ bookingId: 'new-pending', eventId: 'ev5', status: 'pending', createdAt: '2026-03-01T10:01:00Z' }),
      row({ bookingId: 'moved-same-q', eventId: 'ev6' }),
      row({ bookingId: 'moved-next-q', eventId: 'ev7' }),
      row({ bookingId: 'unchecked', eventId: 'ev8' }),
      row({ bookingId: 'inactive', eventId: 'ev9', status: 'cancelled' }),
    ];
    const facts = [
      { eventId: 'ev1', exists: true, start: '2026-03-03T11:00:00-05:00', end: '2026-03-03T12:00:00-05:00' }, // same instants, other notation
      { eventId: 'ev2', exists: false },
      { eventId: 'ev3', exists: true, cancelled: true },
      { eventId: 'ev4', exists: false },
      { eventId: 'ev5', exists: false },
      { eventId: 'ev6', exists: true, start: '2026-03-10T16:00:00Z', end: '2026-03-10T17:00:00Z' },
      { eventId: 'ev7', exists: true, start: '2026-04-20T19:00:00Z', end: '2026-04-20T20:00:00Z' },
      { eventId: 'ev9', exists: false },
    ];
    const actions = reconcile(rows, facts, { nowMs: now, quarterFor });
    expect(actions.map((a) => [a.bookingId, a.action])).toEqual([
      ['same', 'keep'],
      ['deleted', 'cancel'],
      ['cancelled-in-cal', 'cancel'],
      ['old-pending', 'expire'],
      ['new-pending', 'keep'],
      ['moved-same-q', 'redate'],
      ['moved-next-q', 'redate'],
      ['unchecked', 'keep'],
      ['inactive', 'keep'],
    ]);
    expect(actions[5]).toMatchObject({
      quarterChanged: false,
      quarterKey: 'E2026-01-12#Q1',
      start: '2026-03-10T16:00:00Z',
    });
    expect(actions[6]).toMatchObject({ quarterChanged: true, quarterKey: 'E2026-01-12#Q2' });
    expect(PENDING_EXPIRY_HOURS).toBe(2);
  });

  it('notices a changed length as a redate in the same quarter', () => {
    const [a] = reconcile(
      [row()],
      [{ eventId: 'ev1', exists: true, start: '2026-03-03T16:00:00Z', end: '2026-03-03T16:30:00Z' }],
      { nowMs: now, quarterFor },
    );
    expect(a).toMatchObject({ action: 'redate', quarterChanged: false });
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
