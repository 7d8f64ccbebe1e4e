// Held or not (issue 14 item 2), through the BUILT bundles in the local runtime: the gateway's
// markHeld op (yes keeps it counted and no longer cancellable; no releases the allowance), the daily
// job presuming a meeting held 7 days after its end, and the coachee's panel and homepage asking
// "Did it take place?" only after the end.
import { readAudit, readLedger, usageFigures } from '../../src/local/host/company';
import type { AddonPanel } from '../../src/local/host/workspace';
import type { CardJson } from '../../src/local/cards';
import { ACTIONS } from '../../src/addon/views/names';
import { HELD_NO_LABEL, HELD_YES_LABEL, MOVE_NEW_TIME_LABEL, SCHEDULE_NEW_LABEL } from '../../src/addon/views/held';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario } from '../../src/local/scenario/runner';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANA, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';
import { callsInLock, event, gatewayHarness, type Harness } from './gateway-harness';

const BEN = 'ben@acme.test';
const quarterly = (coachee: string, manager: string) => ({
  coachee,
  manager,
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
});
const ENGAGEMENTS = [quarterly(BEN, 'lea@acme.test'), quarterly(ANA, 'mo@acme.test')];
const SPREADSHEET_CALLS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection)\./;

const codeOf = (r: { res: { ok: boolean; error?: { code: string } } }) => (r.res.ok ? 'OK' : r.res.error!.code);
const data = (r: { res: { ok: boolean; data?: any } }): any => {
  expect(r.res).toMatchObject({ ok: true });
  return r.res.data;
};
const ledger = (h: Harness) => readLedger(h.world, h.company.sheetId);
const at = (h: Harness, iso: string) => h.world.advanceTo(Date.parse(iso));

describe('markHeld, through the built gateway', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('yes: recorded as held; the cancel is then refused with MEETING_HELD; a repeat is fine', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS }, { now: '2026-03-02T09:00:00Z' });
    data(await h.call(BEN, 'book', { event: event('m1', '2026-03-10T10:00:00Z'), status: 'confirmed' }));
    // Before its end the question is not asked.
    expect(codeOf(await h.call(BEN, 'markHeld', { eventId: 'm1', held: true }))).toBe('HELD_TOO_EARLY');

    at(h, '2026-03-10T11:30:00Z');
    const yes = await h.call(BEN, 'markHeld', { eventId: 'm1', held: true });
    expect(data(yes)).toMatchObject({ changed: true, booking: { status: 'confirmed', held: 'yes' } });
    // Inside the lock: read the Index row, write one Ledger row and the Index row (no Usage change), flush.
    const inLock = Object.entries(callsInLock(yes.exec))
      .filter(([m]) => SPREADSHEET_CALLS.test(m))
      .reduce((n, [, c]) => n + c, 0);
    expect(inLock).toBeLessThanOrEqual(6);
    expect(ledger(h)).toEqual([expect.objectContaining({ eventId: 'm1', status: 'confirmed', held: 'yes' })]);
    // Audited with ids and codes only: the refusal before the end, then the answer.
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'markHeld')).toEqual([
      expect.objectContaining({ actor: BEN, eventId: 'm1', outcome: 'HELD_TOO_EARLY' }),
      expect.objectContaining({ actor: BEN, eventId: 'm1', outcome: 'held:yes' }),
    ]);

    expect(codeOf(await h.call(BEN, 'cancel', { eventId: 'm1' }))).toBe('MEETING_HELD');
    expect(data(await h.call(BEN, 'markHeld', { eventId: 'm1', held: true }))).toMatchObject({ changed: false });
    expect(codeOf(await h.call(BEN, 'markHeld', { eventId: 'm1', held: false }))).toBe('MEETING_HELD');
    expect(ledger(h)).toEqual([expect.objectContaining({ status: 'confirmed', held: 'yes' })]);
    // The panel's answer carries it (the add-on shows it as held).
    const panel = data(await h.call(BEN, 'panel', {}));
    expect(panel.bookings).toEqual([expect.objectContaining({ eventId: 'm1', held: 'yes' })]);
  });

  test('no: the allowance is free again (a second meeting in that quarter books); Usage follows', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS }, { now: '2026-03-02T09:00:00Z' });
    data(await h.call(BEN, 'book', { event: event('m1', '2026-03-03T10:00:00Z'), status: 'confirmed' }));
    expect(codeOf(await h.call(BEN, 'book', { event: event('m2', '2026-03-20T10:00:00Z'), status: 'confirmed' }))).toBe(
      'ALLOWANCE_USED',
    );

    at(h, '2026-03-04T08:00:00Z');
    const no = data(await h.call(BEN, 'markHeld', { eventId: 'm1', held: false }));
    expect(no).toMatchObject({ changed: true, booking: { status: 'cancelled', held: 'no' } });
    expect(no.allowance).toMatchObject({ used: 0, limit: 1, quarter: { key: '2026-Q1' } });
    expect(ledger(h)).toEqual([
      expect.objectContaining({ eventId: 'm1', status: 'cancelled', reason: 'not-held', held: 'no' }),
    ]);
    expect(usageFigures(h.world, h.company.sheetId, '2026-Q1')).toEqual([
      expect.objectContaining({ confirmed: 0, cancelled: 1 }),
    ]);
    // A repeat answer is fine; a yes after the no is refused (it no longer counts).
    expect(data(await h.call(BEN, 'markHeld', { eventId: 'm1', held: false }))).toMatchObject({ changed: false });
    expect(codeOf(await h.call(BEN, 'markHeld', { eventId: 'm1', held: true }))).toBe('MEETING_NOT_HELD');

    data(await h.call(BEN, 'book', { event: event('m2', '2026-03-20T10:00:00Z'), status: 'confirmed' }));
    expect(ledger(h).map((r) => [r.eventId, r.status])).toEqual([
      ['m1', 'cancelled'],
      ['m2', 'confirmed'],
    ]);
    expect(usageFigures(h.world, h.company.sheetId, '2026-Q1')).toEqual([
      expect.objectContaining({ confirmed: 1, cancelled: 1 }),
    ]);
  });

  test('only the coachee, on their own booking: another coachee cannot answer for it', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS }, { now: '2026-03-02T09:00:00Z' });
    data(await h.call(BEN, 'book', { event: event('m1', '2026-03-03T10:00:00Z'), status: 'confirmed' }));
    data(await h.call(ANA, 'book', { event: event('a1', '2026-03-05T10:00:00Z'), status: 'confirmed' }));
    at(h, '2026-03-04T08:00:00Z');
    expect(codeOf(await h.call(ANA, 'markHeld', { eventId: 'm1', held: false }))).toBe('BOOKING_NOT_FOUND');
    expect(codeOf(await h.call('lea@acme.test', 'markHeld', { eventId: 'm1', held: false }))).toBe('BOOKING_NOT_FOUND');
    expect(codeOf(await h.call(BEN, 'markHeld', { eventId: 'm1', held: 'no' }))).toBe('BAD_REQUEST');
    expect(ledger(h).map((r) => [r.eventId, r.status, r.held])).toEqual([
      ['m1', 'confirmed', ''],
      ['a1', 'confirmed', ''],
    ]);
  });

  test('the daily job presumes a meeting held 7 days after its end without an answer, not before', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    data(await h.call(BEN, 'book', { event: event('m1', '2026-03-03T10:00:00Z'), status: 'confirmed' }));
    data(await h.call(ANA, 'book', { event: event('a1', '2026-03-03T12:00:00Z'), status: 'confirmed' }));
    at(h, '2026-03-04T08:00:00Z');
    data(await h.call(ANA, 'markHeld', { eventId: 'a1', held: true }));

    at(h, '2026-03-10T10:00:00Z');
    await h.dailyJob(); // 6 days 23 hours after the end: not yet
    expect(ledger(h).map((r) => r.held)).toEqual(['', 'yes']);

    at(h, '2026-03-10T11:00:00Z');
    await h.dailyJob();
    expect(ledger(h).map((r) => [r.eventId, r.status, r.held])).toEqual([
      ['m1', 'confirmed', 'presumed'],
      ['a1', 'confirmed', 'yes'],
    ]);
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.outcome === 'held:presumed')).toEqual([
      expect.objectContaining({ op: 'presumeHeld', eventId: 'm1' }),
    ]);
    // Presumed held: no longer given back, and the coachee's late "No" is refused.
    expect(codeOf(await h.call(BEN, 'cancel', { eventId: 'm1' }))).toBe('MEETING_HELD');
    expect(codeOf(await h.call(BEN, 'markHeld', { eventId: 'm1', held: false }))).toBe('MEETING_HELD');
    expect(usageFigures(h.world, h.company.sheetId, '2026-Q1')).toEqual([
      expect.objectContaining({ confirmed: 2, cancelled: 0 }),
    ]);

    at(h, '2026-03-11T11:00:00Z');
    await h.dailyJob(); // nothing written twice
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.outcome === 'held:presumed')).toHaveLength(1);
  });
});

describe('"Did it take place?" on the coachee\'s panel and homepage, through the built add-on', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });
  const held = (v: 'yes' | 'no') => ({ fn: ACTIONS.markHeld, params: { held: v } });
  const asks = (p: AddonPanel) =>
    p.hasButtonFor(ACTIONS.markHeld, { held: 'yes' }) && p.hasButtonFor(ACTIONS.markHeld, { held: 'no' });
  const cancels = (p: AddonPanel) => p.hasButtonFor(ACTIONS.cancel);
  const row = () => readLedger(s.ws.world, s.sheetId)[0]!;

  test('asked only after the end; Yes marks it held, and its panel then shows no question and no cancel', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect((await confirm(panel)).crash).toBeNull();
    expect(asks(panel)).toBe(false);
    expect(cancels(panel)).toBe(true);

    // During the meeting: still not asked.
    s.ws.world.advanceTo(Date.parse('2026-03-03T16:30:00Z'));
    const during = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await during.open();
    expect(asks(during)).toBe(false);

    s.ws.world.advanceTo(Date.parse('2026-03-03T17:00:00Z'));
    const after = s.ws.calendarPanel(ANA, { eventId: ev.id });
    expect((await after.open()).crash).toBeNull();
    expect(asks(after)).toBe(true);
    expect(cancels(after)).toBe(false);
    const yes = await after.press(held('yes'));
    expect(yes.crash).toBeNull();
    expect(calls(after, 'UrlFetchApp.fetch')).toBe(1); // one round trip: markHeld
    expect(row()).toMatchObject({ status: 'confirmed', held: 'yes' });

    tick(s.ws);
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(again.last!.crash).toBeNull();
    expect(asks(again)).toBe(false);
    expect(cancels(again)).toBe(false);
  });

  test('No gives the allowance back and offers to move it within its quarter; moving books it again', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel);
    s.ws.world.advanceTo(Date.parse('2026-03-03T17:00:00Z'));
    const after = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await after.open();
    const no = await after.press(held('no'));
    expect(no.crash).toBeNull();
    expect(row()).toMatchObject({ status: 'cancelled', reason: 'not-held', held: 'no' });
    // Its quarter (and the initial meeting's month 2) still has days left: the same event can move.
    expect(after.text()!.buttons).toContain(MOVE_NEW_TIME_LABEL);
    expect((await after.press(MOVE_NEW_TIME_LABEL)).crash).toBeNull();
    expect(after.card?.name).toBe('suggestions');
    const pick = firstSlot(after.card!);
    expect(Number(pick.parameters.start)).toBeGreaterThan(s.ws.world.now());
    expect((await after.runAction(pick)).crash).toBeNull();
    expect(after.card?.name).toBe('moved');
    const moved = row();
    expect(moved).toMatchObject({ eventId: ev.id, status: 'confirmed', held: '' });
    expect(Date.parse(moved.start)).toBe(Number(pick.parameters.start));
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(1);
  });

  test('No when its quarter is over: "Schedule a new time" opens the homepage schedule form', async () => {
    s = setup({ quarters: 'calendar', now: '2026-03-30T13:00:00Z' });
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-30T11:00:00-04:00');
    await confirm(panel);
    s.ws.world.advanceTo(Date.parse('2026-04-02T13:00:00Z'));
    const after = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await after.open();
    expect((await after.press(held('no'))).crash).toBeNull();
    expect(after.text()!.buttons).not.toContain(MOVE_NEW_TIME_LABEL);
    expect(after.text()!.buttons).toContain(SCHEDULE_NEW_LABEL);
    expect((await after.press(SCHEDULE_NEW_LABEL)).crash).toBeNull();
    expect(after.hasButtonFor(ACTIONS.schedule)).toBe(true);
  });

  test('the homepage asks about the latest past meeting not answered yet, and only after its end', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel);
    tick(s.ws);
    const before = s.ws.homepage(ANA);
    await before.open();
    expect(before.last!.crash).toBeNull();
    expect(asks(before)).toBe(false);

    s.ws.world.advanceTo(Date.parse('2026-03-04T14:00:00Z'));
    const home = s.ws.homepage(ANA, 'GMAIL');
    await home.open();
    expect(asks(home)).toBe(true);
    expect(home.hasButtonFor(ACTIONS.markHeld, { eventId: ev.id, held: 'yes' })).toBe(true);
    expect((await home.press(held('yes'))).crash).toBeNull();
    expect(row()).toMatchObject({ held: 'yes' });

    tick(s.ws);
    const again = s.ws.homepage(ANA);
    await again.open();
    expect(asks(again)).toBe(false);
  });
});

/** The first suggestion's button on a suggestions card (its function and parameters). */
function firstSlot(card: CardJson) {
  for (const sec of card.sections ?? [])
    for (const w of sec.widgets ?? []) {
      const a = w.decoratedText?.button?.onClick.action;
      if (a)
        return {
          function: a.function,
          parameters: Object.fromEntries((a.parameters ?? []).map((p) => [p.key, p.value])) as Record<string, string>,
        };
    }
  throw new Error('no suggestion on the card');
}

describe("the scenario step markHeld and the ledger's held (test/scenarios/held-or-not.json)", () => {
  test('asked after the end only; No frees the quarter; unanswered, presumed held by the daily job 7 days on', async () => {
    const file = join(__dirname, '..', 'scenarios', 'held-or-not.json');
    const o = await runScenario(parseScenario(JSON.parse(readFileSync(file, 'utf8'))));
    const [, , early, no, , second, asked, late, cancel] = o.steps;
    expect(early).toMatchObject({ do: 'markHeld', ok: false }); // before the end: not asked
    expect(no).toMatchObject({ do: 'markHeld', ok: true });
    expect(second).toMatchObject({ do: 'confirm', ok: true }); // the quarter's meeting is free again
    expect(asked!.card!.buttons).toEqual(expect.arrayContaining([HELD_YES_LABEL, HELD_NO_LABEL]));
    expect(late).toMatchObject({ do: 'markHeld', ok: false }); // presumed held: no longer asked
    expect(cancel).toMatchObject({ do: 'cancel', ok: false });
    expect(o.ledger.map((r) => [r.event, r.status, r.held])).toEqual([
      ['first', 'cancelled', false],
      ['second', 'confirmed', true],
    ]);
    expect(o.usage).toEqual([expect.objectContaining({ quarter: '2026-Q1', confirmed: 1, cancelled: 1 })]);
  });
});
