/**
 * The coachee's side panel on their own event (they are the organizer): who the manager and coach
 * are, the allowance, what this meeting counts as and any warnings, the form, and the buttons.
 *
 * Layout (top to bottom):
 *   header      "Alignment meeting" / event title and time
 *   status      this event's booking (confirmed / cancelled / not yet), reconciliation notes
 *   next steps  (unsaved event only) add people, save, then confirm
 *   people      manager, coach
 *   allowance   this quarter used/limit, when the next opens, next milestone; on an unsaved event
 *               (whose date the panel cannot see: PLATFORM.md) this quarter and the next, what used
 *               them, the next with room, and that a meeting dated in a used quarter is refused
 *   check       what this meeting would count as (milestone) + warnings (never blocking)
 *   plan        the form: goal, agenda, action plan, coach's role, video link (saved event only)
 *   buttons     Confirm / Update, Add manager, coach and toolkit, Cancel
 */
import type {
  AllowanceView,
  BookingView,
  DecisionView,
  EngagementView,
  PanelNotice,
  QuarterView,
  ReconcileChange,
} from '../../core/api';
import { COACH_ROLES, COACH_ROLE_INFO, MEETING_LIMITS, OWNERS, type CoachRole } from '../../core/meeting';
import { CcmError } from '../../core/errors';
import type { HeldState } from '../../core/held';
import { civilDateOf, formatDateShort, parseIsoInstant } from '../../core/time';
import type { Problem } from '../../core/validation';
import type { ReviewItem } from '../../core/review';
import { MEETING_DEFINITION, NO_RECORDING } from '../../core/toolkit';
import { dayMs, FIELDS, rowsShown, type ActionRow } from '../form';
import { carryParams, carrySection, type CarryForm } from './carry';
import { allowanceWidgets, managerLines } from './coachee-home';
import { type AfterNotHeld, heldWidgets } from './held';
import type { ManagerResponse } from '../../core/roles';
import { dayText, rangeText } from './view-model';
import {
  bullets,
  button,
  buttons,
  card,
  fieldProblem,
  html,
  labeled,
  paragraph,
  present,
  section,
  sectionIf,
  type Widget,
} from './ui';
import * as COACHEE_TEXT from './messages/coachee';

export interface CoacheeFormValues {
  goal: string;
  agenda: string;
  /** The action plan's rows as typed (blank rows dropped). */
  actionPlan: ActionRow[];
  coachRole: CoachRole;
  videoLink: string;
  /** Rows to show (more than the typed ones after "Add a step"). */
  rows?: number;
  /** What is wrong with which field (core's field paths), shown next to that field. */
  problems?: Problem[];
  /** Steps of earlier meetings to keep or mark done (issue 14 item 3; views/carry.ts). */
  carry?: CarryForm | null;
}

export interface CoacheePanelModel {
  eventId: string;
  title: string;
  when: string;
  saved: boolean;
  engagement: EngagementView;
  allowance: AllowanceView | null;
  decision: DecisionView | null;
  /** This event's own booking, when it has one. */
  booking: BookingView | null;
  /** All the coachee's bookings (an unsaved event's panel names what used a quarter or milestone). */
  bookings?: BookingView[];
  /** The coachee's time zone, for the days of those bookings. */
  timeZone?: string;
  /**
   * Homepage scheduling's parameters (the next milestone with room), for an unsaved event whose
   * current quarter is used: "Schedule from the homepage" comes first. Null: nothing to schedule.
   */
  schedule?: Record<string, string> | null;
  reconciled: ReconcileChange[];
  /** Notices about the coachee's bookings (OVER_ALLOWANCE), from the gateway. */
  notices?: PanelNotice[];
  /** Warnings computed in the add-on (agenda topics): never sent to the gateway. */
  localWarnings: string[];
  form: CoacheeFormValues;
  /** Something to say about the form (e.g. the saved notes were edited by hand). */
  formNote: string | null;
  /** People still missing from the event who the add button would add (empty: hide the button). */
  missing: string[];
  /** The host lets this panel add attendees / attachments to the open event. */
  canAddParticipants: boolean;
  toolkitUrl: string | null;
  /** A banner at the top (e.g. the outcome of the action that produced this card). */
  banner?: string | null;
  /** The event's end has passed: it stays counted, no cancel from the panel (rule 9). */
  tookPlace?: boolean;
  /** Whether this meeting took place (core/held.ts): asked after its end; null without a booking. */
  held?: HeldState | null;
  /** After "No": move it within its quarter or schedule a new time (flows/held.ts). */
  afterNotHeld?: AfterNotHeld | null;
  /** Shown from the add-on's kept copy: how many whole minutes ago the gateway said this. */
  checkedMinutesAgo?: number;
  /** The manager declined the invitation: said at the top, with "Find another time" (these plan params). */
  managerDeclined?: boolean;
  findAgain?: Record<string, string> | null;
  /** The manager's RSVP on the saved event (issue 14 item 4: shown with their confirmed support). */
  managerResponse?: ManagerResponse;
}

export {
  CONFIRM_LABEL,
  UPDATE_LABEL,
  ADD_LABEL,
  SCHEDULE_INSTEAD_LABEL,
  CANCEL_MEETING_LABEL,
  STOP_COUNTING_LABEL,
  REFRESH_LABEL,
  ADD_STEP_LABEL,
  BOOK_ANYWAY_LABEL,
  EDIT_PLAN_LABEL,
  CANCEL_YES,
  GO_BACK_LABEL,
} from './messages/coachee';

/** How a coachee cancels: the whole meeting for everyone, or only its counting as the alignment meeting. */
export type CancelHow = 'meeting' | 'counting';

function isActive(b: BookingView | null): b is BookingView {
  return !!b && (b.status === 'confirmed' || b.status === 'pending');
}

function statusWidgets(m: CoacheePanelModel): Widget[] {
  const out: Widget[] = [];
  if (m.banner) out.push(paragraph(html`<b>${m.banner}</b>`));
  const b = m.booking;
  if (b && b.status === 'confirmed') {
    out.push(
      paragraph(COACHEE_TEXT.confirmedBanner),
      paragraph(MEETING_DEFINITION),
      paragraph(COACHEE_TEXT.privateNote),
    );
    if (m.tookPlace && m.held !== 'yes' && m.held !== 'presumed')
      out.push(paragraph(new CcmError('MEETING_TOOK_PLACE').message));
  } else if (b && b.status === 'pending') {
    out.push(paragraph(COACHEE_TEXT.pendingStatus));
  } else if (b && b.status === 'cancelled') {
    // Not held: said with the answer below (heldWidgets).
    if (b.held !== 'no') out.push(paragraph(COACHEE_TEXT.cancelledStatus));
  } else if (b && b.status === 'expired') {
    out.push(paragraph(COACHEE_TEXT.expiredStatus));
  } else if (m.saved) {
    out.push(paragraph(COACHEE_TEXT.notConfirmedStatus));
  }
  if (m.held) out.push(...heldWidgets(m.held, m.eventId, m.afterNotHeld ?? null));
  if (isActive(b) && m.saved) {
    const lines = managerLines(b, m.tookPlace ? undefined : m.managerResponse, m.timeZone ?? 'UTC');
    if (lines.length > 0) out.push(paragraph(lines.join('\n')));
  }
  if (m.managerDeclined && b?.status !== 'cancelled') {
    out.push(paragraph(html`<b>${COACHEE_TEXT.declinedText(m.engagement.manager)}</b>`));
    if (m.findAgain) out.push(buttons([button(COACHEE_TEXT.FIND_ANOTHER_LABEL, 'suggestTimes', m.findAgain, true)])!);
  }
  // Every saved meeting's panel says it (issue 14 item 6): recordings and AI note-takers stay off.
  if (m.saved) out.push(paragraph(NO_RECORDING));
  for (const r of m.reconciled) out.push(paragraph(r.message));
  for (const n of m.notices ?? []) out.push(paragraph(n.message));
  if (m.checkedMinutesAgo !== undefined) {
    // `force` makes the panel ask the gateway (and Calendar) now.
    out.push(paragraph(COACHEE_TEXT.checked(m.checkedMinutesAgo)));
    out.push(buttons([button(COACHEE_TEXT.REFRESH_LABEL, 'retry', { force: '1' })])!);
  }
  return out;
}

function peopleWidgets(e: EngagementView): Widget[] {
  return [labeled(COACHEE_TEXT.manager, e.manager), labeled(COACHEE_TEXT.coach, e.coach)];
}

/** "21 Apr 2026": the day of a booking on the coachee's clock. */
function bookingDay(startIso: string, timeZone: string): string {
  const ms = parseIsoInstant(startIso);
  return ms === null ? startIso : formatDateShort(civilDateOf(ms, timeZone));
}

function quarterLine(
  which: string,
  q: QuarterView,
  used: number,
  usedBy: readonly string[],
  limit: number,
  tz: string,
): Widget {
  const days = usedBy.map((s) => bookingDay(s, tz));
  const text = used >= limit ? COACHEE_TEXT.usedBy(days) : COACHEE_TEXT.usedOf(used, limit);
  return labeled(COACHEE_TEXT.quarterOf(which, q.label), text, rangeText(q.start, q.end));
}

/** Whether an unsaved event could not be booked whatever its date in this quarter: homepage scheduling first. */
export function currentQuarterUsed(m: CoacheePanelModel): boolean {
  const a = m.allowance;
  return !!a && (!a.nextMilestone || (!!a.quarter && a.used >= a.limit));
}

/**
 * The allowance on an unsaved event: the panel cannot see its date, so it shows this quarter and the
 * next (six-month: the milestones too), the next with room, and says plainly what is refused.
 */
function beforeSaveWidgets(m: CoacheePanelModel): Widget[] {
  const a = m.allowance;
  if (!a) return [];
  const tz = m.timeZone ?? 'UTC';
  const out: Widget[] = [];
  if (a.quarter) out.push(quarterLine(COACHEE_TEXT.thisQuarter, a.quarter, a.used, a.usedBy ?? [], a.limit, tz));
  if (a.nextQuarter)
    out.push(
      quarterLine(
        COACHEE_TEXT.nextQuarter,
        a.nextQuarter.quarter,
        a.nextQuarter.used,
        a.nextQuarter.usedBy,
        a.limit,
        tz,
      ),
    );
  if (m.engagement.program === 'six-month') {
    for (const [id, label] of COACHEE_TEXT.SIX_MONTH_MILESTONES) {
      const booked = (m.bookings ?? []).find((b) => b.milestone === id && isActive(b));
      out.push(
        labeled(label, booked ? COACHEE_TEXT.bookedOn(bookingDay(booked.start, tz)) : COACHEE_TEXT.notBookedYet),
      );
    }
  }
  const next = a.nextMilestone;
  if (next) out.push(labeled(COACHEE_TEXT.nextWithRoom, next.label, COACHEE_TEXT.fromDay(dayText(next.from))));
  out.push(
    paragraph(
      next
        ? html`<b>${COACHEE_TEXT.dateUnseen}</b> ${COACHEE_TEXT.usedQuarterRefused(dayText(next.from))}`
        : html`<b>${COACHEE_TEXT.noRoom}</b> ${COACHEE_TEXT.refusedAfterSave}`,
    ),
  );
  if (currentQuarterUsed(m) && m.schedule) out.push(paragraph(COACHEE_TEXT.scheduleChecksFirst));
  return out;
}

function checkWidgets(m: CoacheePanelModel): Widget[] {
  const out: Widget[] = [];
  const d = m.decision;
  if (d) {
    if (!d.allowed && !isActive(m.booking)) out.push(paragraph(html`<b>${COACHEE_TEXT.cannotBook}</b> ${d.message}`));
    else if (d.milestone)
      out.push(labeled(COACHEE_TEXT.countsAs, d.milestone.label, d.quarter ? d.quarter.label : undefined));
    else if (d.allowed) out.push(paragraph(d.message));
  }
  const warnings = [...(d?.warnings ?? []).map((w) => w.message), ...m.localWarnings];
  if (warnings.length > 0)
    out.push(paragraph(html`<b>${COACHEE_TEXT.worthALook}</b> ${COACHEE_TEXT.neverBlock}<br />${bullets(warnings)}`));
  return out;
}

function confirmLabel(m: Pick<CoacheePanelModel, 'booking'>): string {
  return m.booking?.status === 'confirmed' ? COACHEE_TEXT.UPDATE_LABEL : COACHEE_TEXT.CONFIRM_LABEL;
}

/** What the plan card needs to draw the form again without a round trip (planCard). */
function formParams(m: CoacheePanelModel): Record<string, string> {
  // Manager and coach: the review before booking names any other guest (they would see the plan).
  const params: Record<string, string> = {
    eventId: m.eventId,
    title: m.title,
    when: m.when,
    manager: m.engagement.manager,
    coach: m.engagement.coach,
  };
  if (confirmLabel(m) === COACHEE_TEXT.UPDATE_LABEL) params.update = '1';
  return { ...params, ...carryParams(m.form.carry) };
}

function formSections(m: CoacheePanelModel): GoogleAppsScript.Card_Service.CardSection[] {
  return planFormSections(m.form, m.formNote, formParams(m));
}

/**
 * The plan form on its own, drawn again without a round trip (after "Add a step", or with problems
 * next to their fields): `params` are the ones "Add a step" carried (event id, title, time).
 */
export function planCard(params: Record<string, string>, form: CoacheeFormValues): GoogleAppsScript.Card_Service.Card {
  const eventId = params.eventId ?? '';
  const keep: Record<string, string> = { eventId, title: params.title ?? '', when: params.when ?? '' };
  if (params.update === '1') keep.update = '1';
  Object.assign(keep, carryParams(form.carry));
  const label = params.update === '1' ? COACHEE_TEXT.UPDATE_LABEL : COACHEE_TEXT.CONFIRM_LABEL;
  return card(
    COACHEE_TEXT.meetingTitle,
    [params.title, params.when].filter((x) => x).join(' · ') || null,
    [
      ...planFormSections(form, (form.problems ?? []).length > 0 ? COACHEE_TEXT.fixFields : null, keep),
      section(null, [buttons([button(label, 'confirm', keep, true)])!]),
    ],
    { name: 'coachee' },
  );
}

/** Problems with one field (its path, or any path under it for `prefix`). */
function problemsAt(f: CoacheeFormValues, field: string, prefix = false): Widget[] {
  return (f.problems ?? [])
    .filter((p) => p.field === field || (prefix && p.field.startsWith(field + '.')))
    .map((p) => fieldProblem(p.message));
}

/** The action plan as rows: step, owner (dropdown), due date (picker), then "Add a step". */
function actionRowWidgets(f: CoacheeFormValues, addStepParams: Record<string, string>): Widget[] {
  const shown = rowsShown(f.actionPlan.length, f.rows);
  const out: Widget[] = [...problemsAt(f, 'actionPlan')];
  for (let i = 0; i < shown; i++) {
    const row = f.actionPlan[i] ?? { step: '', owner: 'coachee', due: '' };
    const step = CardService.newTextInput()
      .setFieldName(FIELDS.actionStep + i)
      .setTitle(COACHEE_TEXT.step(i + 1))
      .setValue(row.step);
    if (i === 0) step.setHint(COACHEE_TEXT.stepHint);
    out.push(step);
    const owner = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setTitle(COACHEE_TEXT.stepWho(i + 1))
      .setFieldName(FIELDS.actionOwner + i);
    const chosen = (OWNERS as readonly string[]).includes(row.owner) ? row.owner : 'coachee';
    for (const o of OWNERS) owner.addItem(COACHEE_TEXT.OWNER_CHOICES[o], o, o === chosen);
    out.push(owner);
    const due = CardService.newDatePicker()
      .setFieldName(FIELDS.actionDue + i)
      .setTitle(COACHEE_TEXT.stepDue(i + 1));
    const ms = dayMs(row.due);
    if (ms !== null) due.setValueInMsSinceEpoch(ms);
    out.push(due, ...problemsAt(f, `actionPlan.${i}`, true));
  }
  if (shown < MEETING_LIMITS.actionItems)
    out.push(buttons([button(COACHEE_TEXT.ADD_STEP_LABEL, 'addStep', { ...addStepParams, rows: String(shown + 1) })])!);
  return out;
}

/**
 * The plan form as sections (goal and agenda; the action plan rows; the coach's role and the video
 * link): the panel's and the homepage's schedule form. Long sections fold after their first items,
 * the same in every host. `addStepParams` go on "Add a step" (which form to draw again).
 */
export function planFormSections(
  f: CoacheeFormValues,
  note: string | null,
  addStepParams: Record<string, string>,
): GoogleAppsScript.Card_Service.CardSection[] {
  const role = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.RADIO_BUTTON)
    .setTitle(COACHEE_TEXT.coachRoleTitle)
    .setFieldName(FIELDS.coachRole);
  for (const r of COACH_ROLES) role.addItem(COACH_ROLE_INFO[r].label, r, r === f.coachRole);
  const firstRow = 3 + problemsAt(f, 'actionPlan').length + problemsAt(f, 'actionPlan.0', true).length;
  return [
    section(
      COACHEE_TEXT.planTitle,
      present([
        note ? paragraph(note) : null,
        CardService.newTextInput()
          .setFieldName(FIELDS.goal)
          .setTitle(COACHEE_TEXT.goal)
          .setHint(COACHEE_TEXT.goalHint)
          .setValue(f.goal),
        ...problemsAt(f, 'goal'),
        CardService.newTextInput()
          .setFieldName(FIELDS.agenda)
          .setTitle(COACHEE_TEXT.agenda)
          .setHint(COACHEE_TEXT.agendaHint)
          .setMultiline(true)
          .setValue(f.agenda),
        ...problemsAt(f, 'agenda', true),
      ]),
    ),
    ...[carrySection(f.carry)].filter((x) => x !== null),
    // Folded after the first row unless a later row has a problem to show.
    section(
      COACHEE_TEXT.actionPlan,
      actionRowWidgets(f, addStepParams),
      (f.problems ?? []).some((p) => /^actionPlan\.[1-9]/.test(p.field))
        ? {}
        : { collapsible: true, visible: firstRow },
    ),
    section(
      COACHEE_TEXT.roleAndLink,
      present([
        role,
        paragraph(
          bullets(COACH_ROLES.map((r) => html`<i>${COACH_ROLE_INFO[r].label}</i>: ${COACH_ROLE_INFO[r].description}`)),
        ),
        CardService.newTextInput()
          .setFieldName(FIELDS.videoLink)
          .setTitle(COACHEE_TEXT.videoLink)
          .setHint(COACHEE_TEXT.videoLinkHint)
          .setValue(f.videoLink),
        ...problemsAt(f, 'videoLink'),
      ]),
      (f.problems ?? []).some((p) => p.field === 'videoLink') ? {} : { collapsible: true, visible: 1 },
    ),
  ];
}

function addButton(m: CoacheePanelModel, primary = !m.saved): GoogleAppsScript.Card_Service.TextButton | null {
  if (!m.canAddParticipants || m.missing.length === 0) return null;
  const params: Record<string, string> = { manager: m.engagement.manager, coach: m.engagement.coach };
  if (m.toolkitUrl) params.toolkitUrl = m.toolkitUrl;
  return button(COACHEE_TEXT.ADD_LABEL, 'addParticipants', params, primary);
}

export function coacheeCard(m: CoacheePanelModel): GoogleAppsScript.Card_Service.Card {
  const active = isActive(m.booking);
  const scheduleFirst = !m.saved && !!m.schedule && currentQuarterUsed(m);
  const actionButtons = m.saved
    ? buttons([
        button(active ? confirmLabel(m) : COACHEE_TEXT.CONFIRM_LABEL, 'confirm', formParams(m), true),
        addButton(m),
        active && !m.tookPlace
          ? button(COACHEE_TEXT.CANCEL_MEETING_LABEL, 'cancel', { eventId: m.eventId, how: 'meeting' })
          : null,
        active && !m.tookPlace
          ? button(COACHEE_TEXT.STOP_COUNTING_LABEL, 'cancel', { eventId: m.eventId, how: 'counting' })
          : null,
      ])
    : scheduleFirst
      ? buttons([button(COACHEE_TEXT.SCHEDULE_INSTEAD_LABEL, 'suggestTimes', m.schedule!, true), addButton(m, false)])
      : buttons([addButton(m)]);
  const steps = m.saved
    ? null
    : section(COACHEE_TEXT.nextSteps, [
        paragraph(
          bullets([
            ...(scheduleFirst ? [COACHEE_TEXT.quarterUsedStep] : []),
            COACHEE_TEXT.singleEvent,
            m.missing.length === 0
              ? COACHEE_TEXT.guestsThere
              : m.canAddParticipants
                ? COACHEE_TEXT.addWithButton
                : COACHEE_TEXT.inviteInEditor,
            COACHEE_TEXT.saveEvent,
            COACHEE_TEXT.openAgain,
          ]),
        ),
      ]);
  const status = statusWidgets(m);
  return card(
    COACHEE_TEXT.meetingTitle,
    [m.title, m.when].filter((s) => s).join(' · '),
    [
      section(null, status.length > 0 ? status : [paragraph(COACHEE_TEXT.turnInto)]),
      steps,
      section(COACHEE_TEXT.who, peopleWidgets(m.engagement)),
      // Before the save the allowance lines are the warning itself: shown whole.
      m.saved
        ? sectionIf(COACHEE_TEXT.allowanceTitle, allowanceWidgets(m.allowance), { collapsible: true, visible: 1 })
        : sectionIf(COACHEE_TEXT.allowanceTitle, beforeSaveWidgets(m)),
      sectionIf(COACHEE_TEXT.thisMeeting, checkWidgets(m)),
      ...(m.saved ? formSections(m) : []),
      actionButtons ? section(null, [actionButtons]) : null,
    ],
    { name: 'coachee' },
  );
}

/**
 * Shown instead of booking when the plan has something worth a look (core/review.ts): nothing is booked
 * or written until the coachee chooses. `params` carry the typed form, so either button keeps it.
 */
export function reviewCard(
  items: readonly ReviewItem[],
  subtitle: string | null,
  params: Record<string, string>,
): GoogleAppsScript.Card_Service.Card {
  return card(
    COACHEE_TEXT.reviewTitle,
    subtitle,
    [
      section(null, [
        paragraph(
          html`<b>${COACHEE_TEXT.worthALook}</b>
            ${COACHEE_TEXT.neverBlock}<br />${bullets(items.map((i) => i.message))}`,
        ),
        paragraph(COACHEE_TEXT.nothingSentYet),
        paragraph(NO_RECORDING),
        buttons([
          button(COACHEE_TEXT.BOOK_ANYWAY_LABEL, 'bookAnyway', { ...params, acknowledged: '1' }, true),
          button(COACHEE_TEXT.EDIT_PLAN_LABEL, 'editPlan', params),
        ])!,
      ]),
    ],
    { name: 'review' },
  );
}

/** "Are you sure", saying exactly what each way of cancelling does; nothing happens until the coachee presses yes. */
export function cancelConfirmCard(
  how: CancelHow,
  eventId: string,
  subtitle: string | null,
): GoogleAppsScript.Card_Service.Card {
  return card(
    COACHEE_TEXT.CANCEL_TITLE[how],
    subtitle,
    [
      section(null, [
        paragraph(bullets(COACHEE_TEXT.CANCEL_EFFECTS[how])),
        buttons([
          button(COACHEE_TEXT.CANCEL_YES[how], 'cancel', { eventId, how, sure: '1' }, true),
          button(COACHEE_TEXT.GO_BACK_LABEL, 'retry', { eventId }),
        ])!,
      ]),
    ],
    { name: 'cancel' },
  );
}

/** A refusal (recurring, all-day, ...) as a card with the reason and what the add-on is for. */
export function refusalCard(message: string): GoogleAppsScript.Card_Service.Card {
  return card(COACHEE_TEXT.meetingTitle, null, [section(null, [paragraph(message)])]);
}

/** After either way of cancelling: what happened, and how to meet or count it again. */
export function cancelledCard(
  how: CancelHow,
  subtitle: string | null,
  text: string,
): GoogleAppsScript.Card_Service.Card {
  return card(COACHEE_TEXT.meetingTitle, subtitle, [
    section(null, [paragraph(text), paragraph(how === 'meeting' ? COACHEE_TEXT.meetAgain : COACHEE_TEXT.bookAgain)]),
  ]);
}
