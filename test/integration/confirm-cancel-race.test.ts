// Confirm ("Update") and Cancel pressed at the same moment in two windows, through the BUILT add-on
// and gateway in the local runtime, as two truly simultaneous executions (worker threads). Each
// action writes twice (the gateway's ledger, then the event's notes); interleaved, each could report
// success while the other won, and leave notes that disagree with the booking. Round after round:
// the notes match the booking, the answer that arrives last matches the final state, and an answer
// the other action overtook is followed by one that says so.
import { readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import { parseBlock } from '../../src/core/description';
import { ACTIONS } from '../../src/addon/views/names';
import { scenarioFormValues } from '../../src/addon/form';
import { ANA, FORM, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

/** Calendar and gateway calls take a few milliseconds, as on Google, so the two executions overlap. */
const LATENCY = (m: string) =>
  /^(Calendar|UrlFetchApp)\./.test(m) ? 15 : /^(SpreadsheetApp|Sheet|Range)\./.test(m) ? 2 : 0;
const ROUNDS = 6;
const MEANWHILE = /finished just before this one/;

describe('confirm and cancel pressed at the same moment', () => {
  let s: Setup;
  afterEach(async () => s?.ws.close());

  test('every round: the notes match the booking, and the answer that arrives last is the final state', async () => {
    s = setup({ workspace: { callLatencyMs: LATENCY, deadlineMs: 60_000 } });
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: 'Mine' });
    expect((await confirm(panel)).notification).toMatch(/^Confirmed/);
    for (let round = 0; round < ROUNDS; round++) {
      tick(s.ws);
      // Both windows show the booked meeting (Update and Cancel).
      const a = s.ws.calendarPanel(ANA, { eventId: ev.id });
      const b = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await a.open();
      await b.open();
      // Window b asks to stop counting it (the card that says what will happen); its yes races the update.
      await b.press({ fn: ACTIONS.cancel, params: { how: 'counting' } });
      const order: string[] = [];
      const endedAt: Record<string, number> = {};
      const goal = `Round ${round}: lead the launch`;
      const [update, cancel] = await Promise.all([
        a.press({ fn: ACTIONS.confirm }, scenarioFormValues({ ...FORM, goal })).then((r) => {
          order.push('update');
          endedAt.update = Date.now();
          return r;
        }),
        b.press({ fn: ACTIONS.cancel, params: { sure: '1' } }).then((r) => {
          order.push('cancel');
          endedAt.cancel = Date.now();
          return r;
        }),
      ]);
      expect(update.crash).toBeNull();
      expect(cancel.crash).toBeNull();
      const row = readLedger(s.ws.world, s.sheetId).find((r) => r.eventId === ev.id)!;
      const active = row.status === 'confirmed' || row.status === 'pending';
      const description = String((cal.getCopy(s.ws.world, ANA, ev.id) as { description?: string }).description ?? '');
      const notes = parseBlock(description);
      const said = { update: update.notification ?? '', cancel: cancel.notification ?? '' };
      const claims = {
        update: /^(Confirmed|Updated|Your alignment meeting is booked)/.test(said.update),
        cancel: false,
      };
      claims.cancel = /^Cancelled/.test(said.cancel);
      const report = `round ${round}: order ${order.join(' then ')}, ledger ${row.status}, notes ${notes.found}; update said "${said.update}"; cancel said "${said.cancel}"`;
      // The event's notes agree with the booking: there while it counts, gone once cancelled.
      expect({ report, notes: notes.found }).toEqual({ report, notes: active });
      if (active) expect({ report, goal: notes.meeting?.goal }).toEqual({ report, goal });
      // The answer that arrives last claims the final state.
      const last = order[1] as 'update' | 'cancel';
      expect({ report, claim: claims[last] }).toEqual({ report, claim: last === 'update' ? active : !active });
      // The other one was overtaken while both ran: the last answer says the state changed meanwhile.
      // (Under a very loaded machine one may finish before the other starts: then nothing overlapped.)
      const first = order[0] as 'update' | 'cancel';
      const firstHolds = first === 'update' ? active : !active;
      const lastStarted = endedAt[last]! - (last === 'update' ? update : cancel).execution.wallMs;
      if (claims[first] && !firstHolds && lastStarted < endedAt[first]!)
        expect({ report, said: said[last] }).toEqual({ report, said: expect.stringMatching(MEANWHILE) });
      // Back to a booked meeting for the next round.
      if (!active) {
        tick(s.ws);
        const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
        await again.open();
        expect((await confirm(again)).notification).toMatch(/^Confirmed/);
      }
    }
  });
});
