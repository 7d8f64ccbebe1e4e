// Every op of the wire contract's table (src/core/contract.ts) through the BUILT gateway: malformed
// args are refused with BAD_REQUEST naming the field, before the token is checked or any service is
// touched; well-formed args reach the op. (The messages themselves are defined, and pinned, in
// contract.ts and test/integration/gateway-pure.test.ts; who may ask what: security.test.ts.)
import { OPS, type GatewayOp } from '../../src/core/contract';
import { event, gatewayHarness, type Harness } from './gateway-harness';

const BEN = 'ben@acme.test';
const HR = 'hr@acme.test';
const EVENT = event('ev-1', '2026-03-10T10:00:00+01:00');

/** Per op: malformed args, and the field the refusal must name. The type makes every op have some. */
const MALFORMED: Record<GatewayOp, [unknown, string][]> = {
  panel: [
    [{ event: { ...EVENT, start: '2026-03-10 10:00' } }, 'args.event.start'],
    [{ event: { ...EVENT, end: EVENT.start } }, 'args.event.end'],
    [{ event: { ...EVENT, calendarId: 'not an id' } }, 'args.event.calendarId'],
    [{ facts: 'all of them' }, 'args.facts'],
    [{ facts: Array.from({ length: 501 }, (_, i) => ({ eventId: `e${i}`, exists: false })) }, 'args.facts'],
    [
      {
        facts: [
          { eventId: 'e1', exists: true },
          { eventId: 'e2', exists: 'no' },
        ],
      },
      'args.facts.1.exists',
    ],
    [[], 'args'],
  ],
  book: [
    [{ status: 'confirmed' }, 'args.event'],
    [{ event: EVENT, status: 'held' }, 'args.status'],
    [{ event: { ...EVENT, eventId: "'=1+1" }, status: 'confirmed' }, 'args.event.eventId'],
    [{ event: { ...EVENT, recurring: 'yes' }, status: 'confirmed' }, 'args.event.recurring'],
    [{ event: EVENT, status: 'confirmed', notesDigest: 'NOT-A-DIGEST' }, 'args.notesDigest'],
    [{ event: EVENT, status: 'confirmed', planWritten: 1 }, 'args.planWritten'],
  ],
  cancel: [
    [{}, 'args.eventId'],
    [{ eventId: 'a b' }, 'args.eventId'],
  ],
  reconcile: [
    [{}, 'args.facts'],
    [{ facts: [{ eventId: 'e1', exists: true, start: 'tomorrow' }] }, 'args.facts.0.start'],
  ],
  viewer: [
    [{ eventId: 'e1', organizer: 'nobody' }, 'args.organizer'],
    [{ organizer: BEN }, 'args.eventId'],
    [{ eventId: 'e1', organizer: BEN, iCalUID: 'x'.repeat(1025) }, 'args.iCalUID'],
  ],
  dailyJob: [[{ install: 'yes' }, 'args.install']],
  admin: [[{ quarter: 2026 }, 'args.quarter']],
  markHeld: [
    [{ held: true }, 'args.eventId'],
    [{ eventId: 'ev-1', held: 'yes' }, 'args.held'],
  ],
  support: [[{ eventId: 'ev-2', organizer: 'nobody' }, 'args.organizer']],
};

/** Per op: well-formed args (refusals other than BAD_REQUEST are the op's own business). */
const WELL_FORMED: Record<GatewayOp, unknown> = {
  panel: { event: EVENT, facts: [{ eventId: 'ev-0', exists: false }] },
  book: { event: EVENT, status: 'pending' },
  cancel: { eventId: 'ev-1' },
  reconcile: { facts: [] },
  viewer: { eventId: 'ev-1', organizer: BEN },
  dailyJob: {},
  admin: { quarter: '2026-Q1' },
  markHeld: { eventId: 'ev-2', held: true },
  support: { eventId: 'ev-2', organizer: BEN },
};

let h: Harness;
beforeAll(() => {
  h = gatewayHarness({
    engagements: [
      {
        coachee: BEN,
        manager: 'lea@acme.test',
        coach: 'cora@coaches.test',
        program: 'quarterly',
        start: '2026-01-01',
        end: '2027-01-01',
      },
    ],
  });
});
afterAll(() => h.close());

test('every op of the table has cases here', () => {
  expect(Object.keys(MALFORMED)).toEqual(OPS);
  expect(Object.keys(WELL_FORMED)).toEqual(OPS);
});

test.each(OPS.flatMap((op) => MALFORMED[op].map(([args, field]) => [op, field, args] as const)))(
  '%s with a bad %s → BAD_REQUEST naming it, nothing touched',
  async (op, field, args) => {
    const { res, exec } = await h.call(BEN, op, args);
    expect(res).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining(` ${field} `), retryable: false },
    });
    expect(exec.counters.totalServiceCalls).toBe(0);
  },
);

// In the table's order: ben books ev-1 pending, then cancels it; then he says ev-2 took place, and lea, his manager, supports its goal.
test.each(OPS)('%s with well-formed args is answered', async (op) => {
  if (op === 'markHeld') {
    // Asked after a meeting's end: ben's ev-2, booked and then over (the clock only moves forward).
    const ev2 = event('ev-2', '2026-03-10T10:00:00+01:00');
    expect((await h.call(BEN, 'book', { event: ev2, status: 'confirmed' })).res.ok).toBe(true);
    h.world.advanceTo(Date.parse('2026-03-11T12:00:00Z'));
  }
  const caller = op === 'dailyJob' || op === 'admin' ? HR : op === 'support' ? 'lea@acme.test' : BEN;
  const { res } = await h.call(caller, op, WELL_FORMED[op]);
  expect(res.ok ? 'OK' : res.error.code).toBe('OK');
});
