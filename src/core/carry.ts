/**
 * The action plan carried forward (issue 14 item 3, DESIGN rule 12): when the coachee prepares their
 * next alignment meeting, the steps of their previous one come back on the form, each to be marked
 * "done" (it stays in the old meeting's notes, marked done: description.ts DONE_MARK) or "keep" (it
 * goes into the new meeting's plan). The wrap-up of a six-month program looks back at every step of
 * the program, done ones included.
 *
 * The steps are read from the coachee's OWN previous events (the add-on reads them through Calendar);
 * nothing here goes to the gateway, which never sees plan text (rule 8).
 */
import type { BlockParse } from './description';
import { MEETING_LIMITS, OWNERS, sameStep, type ActionItem, type Meeting, type Owner } from './meeting';
import { codePointLength } from './text';
import { civilDateProblem } from './time';

/** A previous meeting's step, with the event whose notes hold it (where "done" is marked). */
export interface CarryItem extends ActionItem {
  eventId: string;
  /** The calendar of that event when not the coachee's primary one. */
  calendarId?: string;
}

/** A previous meeting as read from the coachee's calendar: its event and its parsed notes. */
export interface CarrySource {
  eventId: string;
  calendarId?: string;
  block: BlockParse;
}

/** What the coachee chose for one carried step. */
export type CarryChoice = 'keep' | 'done';
export const CARRY_CHOICES: readonly CarryChoice[] = ['keep', 'done'];

/** At most this many steps come back on a form (a wrap-up after several meetings): the card stays short. */
export const MAX_CARRIED = 20;

/** The milestone whose form looks back at the whole program (core/allowance.ts MilestoneId). */
export const WRAP_UP = 'wrap-up';

/** A step good enough to go into a new plan as it is (a hand-edited block can hold one that is not). */
function usable(a: ActionItem): boolean {
  const step = a.step.trim();
  return (
    step !== '' &&
    codePointLength(step) <= MEETING_LIMITS.actionStep &&
    (OWNERS as readonly string[]).includes(a.owner) &&
    (a.due === undefined || civilDateProblem(a.due) === null)
  );
}

function planOf(block: BlockParse): ActionItem[] {
  return block.meeting?.actionPlan ?? block.partial.actionPlan ?? [];
}

/**
 * The steps to pre-fill on the next meeting's form. `previous` are the coachee's earlier meetings,
 * newest first (those whose notes could not be read are simply absent or have no block).
 * - Any meeting but the wrap-up: the OPEN steps of the newest previous meeting (none when its notes
 *   are gone: no pre-fill, never an error).
 * - The wrap-up (`milestoneId` 'wrap-up'): every step of every previous meeting, oldest meeting first,
 *   with its done state; a step carried from one meeting into a later one is listed once, as the
 *   later meeting has it.
 */
export function carryForward(previous: readonly CarrySource[], milestoneId: string | null | undefined): CarryItem[] {
  const item = (src: CarrySource, a: ActionItem): CarryItem => {
    const out: CarryItem = { step: a.step, owner: a.owner as Owner, eventId: src.eventId };
    if (a.due) out.due = a.due;
    if (a.done) out.done = true;
    if (src.calendarId) out.calendarId = src.calendarId;
    return out;
  };
  if (milestoneId !== WRAP_UP) {
    const last = previous[0];
    if (!last || !last.block.found) return [];
    return planOf(last.block)
      .filter((a) => !a.done && usable(a))
      .slice(0, MAX_CARRIED)
      .map((a) => item(last, a));
  }
  const out: CarryItem[] = [];
  // Newest first, so a step's latest state wins; shown oldest meeting first.
  for (const src of previous) {
    if (!src.block.found) continue;
    const mine: CarryItem[] = [];
    for (const a of planOf(src.block)) {
      if (!usable(a) || out.some((x) => sameStep(x, a)) || mine.some((x) => sameStep(x, a))) continue;
      mine.push(item(src, a));
    }
    out.unshift(...mine);
  }
  return out.slice(-MAX_CARRIED);
}

/** The choice a step starts with on the form: a done one stays done, an open one is kept. */
export function defaultChoice(item: Pick<CarryItem, 'done'>): CarryChoice {
  return item.done ? 'done' : 'keep';
}

export type CarryOutcome =
  | {
      ok: true;
      /** The new meeting, its plan led by the kept steps (open again, whatever they were). */
      meeting: Meeting;
      /** Steps to mark done in their old meeting's notes (those not marked there already). */
      done: CarryItem[];
    }
  | { ok: false; message: string };

/** Said when the kept steps and the new ones together are more than a plan holds. */
function tooManyStepsMessage(total: number): string {
  return `With the steps you keep, the plan has ${total} steps; keep it to ${MEETING_LIMITS.actionItems} or fewer.`;
}

/**
 * The new meeting with the carried steps applied: "keep" steps first in its plan (a step already
 * typed in the plan is not added twice), "done" ones listed for marking in their old notes.
 */
export function applyCarry(
  meeting: Meeting,
  items: readonly CarryItem[],
  choices: readonly (CarryChoice | undefined)[],
): CarryOutcome {
  const choice = (i: number) => choices[i] ?? defaultChoice(items[i]!);
  const kept: ActionItem[] = [];
  items.forEach((it, i) => {
    if (choice(i) !== 'keep') return;
    const a: ActionItem = { step: it.step, owner: it.owner };
    if (it.due) a.due = it.due;
    if (!meeting.actionPlan.some((x) => sameStep(x, a)) && !kept.some((x) => sameStep(x, a))) kept.push(a);
  });
  const plan = [...kept, ...meeting.actionPlan];
  if (plan.length > MEETING_LIMITS.actionItems) return { ok: false, message: tooManyStepsMessage(plan.length) };
  const done = items.filter((it, i) => choice(i) === 'done' && !it.done);
  return { ok: true, meeting: { ...meeting, actionPlan: plan }, done };
}

/**
 * The plan to write over notes that may hold steps marked done: a step still in the plan, unchanged,
 * keeps its mark (an update of the old meeting must not undo the next meeting's "done").
 */
export function keepDoneMarks(meeting: Meeting, current: BlockParse): Meeting {
  const marked = planOf(current).filter((a) => a.done);
  if (marked.length === 0) return meeting;
  return {
    ...meeting,
    actionPlan: meeting.actionPlan.map((a) => (marked.some((m) => sameStep(m, a)) ? { ...a, done: true } : a)),
  };
}

// ---------------------------------------------------------------------------------------------
// The carried steps on the card's buttons (action parameters are strings)

/** The steps as one action parameter. */
export function encodeCarry(items: readonly CarryItem[]): string {
  return JSON.stringify(items);
}

/** The steps back from `encodeCarry`; anything unreadable (an old or altered card) gives none. */
export function decodeCarry(text: string | undefined): CarryItem[] {
  try {
    const items = (JSON.parse(text || '[]') as CarryItem[]).slice(0, MAX_CARRIED);
    return items.every((it) => typeof it.eventId === 'string' && it.eventId !== '' && usable(it)) ? items : [];
  } catch {
    // Not a list of steps (usable() throws on a step that is not text).
    return [];
  }
}
