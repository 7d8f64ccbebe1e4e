// The BUILT gateway (build/gateway/Code.js) in the local runtime: every op, refusals, idempotency,
// engagement-record isolation, formula safety, tabs created on first use, the audit trail.
// Concurrency, scale and identity have their own files (gateway-*.test.ts).
import { getFile, findSheet, writeRange } from '../../src/local/runtime/backends/sheets';
import { readAudit, readIndex, readLedger } from '../../src/local/host/company';
import { callsInLock, event, gatewayHarness, type Harness } from './gateway-harness';

const ENGAGEMENTS = [
  {
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
    coacheeName: 'Ben Ortiz',
    videoLink: 'https://meet.example.test/cora',
  },
  {
    coachee: 'ana@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'six-month',
    start: '2026-01-12',
    end: '2026-07-12',
  },
  // Broken rows (4-8): each must affect only its own coachee.
  {
    coachee: 'tom@acme.test',
    manager: 'lea@acme',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'ida@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-06-01',
    end: '2026-01-01',
  },
  {
    coachee: 'max@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'weekly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'dup@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
  {
    coachee: 'dup@acme.test',
    manager: 'mo@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-03-01',
    end: '2026-12-01',
  },
];

const SPREADSHEET_CALLS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection)\./;

function spreadsheetCallsInLock(exec: Parameters<typeof callsInLock>[0]): number {
  return Object.entries(callsInLock(exec))
    .filter(([m]) => SPREADSHEET_CALLS.test(m))
    .reduce((n, [, c]) => n + c, 0);
}

describe('gateway: the coachee flow', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
  });
  afterAll(() => h.close());

  test('panel: roles, engagement, allowance and the decision for the open event', async () => {
    const { res } = await h.call('ben@acme.test', 'panel', { event: event('ev-march', '2026-03-10T10:00:00+01:00') });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const d = res.data;
    expect(d.me).toEqual({ email: 'ben@acme.test', roles: ['coachee'] });
    expect(d.engagement).toMatchObject({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      program: 'quarterly',
      coacheeName: 'Ben Ortiz',
      videoLink: 'https://meet.example.test/cora',
      status: 'active',
    });
    expect(d.allowance).toMatchObject({
      quarter: { key: '2026-Q1', label: 'Q1 2026', start: '2026-01-01', end: '2026-04-01' },
      used: 0,
      limit: 1,
      nextQuarterOpens: '2026-04-01',
    });
    expect(d.decision).toMatchObject({
      allowed: true,
      quarter: { key: '2026-Q1' },
      milestone: { id: 'quarterly', label: 'Q1 2026 alignment' },
    });
    expect(d.bookings).toEqual([]);
    expect(d.toolkitUrl).toBe('https://docs.google.com/document/d/toolkit/edit');
    expect(d.companyTimeZone).toBe('Europe/Berlin');
  });

  test('tabs are created on first use: headers frozen, text columns plain text, gateway-only tabs protected', async () => {
    const f = getFile(h.world, h.company.sheetId);
    expect(findSheet(f, 'Ledger')).toBeUndefined();
    const { res } = await h.call('ben@acme.test', 'book', {
      event: event('ev-march', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res.ok).toBe(true);
    for (const name of ['Ledger', 'Index', 'Audit']) {
      const sheet = findSheet(f, name)!;
      expect(sheet).toBeDefined();
      expect(sheet.frozenRows).toBe(1);
      expect(sheet.protections).toHaveLength(1);
      expect(sheet.formats.some((r) => r.nf === '@' && r.c0 === 1 && r.r0 === 1 && r.r1 === sheet.maxRows)).toBe(true);
    }
    expect(findSheet(f, 'Ledger')!.rows[0]!.slice(0, 3)).toEqual(['Booking ID', 'Coachee', 'Manager']);
  });

  test('book: one ledger row of metadata, the Index entry, an audit line; the allowance is used', async () => {
    const ledger = readLedger(h.world, h.company.sheetId);
    expect(ledger).toHaveLength(1);
    const row = ledger[0]!;
    expect(row).toMatchObject({
      coachee: 'ben@acme.test',
      manager: 'lea@acme.test',
      coach: 'cora@coaches.test',
      company: 'acme.test',
      eventId: 'ev-march',
      quarterKey: '2026-Q1',
      start: '2026-03-10T09:00:00.000Z',
      end: '2026-03-10T10:00:00.000Z',
      status: 'confirmed',
      milestone: 'quarterly',
      countsAsSession: true,
    });
    // Metadata only: the row has exactly the Ledger's columns (16 + the readable meeting time), nothing else.
    expect(findSheet(getFile(h.world, h.company.sheetId), 'Ledger')!.rows[1]!.length).toBeLessThanOrEqual(17);
    // A new booking's Ledger row is not asked for inside the lock (0 = found by booking id when first updated).
    expect(readIndex(h.world, h.company.sheetId)).toEqual([
      {
        coachee: 'ben@acme.test',
        row: 2,
        bookings: [expect.objectContaining({ eventId: 'ev-march', ledgerRow: 0, status: 'confirmed' })],
      },
    ]);
    const audit = readAudit(h.world, h.company.sheetId);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'ben@acme.test',
        op: 'book',
        eventId: 'ev-march',
        bookingId: row.bookingId,
        outcome: 'OK',
      }),
    ]);

    const { res } = await h.call('ben@acme.test', 'panel', {});
    expect(res.ok && res.data.allowance).toMatchObject({ used: 1, limit: 1, nextQuarterOpens: '2026-04-01' });
    expect(res.ok && res.data.bookings).toEqual([
      expect.objectContaining({
        eventId: 'ev-march',
        status: 'confirmed',
        quarterKey: '2026-Q1',
        countsAsSession: true,
      }),
    ]);
  });

  test('idempotent replay: the same event booked again is the same booking, never counted twice', async () => {
    const before = readLedger(h.world, h.company.sheetId);
    for (let i = 0; i < 2; i++) {
      const { res, exec } = await h.call('ben@acme.test', 'book', {
        event: event('ev-march', '2026-03-10T10:00:00+01:00'),
        status: 'confirmed',
      });
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      expect(res.data.alreadyBooked).toBe(true);
      expect(res.data.booking.bookingId).toBe(before[0]!.bookingId);
      expect(res.data.decision.message).toMatch(/already booked/);
      expect(exec.counters.cellsWritten).toBe(0); // nothing changed, nothing written
    }
    expect(readLedger(h.world, h.company.sheetId)).toEqual(before);
  });

  test('a second meeting in the same quarter is refused with the date the next quarter opens', async () => {
    const { res } = await h.call('ben@acme.test', 'book', {
      event: event('ev-march-2', '2026-03-24T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'ALLOWANCE_USED',
        message: expect.stringMatching(/already booked this quarter's alignment meeting.*1 April 2026/s),
        retryable: false,
      },
    });
    const panel = await h.call('ben@acme.test', 'panel', { event: event('ev-march-2', '2026-03-24T10:00:00+01:00') });
    expect(panel.res.ok && panel.res.data.decision).toMatchObject({ allowed: false, code: 'ALLOWANCE_USED' });
    expect(readLedger(h.world, h.company.sheetId)).toHaveLength(1);
    // The refusal is in the Audit tab: who, what, the code; no booking id (nothing was booked).
    expect(readAudit(h.world, h.company.sheetId).at(-1)).toMatchObject({
      actor: 'ben@acme.test',
      op: 'book',
      eventId: 'ev-march-2',
      bookingId: '',
      outcome: 'ALLOWANCE_USED',
    });
  });

  test('the next quarter is fine; outside the engagement and recurring series are refused', async () => {
    const q2 = await h.call('ben@acme.test', 'book', {
      event: event('ev-may', '2026-05-05T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(q2.res.ok && q2.res.data.booking).toMatchObject({ quarterKey: '2026-Q2', status: 'confirmed' });
    const outside = await h.call('ben@acme.test', 'book', {
      event: event('ev-2027', '2027-02-01T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(!outside.res.ok && outside.res.error).toMatchObject({
      code: 'OUTSIDE_ENGAGEMENT',
      message: expect.stringMatching(/outside your coaching engagement/),
    });
    const recurring = await h.call('ben@acme.test', 'book', {
      event: event('ev-series', '2026-08-04T10:00:00+02:00', 60, { recurring: true }),
      status: 'confirmed',
    });
    expect(!recurring.res.ok && recurring.res.error.code).toBe('RECURRING_EVENT');
  });

  test('cancel: the row is kept as cancelled and the allowance comes back', async () => {
    const { res, exec } = await h.call('ben@acme.test', 'cancel', { eventId: 'ev-march' });
    expect(res.ok && res.data.booking).toMatchObject({ eventId: 'ev-march', status: 'cancelled' });
    expect(spreadsheetCallsInLock(exec)).toBeLessThanOrEqual(6);
    const again = await h.call('ben@acme.test', 'cancel', { eventId: 'ev-march' });
    expect(again.res.ok && again.res.data.booking.status).toBe('cancelled');
    const rows = readLedger(h.world, h.company.sheetId);
    expect(rows.find((r) => r.eventId === 'ev-march')).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled-by-coachee',
    });
    const rebook = await h.call('ben@acme.test', 'book', {
      event: event('ev-march-2', '2026-03-24T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(rebook.res.ok).toBe(true);
    const missing = await h.call('ben@acme.test', 'cancel', { eventId: 'never-booked' });
    expect(!missing.res.ok && missing.res.error.code).toBe('BOOKING_NOT_FOUND');
  });

  test('a cancelled event confirmed again re-activates its own row (no new row) when there is room', async () => {
    await h.call('ben@acme.test', 'cancel', { eventId: 'ev-march-2' });
    const count = readLedger(h.world, h.company.sheetId).length;
    const { res } = await h.call('ben@acme.test', 'book', {
      event: event('ev-march', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(res.ok && res.data).toMatchObject({
      alreadyBooked: false,
      booking: { eventId: 'ev-march', status: 'confirmed' },
    });
    expect(readLedger(h.world, h.company.sheetId)).toHaveLength(count);
  });

  test('panel reconciles: deleted → cancelled, moved → re-dated and re-checked, moved into a used quarter → refused and reported', async () => {
    // ev-march (Q1) and ev-may (Q2) are active. ev-may moves into Q3; ev-march moves into Q2 (now free).
    const { res } = await h.call('ben@acme.test', 'panel', {
      facts: [
        {
          eventId: 'ev-may',
          exists: true,
          start: '2026-07-07T08:00:00Z',
          end: '2026-07-07T09:00:00Z',
          organizer: true,
        },
        {
          eventId: 'ev-march',
          exists: true,
          start: '2026-04-14T08:00:00Z',
          end: '2026-04-14T09:00:00Z',
          organizer: true,
        },
      ],
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    // ev-march first finds Q2 taken by ev-may; once ev-may has moved on to Q3 it gets Q2.
    expect(res.data.reconciled.map((c: { eventId: string; change: string }) => [c.eventId, c.change])).toEqual([
      ['ev-may', 'redated'],
      ['ev-march', 'redated'],
    ]);
    const byEvent = Object.fromEntries(readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r]));
    expect(byEvent['ev-march']).toMatchObject({
      quarterKey: '2026-Q2',
      start: '2026-04-14T08:00:00.000Z',
      status: 'confirmed',
      reason: 'moved',
    });
    expect(byEvent['ev-may']).toMatchObject({ quarterKey: '2026-Q3', status: 'confirmed' });

    // Now move ev-march into Q3, which ev-may already uses: not double counted, not silently lost.
    const moved = await h.call('ben@acme.test', 'reconcile', {
      facts: [
        { eventId: 'ev-march', exists: true, start: '2026-07-21T08:00:00Z', end: '2026-07-21T09:00:00Z' },
        { eventId: 'ev-may', exists: true, start: '2026-07-07T08:00:00Z', end: '2026-07-07T09:00:00Z' },
      ],
    });
    expect(moved.res.ok && moved.res.data.reconciled).toEqual([
      { eventId: 'ev-march', change: 'refused', message: expect.stringMatching(/moved to .*no longer counts/s) },
    ]);
    const after = Object.fromEntries(readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r]));
    expect(after['ev-march']).toMatchObject({ status: 'cancelled', reason: 'moved-over-limit', quarterKey: '2026-Q3' });

    // Deleted: the calendar says 404.
    const deleted = await h.call('ben@acme.test', 'panel', { facts: [{ eventId: 'ev-may', exists: false }] });
    expect(deleted.res.ok && deleted.res.data.reconciled).toEqual([
      { eventId: 'ev-may', change: 'cancelled', message: expect.stringMatching(/deleted/) },
    ]);
    expect(readLedger(h.world, h.company.sheetId).find((r) => r.eventId === 'ev-may')).toMatchObject({
      status: 'cancelled',
      reason: 'event-deleted',
    });
    const audit = readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'reconcile');
    expect(audit.map((a) => a.outcome)).toEqual([
      'confirmed:moved',
      'confirmed:moved',
      'cancelled:moved-over-limit',
      'cancelled:event-deleted',
    ]);
  });

  test('viewer: the manager and the (outside) coach of the booking see their role; anyone else sees nothing', async () => {
    const booked = await h.call('ben@acme.test', 'book', {
      event: event('ev-sept', '2026-09-15T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(booked.res.ok).toBe(true);
    const asManager = await h.call('lea@acme.test', 'viewer', { eventId: 'ev-sept', organizer: 'ben@acme.test' });
    expect(asManager.res).toEqual({
      ok: true,
      data: expect.objectContaining({
        role: 'manager',
        coacheeName: 'Ben Ortiz',
        program: 'quarterly',
        milestone: { id: 'quarterly', label: 'Q3 2026 alignment' },
        toolkitUrl: 'https://docs.google.com/document/d/toolkit/edit',
      }),
    });
    const asCoach = await h.call('cora@coaches.test', 'viewer', { eventId: 'ev-sept', organizer: 'ben@acme.test' });
    expect(asCoach.res.ok && asCoach.res.data).toMatchObject({
      role: 'coach',
      booking: { eventId: 'ev-sept', status: 'confirmed' },
    });
    const otherManager = await h.call('mo@acme.test', 'viewer', { eventId: 'ev-sept', organizer: 'ben@acme.test' });
    expect(otherManager.res).toEqual({ ok: true, data: { role: 'other', toolkitUrl: null } });
    const unknownEvent = await h.call('lea@acme.test', 'viewer', {
      eventId: 'not-a-ccm-event',
      organizer: 'ben@acme.test',
    });
    expect(unknownEvent.res).toEqual({ ok: true, data: { role: 'other', toolkitUrl: null } });
    // An outside account that coaches nobody gets nothing at all.
    h.world.addUser({ email: 'stranger@elsewhere.test', name: 'Stranger', domain: 'elsewhere.test' });
    const stranger = await h.call('stranger@elsewhere.test', 'viewer', {
      eventId: 'ev-sept',
      organizer: 'ben@acme.test',
    });
    expect(!stranger.res.ok && stranger.res.error.code).toBe('FORBIDDEN');
    // The outside coach may ask viewer, nothing else.
    const coachPanel = await h.call('cora@coaches.test', 'panel', {});
    expect(!coachPanel.res.ok && coachPanel.res.error.code).toBe('FORBIDDEN');
  });

  test("a coachee only ever sees their own rows: another coachee's event id is not found", async () => {
    const { res } = await h.call('ana@acme.test', 'cancel', { eventId: 'ev-sept' });
    expect(!res.ok && res.error.code).toBe('BOOKING_NOT_FOUND');
    const panel = await h.call('ana@acme.test', 'panel', {});
    expect(panel.res.ok && panel.res.data.bookings).toEqual([]);
    expect(readLedger(h.world, h.company.sheetId).find((r) => r.eventId === 'ev-sept')!.status).toBe('confirmed');
  });

  test('six-month program: the initial meeting in month 2, then the wrap-up; a third is refused', async () => {
    const initial = await h.call('ana@acme.test', 'book', {
      event: event('ana-1', '2026-03-03T17:00:00+01:00'),
      status: 'confirmed',
    });
    expect(initial.res.ok && initial.res.data.decision.milestone).toEqual({ id: 'initial', label: 'Initial meeting' });
    const wrap = await h.call('ana@acme.test', 'book', {
      event: event('ana-2', '2026-07-01T16:00:00+02:00'),
      status: 'pending',
    });
    expect(wrap.res.ok && wrap.res.data.booking).toMatchObject({ milestone: 'wrap-up', status: 'pending' });
    const third = await h.call('ana@acme.test', 'book', {
      event: event('ana-3', '2026-05-05T16:00:00+02:00'),
      status: 'confirmed',
    });
    expect(!third.res.ok && third.res.error.code).toBe('PROGRAM_LIMIT_REACHED');
    // pending → confirmed by a later confirm (idempotent: same booking).
    const confirm = await h.call('ana@acme.test', 'book', {
      event: event('ana-2', '2026-07-01T16:00:00+02:00'),
      status: 'confirmed',
    });
    expect(confirm.res.ok && confirm.res.data).toMatchObject({
      alreadyBooked: true,
      booking: { bookingId: wrap.res.ok && wrap.res.data.booking.bookingId, status: 'confirmed' },
    });
  });

  test('admin: figures, who is due, problems with row numbers and the Sheet URL; others are refused', async () => {
    const { res } = await h.call('hr@acme.test', 'admin', {});
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.quarter).toEqual({ key: '2026-Q1', label: 'Q1 2026', start: '2026-01-01', end: '2026-04-01' });
    expect(res.data.sheetUrl).toBe(h.company.sheetUrl);
    // Q1 now holds ana's initial meeting and ben's cancelled ev-march-2 (ev-march moved out of Q1);
    // the broken rows' coachees are problems, not coachees.
    expect(res.data.figures).toEqual([
      {
        company: 'acme.test',
        quarter: '2026-Q1',
        period: 'Q1 2026 (1 Jan 2026 – 31 Mar 2026)',
        engaged: 2,
        met: 1,
        noMeeting: 1,
        confirmed: 1,
        pending: 0,
        cancelled: 1,
        expired: 0,
        sessions: 1,
        initialMissed: 0,
        // Worked out by this open (a small program's card builds the overview): nothing held yet.
        outcomes: expect.objectContaining({ held: 0, supported: 0, supportRate: null, wrapUpMissed: 0 }),
      },
    ]);
    expect(res.data.due).toEqual([
      {
        coachee: 'ben@acme.test',
        company: 'acme.test',
        overdue: false,
        reason: 'No alignment meeting booked in Q1 2026 (1 Jan 2026 – 31 Mar 2026).',
      },
    ]);
    expect(res.data.problems.map((p: { row: number }) => p.row).sort()).toEqual([4, 5, 6, 8]);
    expect(res.data.problems.find((p: { row: number }) => p.row === 4).message).toMatch(
      /Row 4: Manager email "lea@acme"/,
    );
    const q3 = await h.call('hr@acme.test', 'admin', { quarter: '2026-Q3' });
    expect(q3.res.ok && q3.res.data.quarter.key).toBe('2026-Q3');
    const bad = await h.call('hr@acme.test', 'admin', { quarter: 'someday' });
    expect(!bad.res.ok && bad.res.error.code).toBe('BAD_REQUEST');
    const notAdmin = await h.call('ben@acme.test', 'admin', {});
    expect(!notAdmin.res.ok && notAdmin.res.error.code).toBe('FORBIDDEN');
    expect(
      readAudit(h.world, h.company.sheetId)
        .filter((a) => a.op === 'admin')
        .map((a) => [a.actor, a.outcome]),
    ).toContainEqual(['ben@acme.test', 'FORBIDDEN']);
  });
});

describe('gateway: a broken Engagements row isolates only its coachee', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
  });
  afterAll(() => h.close());

  test.each([
    ['tom@acme.test', "a typo'd manager email"],
    ['ida@acme.test', 'an end before the start'],
    ['max@acme.test', 'an unknown program'],
    ['dup@acme.test', 'a duplicate coachee'],
  ])('%s (%s): ENGAGEMENT_RECORD_INVALID, with nothing about the details', async (email) => {
    const book = await h.call(email, 'book', {
      event: event(`ev-${email}`, '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(book.res).toEqual({
      ok: false,
      error: {
        code: 'ENGAGEMENT_RECORD_INVALID',
        message: expect.stringMatching(/program admin needs to fix your engagement record/),
        retryable: false,
      },
    });
    const panel = await h.call(email, 'panel', { event: event(`ev-${email}`, '2026-03-10T10:00:00+01:00') });
    expect(panel.res.ok && panel.res.data).toMatchObject({
      me: { roles: ['coachee'] },
      engagement: null,
      engagementProblem: expect.stringMatching(/admin needs to fix/),
      decision: { allowed: false, code: 'ENGAGEMENT_RECORD_INVALID' },
    });
    expect(JSON.stringify(panel.res)).not.toMatch(/lea@acme"|Row \d/);
  });

  test('everyone else is unaffected, and a stranger to the program has no engagement', async () => {
    const ben = await h.call('ben@acme.test', 'book', {
      event: event('ben-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(ben.res.ok).toBe(true);
    const lea = await h.call('lea@acme.test', 'panel', {});
    expect(lea.res.ok && lea.res.data.me.roles).toEqual(['manager']);
    h.world.addUser({ email: 'zoe@acme.test', name: 'Zoe', domain: 'acme.test' });
    const zoe = await h.call('zoe@acme.test', 'book', {
      event: event('zoe-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(!zoe.res.ok && zoe.res.error.code).toBe('NO_ENGAGEMENT');
  });
});

describe('gateway: a booking its calendar search does not return', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS.slice(0, 1) });
  });
  afterAll(() => h.close());

  test('is never taken for deleted, however long it stays unseen; only a fact about its own event cancels it', async () => {
    const window = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    // Ahead of the month the clock moves on: a meeting that took place would stay counted (rule 9).
    const booked = await h.call('ben@acme.test', 'book', {
      event: event('ev-1', '2026-05-12T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(booked.res.ok).toBe(true);
    // A second panel (another window, a concurrent confirm) searched the calendar before the marker
    // landed, or the marker was never written: the event is simply not in its report. An older
    // add-on still sends the searched window; the gateway ignores it.
    for (const days of [0, 1, 30]) {
      h.world.advanceTo(h.world.now() + days * 86_400_000);
      const unseen = await h.call('ben@acme.test', 'panel', {
        facts: [{ eventId: 'other', exists: false }],
        factsWindow: window,
      });
      expect(unseen.res.ok && unseen.res.data.reconciled).toEqual([]);
    }
    const refused = await h.call('ben@acme.test', 'book', {
      event: event('ev-2', '2026-05-14T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(!refused.res.ok && refused.res.error.code).toBe('ALLOWANCE_USED');
    // Its own 404 (or status "cancelled") is evidence.
    const gone = await h.call('ben@acme.test', 'panel', { facts: [{ eventId: 'ev-1', exists: false }] });
    expect(gone.res.ok && gone.res.data.reconciled).toEqual([
      expect.objectContaining({ eventId: 'ev-1', change: 'cancelled' }),
    ]);
    expect(readLedger(h.world, h.company.sheetId).map((r) => [r.eventId, r.status])).toEqual([['ev-1', 'cancelled']]);
  });
});

describe('gateway: an empty usage Sheet', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: [] });
    // A brand-new Sheet with none of the gateway's tabs.
    const f = getFile(h.world, h.company.sheetId);
    f.sheets = [{ ...f.sheets[0]!, name: 'Sheet1', rows: [], formats: [], frozenRows: 0 }];
    h.world.addUser({ email: 'ben@acme.test', name: 'Ben', domain: 'acme.test' });
  });
  afterAll(() => h.close());

  test('gets Settings (prefilled from the deployment) and Engagements on first use; nobody has an engagement yet', async () => {
    const { res } = await h.call('ben@acme.test', 'panel', { event: event('ev-1', '2026-03-10T10:00:00+01:00') });
    expect(res.ok && res.data).toMatchObject({
      me: { roles: [] },
      engagement: null,
      decision: { allowed: false, code: 'NO_ENGAGEMENT' },
      companyTimeZone: 'Europe/Berlin',
    });
    const f = getFile(h.world, h.company.sheetId);
    const settings = findSheet(f, 'Settings')!;
    expect(settings.frozenRows).toBe(1);
    expect(settings.rows.slice(1, 3).map((r) => r!.slice(0, 2))).toEqual([
      ['domain', 'acme.test'],
      ['timeZone', 'Europe/Berlin'],
    ]);
    expect(findSheet(f, 'Engagements')!.rows[0]).toEqual(
      expect.arrayContaining(['Coachee', 'Manager', 'Coach', 'Program', 'Start', 'End', 'Status']),
    );
  });
});

describe('gateway: a damaged Index cell', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS.slice(0, 1) });
  });
  afterAll(() => h.close());

  test('is rebuilt from the Ledger, so the allowance still sees every booking', async () => {
    expect(
      (
        await h.call('ben@acme.test', 'book', {
          event: event('ev-1', '2026-03-10T10:00:00+01:00'),
          status: 'confirmed',
        })
      ).res.ok,
    ).toBe(true);
    writeRange(h.world, h.company.sheetId, "'Index'!B2", [['edited by hand']]);
    const second = await h.call('ben@acme.test', 'book', {
      event: event('ev-2', '2026-03-12T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(!second.res.ok && second.res.error.code).toBe('ALLOWANCE_USED');
    expect(second.exec.logs.some((l) => l.message.includes('index-rebuild'))).toBe(true);
    // The next write stores a clean cell again.
    const q2 = await h.call('ben@acme.test', 'book', {
      event: event('ev-3', '2026-05-12T10:00:00+02:00'),
      status: 'confirmed',
    });
    expect(q2.res.ok).toBe(true);
    expect(readIndex(h.world, h.company.sheetId)[0]!.bookings!.map((b) => b.eventId)).toEqual(['ev-1', 'ev-3']);
  });
});

describe('gateway: settings and engagement status', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({
      settings: { domain: 'acme.test', timeZone: 'Mars/Olympus', admins: ['hr@acme.test'] },
      engagements: [
        {
          coachee: 'ben@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
        {
          coachee: 'pia@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
          status: 'paused',
        },
      ],
    });
  });
  afterAll(() => h.close());

  test('broken settings: everyone gets SETTINGS_INVALID, the admin still sees what to fix', async () => {
    const book = await h.call('ben@acme.test', 'book', {
      event: event('ev-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(!book.res.ok && book.res.error.code).toBe('SETTINGS_INVALID');
    const panel = await h.call('ben@acme.test', 'panel', { event: event('ev-1', '2026-03-10T10:00:00+01:00') });
    expect(panel.res.ok && panel.res.data.decision).toMatchObject({ allowed: false, code: 'SETTINGS_INVALID' });
    const admin = await h.call('hr@acme.test', 'admin', {});
    expect(admin.res.ok && admin.res.data.problems).toEqual([
      { row: 3, message: expect.stringMatching(/^Settings row 3: The time zone "Mars\/Olympus" is not one we know/) },
    ]);
  });

  test('a paused engagement: ENGAGEMENT_NOT_ACTIVE', async () => {
    // The admin fixes the time zone (Settings row 3); the next request reads it.
    writeRange(h.world, h.company.sheetId, "'Settings'!B3", [['Europe/Berlin']]);
    const { res } = await h.call('pia@acme.test', 'book', {
      event: event('ev-1', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(!res.ok && res.error).toMatchObject({
      code: 'ENGAGEMENT_NOT_ACTIVE',
      message: expect.stringMatching(/paused/),
    });
  });
});

describe('gateway: free text never becomes a formula', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({
      engagements: [
        {
          coachee: 'ben@acme.test',
          manager: 'lea@acme.test',
          coach: 'cora@coaches.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
        {
          coachee: '+plus@acme.test',
          manager: '-minus@acme.test',
          coach: '=eq@coaches.test',
          company: 'acme.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
      ],
    });
  });
  afterAll(() => h.close());

  test('formula-like event ids and emails are stored as text and read back exactly', async () => {
    const ids = ['=1+2', '+15551234', '-42', '@import'];
    const q = ['2026-02-10', '2026-05-10', '2026-08-10', '2026-11-10'];
    for (let i = 0; i < ids.length; i++) {
      const { res } = await h.call(i % 2 ? '+plus@acme.test' : 'ben@acme.test', 'book', {
        event: event(ids[i]!, `${q[i]}T10:00:00+01:00`),
        status: 'confirmed',
      });
      expect(res.ok).toBe(true);
    }
    const sheet = findSheet(getFile(h.world, h.company.sheetId), 'Ledger')!;
    const cells = sheet.rows.slice(1).flatMap((r) => r ?? []);
    expect(cells.length).toBeGreaterThan(0);
    // No cell is a formula object, and no cell holds a number where text was written.
    expect(cells.filter((c) => c !== null && typeof c === 'object')).toEqual([]);
    const ledger = readLedger(h.world, h.company.sheetId);
    expect(ledger.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(ledger.filter((r) => r.coachee === '+plus@acme.test').map((r) => [r.manager, r.coach])).toEqual([
      ['-minus@acme.test', '=eq@coaches.test'],
      ['-minus@acme.test', '=eq@coaches.test'],
    ]);
    // And the Index still finds them (idempotent replay of a formula-like id).
    const replay = await h.call('ben@acme.test', 'book', {
      event: event('=1+2', '2026-02-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    expect(replay.res.ok && replay.res.data.alreadyBooked).toBe(true);
  });
});

describe('gateway: bad requests', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS.slice(0, 1) });
  });
  afterAll(() => h.close());

  test.each([
    ['garbage', 'this is not json'],
    ['empty body', ''],
    ['an array', '[]'],
    ['unknown op', JSON.stringify({ op: 'deleteEverything', idToken: 'a.b.c', requestId: 'r' })],
    ['missing args', JSON.stringify({ op: 'book', idToken: 'a.b.c', requestId: 'r' })],
  ])('%s → BAD_REQUEST envelope, never a stack trace', async (_name, body) => {
    const { res, exec } = await h.post(body);
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^The request was not understood/),
        retryable: false,
      },
    });
    expect(JSON.stringify(res)).not.toMatch(/at .*\.js|Error:/);
    // Refused before any service was touched.
    expect(exec.counters.totalServiceCalls).toBe(0);
  });

  test('logs carry ids and outcome codes, not content', async () => {
    const { exec } = await h.call('ben@acme.test', 'book', {
      event: event('ev-log', '2026-03-10T10:00:00+01:00'),
      status: 'confirmed',
    });
    const lines = exec.logs.map((l) => l.message);
    expect(lines).toEqual([
      expect.stringMatching(
        /^\{"event":"request","requestId":"req-\d+","op":"book","eventId":"ev-log","outcome":"OK","ms":\d+\}$/,
      ),
    ]);
  });
});
