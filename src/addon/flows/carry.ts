/**
 * The action plan carried forward, the add-on's side (core/carry.ts decides what is carried):
 * - reading: the coachee's OWN previous CCM events, found through the booking list the gateway
 *   already returned (event and calendar ids only), read with the calendar adapter: the newest one
 *   for an ordinary meeting, every earlier one for the wrap-up. A missing, deleted or unreadable event
 *   just means nothing to carry from it; no plan text ever goes to the gateway (DESIGN rule 8);
 * - the form: the steps ride on the card's buttons (views/carry.ts), the choices in its inputs;
 * - after the new meeting is booked: "done" steps are marked in their old meeting's notes (only those
 *   lines; If-Match, one retry on 412). A failure there never undoes the new meeting: it is reported.
 */
import type { BookingView, PanelData } from '../../core/api';
import {
  applyCarry,
  CARRY_CHOICES,
  carryForward,
  decodeCarry,
  defaultChoice,
  WRAP_UP,
  type CarryChoice,
  type CarryItem,
  type CarryOutcome,
  type CarrySource,
} from '../../core/carry';
import { markStepsDone, parseBlock } from '../../core/description';
import { CcmError, failureLabel } from '../../core/errors';
import type { Meeting } from '../../core/meeting';
import { parseIsoInstant } from '../../core/time';
import { eventTimes, getEvent, type CalEvent } from '../adapters/calendar';
import { Budget, parameters } from '../env';
import { FIELDS, stringInput } from '../form';
import type { AddonEvent, FormInput } from '../types';
import { CARRY_CHOICE_PARAM, CARRY_PARAM, CARRY_WRAP_PARAM, notMarkedText, type CarryForm } from '../views/carry';
import type { CoacheePanelModel } from '../views/coachee';
import { writeWithEtag } from './enrich';
import { isOrganizer } from './facts';

/** A wrap-up reads at most this many earlier events (a six-month program has one before it). */
const MAX_SOURCES = 4;

/** An earlier meeting's event, as the booking list names it (metadata only). */
export interface PreviousRef {
  eventId: string;
  calendarId?: string;
  start: string;
}

/**
 * The coachee's earlier meetings, newest first: confirmed bookings other than `exceptId`, starting
 * before `beforeMs`.
 */
export function previousMeetings(
  bookings: readonly Pick<BookingView, 'eventId' | 'calendarId' | 'start' | 'status'>[],
  exceptId: string,
  beforeMs: number,
): PreviousRef[] {
  const at = (b: { start: string }) => parseIsoInstant(b.start) ?? beforeMs;
  return bookings
    .filter((b) => b.status === 'confirmed' && b.eventId !== exceptId && at(b) < beforeMs)
    .sort((x, y) => at(y) - at(x))
    .map((b) => ({ eventId: b.eventId, start: b.start, ...(b.calendarId ? { calendarId: b.calendarId } : {}) }));
}

/**
 * The coachee's confirmed meetings as one action parameter for homepage scheduling (ids and starts
 * the gateway returned; no plan text), newest first; '' when none.
 */
export function encodePrevious(bookings: readonly BookingView[]): string {
  const refs = previousMeetings(bookings, '', Infinity).slice(0, MAX_SOURCES);
  return refs.length > 0 ? JSON.stringify(refs) : '';
}

/** The meetings `encodePrevious` carried that start before `beforeMs` (none when unreadable). */
export function previousBefore(text: string | undefined, beforeMs: number): PreviousRef[] {
  try {
    // Our own card's parameter; anything odd in it just means nothing to carry.
    return previousMeetings(
      (JSON.parse(text || '[]') as PreviousRef[]).map((r) => ({ ...r, status: 'confirmed' as const })),
      '',
      beforeMs,
    );
  } catch {
    return [];
  }
}

/** The coachee's own copy of an earlier meeting; null when gone, not theirs, or Calendar will not say. */
function readOwn(ref: { eventId: string; calendarId?: string }, me: string, budget: Budget): CalEvent | null {
  try {
    budget.check('earlier meeting');
    const ev = getEvent(ref.calendarId ?? 'primary', ref.eventId);
    return ev && ev.status !== 'cancelled' && isOrganizer(ev, me) ? ev : null;
  } catch (err) {
    // No pre-fill from it, never an error card.
    console.warn(`ccm: earlier meeting ${ref.eventId} not read (${failureLabel(err)})`);
    return null;
  }
}

/**
 * The form's carried steps for the next meeting (`milestoneId`: what it counts as), read from the
 * earlier events: one event for an ordinary meeting, up to MAX_SOURCES for the wrap-up. Null when
 * there is nothing to carry.
 */
export function loadCarry(
  previous: readonly PreviousRef[],
  milestoneId: string | null | undefined,
  me: string,
  budget: Budget,
): CarryForm | null {
  const wrapUp = milestoneId === WRAP_UP;
  const sources: CarrySource[] = [];
  for (const ref of previous.slice(0, wrapUp ? MAX_SOURCES : 1)) {
    const ev = readOwn(ref, me, budget);
    sources.push({ eventId: ref.eventId, calendarId: ref.calendarId, block: parseBlock(ev?.description ?? '') });
  }
  const items = carryForward(sources, milestoneId);
  return items.length > 0 ? { items, choices: [], wrapUp } : null;
}

/** What the coachee chose for step `i`: the card's input, else what a review card's button carried. */
function choiceOf(e: AddonEvent, inputs: Record<string, FormInput> | undefined, i: number): CarryChoice | undefined {
  const typed = inputs?.[FIELDS.carry + i] !== undefined ? stringInput(inputs, FIELDS.carry + i) : undefined;
  const v = typed ?? parameters(e)[CARRY_CHOICE_PARAM + i];
  return CARRY_CHOICES.find((c) => c === v);
}

/** The carried steps a pressed button brought back, with the choices made so far (null: none). */
export function carryFormOf(e: AddonEvent): CarryForm | null {
  const p = parameters(e);
  const items = decodeCarry(p[CARRY_PARAM]);
  if (items.length === 0) return null;
  const inputs = e.commonEventObject?.formInputs;
  const choices = items.map((it, i) => choiceOf(e, inputs, i) ?? defaultChoice(it));
  return { items, choices, wrapUp: p[CARRY_WRAP_PARAM] === '1' };
}

/** The new meeting with the carried steps applied (keep → its plan; done → to mark). */
export function withCarry(meeting: Meeting, form: CarryForm | null): CarryOutcome {
  if (!form) return { ok: true, meeting, done: [] };
  return applyCarry(meeting, form.items, form.choices);
}

/**
 * Marks `done` steps in their old meetings' notes (grouped per event; only those lines change; no
 * mail: guests read the notes in their panel). Returns what to add to the coachee's notification:
 * '' when all went in, else the steps not marked.
 */
export function markCarriedDone(done: readonly CarryItem[], me: string, budget: Budget): string {
  const failed: string[] = [];
  const byEvent = new Map<string, CarryItem[]>();
  for (const it of done) {
    const key = JSON.stringify([it.calendarId ?? 'primary', it.eventId]);
    byEvent.set(key, [...(byEvent.get(key) ?? []), it]);
  }
  for (const items of byEvent.values()) {
    const ref = items[0]!;
    const calendarId = ref.calendarId ?? 'primary';
    try {
      const ev = readOwn(ref, me, budget);
      if (!ev) throw new CcmError('EVENT_NOT_FOUND');
      const build = (now: CalEvent): CalEvent => {
        const description = markStepsDone(now.description, items);
        return description === null ? {} : { description };
      };
      writeWithEtag(calendarId, ev, build, budget, 'none');
    } catch (err) {
      console.warn(`ccm: steps of ${ref.eventId} not marked done (${failureLabel(err)})`);
      failed.push(...items.map((it) => it.step));
    }
  }
  return notMarkedText(failed);
}

/**
 * The panel of a saved event with no meeting notes yet: its form brings back the steps of the
 * coachee's earlier meeting(s) (read from Calendar; a review card's "Edit the plan" carries them).
 * An event that holds notes already is left alone: its own plan is what the form shows.
 */
export function carryOnPanel(
  model: CoacheePanelModel,
  e: AddonEvent,
  ev: CalEvent | null,
  data: PanelData,
  me: string,
  budget: Budget,
): CoacheePanelModel {
  if (!ev || ev.status === 'cancelled' || parseBlock(ev.description ?? '').found) return model;
  const carried = carryFormOf(e);
  if (carried) return { ...model, form: { ...model.form, carry: carried } };
  const previous = previousMeetings(data.bookings, ev.id ?? '', parseIsoInstant(eventTimes(ev).start) ?? Infinity);
  if (previous.length === 0) return model;
  const milestone = data.decision?.milestone?.id ?? data.allowance?.nextMilestone?.id;
  const carry = loadCarry(previous, milestone, me, budget);
  return carry ? { ...model, form: { ...model.form, carry } } : model;
}
