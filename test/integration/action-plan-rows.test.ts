// Issue 13 item 9, through the built bundles: the action plan as rows (step, owner dropdown, due
// date picker), "Add a step" keeping what was typed, problems shown next to their row, and the
// description block still written (and read) in its readable format.
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { readLedger } from '../../src/local/host/company';
import { parseBlock, renderBlock } from '../../src/core/description';
import { MEETING_DEFINITION } from '../../src/core/toolkit';
import { MEETING_LIMITS } from '../../src/core/meeting';
import { ACTIONS } from '../../src/addon/views/names';
import { ANA, FORM, MO, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

type Json = Record<string, any>;

/** The card's widgets in order: "in:NAME" for an input, "p:TEXT" for a paragraph. */
function layout(card: unknown): string[] {
  const out: string[] = [];
  for (const section of (card as Json).sections ?? [])
    for (const w of section.widgets ?? []) {
      const input = w.textInput ?? w.selectionInput ?? w.dateTimePicker;
      if (input) out.push(`in:${input.name}`);
      else if (w.textParagraph) out.push(`p:${w.textParagraph.text}`);
    }
  return out;
}

const inputs = (p: {
  text(): { inputs: { name: string; kind: string; value?: unknown; items?: { value: string }[] }[] } | null;
}) => Object.fromEntries(p.text()!.inputs.map((i) => [i.name, i]));

describe('the action plan as rows (issue 13 item 9)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('each row is a step, an owner dropdown (me, manager, coach, together) and a date picker; "Add a step" keeps what was typed', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const shown = inputs(panel);
    expect(shown.actionStep0!.kind).toBe('text');
    expect(shown.actionOwner0!.kind).toBe('selection');
    expect(shown.actionOwner0!.items!.map((i) => i.value)).toEqual(['coachee', 'manager', 'coach', 'together']);
    expect(shown.actionDue0!.kind).toBe('date');
    expect(shown.actionStep3).toBeUndefined();

    const due = Date.UTC(2026, 2, 20);
    const added = await panel.press(
      { fn: ACTIONS.addStep },
      { goal: 'Kept goal', actionStep0: 'Kept step', actionOwner0: 'together', actionDue0: due },
    );
    expect(added.crash).toBeNull();
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    const after = inputs(panel);
    expect(after.goal!.value).toBe('Kept goal');
    expect(after.actionStep0!.value).toBe('Kept step');
    expect(after.actionOwner0!.value).toEqual(['together']);
    expect(after.actionDue0!.value).toBe(due);
    expect(after.actionStep3).toBeDefined();
    // Up to the form's limit, then no more "Add a step".
    while (panel.hasButtonFor(ACTIONS.addStep)) expect((await panel.press({ fn: ACTIONS.addStep })).crash).toBeNull();
    expect(panel.text()!.inputs.filter((i) => i.name.startsWith('actionStep'))).toHaveLength(
      MEETING_LIMITS.actionItems,
    );
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
  });

  test('a problem is shown under the row it concerns (and in the notification); nothing is booked', async () => {
    s = setup();
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const out = await panel.press(
      { fn: ACTIONS.confirm },
      {
        goal: FORM.goal,
        agenda: FORM.agenda.join('\n'),
        actionStep0: 'Draft the plan',
        actionStep1: '',
        actionDue1: Date.UTC(2026, 2, 20),
      },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/^Please fix/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
    const l = layout(panel.card);
    const problem = l.findIndex((x) => x.startsWith('p:') && x.includes('Action 2: the step is empty'));
    expect(problem).toBeGreaterThan(l.indexOf('in:actionDue1'));
    expect(problem).toBeLessThan(l.indexOf('in:actionStep2'));
    expect(l.filter((x) => x.includes('the step is empty'))).toHaveLength(1);
    // What was typed is still there to fix.
    expect(inputs(panel).actionStep0!.value).toBe('Draft the plan');
    expect(inputs(panel).actionDue1!.value).toBe(Date.UTC(2026, 2, 20));
  });

  test('confirmed rows are written in the readable block (owner "together" too), read back, and shown to the manager', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const plan = [
      { step: 'Draft the launch plan', owner: 'coachee', due: '2026-03-17' },
      { step: 'Agree the first milestone', owner: 'together', due: '2026-03-20' },
      { step: 'Introduce Ana to sales', owner: 'manager', due: null },
      { step: 'Share a reading list', owner: 'coach', due: '2026-03-27' },
    ];
    expect((await panel.press({ fn: ACTIONS.addStep })).crash).toBeNull();
    const done = await confirm(panel, { ...FORM, actionPlan: plan });
    expect(done.notification).toMatch(/^Confirmed/);
    const description = String(cal.getCopy(s.ws.world, ANA, ev.id)!.description);
    expect(description).toContain('- Agree the first milestone (owner: together, due 2026-03-20)');
    expect(description).toContain('- Introduce Ana to sales (owner: manager)');
    expect(parseBlock(description).meeting!.actionPlan).toEqual([
      { step: 'Draft the launch plan', owner: 'coachee', due: '2026-03-17' },
      { step: 'Agree the first milestone', owner: 'together', due: '2026-03-20' },
      { step: 'Introduce Ana to sales', owner: 'manager' },
      { step: 'Share a reading list', owner: 'coach', due: '2026-03-27' },
    ]);
    tick(s.ws);
    // Reopened, the rows come back from the block; the manager sees who does what.
    const again = s.ws.calendarPanel(ANA, { eventId: ev.id });
    await again.open();
    expect(inputs(again).actionOwner1!.value).toEqual(['together']);
    expect(inputs(again).actionDue3!.value).toBe(Date.UTC(2026, 2, 27));
    const msg = gmail.mailbox(s.ws.world, MO).find((m) => m.calendarEventId === ev.id)!;
    const manager = s.ws.gmailPanel(MO, msg.id);
    await manager.open();
    expect(manager.text()!.text.join('\n')).toContain('Agree the first milestone — All three of you, by 20 Mar 2026');
  });

  test('an event written before the rows (older intro line, one-box era) still reads into the rows', async () => {
    s = setup();
    const OLD_INTRO =
      'This is an alignment meeting between the coachee, their manager and their coach. It is not a coaching session.';
    const meeting = {
      goal: FORM.goal,
      agenda: FORM.agenda,
      actionPlan: [
        { step: 'Draft launch plan', owner: 'coachee' as const, due: '2026-03-17' },
        { step: 'Intros to sales', owner: 'manager' as const },
      ],
      coachRole: 'facilitate' as const,
    };
    const old = 'Mine.\n\n' + renderBlock(meeting).replace(MEETING_DEFINITION, OLD_INTRO);
    const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: old });
    const shown = inputs(panel);
    expect(shown.actionStep0!.value).toBe('Draft launch plan');
    expect(shown.actionDue0!.value).toBe(Date.UTC(2026, 2, 17));
    expect(shown.actionStep1!.value).toBe('Intros to sales');
    expect(shown.actionOwner1!.value).toEqual(['manager']);
    expect(shown.actionDue1!.value).toBeUndefined();
    expect(panel.text()!.text.join('\n')).not.toMatch(/edited by hand/);
  });

  test('the homepage schedule form has the same rows and "Add a step"', async () => {
    s = setup();
    const home = s.ws.homepage(ANA, 'CALENDAR');
    await home.open();
    expect((await home.press({ fn: ACTIONS.openSchedule })).crash).toBeNull();
    expect(inputs(home).actionOwner0!.kind).toBe('selection');
    const added = await home.press({ fn: ACTIONS.addStep }, { title: 'Kept title', actionStep0: 'Kept' });
    expect(added.crash).toBeNull();
    expect(home.hasButtonFor(ACTIONS.schedule)).toBe(true);
    expect(inputs(home).title!.value).toBe('Kept title');
    expect(inputs(home).actionStep0!.value).toBe('Kept');
    expect(inputs(home).actionStep3).toBeDefined();
  });
});
