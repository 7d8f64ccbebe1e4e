/**
 * The steps of earlier meetings on the next meeting's form (core/carry.ts), in the panel's plan form
 * and the homepage's schedule form: one choice per step, "keep" (into the new plan) or "done" (marked
 * done in the old meeting's notes). The wrap-up lists every step of the program.
 */
import { CARRY_CHOICES, defaultChoice, encodeCarry, type CarryChoice, type CarryItem } from '../../core/carry';
import { FIELDS } from '../form';
import { dayText } from './view-model';
import { paragraph, section } from './ui';
import * as COACHEE_TEXT from './messages/coachee';

/** The carried steps on a form, with what the coachee chose for each so far (by position). */
export interface CarryForm {
  items: CarryItem[];
  choices: CarryChoice[];
  /** The wrap-up's look back at the whole program (done steps included). */
  wrapUp: boolean;
}

/** Action parameters: the steps themselves, the choices so far (for a card without the inputs), the wrap-up. */
export const CARRY_PARAM = 'carry';
export const CARRY_WRAP_PARAM = 'carryWrap';
export const CARRY_CHOICE_PARAM = 'carryChoice';

export { CARRY_TITLE, CARRY_WRAP_TITLE } from './messages/coachee';

/** The parameters a button needs to bring the steps back (none without steps). */
export function carryParams(form: CarryForm | null | undefined): Record<string, string> {
  if (!form || form.items.length === 0) return {};
  const out: Record<string, string> = { [CARRY_PARAM]: encodeCarry(form.items) };
  if (form.wrapUp) out[CARRY_WRAP_PARAM] = '1';
  form.choices.forEach((c, i) => (out[CARRY_CHOICE_PARAM + i] = c));
  return out;
}

/** "Draft the plan · manager · due 24 Mar 2026" */
function stepTitle(it: CarryItem): string {
  return [it.step, it.owner, it.due && COACHEE_TEXT.carryDue(dayText(it.due))].filter((x) => x).join(' · ');
}

/** The section listing the steps, each with keep / done; null without steps. */
export function carrySection(form: CarryForm | null | undefined): GoogleAppsScript.Card_Service.CardSection | null {
  if (!form || form.items.length === 0) return null;
  const widgets = form.items.map((it, i) => {
    // A title is plain text on the card (no HTML): the step as the coachee wrote it.
    const input = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setTitle(stepTitle(it))
      .setFieldName(FIELDS.carry + i);
    const chosen = form.choices[i] ?? defaultChoice(it);
    for (const c of CARRY_CHOICES) input.addItem(COACHEE_TEXT.CARRY_CHOICE[c], c, c === chosen);
    return input;
  });
  return section(form.wrapUp ? COACHEE_TEXT.CARRY_WRAP_TITLE : COACHEE_TEXT.CARRY_TITLE, [
    paragraph(COACHEE_TEXT.carryLead),
    ...widgets,
  ]);
}

/** After the new meeting is booked: the steps that could not be marked done in their old notes. */
export function notMarkedText(steps: readonly string[]): string {
  return steps.length === 0 ? '' : COACHEE_TEXT.notMarkedDone(steps);
}
