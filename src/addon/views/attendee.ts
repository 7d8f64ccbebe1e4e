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

export const SAVE_PREP_LABEL = 'Save privately';
/** The coach's own part of the action plan (issue 13 item 10). */
export const COACH_ACTIONS_TITLE = 'Your actions in the plan';
export const PREPARED_LABEL = "I'm prepared for this meeting";
/** The manager's support (issue 14 item 4). */
export const SUPPORT_LABEL = 'I support this goal';
export const SAVE_COMMITMENT_LABEL = 'Save what I commit to do';
export const COMMITMENT_TITLE = 'One thing I commit to do (optional)';

/** Said on the manager's panel once they confirmed. */
export function supportedText(day: string): string {
  return `You confirmed your support on ${day}. Your report sees that you did (and the date), never what you commit to do.`;
}

/** Said after the support button. */
export function supportNotice(already: boolean, commitment: string): string {
  const first = already ? 'Saved.' : 'Thank you: your support is confirmed.';
  return commitment ? `${first} What you commit to do is kept in your own account only.` : first;
}

/** "I support this goal" with the optional commitment, after the plan: only yes and the date leave the manager's account. */
function supportSection(m: ManagerPanelModel) {
  if (m.bookingStatus !== 'confirmed' && m.bookingStatus !== 'pending') return null;
  const commitment = CardService.newTextInput()
    .setFieldName(FIELDS.commitment)
    .setTitle(COMMITMENT_TITLE)
    .setHint('Only you can see this')
    .setValue(m.support?.commitment ?? '');
  const params = { ...(m.supportParams ?? {}), eventId: m.eventId, supported: m.supportedOn ? '1' : '' };
  return section(
    'Your support',
    present([
      m.supportedOn
        ? paragraph(supportedText(m.supportedOn))
        : paragraph(
            'Once you have read the plan: do you support this goal? Your report sees that you confirmed it and when; what you commit to do stays in your own account.',
          ),
      commitment,
      buttons([button(m.supportedOn ? SAVE_COMMITMENT_LABEL : SUPPORT_LABEL, 'supportGoal', params, !m.supportedOn)]),
    ]),
  );
}

function sectionOf(id: string, doc = guide('manager')) {
  return doc.sections.find((s) => s.id === id);
}

function statusWidgets(m: AttendeePanelModel): Widget[] {
  return present([
    m.bookingStatus === 'cancelled'
      ? paragraph(html`<b>${m.coachee} cancelled this alignment meeting.</b> It no longer counts as one.`)
      : null,
    m.notesChanged ? paragraph(html`<b>${ERRORS.NOTES_CHANGED.message}</b>`) : null,
    m.degraded
      ? paragraph('The coaching program could not be reached just now, so this shows what the invitation itself says.')
      : null,
  ]);
}

/** The coachee's plan as written; empty sections are left out. */
function planWidgets(p: PlanView, includeActions: boolean): Widget[] {
  if (p.missing) return [paragraph('The coachee has not written the meeting plan into this event yet.')];
  const widgets = present([
    p.note ? paragraph(html`<i>${p.note}</i>`) : null,
    p.goal ? labeled('Goal', p.goal) : null,
    p.agenda.length > 0 ? labeled('Agenda', numbered(p.agenda)) : null,
    includeActions && p.actions.length > 0 ? labeled('Action plan', bullets(p.actions)) : null,
    p.coachRole ? labeled("Coach's role", p.coachRole.label, p.coachRole.description) : null,
    p.videoLink ? labeled('Video link', p.videoLink) : null,
  ]);
  return widgets.length > 0 ? widgets : [paragraph('The meeting notes in this event could not be read.')];
}

/** Later plan edits send no mail: the panel says when the event last changed (this is the current plan). */
function updatedWidgets(m: AttendeePanelModel): Widget[] {
  return m.updated && !m.plan.missing
    ? [paragraph(html`<i>Last updated ${m.updated}. This is the current plan; later edits are not e-mailed.</i>`)]
    : [];
}

function whenBullets(program: AttendeePanelModel['program']): string[] {
  const all = sectionOf('when')?.bullets ?? [];
  if (program === 'six-month') return all.filter((b) => b.startsWith('Six-month'));
  if (program === 'quarterly') return all.filter((b) => b.startsWith('Quarterly'));
  return all;
}

function toolkitButtons(m: AttendeePanelModel, doc: 'manager' | 'coach') {
  return buttons([
    button(doc === 'manager' ? 'Full manager toolkit' : 'Coach guide', 'showToolkit', { doc }),
    linkAllowed(m.toolkitUrl) ? linkButton("Organisation's toolkit", m.toolkitUrl) : null,
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
    .setTitle('Private preparation note')
    .setHint('Only you can see this')
    .setMultiline(true)
    .setValue(m.prep?.note ?? '');
  const prepared = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.CHECK_BOX)
    .setFieldName(FIELDS.prepared)
    .addItem(PREPARED_LABEL, 'yes', m.prep?.prepared === true);
  return card(
    `Alignment meeting with ${m.coachee}`,
    m.when || m.title,
    [
      sectionIf(null, statusWidgets(m)),
      section(
        'Your part',
        present([
          paragraph(MEETING_DEFINITION + ' ' + (role[0] ?? '')),
          paragraph(bullets(purposes)),
          m.milestone ? labeled('This meeting', m.milestone) : null,
        ]),
        { collapsible: true, visible: 2 },
      ),
      section(`What ${m.coachee} wrote`, [...planWidgets(m.plan, true), ...updatedWidgets(m)]),
      supportSection(m),
      section(
        'Before the meeting',
        // One widget per question, so the section can show the first few and fold the rest.
        [paragraph('Some questions to think about:'), ...questions.map((q, i) => paragraph(`${i + 1}. ${q}`))],
        fold,
      ),
      section('What this meeting is not for', [paragraph(bullets([...NOT_FOR_ITEMS]))], { collapsible: true }),
      section('When these meetings happen', [paragraph(bullets(whenBullets(m.program)))], { collapsible: true }),
      section('Confidentiality', [paragraph(CONFIDENTIALITY_PROMISE), paragraph(NO_RECORDING)]),
      section(
        'Just for you',
        present([
          paragraph(
            'Your note and your mark are kept in your own account. Nobody else sees them: not your report, the coach or the program.',
          ),
          note,
          prepared,
          buttons([button(SAVE_PREP_LABEL, 'savePrep', { eventId: m.eventId })]),
          m.prep?.savedAt ? paragraph(html`<i>Last saved ${m.prep.savedAt.slice(0, 10)}</i>`) : null,
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
    `Alignment meeting with ${m.coachee}`,
    m.when || m.title,
    [
      sectionIf(null, statusWidgets(m)),
      section('Your agreed role', [
        p.coachRole
          ? labeled('Your coachee asked you to', p.coachRole.label, p.coachRole.description)
          : paragraph('Your coachee has not chosen your role yet: ask them before the meeting.'),
      ]),
      section('The plan', [...planWidgets({ ...p, actions: [], coachRole: null }, false), ...updatedWidgets(m)]),
      sectionIf(COACH_ACTIONS_TITLE, p.mine.length > 0 ? [paragraph(bullets(p.mine))] : []),
      section('Ethics reminder', [paragraph(bullets(ethics))], { collapsible: true, visible: 1 }),
      section('If the conversation drifts', [paragraph(bullets([...NOT_FOR_ITEMS]))], { collapsible: true }),
      section('Confidentiality', [paragraph(CONFIDENTIALITY_PROMISE), paragraph(NO_RECORDING)]),
      sectionIf(null, present([toolkitButtons(m, 'coach')])),
    ],
    { name: 'coach' },
  );
}
