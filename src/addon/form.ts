/**
 * The coachee's form on the card: field names, reading `commonEventObject.formInputs`, and the
 * inverse (what a person typing the form would send), which the scenario runner and tests use to
 * fill the card's own inputs.
 *
 * Fields (all text inputs except the role):
 *   goal        one line
 *   agenda      multi-line, one item per line
 *   actionPlan  multi-line, one action per line: "step | owner | due" (core/meeting.ts)
 *   coachRole   radio: observe | facilitate | clarify
 *   videoLink   one line, prefilled with the coach's link
 */
import { actionPlanToText, agendaToText, type ActionItem } from '../core/meeting';
import type { FormInput } from './types';

export const FIELDS = {
  goal: 'goal',
  agenda: 'agenda',
  actionPlan: 'actionPlan',
  coachRole: 'coachRole',
  videoLink: 'videoLink',
  prepNote: 'prepNote',
  prepared: 'prepared',
  // Homepage scheduling: the search window (date pickers) and the new event (date-time picker, length, title).
  from: 'from',
  to: 'to',
  start: 'start',
  minutes: 'minutes',
  title: 'title',
  // Find-a-time: where a manager or coach whose calendar cannot be seen works (a time zone, or '').
  managerZone: 'managerZone',
  coachZone: 'coachZone',
} as const;

/** The first string value of a form input ('' when absent). */
export function stringInput(inputs: Record<string, FormInput> | undefined, name: string): string {
  const v = inputs?.[name] as { stringInputs?: { value?: unknown } } | undefined;
  const values = v?.stringInputs?.value;
  if (Array.isArray(values) && typeof values[0] === 'string') return values[0];
  return '';
}

/** All string values of a form input (check boxes send one per ticked item). */
export function stringInputs(inputs: Record<string, FormInput> | undefined, name: string): string[] {
  const v = inputs?.[name] as { stringInputs?: { value?: unknown } } | undefined;
  const values = v?.stringInputs?.value;
  return Array.isArray(values) ? values.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * A date or date-time picker's value (ms since the epoch), or null when absent or unreadable. A date
 * picker's day is the UTC day of its value.
 */
export function pickerMs(inputs: Record<string, FormInput> | undefined, name: string): number | null {
  const v = inputs?.[name] as
    { dateInput?: { msSinceEpoch?: unknown }; dateTimeInput?: { msSinceEpoch?: unknown } } | undefined;
  const raw = v?.dateTimeInput?.msSinceEpoch ?? v?.dateInput?.msSinceEpoch;
  const ms = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The raw form for core's parseMeetingForm (text fields; parsing and messages happen there). */
export function rawMeetingForm(inputs: Record<string, FormInput> | undefined): Record<string, unknown> {
  return {
    goal: stringInput(inputs, FIELDS.goal),
    agenda: stringInput(inputs, FIELDS.agenda),
    actionPlan: stringInput(inputs, FIELDS.actionPlan),
    coachRole: stringInput(inputs, FIELDS.coachRole),
    videoLink: stringInput(inputs, FIELDS.videoLink),
  };
}

/** A form as scenarios write it (docs/scenarios.md, the confirm form); null/missing = leave the card's default. */
export interface ScenarioForm {
  goal?: string | null;
  agenda?: string[] | string | null;
  actionPlan?: Array<{ step: string; owner?: string | null; due?: string | null }> | string | null;
  coachRole?: string | null;
  videoLink?: string | null;
}

const text = (value: string): FormInput => ({ stringInputs: { value: [value] } });

/**
 * The card's input values (field name → text) a person types for a scenario form: only the fields
 * the form sets (null or missing = leave the card's default). Agenda: one item per line; action plan:
 * "step | owner | due" per line (core/meeting.ts).
 */
export function scenarioFormValues(form: ScenarioForm): Record<string, string> {
  const out: Record<string, string> = {};
  if (form.goal !== undefined && form.goal !== null) out[FIELDS.goal] = form.goal;
  if (form.agenda !== undefined && form.agenda !== null)
    out[FIELDS.agenda] = typeof form.agenda === 'string' ? form.agenda : agendaToText(form.agenda);
  if (form.actionPlan !== undefined && form.actionPlan !== null) {
    out[FIELDS.actionPlan] =
      typeof form.actionPlan === 'string'
        ? form.actionPlan
        : actionPlanToText(
            form.actionPlan.map((a) => {
              const item = { step: a.step, owner: (a.owner ?? 'coachee') as ActionItem['owner'] } as ActionItem;
              if (a.due) item.due = a.due;
              return item;
            }),
          );
  }
  if (form.coachRole !== undefined && form.coachRole !== null) out[FIELDS.coachRole] = form.coachRole;
  if (form.videoLink !== undefined && form.videoLink !== null) out[FIELDS.videoLink] = form.videoLink;
  return out;
}

/**
 * The formInputs a person produces by filling the card: `defaults` are the card's current values
 * (name → string, e.g. from the card JSON), overridden by every non-null field of `form`.
 */
export function formInputsFor(form: ScenarioForm, defaults: Record<string, string> = {}): Record<string, FormInput> {
  const out: Record<string, FormInput> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...scenarioFormValues(form) })) out[name] = text(value);
  return out;
}

/** Parameter prefix for typed values carried on a review card's buttons (that card has no inputs). */
const CARRY = 'typed.';
const CARRIED_TEXT = [
  FIELDS.goal,
  FIELDS.agenda,
  FIELDS.actionPlan,
  FIELDS.coachRole,
  FIELDS.videoLink,
  FIELDS.minutes,
  FIELDS.title,
];

/** The form as typed, as button parameters: "Book anyway" books exactly it, "Edit the plan" shows it again. */
export function carryInputs(inputs: Record<string, FormInput> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CARRIED_TEXT) {
    if (inputs?.[name] !== undefined) out[CARRY + name] = stringInput(inputs, name);
  }
  const start = pickerMs(inputs, FIELDS.start);
  if (start !== null) out[CARRY + FIELDS.start] = String(start);
  return out;
}

/** The formInputs carried by carryInputs, or null when the parameters carry none. */
export function carriedInputs(params: Record<string, string>): Record<string, FormInput> | null {
  const out: Record<string, FormInput> = {};
  let any = false;
  for (const name of CARRIED_TEXT) {
    const v = params[CARRY + name];
    if (v !== undefined) {
      out[name] = text(v);
      any = true;
    }
  }
  const start = Number(params[CARRY + FIELDS.start]);
  if (params[CARRY + FIELDS.start] !== undefined && Number.isFinite(start)) {
    out[FIELDS.start] = { dateTimeInput: { msSinceEpoch: start } };
    any = true;
  }
  return any ? out : null;
}
