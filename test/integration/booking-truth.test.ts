// Issue 11 items 5 and 6, played as scenarios through the BUILT add-on and gateway in the local
// runtime: a meeting on a secondary calendar is asked of that calendar (never released for lack of
// it on the primary one), and guests can neither hide the meeting from the manager nor rewrite it
// unseen.
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';

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
