/**
 * Small card actions that are not part of the coachee's booking flow: the manager's private
 * preparation note, and showing a toolkit document.
 */
import { cleanLines } from '../core/text';
import { COACHEE_GUIDE, COACH_GUIDE, MANAGER_TOOLKIT, type ToolkitDocument } from '../core/toolkit';
import { MAX_NOTE_CHARS, writePrep } from './adapters/properties';
import { parameters } from './env';
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

export function toolkitDoc(which: string | undefined): ToolkitDocument {
  if (which === 'coach') return COACH_GUIDE;
  if (which === 'coachee') return COACHEE_GUIDE;
  return MANAGER_TOOLKIT;
}

export function showToolkit(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  return pushCard(toolkitCard(toolkitDoc(parameters(e).doc)));
}
