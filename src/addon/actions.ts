/**
 * Small card actions that are not part of the coachee's booking flow: the manager's private
 * preparation note, and showing a toolkit document.
 */
import { cleanLine, cleanLines } from '../core/text';
import type { ToolkitDocument } from '../core/toolkit';
import { guide } from './guides';
import { getEvent } from './adapters/calendar';
import { callGateway } from './adapters/gateway';
import { MAX_COMMITMENT_CHARS, MAX_NOTE_CHARS, readSupport, writePrep, writeSupport } from './adapters/properties';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from './env';
import { attendeePanel, viewerArgs } from './flows/viewer';
import { supportNotice } from './views/attendee';
import { FIELDS, stringInput, stringInputs } from './form';
import type { AddonEvent } from './types';
import { toolkitCard } from './views/info';
import { notify, pushCard } from './views/ui';

/**
 * Saves the manager's note and "I'm prepared" mark in THEIR user properties, keyed by event id.
 * Nothing goes to the gateway or the event: only this manager can ever read it.
 */
export function savePrep(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const eventId = parameters(e).eventId ?? e.calendar?.id ?? '';
  if (!eventId) return notify('Open the meeting again to save your note.');
  const inputs = e.commonEventObject?.formInputs;
  // Keep the manager's line breaks, drop control characters; cap the size.
  const note = cleanLines(stringInput(inputs, FIELDS.prepNote)).join('\n');
  const prepared = stringInputs(inputs, FIELDS.prepared).includes('yes');
  writePrep(eventId, note, prepared, new Date().toISOString());
  const cut = note.length > MAX_NOTE_CHARS ? ` Only the first ${MAX_NOTE_CHARS} characters were kept.` : '';
  return notify(`${prepared ? 'Saved, and marked as prepared.' : 'Saved.'} Only you can see this.${cut}`);
}

/**
 * The manager's "I support this goal" (issue 14 item 4): their "one thing I commit to do" is saved in
 * THEIR user properties first (their words are never lost, never sent); then only the yes goes to
 * the gateway (`support`: manager-only, the date is the gateway's), whose answer draws the panel again.
 */
export function supportGoal(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const p = parameters(e);
  const eventId = p.eventId ?? '';
  if (!eventId) return notify('Open the meeting again to confirm your support.');
  const commitment = cleanLine(stringInput(e.commonEventObject?.formInputs, FIELDS.commitment));
  if (commitment !== (readSupport(eventId)?.commitment ?? ''))
    writeSupport(eventId, commitment, new Date().toISOString());
  const budget = new Budget();
  // The manager's own copy (the invitation in Gmail names the same event in their primary calendar).
  const ev = getEvent('primary', eventId);
  if (!ev || ev.status === 'cancelled') return notify('This meeting is no longer in your calendar.');
  const data = callGateway('support', viewerArgs(ev), budget);
  const timeZone = viewerTimeZone(e, ev.start?.timeZone ?? 'UTC');
  const cardNow = attendeePanel(ev, currentUserEmail(), budget, { compact: p.compact === '1', timeZone }, data);
  const cut =
    commitment.length > MAX_COMMITMENT_CHARS ? ` Only the first ${MAX_COMMITMENT_CHARS} characters were kept.` : '';
  return notify(supportNotice(p.supported === '1', commitment) + cut, cardNow);
}

export function toolkitDoc(which: string | undefined): ToolkitDocument {
  return guide(which === 'coach' || which === 'coachee' ? which : 'manager');
}

export function showToolkit(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return pushCard(toolkitCard(toolkitDoc(parameters(e).doc)));
}
