// Issue 14 item 3 (core): a step's "done" mark in the block, and which steps the next meeting's form
// brings back (the previous meeting's open ones; at the wrap-up, every step of the program).
import {
  applyCarry,
  carryForward,
  decodeCarry,
  encodeCarry,
  keepDoneMarks,
  MAX_CARRIED,
  type CarryItem,
  type CarrySource,
} from '../../src/core/carry';
import { actionLine, markStepsDone, mergeBlock, parseBlock, renderBlock } from '../../src/core/description';
import { notesDigest } from '../../src/core/digest';
import { MEETING_LIMITS, type Meeting } from '../../src/core/meeting';
import { planView } from '../../src/addon/views/view-model';

const plan = (steps: Array<[string, boolean?]>): Meeting => ({
  goal: 'Lead the launch',
  agenda: ['Goal'],
  actionPlan: steps.map(([step, done]) => ({ step, owner: 'coachee', due: '2026-04-01', ...(done ? { done } : {}) })),
  coachRole: 'observe',
});

const source = (eventId: string, m: Meeting, html = false): CarrySource => ({
  eventId,
  block: parseBlock(mergeBlock(html ? 'My own <b>text</b><br>' : 'My own text', m)),
});

describe('the done mark in the block', () => {
  test('a done step is written as "(owner: …, done)" and read back as done; open steps stay open', () => {
    const m = plan([['Weekly check-in', true], ['Share the draft']]);
    const text = renderBlock(m);
    expect(text).toContain('- Weekly check-in (owner: coachee, due 2026-04-01, done)');
    expect(text).toContain('- Share the draft (owner: coachee, due 2026-04-01)');
    const back = parseBlock(text);
    expect(back.problems).toEqual([]);
    expect(back.meeting!.actionPlan.map((a) => a.done === true)).toEqual([true, false]);
  });

  test('it survives Calendar turning the notes into HTML (<br>, &nbsp;, tags)', () => {
    const m = plan([['Weekly check-in', true]]);
    const calendarStyle = mergeBlock('<p>Own</p>', m)
      .replace(/<br>/g, '<br/>')
      .replace(/ \(owner:/, '&nbsp;(owner:');
    expect(parseBlock(calendarStyle).meeting!.actionPlan[0]!.done).toBe(true);
  });

  test('typed text cannot pose as the mark: only the parentheses the add-on writes count', () => {
    const m = plan([['Ask (owner: coach, done) later']]);
    expect(parseBlock(renderBlock(m)).meeting!.actionPlan[0]).toEqual({
      step: 'Ask (owner: coach, done) later',
      owner: 'coachee',
      due: '2026-04-01',
    });
  });

  test('the notes digest leaves done marks out (progress, not a change of what was agreed)', () => {
    expect(notesDigest(plan([['A', true]]))).toBe(notesDigest(plan([['A']])));
  });

  test('markStepsDone changes only the lines of those steps; the coachee\u2019s own text stays byte for byte', () => {
    for (const own of ['Before <b>mine</b> & more<br>', 'Plain own text\nsecond line']) {
      const m = plan([['One'], ['Two'], ['Three']]);
      const before = mergeBlock(own, m);
      const after = markStepsDone(before, [{ step: 'Two', owner: 'coachee', due: '2026-04-01' }])!;
      expect(after.startsWith(own)).toBe(true);
      const read = parseBlock(after).meeting!.actionPlan;
      expect(read.map((a) => !!a.done)).toEqual([false, true, false]);
      // The only difference is the mark on that line.
      expect(after.replace(', done)', ')')).toBe(before);
      // Already done (or not there): nothing to write.
      expect(markStepsDone(after, [{ step: 'Two', owner: 'coachee', due: '2026-04-01' }])).toBeNull();
      expect(markStepsDone(after, [{ step: 'Nope', owner: 'coachee' }])).toBeNull();
    }
  });

  test('actionLine is the block line of one step', () => {
    expect(actionLine({ step: 'X', owner: 'manager' })).toBe('- X (owner: manager)');
    expect(actionLine({ step: 'X', owner: 'manager', done: true })).toBe('- X (owner: manager, done)');
  });
});

describe('carryForward', () => {
  test('the next meeting gets the open steps of the newest previous meeting only', () => {
    const newest = source('e2', plan([['Done already', true], ['Still open']]));
    const older = source('e1', plan([['Very old step']]));
    const items = carryForward([newest, older], 'quarterly');
    expect(items).toEqual([{ step: 'Still open', owner: 'coachee', due: '2026-04-01', eventId: 'e2' }]);
  });

  test('no previous meeting, or its notes gone: nothing to carry (never an error)', () => {
    expect(carryForward([], 'initial')).toEqual([]);
    expect(carryForward([{ eventId: 'e1', block: parseBlock('just my text') }], 'quarterly')).toEqual([]);
  });

  test('the wrap-up gets every step of the program, oldest meeting first, with its done state, each once', () => {
    const initial = source('e1', plan([['First', true], ['Second'], ['Carried']]));
    const middle = { ...source('e2', plan([['Carried', true], ['Third']]), true), calendarId: 'team@acme.test' };
    const items = carryForward([middle, initial], 'wrap-up');
    expect(items.map((i) => [i.step, !!i.done, i.eventId])).toEqual([
      ['First', true, 'e1'],
      ['Second', false, 'e1'],
      ['Carried', true, 'e2'],
      ['Third', false, 'e2'],
    ]);
    expect(items[2]!.calendarId).toBe('team@acme.test');
  });

  test('steps a hand edit made unusable are left out; at most MAX_CARRIED come back', () => {
    const long = 'x'.repeat(MEETING_LIMITS.actionStep + 1);
    expect(carryForward([source('e1', plan([[long], ['Fine']]))], 'quarterly').map((i) => i.step)).toEqual(['Fine']);
    const many = Array.from({ length: 3 }, (_, k) =>
      source(`e${k}`, plan(Array.from({ length: 10 }, (_, i) => [`m${k} s${i}`] as [string]))),
    );
    expect(carryForward(many, 'wrap-up')).toHaveLength(MAX_CARRIED);
  });
});

describe('applyCarry', () => {
  const items: CarryItem[] = [
    { step: 'Keep me', owner: 'manager', eventId: 'e1' },
    { step: 'Finish me', owner: 'coachee', due: '2026-04-01', eventId: 'e1' },
    { step: 'Was done', owner: 'coachee', eventId: 'e1', done: true },
  ];
  const typed = plan([['New step']]);

  test('"keep" steps lead the new plan (open again); "done" ones are to be marked in the old notes', () => {
    const out = applyCarry(typed, items, ['keep', 'done', 'done']);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.meeting.actionPlan.map((a) => a.step)).toEqual(['Keep me', 'New step']);
    expect(out.meeting.actionPlan.every((a) => !a.done)).toBe(true);
    // "Was done" is done there already: nothing to write.
    expect(out.done.map((d) => d.step)).toEqual(['Finish me']);
  });

  test('without a choice an open step is kept and a done one stays done; a step typed again is not doubled', () => {
    const out = applyCarry(plan([['Keep me']]), [{ ...items[0]!, owner: 'coachee', due: '2026-04-01' }, items[2]!], []);
    expect(out.ok && out.meeting.actionPlan.map((a) => a.step)).toEqual(['Keep me']);
    expect(out.ok && out.done).toEqual([]);
  });

  test('more steps than a plan holds: refused with a message, nothing decided', () => {
    const many: CarryItem[] = Array.from({ length: 10 }, (_, i) => ({
      step: `old ${i}`,
      owner: 'coachee',
      eventId: 'e',
    }));
    const out = applyCarry(typed, many, []);
    expect(out.ok).toBe(false);
  });
});

test('keepDoneMarks: an update of the old meeting keeps the marks of unchanged steps', () => {
  const current = parseBlock(renderBlock(plan([['A', true], ['B']])));
  const updated = keepDoneMarks(plan([['A'], ['B'], ['C']]), current);
  expect(updated.actionPlan.map((a) => !!a.done)).toEqual([true, false, false]);
});

test('encodeCarry / decodeCarry round trip; an altered parameter gives no steps', () => {
  const items: CarryItem[] = [
    { step: 'A "quoted" step', owner: 'together', due: '2026-04-01', eventId: 'e1', calendarId: 'c@x', done: true },
    { step: 'B', owner: 'coachee', eventId: 'e2' },
  ];
  expect(decodeCarry(encodeCarry(items))).toEqual(items);
  expect(decodeCarry('{not json')).toEqual([]);
  const one = { eventId: 'x', step: 'ok', owner: 'coachee' };
  expect(decodeCarry(JSON.stringify([one]))).toEqual([one]);
  expect(decodeCarry(JSON.stringify([{ ...one, step: '' }]))).toEqual([]);
  expect(decodeCarry(JSON.stringify([{ ...one, step: 7 }]))).toEqual([]);
  expect(decodeCarry(JSON.stringify([{ ...one, owner: 'boss' }]))).toEqual([]);
  expect(decodeCarry(JSON.stringify([{ ...one, due: '2026-02-30' }]))).toEqual([]);
  expect(decodeCarry(JSON.stringify([{ ...one, eventId: '' }]))).toEqual([]);
  expect(decodeCarry('{"a":1}')).toEqual([]);
  expect(decodeCarry(undefined)).toEqual([]);
});

test('the manager\u2019s and coach\u2019s panels say which steps are done (views/view-model.ts planView)', () => {
  const view = planView(parseBlock(renderBlock(plan([['Weekly check-in', true], ['Share the draft']]))), 'manager');
  expect(view.actions).toEqual([
    'Weekly check-in — Your report, by 1 Apr 2026 — done',
    'Share the draft — Your report, by 1 Apr 2026',
  ]);
});
