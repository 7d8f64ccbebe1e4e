/**
 * The coachee's form on the card: field names, reading `commonEventObject.formInputs`, and the
 * inverse (what a person typing the form would send), which the scenario runner and tests use to
 * fill the card's own inputs.
 *
 * Fields (all text inputs except the role):
 *   goal        one line
 *   agenda      multi-line, one item per line
 *   action rows actionStep<i> (text), actionOwner<i> (dropdown: coachee | manager | coach | together),
 *               actionDue<i> (date picker), i = 0.. up to MEETING_LIMITS.actionItems; a row with
 *               neither step nor date is no action. (Older cards sent one multi-line `actionPlan`
 *               text, "step | owner | due" per line: still read when present, core/meeting.ts.)
 *   coachRole   radio: observe | facilitate | clarify
 *   videoLink   one line, prefilled with the coach's link
 */
import { actionPlanFromText, agendaToText, MEETING_LIMITS, normaliseOwner, OWNERS } from '../core/meeting';
import { parseCivilDate } from '../core/time';
import type { FormInput } from './types';

export const FIELDS = {
  goal: 'goal',
  agenda: 'agenda',
  actionPlan: 'actionPlan',
  coachRole: 'coachRole',
  videoLink: 'videoLink',
  prepNote: 'prepNote',
  prepared: 'prepared',
  /** The manager's "one thing I commit to do" (kept in their own user properties only). */
  commitment: 'commitment',
  // Homepage scheduling: the search window (date pickers) and the new event (date-time picker, length, title).
  from: 'from',
  to: 'to',
  start: 'start',
  minutes: 'minutes',
  title: 'title',
  // Find-a-time: where a manager or coach whose calendar cannot be seen works (a time zone, or '').
  managerZone: 'managerZone',
  coachZone: 'coachZone',
  // One action-plan row: `${FIELDS.actionStep}${i}`, and so on.
  actionStep: 'actionStep',
  actionOwner: 'actionOwner',
  actionDue: 'actionDue',
  // A step of an earlier meeting (views/carry.ts): `${FIELDS.carry}${i}`, keep | done.
  carry: 'carryStep',
} as const;

/** One action-plan row as typed: `due` is YYYY-MM-DD or ''. */
export interface ActionRow {
  step: string;
  owner: string;
  due: string;
}

const MAX_ROWS = MEETING_LIMITS.actionItems;

/** The day a date picker shows, as YYYY-MM-DD ('' when empty): its value is that day's UTC midnight. */
function pickerDay(inputs: Record<string, FormInput> | undefined, name: string): string {
  const ms = pickerMs(inputs, name);
  if (ms !== null) return new Date(ms).toISOString().slice(0, 10);
  return stringInput(inputs, name).trim();
}

/** A YYYY-MM-DD day as a date picker's value (UTC midnight), or null. */
export function dayMs(day: string): number | null {
  const d = parseCivilDate(day);
  return d ? Date.UTC(d.year, d.month - 1, d.day) : null;
}

export const isBlankRow = (r: ActionRow) => r.step.trim() === '' && r.due === '';

/**
 * The action-plan rows on the form, in order, blank ones dropped (so the n-th row a problem names is
 * the n-th row shown again). An older card's `actionPlan` text is read as rows too.
 */
export function actionRows(inputs: Record<string, FormInput> | undefined): ActionRow[] {
  if (inputs?.[FIELDS.actionPlan] !== undefined) {
    const text = stringInput(inputs, FIELDS.actionPlan);
    return actionPlanFromText(text).items.map((a) => ({ step: a.step, owner: a.owner, due: a.due ?? '' }));
  }
  const rows: ActionRow[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const row = {
      step: stringInput(inputs, FIELDS.actionStep + i),
      owner: stringInput(inputs, FIELDS.actionOwner + i),
      due: pickerDay(inputs, FIELDS.actionDue + i),
    };
    if (!isBlankRow(row)) rows.push(row);
  }
  return rows;
}

/** How many rows the form shows: those typed plus an empty one, at least three, at most the limit. */
export function rowsShown(rows: number, wanted = 0): number {
  return Math.min(MAX_ROWS, Math.max(rows + 1, 3, wanted));
}

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
    // Typed text in an older card's box keeps its line-by-line messages (core/meeting.ts).
    actionPlan:
      inputs?.[FIELDS.actionPlan] !== undefined
        ? stringInput(inputs, FIELDS.actionPlan)
        : actionRows(inputs).map((r) =>
            r.due ? { step: r.step, owner: r.owner, due: r.due } : { step: r.step, owner: r.owner },
          ),
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

/** A scenario's action plan as rows (text in the older "step | owner | due" form is read too). */
function scenarioRows(plan: NonNullable<ScenarioForm['actionPlan']>): ActionRow[] {
  if (typeof plan === 'string')
    return actionPlanFromText(plan).items.map((a) => ({ step: a.step, owner: a.owner, due: a.due ?? '' }));
  return plan.map((a) => ({ step: a.step, owner: a.owner ?? 'coachee', due: a.due ?? '' }));
}

/**
 * The card's input values a person types for a scenario form: only the fields the form sets (null or
 * missing = leave the card's default). Agenda: one item per line; action plan: one row per action
 * (step text, owner picked in the dropdown, due day in the date picker; no due = picker cleared).
 */
export function scenarioFormValues(form: ScenarioForm): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (form.goal !== undefined && form.goal !== null) out[FIELDS.goal] = form.goal;
  if (form.agenda !== undefined && form.agenda !== null)
    out[FIELDS.agenda] = typeof form.agenda === 'string' ? form.agenda : agendaToText(form.agenda);
  if (form.actionPlan !== undefined && form.actionPlan !== null) {
    scenarioRows(form.actionPlan).forEach((row, i) => {
      out[FIELDS.actionStep + i] = row.step;
      const owner = normaliseOwner(row.owner) ?? 'coachee';
      out[FIELDS.actionOwner + i] = (OWNERS as readonly string[]).includes(owner) ? owner : row.owner;
      if (row.due === '') out[FIELDS.actionDue + i] = null;
      else {
        const ms = dayMs(row.due);
        // A picker holds only real days: an impossible date cannot be typed into it.
        if (ms === null) throw new Error(`The due date "${row.due}" is not a day a date picker can show`);
        out[FIELDS.actionDue + i] = ms;
      }
    });
  }
  if (form.coachRole !== undefined && form.coachRole !== null) out[FIELDS.coachRole] = form.coachRole;
  if (form.videoLink !== undefined && form.videoLink !== null) out[FIELDS.videoLink] = form.videoLink;
  return out;
}

/** How many action rows a scenario form fills (the card must show at least that many). */
export function scenarioRowCount(form: ScenarioForm): number {
  return form.actionPlan === undefined || form.actionPlan === null ? 0 : scenarioRows(form.actionPlan).length;
}

/**
 * The formInputs a person produces by filling the card: `defaults` are the card's current values
 * (name → string, e.g. from the card JSON), overridden by every non-null field of `form`.
 */
export function formInputsFor(form: ScenarioForm, defaults: Record<string, string> = {}): Record<string, FormInput> {
  const out: Record<string, FormInput> = {};
  for (const [name, value] of Object.entries(defaults)) out[name] = text(value);
  for (const [name, value] of Object.entries(scenarioFormValues(form))) {
    if (value === null) delete out[name];
    else if (typeof value === 'number') out[name] = { dateInput: { msSinceEpoch: value } };
    else out[name] = text(value);
  }
  return out;
}

/** Parameter prefix for typed values carried on a review card's buttons (that card has no inputs). */
const CARRY = 'typed.';
const CARRIED_TEXT = [FIELDS.goal, FIELDS.agenda, FIELDS.coachRole, FIELDS.videoLink, FIELDS.minutes, FIELDS.title];
const ROW_PARTS = ['step', 'owner', 'due'] as const;

/** The form as typed, as button parameters: "Book anyway" books exactly it, "Edit the plan" shows it again. */
export function carryInputs(inputs: Record<string, FormInput> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CARRIED_TEXT) {
    if (inputs?.[name] !== undefined) out[CARRY + name] = stringInput(inputs, name);
  }
  actionRows(inputs).forEach((row, i) => {
    for (const part of ROW_PARTS) out[`${CARRY}row${i}.${part}`] = row[part];
  });
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
  for (let i = 0; params[`${CARRY}row${i}.step`] !== undefined; i++) {
    out[FIELDS.actionStep + i] = text(params[`${CARRY}row${i}.step`]!);
    out[FIELDS.actionOwner + i] = text(params[`${CARRY}row${i}.owner`] ?? '');
    const due = dayMs(params[`${CARRY}row${i}.due`] ?? '');
    if (due !== null) out[FIELDS.actionDue + i] = { dateInput: { msSinceEpoch: due } };
    any = true;
  }
  const start = Number(params[CARRY + FIELDS.start]);
  if (params[CARRY + FIELDS.start] !== undefined && Number.isFinite(start)) {
    out[FIELDS.start] = { dateTimeInput: { msSinceEpoch: start } };
    any = true;
  }
  return any ? out : null;
}
