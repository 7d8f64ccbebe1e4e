/**
 * Read-only panels for the invited: the manager's (what the meeting is for and their part in it, the
 * coachee's plan as written in the description block of the manager's OWN copy, how to prepare,
 * what it is not for, when these meetings happen, the confidentiality promise, and a private
 * preparation note) and the coach's (the agreed role, the agenda, the ethics reminder).
 *
 * Long sections are folded the same way in Calendar and Gmail (the first items shown, the rest on a
 * tap), so the first screen, on a phone too, shows the plan and the manager's part.
 */
import type { BookingStatus } from '../../core/ledger';
import { CONFIDENTIALITY_PROMISE, NO_RECORDING, NOT_FOR_ITEMS, MEETING_DEFINITION } from '../../core/toolkit';
import { guide } from '../guides';
import { ERRORS } from '../../core/errors';
import { FIELDS } from '../form';
import type { PrepNote, SupportNote } from '../adapters/properties';
import type { PlanView } from './view-model';
import * as ATTENDEE_TEXT from './messages/attendee';
import {
  bullets,
  button,
  buttons,
  card,
  html,
  labeled,
  linkAllowed,
  linkButton,
  numbered,
  paragraph,
  present,
  section,
  sectionIf,
  type Widget,
} from './ui';

export interface AttendeePanelModel {
  eventId: string;
  title: string;
  when: string;
  /** The coachee's name or email, as the gateway or the block tells it. */
  coachee: string;
  plan: PlanView;
  milestone: string | null;
  program: 'quarterly' | 'six-month' | null;
  bookingStatus: BookingStatus | null;
  toolkitUrl: string | null;
  compact: boolean;
  /** The gateway could not be asked; the role came from the invitation itself. */
  degraded: boolean;
  /** The notes no longer match what the coachee confirmed (core/digest.ts; message NOTES_CHANGED). */
  notesChanged?: boolean;
  /** When the event last changed (in the viewer's zone): plan edits reach guests here, not by mail. */
  updated?: string;
}

export interface ManagerPanelModel extends AttendeePanelModel {
  prep: PrepNote | null;
  /** What the manager committed to do, from their own user properties. */
  support?: SupportNote | null;
  /** The day the manager confirmed their support ("4 March 2026"), as the gateway keeps it; null: not yet. */
  supportedOn?: string | null;
  /** Host facts the support button carries, so its answer draws this panel again the same way. */
  supportParams?: Record<string, string>;
}

export {
  SAVE_PREP_LABEL,
  COACH_ACTIONS_TITLE,
  PREPARED_LABEL,
  SUPPORT_LABEL,
  SAVE_COMMITMENT_LABEL,
  COMMITMENT_TITLE,
  supportedText,
  supportNotice,
} from './messages/attendee';

/** "I support this goal" with the optional commitment, after the plan: only yes and the date leave the manager's account. */
function supportSection(m: ManagerPanelModel) {
  if (m.bookingStatus !== 'confirmed' && m.bookingStatus !== 'pending') return null;
  const commitment = CardService.newTextInput()
    .setFieldName(FIELDS.commitment)
    .setTitle(ATTENDEE_TEXT.COMMITMENT_TITLE)
    .setHint(ATTENDEE_TEXT.onlyYou)
    .setValue(m.support?.commitment ?? '');
  const params = { ...(m.supportParams ?? {}), eventId: m.eventId, supported: m.supportedOn ? '1' : '' };
  return section(
    ATTENDEE_TEXT.supportTitle,
    present([
      m.supportedOn ? paragraph(ATTENDEE_TEXT.supportedText(m.supportedOn)) : paragraph(ATTENDEE_TEXT.supportAsk),
      commitment,
      buttons([
        button(
          m.supportedOn ? ATTENDEE_TEXT.SAVE_COMMITMENT_LABEL : ATTENDEE_TEXT.SUPPORT_LABEL,
          'supportGoal',
          params,
          !m.supportedOn,
        ),
      ]),
    ]),
  );
}

function sectionOf(id: string, doc = guide('manager')) {
  return doc.sections.find((s) => s.id === id);
}

function statusWidgets(m: AttendeePanelModel): Widget[] {
  return present([
    m.bookingStatus === 'cancelled'
      ? paragraph(html`<b>${ATTENDEE_TEXT.cancelledBy(m.coachee)}</b> ${ATTENDEE_TEXT.noLongerCounts}`)
      : null,
    m.notesChanged ? paragraph(html`<b>${ERRORS.NOTES_CHANGED.message}</b>`) : null,
    m.degraded ? paragraph(ATTENDEE_TEXT.degraded) : null,
  ]);
}

/** The coachee's plan as written; empty sections are left out. */
function planWidgets(p: PlanView, includeActions: boolean): Widget[] {
  if (p.missing) return [paragraph(ATTENDEE_TEXT.planMissing)];
  const widgets = present([
    p.note ? paragraph(html`<i>${p.note}</i>`) : null,
    p.goal ? labeled(ATTENDEE_TEXT.goal, p.goal) : null,
    p.agenda.length > 0 ? labeled(ATTENDEE_TEXT.agenda, numbered(p.agenda)) : null,
    includeActions && p.actions.length > 0 ? labeled(ATTENDEE_TEXT.actionPlan, bullets(p.actions)) : null,
    p.coachRole ? labeled(ATTENDEE_TEXT.coachRole, p.coachRole.label, p.coachRole.description) : null,
    p.videoLink ? labeled(ATTENDEE_TEXT.videoLink, p.videoLink) : null,
  ]);
  return widgets.length > 0 ? widgets : [paragraph(ATTENDEE_TEXT.planUnreadable)];
}

/** Later plan edits send no mail: the panel says when the event last changed (this is the current plan). */
function updatedWidgets(m: AttendeePanelModel): Widget[] {
  return m.updated && !m.plan.missing ? [paragraph(html`<i>${ATTENDEE_TEXT.lastUpdated(m.updated)}</i>`)] : [];
}

function whenBullets(program: AttendeePanelModel['program']): string[] {
  const all = sectionOf('when')?.bullets ?? [];
  if (program === 'six-month') return all.filter((b) => b.startsWith('Six-month'));
  if (program === 'quarterly') return all.filter((b) => b.startsWith('Quarterly'));
  return all;
}

function toolkitButtons(m: AttendeePanelModel, doc: 'manager' | 'coach') {
  return buttons([
    button(doc === 'manager' ? ATTENDEE_TEXT.managerToolkit : ATTENDEE_TEXT.coachGuide, 'showToolkit', { doc }),
    linkAllowed(m.toolkitUrl) ? linkButton(ATTENDEE_TEXT.orgToolkit, m.toolkitUrl) : null,
  ]);
}

export function managerCard(m: ManagerPanelModel): GoogleAppsScript.Card_Service.Card {
  // The same folding in Calendar and Gmail: long sections show their first items, the rest on a tap.
  const fold = { collapsible: true, visible: 3 };
  const purposes = sectionOf('purposes')?.bullets ?? [];
  const role = sectionOf('role')?.paragraphs ?? [];
  const questions = sectionOf('prepare')?.bullets ?? [];
  const note = CardService.newTextInput()
    .setFieldName(FIELDS.prepNote)
    .setTitle(ATTENDEE_TEXT.prepNoteTitle)
    .setHint(ATTENDEE_TEXT.onlyYou)
    .setMultiline(true)
    .setValue(m.prep?.note ?? '');
  const prepared = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.CHECK_BOX)
    .setFieldName(FIELDS.prepared)
    .addItem(ATTENDEE_TEXT.PREPARED_LABEL, 'yes', m.prep?.prepared === true);
  return card(
    ATTENDEE_TEXT.cardTitle(m.coachee),
    m.when || m.title,
    [
      sectionIf(null, statusWidgets(m)),
      section(
        ATTENDEE_TEXT.yourPart,
        present([
          paragraph(MEETING_DEFINITION + ' ' + (role[0] ?? '')),
          paragraph(bullets(purposes)),
          m.milestone ? labeled(ATTENDEE_TEXT.thisMeeting, m.milestone) : null,
        ]),
        { collapsible: true, visible: 2 },
      ),
      section(ATTENDEE_TEXT.whatTheyWrote(m.coachee), [...planWidgets(m.plan, true), ...updatedWidgets(m)]),
      supportSection(m),
      section(
        ATTENDEE_TEXT.beforeTitle,
        // One widget per question, so the section can show the first few and fold the rest.
        [paragraph(ATTENDEE_TEXT.questionsLead), ...questions.map((q, i) => paragraph(`${i + 1}. ${q}`))],
        fold,
      ),
      section(ATTENDEE_TEXT.notForTitle, [paragraph(bullets([...NOT_FOR_ITEMS]))], { collapsible: true }),
      section(ATTENDEE_TEXT.whenTitle, [paragraph(bullets(whenBullets(m.program)))], { collapsible: true }),
      section(ATTENDEE_TEXT.confidentiality, [paragraph(CONFIDENTIALITY_PROMISE), paragraph(NO_RECORDING)]),
      section(
        ATTENDEE_TEXT.justForYou,
        present([
          paragraph(ATTENDEE_TEXT.keptPrivate),
          note,
          prepared,
          buttons([button(ATTENDEE_TEXT.SAVE_PREP_LABEL, 'savePrep', { eventId: m.eventId })]),
          m.prep?.savedAt ? paragraph(html`<i>${ATTENDEE_TEXT.lastSaved(m.prep.savedAt.slice(0, 10))}</i>`) : null,
        ]),
      ),
      sectionIf(null, present([toolkitButtons(m, 'manager')])),
    ],
    { name: 'manager' },
  );
}

export function coachCard(m: AttendeePanelModel): GoogleAppsScript.Card_Service.Card {
  const ethics = sectionOf('ethics', guide('coach'))?.bullets ?? [];
  const p = m.plan;
  return card(
    ATTENDEE_TEXT.cardTitle(m.coachee),
    m.when || m.title,
    [
      sectionIf(null, statusWidgets(m)),
      section(ATTENDEE_TEXT.roleTitle, [
        p.coachRole
          ? labeled(ATTENDEE_TEXT.roleAsked, p.coachRole.label, p.coachRole.description)
          : paragraph(ATTENDEE_TEXT.roleNotChosen),
      ]),
      section(ATTENDEE_TEXT.planTitle, [
        ...planWidgets({ ...p, actions: [], coachRole: null }, false),
        ...updatedWidgets(m),
      ]),
      sectionIf(ATTENDEE_TEXT.COACH_ACTIONS_TITLE, p.mine.length > 0 ? [paragraph(bullets(p.mine))] : []),
      section(ATTENDEE_TEXT.ethicsTitle, [paragraph(bullets(ethics))], { collapsible: true, visible: 1 }),
      section(ATTENDEE_TEXT.driftTitle, [paragraph(bullets([...NOT_FOR_ITEMS]))], { collapsible: true }),
      section(ATTENDEE_TEXT.confidentiality, [paragraph(CONFIDENTIALITY_PROMISE), paragraph(NO_RECORDING)]),
      sectionIf(null, present([toolkitButtons(m, 'coach')])),
    ],
    { name: 'coach' },
  );
}
