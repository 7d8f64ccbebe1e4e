// Issue 11 items 5 and 6, played as scenarios through the BUILT add-on and gateway in the local
// runtime: a meeting on a secondary calendar is asked of that calendar (never released for lack of
// it on the primary one), and guests can neither hide the meeting from the manager nor rewrite it
// unseen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '../../src/core/errors';
import * as cal from '../../src/local/runtime/backends/calendar';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';
import { ANA, CORA, confirm, FORM as ANA_FORM, MO, savedEventPanel, setup } from './addon-helpers';

const said = (r: StepResult) =>
  [r.notification, r.error, r.card?.title, ...(r.card?.text ?? [])].filter(Boolean).join(' ');

const COMPANY = {
  domain: 'acme.test',
  timeZone: 'Europe/Berlin',
  quarters: 'calendar' as const,
  admins: ['hr@acme.test'],
  toolkitUrl: 'https://docs.google.com/document/d/acme-toolkit/edit',
};
const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
};
const FORM = { goal: 'Grow as a people manager', agenda: ['Goal', 'Support I need'], coachRole: 'observe' };
const SIDE = 'ben-side@group.calendar.google.com';

async function play(steps: unknown[]): Promise<ScenarioOutput> {
  return runScenario(
    parseScenario({ name: 'booking truth', now: '2026-04-06T08:00:00Z', company: COMPANY, engagements: [BEN], steps }),
  );
}

describe('a meeting on a secondary calendar', () => {
  test('is booked through that calendar and survives later panel opens; the manager still gets the panel', async () => {
    const o = await play([
      // Ben invites Lea himself: the calendar is the organizer, and Ben is not a guest on his primary calendar.
      {
        as: BEN.coachee,
        do: 'createEvent',
        event: 'e1',
        title: 'CCM',
        start: '2026-04-20T10:00:00+02:00',
        minutes: 60,
        attendees: [BEN.manager],
        calendar: SIDE,
      },
      { as: BEN.coachee, do: 'confirm', event: 'e1', form: FORM },
      // Every later open reports what it knows of the coachee's bookings: the homepage, another event, e1 again.
      { as: BEN.coachee, do: 'openHomepage' },
      {
        as: BEN.coachee,
        do: 'createEvent',
        event: 'other',
        title: 'Lunch',
        start: '2026-04-21T12:00:00+02:00',
        minutes: 60,
      },
      { as: BEN.coachee, do: 'openPanel', event: 'other' },
      { as: BEN.coachee, do: 'openPanel', event: 'e1' },
      { as: BEN.coachee, do: 'openHomepage' },
      { as: BEN.manager, do: 'openInvite', event: 'e1', via: 'calendar' },
    ]);
    expect(o.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true, true, true]);
    expect(o.events.e1!.organizer).toBe(SIDE);
    expect(o.events.e1!.attendees).not.toContain(BEN.coachee);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([['e1', 'confirmed']]);
    // The manager's panel, recognised through the Ledger although the organizer is the calendar.
    expect(said(o.steps[7]!)).toContain('Grow as a people manager');
  });

  test("the runner: another person's secondary calendar is refused as Calendar refuses it", async () => {
    const o = await play([
      {
        as: BEN.coachee,
        do: 'createEvent',
        event: 'e1',
        title: 'x',
        start: '2026-04-20T10:00:00+02:00',
        minutes: 60,
        calendar: SIDE,
      },
      {
        as: BEN.manager,
        do: 'createEvent',
        event: 'e2',
        title: 'x',
        start: '2026-04-20T10:00:00+02:00',
        minutes: 60,
        calendar: SIDE,
      },
    ]);
    expect(o.steps.map((s) => s.ok)).toEqual([true, false]);
    expect(o.steps[1]!.error).toMatch(/Not Found/);
  });

  test('deleting it from that calendar still releases the booking', async () => {
    const o = await play([
      {
        as: BEN.coachee,
        do: 'createEvent',
        event: 'e1',
        title: 'CCM',
        start: '2026-04-20T10:00:00+02:00',
        minutes: 60,
        calendar: SIDE,
      },
      { as: BEN.coachee, do: 'confirm', event: 'e1', form: FORM },
      { as: BEN.coachee, do: 'deleteEvent', event: 'e1' },
      { as: BEN.coachee, do: 'openHomepage' },
    ]);
    expect(o.steps.every((s) => s.ok)).toBe(true);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([['e1', 'cancelled']]);
  });
});

describe('guests cannot hide or rewrite the meeting', () => {
  test('a guest clearing the shared marker does not turn the manager’s panel into the generic card', async () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../scenarios/guest-clears-marker.json'), 'utf8'));
    const o = await runScenario(parseScenario(file));
    expect(o.steps.map((s) => [s.do, s.ok])).toEqual([
      ['createEvent', true],
      ['confirm', true],
      ['editEvent', true],
      ['openInvite', true],
      ['openInvite', true],
      // Confirm made the guests' copies read-only and closed the guest list: Calendar refuses both.
      ['editEvent', false],
      ['editEvent', false],
      ['openPanel', true],
    ]);
    expect(o.events.e1!.shared).toEqual({});
    expect(said(o.steps[3]!)).toContain('Grow as a people manager');
    expect(said(o.steps[4]!)).toContain('Grow as a people manager');
    expect(o.steps[5]!.error).toMatch(/organizer/);
    expect(o.events.e1!.attendees).not.toContain('hr@acme.test');
    expect(o.events.e1!.description).toContain('Grow as a people manager');
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([['e1', 'confirmed']]);
  });

  test("the runner: editEvent edits the person's copy as Calendar allows, and says why when it cannot", async () => {
    const o = await play([
      {
        as: BEN.coachee,
        do: 'createEvent',
        event: 'e1',
        title: 'x',
        start: '2026-04-20T10:00:00+02:00',
        minutes: 60,
        attendees: [BEN.manager],
        save: false,
      },
      { as: BEN.coachee, do: 'editEvent', event: 'e1', title: 'Not saved yet' },
      { as: BEN.coachee, do: 'saveEvent', event: 'e1' },
      { as: BEN.coachee, do: 'editEvent', event: 'e1', title: 'Renamed', description: 'Mine' },
      { as: BEN.manager, do: 'editEvent', event: 'e1', title: 'Hijacked' },
      { as: BEN.manager, do: 'editEvent', event: 'e1', attendees: [BEN.coachee, BEN.manager, 'pat@acme.test'] },
      { as: BEN.coach, do: 'editEvent', event: 'e1', title: 'x' },
    ]);
    expect(o.steps.map((s) => s.ok)).toEqual([true, false, true, true, false, true, false]);
    expect(o.steps[1]!.error).toMatch(/not been saved/);
    expect(o.steps[4]!.error).toMatch(/organizer/);
    // Not invited: Calendar does not know the event on the coach's calendar.
    expect(o.steps[6]!.error).toMatch(/no event|Not Found/);
    expect(o.events.e1).toMatchObject({ description: 'Mine' });
    expect(o.events.e1!.attendees).toContain('pat@acme.test'); // guests may invite others by default
  });

  test("confirm takes the guests' modify and invite permissions away", async () => {
    const { ws } = setup({ now: '2026-02-20T14:00:00Z' });
    try {
      const ev = cal.createEvent(ws.world, ANA, {
        summary: 'Alignment',
        start: '2026-03-10T15:00:00-04:00',
        end: '2026-03-10T16:00:00-04:00',
        guestsCanModify: true,
      });
      const panel = ws.calendarPanel(ANA, { eventId: ev.id });
      await panel.open();
      await confirm(panel);
      const stored = cal.getSharedEvent(ws.world, ev.id)!;
      expect([stored.guestsCanModify, stored.guestsCanInviteOthers]).toEqual([false, false]);
    } finally {
      await ws.close();
    }
  });

  test('a goal rewritten by a guest (where permitted) is shown as changed to the manager, the coach and the coachee', async () => {
    const { ws } = setup({ now: '2026-02-20T14:00:00Z' });
    try {
      const { ev, panel } = await savedEventPanel(ws, '2026-03-10T15:00:00-04:00');
      await confirm(panel);
      const viewerText = async (who: string) => {
        const p = ws.calendarPanel(who, { eventId: ev.id });
        expect((await p.open()).crash).toBeNull();
        return JSON.stringify(p.text());
      };
      expect(await viewerText(MO)).not.toContain(ERRORS.NOTES_CHANGED.message);
      // The organizer lets guests modify the event again (by hand, in Calendar); the manager rewrites the goal.
      cal.changeEvent(ws.world, ANA, ev.id, { guestsCanModify: true });
      const before = cal.getCopy(ws.world, MO, ev.id)!.description as string;
      cal.changeEvent(ws.world, MO, ev.id, { description: before.replace(ANA_FORM.goal, 'Fix the reorganisation') });
      const mo = await viewerText(MO);
      expect(mo).toContain('Fix the reorganisation');
      expect(mo).toContain(ERRORS.NOTES_CHANGED.message);
      expect(await viewerText(CORA)).toContain(ERRORS.NOTES_CHANGED.message);
      // The coachee's own panel says so too (from the digest on her own copy).
      const mine = ws.calendarPanel(ANA, { eventId: ev.id });
      await mine.open();
      expect(JSON.stringify(mine.text())).toContain(ERRORS.NOTES_CHANGED.message);
    } finally {
      await ws.close();
    }
  });
});
