// Issue 13 items 4-6 through the BUILT add-on and gateway: two clear ways to cancel, each through a card
// that says what will happen (a meeting that took place is never given back from the panel); extra
// guests named before booking and the event made private; guests mailed only when the meeting becomes
// a CCM meeting, someone is added or its time changes (the manager's inbox counted in the runtime's Gmail).
import { readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput } from '../../src/local/scenario/runner';
import { SHARED_MARKER_KEY } from '../../src/core/description';
import { ERRORS } from '../../src/core/errors';
import { ACTIONS } from '../../src/addon/views/names';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';
import { ANA, MO, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';
import { event, gatewayHarness } from './gateway-harness';

const BEN = 'ben@acme.test';
const LEA = 'lea@acme.test';
const PAT = 'pat@acme.test';
const PLAN = { goal: 'Grow as a people manager', agenda: ['Goal', 'Support I need'], coachRole: 'observe' };

const play = (steps: unknown[]): Promise<ScenarioOutput> =>
  runScenario(
    parseScenario({
      name: 'cancel, guests and mail',
      now: '2026-04-06T08:00:00Z',
      company: { domain: 'acme.test', timeZone: 'Europe/Berlin', quarters: 'calendar', admins: ['hr@acme.test'] },
      engagements: [
        {
          coachee: BEN,
          manager: LEA,
          coach: 'cora@coaches.test',
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        },
      ],
      steps,
    }),
  );
const as = (step: Record<string, unknown>) => ({ as: BEN, ...step });
const mailTo = (out: ScenarioOutput, who: string) => out.mail.filter((m) => m.to === who);
const statuses = (out: ScenarioOutput, name: string) => out.ledger.filter((r) => r.event === name).map((r) => r.status);

describe('item 4: two clear cancels, each through a confirmation card', () => {
  test('"meeting" cancels the event for everyone with Calendar\'s own mail; "counting" keeps it, without mail', async () => {
    const out = await play([
      as({ do: 'createEvent', event: 'a', start: '2026-04-14T10:00:00+02:00', minutes: 60, title: 'CCM' }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
      as({ do: 'cancel', event: 'a', how: 'meeting' }),
      as({
        do: 'createEvent',
        event: 'b',
        start: '2026-04-16T10:00:00+02:00',
        minutes: 60,
        title: 'CCM',
        description: 'My own notes',
      }),
      as({ do: 'confirm', event: 'b', form: PLAN }),
      as({ do: 'cancel', event: 'b', how: 'counting' }),
    ]);
    expect(out.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true]);
    // Cancelled for everyone: gone from the calendar, the manager told by Calendar, the allowance back.
    expect(out.events.a!.exists).toBe(false);
    expect(statuses(out, 'a')).toEqual(['cancelled']);
    // Stop counting: the event, its guests and the coachee's own text stay; the block and the marker go.
    expect(out.events.b).toMatchObject({ exists: true, description: 'My own notes', shared: {} });
    expect(out.events.b!.attendees).toEqual(expect.arrayContaining([LEA, 'cora@coaches.test']));
    expect(statuses(out, 'b')).toEqual(['cancelled']);
    // The manager's inbox: a's invitation and Calendar's cancellation; b's invitation, and nothing when b
    // stopped counting ("b" was booked in the quarter "a" gave back).
    expect(mailTo(out, LEA).map((m) => m.subject.split(':')[0])).toEqual([
      'Invitation',
      'Canceled event',
      'Invitation',
    ]);
  });

  test('"meeting": Calendar first, then the allowance; a gateway that fails after the delete is settled at the next open', async () => {
    const out = await play([
      as({ do: 'createEvent', event: 'a', start: '2026-04-14T10:00:00+02:00', minutes: 60, title: 'CCM' }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
      { do: 'fault', service: 'gateway', method: 'cancel', status: 503 },
      as({ do: 'cancel', event: 'a', how: 'meeting' }),
      as({ do: 'openHomepage' }),
    ]);
    // The event is gone for everyone, but the release was not confirmed: the step says so...
    expect(out.steps[3]!.ok).toBe(false);
    expect(out.events.a!.exists).toBe(false);
    // ...and the next open sees Calendar's definite "gone" and gives the allowance back.
    expect(out.steps[4]!.ok).toBe(true);
    expect(statuses(out, 'a')).toEqual(['cancelled']);
  });

  test('the choice card changes nothing until the yes; "Go back" returns to the panel', async () => {
    const s: Setup = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      await confirm(panel);
      tick(s.ws);
      const mailBefore = gmail.mailbox(s.ws.world, MO).length;
      const asked = await panel.press({ fn: ACTIONS.cancel, params: { how: 'meeting' } });
      expect(asked.crash).toBeNull();
      expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
      expect(calls(panel, 'Calendar.Events.remove')).toBe(0);
      expect(panel.hasButtonFor(ACTIONS.cancel, { how: 'meeting', sure: '1' })).toBe(true);
      expect(readLedger(s.ws.world, s.sheetId).map((r) => r.status)).toEqual(['confirmed']);
      expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).status).toBe('confirmed');
      expect(gmail.mailbox(s.ws.world, MO)).toHaveLength(mailBefore);
      await panel.press({ fn: ACTIONS.retry });
      expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
      expect(panel.hasButtonFor(ACTIONS.cancel, { how: 'counting' })).toBe(true);
    } finally {
      await s.ws.close();
    }
  });

  test('a meeting whose end has passed is not given back from the panel: no button, and a stale yes is refused', async () => {
    const out = await play([
      as({ do: 'createEvent', event: 'a', start: '2026-04-14T10:00:00+02:00', minutes: 60, title: 'CCM' }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
      as({ at: '2026-04-14T09:00:01Z', do: 'cancel', event: 'a' }),
    ]);
    expect(out.steps[2]!.ok).toBe(false);
    expect(out.steps[2]!.card!.text.join(' ')).toContain(ERRORS.MEETING_TOOK_PLACE.message);
    expect(statuses(out, 'a')).toEqual(['confirmed']);

    const s: Setup = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      await confirm(panel);
      tick(s.ws);
      await panel.press({ fn: ACTIONS.cancel, params: { how: 'counting' } });
      // The card stays open past the meeting's end; then the coachee presses yes.
      s.ws.world.advanceTo(Date.parse('2026-03-03T17:00:00Z'));
      const late = await panel.press({ fn: ACTIONS.cancel, params: { sure: '1' } });
      expect(late.crash).toBeNull();
      expect(late.notification).toBe(ERRORS.MEETING_TOOK_PLACE.message);
      expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
      expect(calls(panel, 'Calendar.Events.patch')).toBe(0);
      expect(readLedger(s.ws.world, s.sheetId).map((r) => r.status)).toEqual(['confirmed']);
      expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).extendedProperties.shared[SHARED_MARKER_KEY]).toBe('1');
    } finally {
      await s.ws.close();
    }
  });

  test('the gateway refuses to give back a booking whose end has passed (rule in core)', async () => {
    const h = gatewayHarness(
      {
        engagements: [
          {
            coachee: BEN,
            manager: LEA,
            coach: 'cora@coaches.test',
            program: 'quarterly',
            start: '2026-01-01',
            end: '2027-01-01',
          },
        ],
      },
      { now: '2026-03-02T09:00:00Z' },
    );
    try {
      const booked = await h.call(BEN, 'book', { event: event('b1', '2026-03-02T10:00:00Z'), status: 'confirmed' });
      expect(booked.res.ok).toBe(true);
      h.world.advanceTo(Date.parse('2026-03-02T11:00:00Z'));
      const { res } = await h.call(BEN, 'cancel', { eventId: 'b1' });
      expect(res.ok ? 'cancelled' : res.error.code).toBe('MEETING_TOOK_PLACE');
      expect(readLedger(h.world, h.company.sheetId).map((r) => r.status)).toEqual(['confirmed']);
    } finally {
      await h.close();
    }
  });
});

describe('item 5: other guests are named before booking, and the event is private', () => {
  test('an extra guest makes the review card appear (nothing booked); booking anyway makes the event private', async () => {
    const s: Setup = setup();
    try {
      s.ws.world.addUser({ email: PAT, name: 'Pat', domain: 'acme.test', timeZone: 'America/New_York' });
      const { ev } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      const draft = s.ws.openEditor(ANA, ev.id);
      cal.updateDraft(s.ws.world, draft, { attendees: [PAT] });
      cal.saveDraft(s.ws.world, draft);
      const fresh = s.ws.calendarPanel(ANA, { eventId: ev.id });
      await fresh.open();
      const reviewed = await confirm(fresh);
      expect(reviewed.crash).toBeNull();
      expect(fresh.hasButtonFor(ACTIONS.bookAnyway)).toBe(true);
      expect(fresh.text()!.text.join(' ')).toContain(PAT);
      expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
      expect(calls(fresh, 'Calendar.Events.patch')).toBe(0);
      const booked = await fresh.press({ fn: ACTIONS.bookAnyway });
      expect(booked.notification).toMatch(/^Confirmed/);
      expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).visibility).toBe('private');
    } finally {
      await s.ws.close();
    }
  });

  test('without other guests there is no review card; the event is private and the panel says so', async () => {
    const s: Setup = setup();
    try {
      const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
      const done = await confirm(panel);
      expect(done.notification).toMatch(/^Confirmed/);
      expect((cal.getCopy(s.ws.world, ANA, ev.id) as any).visibility).toBe('private');
      expect(panel.text()!.text).toContain(COACHEE_TEXT.privateNote);
    } finally {
      await s.ws.close();
    }
  });
});

describe('item 6: no invitation noise (the manager inbox counted)', () => {
  test('panel flow: the invitation at save and the update at confirm; later plan edits send nothing', async () => {
    const out = await play([
      as({ do: 'createEvent', event: 'a', start: '2026-04-14T10:00:00+02:00', minutes: 60, title: 'CCM', save: false }),
      as({ do: 'openPanel', event: 'a' }),
      as({ do: 'addParticipants', event: 'a' }),
      as({ do: 'saveEvent', event: 'a' }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
      as({ do: 'confirm', event: 'a', form: { ...PLAN, goal: 'Lead the team through the launch' } }),
      as({ do: 'confirm', event: 'a', form: { ...PLAN, agenda: ['Only this now'] } }),
      { as: LEA, do: 'openInvite', event: 'a', via: 'gmail' },
    ]);
    expect(out.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true, true, true]);
    expect(mailTo(out, LEA).map((m) => m.subject.split(':')[0])).toEqual(['Invitation', 'Updated invitation']);
    // The manager reads the current plan in the panel, which says when the event last changed.
    const seen = out.steps[7]!.card!.text;
    expect(seen.join('\n')).toContain('Only this now');
    expect(seen.some((t) => t.startsWith('Last updated '))).toBe(true);
  });

  test('a changed time is announced once more; homepage scheduling sends exactly one message', async () => {
    const out = await play([
      as({ do: 'schedule', event: 's', start: '2026-04-14T08:00:00Z', minutes: 60, form: PLAN }),
      as({ do: 'confirm', event: 's', form: { ...PLAN, goal: 'Lead the team through the launch' } }),
    ]);
    expect(out.steps.map((s) => s.ok)).toEqual([true, true]);
    expect(mailTo(out, LEA)).toHaveLength(1);

    const moved = await play([
      as({ do: 'createEvent', event: 'a', start: '2026-04-14T10:00:00+02:00', minutes: 60, title: 'CCM' }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
      as({ do: 'moveEvent', event: 'a', start: '2026-04-15T10:00:00+02:00' }),
      as({ do: 'confirm', event: 'a', form: { ...PLAN, goal: 'Lead the team through the launch' } }),
      as({ do: 'confirm', event: 'a', form: PLAN }),
    ]);
    // Invitation at confirm; the move (Calendar's own update); the add-on's update for the new time; then silence.
    expect(mailTo(moved, LEA).map((m) => m.subject.split(':')[0])).toEqual([
      'Invitation',
      'Updated invitation',
      'Updated invitation',
    ]);
  });
});
