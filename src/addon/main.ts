// Apps Script entry points of the add-on. Kept tiny: each export becomes a top-level global in
// build/addon/Code.js (see src/local/tools/build.mjs); the work happens in the modules they call.
// Manifest triggers: onHomepage, onCalendarHomepage, onGmailHomepage, onCalendarEventOpen,
// onCalendarEventUpdate, onGmailMessageOpen, onToolkitAction, onAboutAction. Every other export is
// a card action named by setFunctionName.
import { savePrep, showToolkit, supportGoal, toolkitDoc } from './actions';
import { calendarEventCards } from './calendar';
import { checkConnection } from './connection';
import { addParticipants, addPlanStep, cancelMeeting, confirmMeeting } from './flows/coachee';
import { markHeldAction } from './flows/held';
import { moveMeeting } from './flows/move';
import { editScheduleForm, openScheduleForm, scheduleMeeting, suggestTimes } from './flows/schedule';
import { parameters } from './env';
import { gmailMessageCards } from './gmail';
import { guardAction, guardCards, guardUniversal } from './guard';
import { homepageCards } from './homepage';
import type { AddonEvent } from './types';
import { aboutCard, toolkitCard } from './views/info';
import { updateCard } from './views/ui';

type Cards = GoogleAppsScript.Card_Service.Card[];

// --- Triggers (manifest) -------------------------------------------------------------------------

export function onHomepage(e: AddonEvent): Cards {
  return guardCards('homepage', () => homepageCards(e ?? {}));
}

export function onCalendarHomepage(e: AddonEvent): Cards {
  return guardCards('calendar homepage', () => homepageCards(e ?? {}));
}

export function onGmailHomepage(e: AddonEvent): Cards {
  return guardCards('gmail homepage', () => homepageCards(e ?? {}));
}

export function onCalendarEventOpen(e: AddonEvent): Cards {
  return guardCards('event open', () => calendarEventCards(e ?? {}));
}

/** Fires (before saving) when attendees or conferencing change: refresh the panel. */
export function onCalendarEventUpdate(e: AddonEvent): Cards {
  return guardCards('event update', () => calendarEventCards(e ?? {}));
}

export function onGmailMessageOpen(e: AddonEvent): Cards {
  return guardCards('gmail message', () => gmailMessageCards(e ?? {}));
}

// --- Universal actions (manifest) ----------------------------------------------------------------

export function onToolkitAction(_e: AddonEvent): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return guardUniversal('toolkit', () =>
    CardService.newUniversalActionResponseBuilder()
      .displayAddOnCards([toolkitCard(toolkitDoc('manager'))])
      .build(),
  );
}

export function onAboutAction(_e: AddonEvent): GoogleAppsScript.Card_Service.UniversalActionResponse {
  return guardUniversal('about', () =>
    CardService.newUniversalActionResponseBuilder().displayAddOnCards([aboutCard()]).build(),
  );
}

// --- Card actions (setFunctionName) --------------------------------------------------------------

export function onConfirmMeeting(e: AddonEvent) {
  return guardAction('confirm', () => confirmMeeting(e ?? {}));
}

export function onCancelMeeting(e: AddonEvent) {
  return guardAction('cancel', () => cancelMeeting(e ?? {}));
}

/** Returns a CalendarEventActionResponse (adds people and the toolkit to the open editor). */
export function onAddParticipants(e: AddonEvent) {
  return guardAction('add participants', () => addParticipants(e ?? {}));
}

export function onSavePrep(e: AddonEvent) {
  return guardAction('save note', () => savePrep(e ?? {}));
}

/** The manager's "I support this goal" (their commitment stays in their own user properties). */
export function onSupportGoal(e: AddonEvent) {
  return guardAction('support', () => supportGoal(e ?? {}));
}

export function onShowToolkit(e: AddonEvent) {
  return guardAction('toolkit', () => showToolkit(e ?? {}));
}

/** Homepage: free/busy of coachee, manager and coach over the chosen dates → the suggestions card. */
export function onSuggestTimes(e: AddonEvent) {
  return guardAction('find times', () => suggestTimes(e ?? {}));
}

/** Homepage: the schedule form, pre-filled with a suggested time when a suggestion was picked. */
export function onOpenScheduleForm(e: AddonEvent) {
  return guardAction('schedule form', () => openScheduleForm(e ?? {}));
}

/** Homepage: book the allowance, then create the complete event (see flows/schedule.ts). */
export function onScheduleMeeting(e: AddonEvent) {
  return guardAction('schedule', () => scheduleMeeting(e ?? {}));
}

/** A declined meeting's suggestion: "Move the meeting here" moves THAT event (see flows/schedule.ts). */
export function onMoveMeeting(e: AddonEvent) {
  return guardAction('move', () => moveMeeting(e ?? {}));
}

/** "Did it take place?" Yes / No, on the panel or the homepage (see flows/held.ts). */
export function onMarkHeld(e: AddonEvent) {
  return guardAction('held', () => markHeldAction(e ?? {}));
}

/** A review card's "Book anyway": the same Confirm or Schedule, with the typed plan, acknowledged. */
export function onBookAnyway(e: AddonEvent) {
  const ev = e ?? {};
  return guardAction('book anyway', () =>
    parameters(ev).flow === 'schedule' ? scheduleMeeting(ev) : confirmMeeting(ev),
  );
}

/** A review card's "Edit the plan": back to the form, with the plan as typed. */
export function onEditPlan(e: AddonEvent) {
  const ev = e ?? {};
  return guardAction('edit plan', () =>
    parameters(ev).flow === 'schedule' ? editScheduleForm(ev) : updateCard(calendarEventCards(ev)[0]!),
  );
}

/** "Add a step": the plan form again (panel or homepage schedule form) with one more action row. */
export function onAddStep(e: AddonEvent) {
  const ev = e ?? {};
  return guardAction('add a step', () => {
    if (parameters(ev).flow !== 'schedule') return addPlanStep(ev);
    const rows = Number(parameters(ev).rows);
    return editScheduleForm(ev, { rows: Number.isFinite(rows) ? rows : 0 });
  });
}

/** About card: the gateway's deployment check in words, and this add-on's OAuth client id. */
export function onCheckConnection(_e: AddonEvent) {
  return guardAction('check connection', () => checkConnection());
}

/** The error card's "Try again": runs the panel of the current context again and replaces the card. */
export function onRetryPanel(e: AddonEvent) {
  return guardAction('retry', () => {
    const ev = e ?? {};
    const host = ev.commonEventObject?.hostApp;
    const cards =
      ev.gmail?.messageId && host !== 'CALENDAR'
        ? gmailMessageCards(ev)
        : ev.calendar
          ? calendarEventCards(ev)
          : homepageCards(ev);
    return updateCard(cards[0]!);
  });
}
