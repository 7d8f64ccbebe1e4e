// Issue 13 item 2, through the BUILT add-on and gateway: before the first save the panel cannot see
// the event's date (PLATFORM.md), so a new event's panel shows this quarter and the next, says that a
// meeting dated in a used quarter is refused, and puts homepage scheduling (which knows the date before
// anything is sent) first when this quarter is used. Nothing is invited or counted on the way.
import * as cal from '../../src/local/runtime/backends/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { readLedger } from '../../src/local/host/company';
import { ACTIONS } from '../../src/addon/views/names';
import { ANA, confirm, CORA, MO, savedEventPanel, setup, type Setup } from './addon-helpers';

async function draftPanel(s: Setup) {
  const draft = cal.newDraft(s.ws.world, ANA, {
    summary: 'Alignment: Ana / Mo / Cora',
    start: '2026-05-05T11:00:00-04:00',
    end: '2026-05-05T12:00:00-04:00',
  });
  const panel = s.ws.calendarPanel(ANA, { draftId: draft.draftId });
  const opened = await panel.open();
  expect(opened.crash).toBeNull();
  return { draft, panel };
}

const quarterly = {
  program: 'quarterly' as const,
  quarters: 'calendar' as const,
  start: '2026-01-01',
  end: '2027-01-01',
};

describe('a new event, before its first save', () => {
  let s: Setup;
  afterEach(async () => s?.ws.close());

  test('this quarter used: both quarters shown, the refusal said plainly, homepage scheduling first', async () => {
    s = setup({ ...quarterly, now: '2026-04-13T14:00:00Z' });
    const first = await savedEventPanel(s.ws, '2026-04-21T10:00:00-04:00');
    expect((await confirm(first.panel)).ok).toBe(true);

    const { draft, panel } = await draftPanel(s);
    const t = panel.text()!;
    expect(t.text).toEqual(
      expect.arrayContaining([
        'This quarter: Q2 2026',
        'used, by your meeting on 21 Apr 2026',
        'Next quarter: Q3 2026',
        '0 of 1 used',
        'Next with room',
        'Q3 2026 alignment',
        'from 1 Jul 2026',
      ]),
    );
    const all = t.text.join('\n');
    expect(all).toMatch(/cannot see the event’s date until it is saved/);
    expect(all).toMatch(/already used is refused after the save/);
    expect(all).toMatch(/a repeating event \(a series\) cannot be an alignment meeting/);
    // Homepage scheduling is the first suggestion; adding the people comes after it.
    expect(t.buttons.slice(0, 2)).toEqual(['Schedule from the homepage', 'Add manager, coach and toolkit']);

    const stack = [...panel.stack];
    const found = await panel.press('Schedule from the homepage');
    expect(found.ok).toBe(true);
    expect(panel.card?.name).toBe('suggestions');
    // It searches the next quarter with room, from its first day.
    expect(panel.text()!.text[1]).toMatch(/^1 Jul – .* 2026 · 60 minutes$/);
    // Nothing was invited, added or counted on the way.
    expect(cal.getDraft(s.ws.world, draft.draftId)!.attendees).toEqual([]);
    expect(mailbox(s.ws.world, MO)).toHaveLength(1); // the first meeting's invitation only
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(1);
    panel.stack = stack;
    expect(panel.hasButtonFor(ACTIONS.addParticipants)).toBe(true);
  });

  test('this quarter open: the add button stays first, with both quarters and the same warning', async () => {
    s = setup({ ...quarterly, now: '2026-04-13T14:00:00Z' });
    const { panel } = await draftPanel(s);
    const t = panel.text()!;
    expect(t.text).toEqual(
      expect.arrayContaining(['This quarter: Q2 2026', 'Next quarter: Q3 2026', 'Q2 2026 alignment', MO, CORA]),
    );
    expect(t.text.filter((x) => x === '0 of 1 used')).toHaveLength(2);
    expect(t.text.join('\n')).toMatch(/already used is refused after the save/);
    expect(t.buttons[0]).toBe('Add manager, coach and toolkit');
    expect(t.buttons).not.toContain('Schedule from the homepage');
  });

  test('six-month: the milestones, what booked them, and the next with room', async () => {
    s = setup({ now: '2026-02-20T14:00:00Z' });
    const first = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect((await confirm(first.panel)).ok).toBe(true);
    const { panel } = await draftPanel(s);
    const t = panel.text()!;
    expect(t.text).toEqual(
      expect.arrayContaining([
        'This quarter: Quarter 1',
        'used, by your meeting on 3 Mar 2026',
        'Initial meeting',
        'booked, your meeting on 3 Mar 2026',
        'Program wrap-up',
        'not booked yet',
        'Next with room',
      ]),
    );
    expect(t.buttons[0]).toBe('Schedule from the homepage');
  });
});
