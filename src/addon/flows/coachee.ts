/**
 * The coachee's flow on their own event (DESIGN "two-phase event flow"):
 * - open: read the event (404 = not saved yet), report calendar facts with the ONE `panel` call (the
 *   gateway reconciles), show the panel;
 * - add participants (before or after saving): a CalendarEventActionResponse adding manager, coach
 *   and the toolkit, only where the host's capabilities allow; no gateway call (the panel put the
 *   people in the button's parameters);
 * - confirm (saved event): read the event (etag) → `book` (one round trip) → patch the event with
 *   the etag (412: read again and retry once; then say so: the booking is kept, pressing Confirm
 *   again is safe);
 * - cancel, after a card that says what will happen: "the meeting" deletes the event for everyone
 *   (Calendar's own cancellation mail) and then `cancel`; "the counting" `cancel`s, then takes the block,
 *   marker and digest out of the event (the coachee's own text stays). A meeting whose end has passed is
 *   refused before either (rule 9).
 */
import { checkCancellable, hasTakenPlace } from '../../core/booking';
import { heldState } from '../../core/held';
import { isActive } from '../../core/ledger';
import type {
  BookData,
  BookingView,
  DecisionView,
  EngagementView,
  EventRef,
  PanelArgs,
  PanelData,
} from '../../core/api';
import {
  DESCRIPTION_NOTES,
  SHARED_MARKER_KEY,
  descriptionNotes,
  descriptionSize,
  descriptionTooLongMessage,
  parseBlock,
  rewriteMilestone,
} from '../../core/description';
import { isValidEmail, sameEmail } from '../../core/email';
import { managerDeclined, managerResponse } from '../../core/roles';
import { NOTES_DIGEST_KEY, notesDigest } from '../../core/digest';
import { planWritten } from '../../core/reminders';
import { CcmError, ERRORS, failureLabel } from '../../core/errors';
import { agendaToText, DEFAULT_COACH_ROLE, parseMeetingForm, type Meeting } from '../../core/meeting';
import { cancelEventForAll, eventsReader, eventTimes, getEvent, type CalEvent } from '../adapters/calendar';
import { dropPanelCache, keepEvent, keptEvent, readPanelCache, type CachedPanel } from '../adapters/cache';
import { callGateway } from '../adapters/gateway';
import { holdMemo, primeMemo, readMemo, releaseMemo, writeMemo } from '../adapters/properties';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from '../env';
import { carriedInputs, carryInputs, rawMeetingForm } from '../form';
import type { AddonEvent } from '../types';
import { reviewItems } from '../../core/review';
import {
  cancelConfirmCard,
  cancelledCard,
  coacheeCard,
  planCard,
  reviewCard,
  type CancelHow,
  type CoacheeFormValues,
  type CoacheePanelModel,
  refusalCard,
} from '../views/coachee';
import { aboutCard } from '../views/info';
import { titleText, whenText } from '../views/view-model';
import { notify, updateCard } from '../views/ui';
import {
  buildCancelPatch,
  buildConfirmPatch,
  TOOLKIT_TITLE,
  updatesFor,
  writeWithEtag,
  type EnrichContext,
} from './enrich';
import { collectFacts, isOrganizer, rememberBooking, rememberPanel, type SearchAhead } from './facts';
import { afterNotHeld, declinedFind, homeFind } from './offers';
import { sameInstant } from '../../core/time';
import { keepDoneMarks, type CarryItem } from '../../core/carry';
import { carryParams } from '../views/carry';
import { carryFormOf, carryOnPanel, markCarriedDone, withCarry } from './carry';
import { formValuesOf, topicWarnings, typedInputs } from './shared';
import * as COACHEE_TEXT from '../views/messages/coachee';

/** A change whose success rememberBooking stamps in the memo (the kept panel copy then goes stale). */
const STAMPED = { stampedOnSuccess: true };

/** Google-hosted icon for the toolkit attachment (the add-on response requires one hosted by Google). */
const DOC_ICON = 'https://ssl.gstatic.com/docs/doclist/images/mediatype/icon_1_document_x16.png';

export function isRecurring(ev: CalEvent | null, e: AddonEvent): boolean {
  return !!e.calendar?.recurringEventId || !!ev?.recurringEventId || (ev?.recurrence?.length ?? 0) > 0;
}

/** The event for the gateway; `calendarId` names a secondary calendar ('primary' is left out). */
export function eventRef(ev: CalEvent, calendarId?: string): EventRef {
  const { start, end } = eventTimes(ev);
  const ref: EventRef = { eventId: ev.id!, start, end };
  if (ev.iCalUID) ref.iCalUID = ev.iCalUID;
  if (calendarId && calendarId !== 'primary') ref.calendarId = calendarId;
  return ref;
}

function formFrom(m: Partial<Meeting>, engagement: EngagementView, shownLink?: string): CoacheeFormValues {
  return {
    goal: m.goal ?? '',
    agenda: agendaToText(m.agenda ?? []),
    actionPlan: (m.actionPlan ?? []).map((a) => ({ step: a.step, owner: a.owner, due: a.due ?? '' })),
    coachRole: m.coachRole ?? DEFAULT_COACH_ROLE,
    videoLink: m.videoLink ?? shownLink ?? engagement.videoLink ?? '',
  };
}

/** The form as the coachee typed it, carried back by a review card's "Edit the plan" (null otherwise). */
function typedForm(e: AddonEvent): CoacheeFormValues | null {
  const carried = carriedInputs(parameters(e));
  return carried ? formValuesOf(carried) : null;
}

function attendeeEmails(e: AddonEvent, ev: CalEvent | null): string[] {
  const list = ev?.attendees ?? e.calendar?.attendees ?? [];
  return list.map((a) => a.email ?? '').filter((x) => x !== '');
}

// ---------------------------------------------------------------------------------------------
// Open

/**
 * The organizer's panel. `ev` is null for an event that is not saved yet. Returns the card to show.
 */
export function coacheePanel(
  e: AddonEvent,
  ev: CalEvent | null,
  me: string,
  budget: Budget,
  ahead?: SearchAhead,
): GoogleAppsScript.Card_Service.Card {
  const saved = !!ev && ev.status !== 'cancelled';
  // A series or an all-day event can't be an alignment meeting. Known coachees are told at once;
  // anyone else (most weekly meetings belong to people outside the program) first gets asked about.
  const refusal = isRecurring(ev, e)
    ? new CcmError('RECURRING_EVENT').message
    : saved && !eventTimes(ev!).start
      ? COACHEE_TEXT.allDayRefusal
      : null;
  const memo = readMemo();
  if (refusal && memo.coachee === true) return refusalCard(refusal);
  // People who are not coachees open many events: once the gateway said so (within a day), skip
  // the Calendar search and the gateway call.
  const force = parameters(e).force === '1';
  const recentlyNotCoachee =
    !force && memo.coachee === false && memo.checkedAt && Date.now() - Date.parse(memo.checkedAt) < 86_400_000;
  if (recentlyNotCoachee) return aboutCard(null, { recheck: true });

  const args: PanelArgs = {};
  if (saved && !refusal) args.event = eventRef(ev!, e.calendar?.calendarId);
  // Within the freshness bound, what the gateway last said is shown again without asking it, unless
  // this event's facts say something changed (Refresh forces the call).
  const cached = force ? null : readPanelCache(me, memo.changed);
  const openId = ev?.id ?? e.calendar?.id ?? '';
  const calendarId = e.calendar?.calendarId || 'primary';
  if (cached && showsThisEvent(cached, saved ? ev : null, openId) && upcomingUnchanged(cached, openId, budget)) {
    if (refusal) return refusalCard(refusal);
    if (saved) keepEvent({ calendarId, ev: ev!, changed: memo.changed });
    const data: PanelData = { ...cached.data, decision: cachedDecision(cached, args.event) };
    const ageMinutes = Math.max(0, Math.floor((Date.now() - Date.parse(cached.checkedAt)) / 60_000));
    const model = carryOnPanel(panelModel(e, saved ? ev : null, data), e, saved ? ev : null, data, me, budget);
    return coacheeCard({ ...model, checkedMinutesAgo: ageMinutes });
  }
  const report =
    memo.coachee !== false ? collectFacts(me, saved ? ev : null, budget, memo, undefined, ahead) : undefined;
  if (report) args.facts = report.facts;
  let data: PanelData;
  try {
    data = callGateway('panel', args, budget);
  } catch (err) {
    // Outside the company (a consumer account): not a coachee here; say so once a day at most.
    if (!(err instanceof CcmError) || err.code !== 'FORBIDDEN') throw err;
    writeMemo({ ...memo, coachee: false, checkedAt: new Date().toISOString() });
    return aboutCard(err.message, { recheck: true });
  }
  rememberPanel(data, args.event, report, saved && !refusal ? { calendarId, ev: ev! } : undefined);
  // On their own event, a person the program does not know may well be a coachee whose record is
  // missing: say so (the homepage, seen by managers too, does not).
  if (!data.engagement)
    return aboutCard(data.engagementProblem ?? new CcmError('NO_ENGAGEMENT').message, { recheck: true });
  if (refusal) return refusalCard(refusal);
  const current = saved ? milestoneAfterMove(e, ev!, data, budget) : null;
  return coacheeCard(carryOnPanel(panelModel(e, current, data), e, current, data, me, budget));
}

/**
 * After a move into another quarter or milestone, the notes in the event still name the old
 * milestone: the coachee's open rewrites that one line (no mail to guests; their panels read it).
 * A failed write changes nothing else and is tried again at the next open.
 */
function milestoneAfterMove(e: AddonEvent, ev: CalEvent, data: PanelData, budget: Budget): CalEvent {
  const label = data.decision?.milestone?.label;
  const booking = data.bookings.find((b) => b.eventId === ev.id);
  if (!label || !booking || booking.status !== 'confirmed') return ev;
  if (rewriteMilestone(ev.description, label) === null) return ev;
  try {
    const build = (now: CalEvent): CalEvent => {
      const description = rewriteMilestone(now.description, label);
      return description === null ? {} : { description };
    };
    return writeWithEtag(e.calendar?.calendarId || 'primary', ev, build, budget, 'none').event;
  } catch (err) {
    console.warn(`ccm: milestone of ${ev.id} not rewritten (${failureLabel(err)})`);
    return ev;
  }
}

/** At most this many upcoming bookings are asked of Calendar before a panel is shown from the kept copy. */
const MAX_UPCOMING_CHECKS = 4;

/**
 * Whether the kept answer still describes this event: not when any booking waits for Calendar's word
 * (pending), when this event's booking no longer matches the event (moved, deleted), or when the
 * event is marked as an alignment meeting the kept answer knows nothing about.
 */
function showsThisEvent(cached: CachedPanel, ev: CalEvent | null, eventId: string): boolean {
  const bookings = cached.data.bookings;
  if (bookings.some((b) => b.status === 'pending')) return false;
  const own = bookings.find((b) => b.eventId === eventId);
  if (own && isActive(own)) {
    if (!ev) return false;
    const { start, end } = eventTimes(ev);
    return sameInstant(start, own.start) && sameInstant(end, own.end);
  }
  return !own ? ev?.extendedProperties?.shared?.[SHARED_MARKER_KEY] === undefined : true;
}

/**
 * The other bookings whose facts could have changed since the kept answer: the upcoming ones (a
 * meeting still ahead can be moved or deleted). Each is asked of Calendar (no gateway call); any
 * difference sends the open to the gateway, which reconciles. Calendar not answering is no news.
 */
function upcomingUnchanged(cached: CachedPanel, openId: string, budget: Budget): boolean {
  const now = Date.now();
  const upcoming = cached.data.bookings.filter((b) => b.eventId !== openId && isActive(b) && Date.parse(b.end) > now);
  // Past a few questions the gateway's reconcile (one search) is the cheaper way to learn.
  if (upcoming.length > MAX_UPCOMING_CHECKS) return false;
  const read = eventsReader(upcoming);
  for (const b of upcoming) {
    budget.check('booking facts');
    let ev: CalEvent | null;
    try {
      ev = read(b);
    } catch {
      continue;
    }
    if (!ev || ev.status === 'cancelled') return false;
    const { start, end } = eventTimes(ev);
    if (!sameInstant(start, b.start) || !sameInstant(end, b.end)) return false;
  }
  return true;
}

/** The kept decision, when it was made for this very event at these times. */
function cachedDecision(cached: CachedPanel, ref: EventRef | undefined): DecisionView | null {
  const d = cached.decision;
  if (!d || !ref || d.event.eventId !== ref.eventId) return null;
  return sameInstant(d.event.start, ref.start) && sameInstant(d.event.end, ref.end) ? d.view : null;
}

export function panelModel(e: AddonEvent, ev: CalEvent | null, data: PanelData): CoacheePanelModel {
  const engagement = data.engagement!;
  const tz = viewerTimeZone(e, data.companyTimeZone);
  const eventId = ev?.id ?? e.calendar?.id ?? '';
  const parse = parseBlock(ev?.description ?? '');
  const plan = parse.meeting ?? parse.partial;
  const present = attendeeEmails(e, ev);
  const missing = [engagement.manager, engagement.coach].filter((p) => !present.some((a) => sameEmail(a, p)));
  const booking = data.bookings.find((b) => b.eventId === eventId) ?? null;
  // Booked, but the notes never reached the event (the Calendar write after booking failed): the
  // booking stands; the coachee is told and finishes with the same button, counted once.
  const notesMissing = !!ev && !parse.found && !!booking && isActive(booking);
  // The digest kept on the coachee's own copy when they confirmed (a guest can neither read nor write it).
  const kept = ev?.extendedProperties?.private?.[NOTES_DIGEST_KEY];
  const notesChanged = !!kept && parse.found && notesDigest(plan) !== kept;
  const declined = !!ev && managerDeclined(ev.attendees, engagement.manager);
  return {
    eventId,
    title: ev ? titleText(ev.summary) : COACHEE_TEXT.newEvent,
    when: ev ? whenText(eventTimes(ev).start, tz) : '',
    saved: !!ev,
    engagement,
    allowance: data.allowance,
    decision: data.decision,
    booking,
    reconciled: data.reconciled,
    notices: data.notices ?? [],
    localWarnings: parse.found ? topicWarnings(plan) : [],
    form: typedForm(e) ?? formFrom(plan, engagement, parse.meeting ? undefined : parse.shownVideoLink),
    formNote: notesChanged
      ? `${ERRORS.NOTES_CHANGED.message} ${COACHEE_TEXT.notesChanged}`
      : descriptionNotes(ev?.description).includes('UNTERMINATED_BLOCK')
        ? DESCRIPTION_NOTES.UNTERMINATED_BLOCK
        : parse.found && parse.problems.length > 0
          ? COACHEE_TEXT.notesEditedByHand
          : notesMissing
            ? COACHEE_TEXT.notesMissing
            : null,
    missing,
    canAddParticipants: e.calendar?.capabilities?.canAddAttendees === true,
    toolkitUrl: data.toolkitUrl,
    bookings: data.bookings,
    timeZone: tz,
    // Before the save the date is unknown: homepage scheduling (which knows it first) is offered.
    schedule: ev ? null : (homeFind(data, tz, Date.now())?.params ?? null),
    tookPlace: !!ev && hasTakenPlace(eventTimes(ev).end, Date.now()),
    // "Did it take place?" after its end (core/held.ts); after "No", where to meet instead.
    held: booking ? heldState(booking, Date.now()) : null,
    afterNotHeld: booking?.held === 'no' ? afterNotHeld(data, booking, tz, Date.now()) : null,
    managerDeclined: declined,
    managerResponse: ev ? managerResponse(ev.attendees, engagement.manager) : undefined,
    // A declined meeting moves inside its own quarter (flows/offers.ts declinedFind).
    findAgain: declined && booking && isActive(booking) ? declinedFind(data, booking, ev, tz, Date.now()) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Confirm

interface OpenEvent {
  calendarId: string;
  ev: CalEvent;
}

/**
 * The saved event the action is about, checked: organizer, single, timed. Throws CcmError. The copy
 * the panel kept is used when there is one (no Calendar read): the write after the booking carries its
 * etag, and `checkOwnEvent` runs again on what Calendar has should that differ (confirmLocked).
 */
function savedOwnEvent(e: AddonEvent, me: string): OpenEvent {
  const id = e.calendar?.id ?? parameters(e).eventId;
  if (!id) throw new CcmError('EVENT_NOT_SAVED');
  const calendarId = e.calendar?.calendarId || 'primary';
  const ev = keptEvent(calendarId, id, readMemo().changed) ?? getEvent(calendarId, id);
  if (!ev) throw new CcmError('EVENT_NOT_SAVED');
  checkOwnEvent(e, ev, me);
  return { calendarId, ev };
}

function checkOwnEvent(e: AddonEvent, ev: CalEvent, me: string): void {
  if (ev.status === 'cancelled') throw new CcmError('EVENT_NOT_FOUND');
  if (!isOrganizer(ev, me)) throw new CcmError('NOT_ORGANIZER');
  if (isRecurring(ev, e)) throw new CcmError('RECURRING_EVENT');
  if (!eventTimes(ev).start) throw new CcmError('INVALID_FORM', COACHEE_TEXT.allDay);
}

// ---------------------------------------------------------------------------------------------
// Confirm and cancel, one at a time per coachee

/** How long a confirm or cancel waits for another one on the same event to finish. */
const WAIT_MS = 15_000;
/** A mark older than this was left by an execution that died (Apps Script stops one at 30 s). */
const BUSY_STALE_MS = 45_000;
const BUSY_PREFIX = 'ccmBusy:';
const RELEASED = '0';

/**
 * Confirm and cancel each make two writes (the gateway's ledger, then the event's description). Two
 * presses on the same event at the same moment could interleave them so that each reports success
 * while the other wins, and the event's notes disagree with the booking. So they run one after the
 * other per event: a mark in the coachee's user properties, set and checked under the user lock
 * (held only for that instant, so confirms of different events still run side by side). The second
 * reads the event afresh, sees what the first did, and its answer is the final state (and says it
 * followed another change).
 */
function oneAtATime<T>(eventId: string, fn: (waited: boolean) => T): T {
  const props = PropertiesService.getUserProperties();
  const lock = LockService.getUserLock();
  const key = BUSY_PREFIX + eventId;
  const until = Date.now() + WAIT_MS;
  const timeout = () => new CcmError('LOCK_TIMEOUT', COACHEE_TEXT.stillRunning);
  let waited = false;
  for (;;) {
    if (!lock.tryLock(Math.max(0, until - Date.now()))) throw timeout();
    let mine = false;
    try {
      // All the user's properties in one read: the memo rememberBooking updates comes with it.
      const all = props.getProperties();
      primeMemo(all);
      const since = Number(all[key] ?? '0');
      if (!(since > 0) || Date.now() - since > BUSY_STALE_MS) {
        props.setProperty(key, String(Date.now()));
        mine = true;
      }
    } finally {
      lock.releaseLock();
    }
    if (mine) break;
    waited = true;
    if (Date.now() >= until) throw timeout();
    Utilities.sleep(100);
  }
  holdMemo();
  try {
    return fn(waited);
  } finally {
    try {
      // Released with the memo's update in one write; the released mark ('0') stays, a few bytes per event.
      releaseMemo({ [key]: RELEASED });
    } catch (err) {
      // The action itself is done. The memo's new change mark is lost, so the kept panel answer must
      // not look current; the busy mark goes stale by itself after BUSY_STALE_MS.
      console.warn(`ccm: busy mark not released (${failureLabel(err)})`);
      dropPanelCache(currentUserEmail());
    }
  }
}

/** The changedMeanwhile note after an answer, when the action waited for another one. */
function meanwhile(waited: boolean): string {
  return waited ? ` ${COACHEE_TEXT.changedMeanwhile}` : '';
}

/** What the plan card needs to draw the form again: the event, its title and time, Confirm or Update. */
function planParams(e: AddonEvent): Record<string, string> {
  const p = parameters(e);
  const out: Record<string, string> = { eventId: e.calendar?.id ?? p.eventId ?? '' };
  for (const k of ['title', 'when', 'update']) if (p[k]) out[k] = p[k]!;
  return out;
}

/** "Add a step" on the panel's plan: the same form again with one more row, everything typed kept. */
export function addPlanStep(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const rows = Number(parameters(e).rows);
  const form = { ...formValuesOf(typedInputs(e)), rows: Number.isFinite(rows) ? rows : 0, carry: carryFormOf(e) };
  return updateCard(planCard(planParams(e), form));
}

export function confirmMeeting(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  // The form first: it costs nothing, and a typo should not cost a booking round trip.
  const inputs = typedInputs(e);
  const parsed = parseMeetingForm(rawMeetingForm(inputs));
  // Each problem next to its field (no round trip), and the first ones in the notification.
  if (!parsed.ok)
    return updateCard(
      planCard(planParams(e), { ...formValuesOf(inputs), problems: parsed.problems, carry: carryFormOf(e) }),
      COACHEE_TEXT.fixProblems(parsed.problems),
    );
  // Steps kept from the last meeting lead the plan; those marked done are marked once this one is booked.
  const carried = withCarry(parsed.meeting, carryFormOf(e));
  if (!carried.ok) return notify(carried.message);
  const id = e.calendar?.id ?? parameters(e).eventId;
  if (!id) throw new CcmError('EVENT_NOT_SAVED');
  return oneAtATime(id, (waited) => confirmLocked(e, carried.meeting, waited, carried.done));
}

function confirmLocked(
  e: AddonEvent,
  form: Meeting,
  waited: boolean,
  done: CarryItem[] = [],
): GoogleAppsScript.Card_Service.ActionResponse {
  const budget = new Budget();
  const me = currentUserEmail();
  const parsed = { meeting: form };
  const { calendarId, ev } = savedOwnEvent(e, me);
  // The description must hold the coachee's own text and the notes: refused before the booking.
  const size = descriptionSize(ev.description, parsed.meeting);
  if (!size.fits) return notify(descriptionTooLongMessage(size, true));
  // Anything worth a look comes BEFORE the booking and the write: the coachee decides (warnings never block).
  if (parameters(e).acknowledged !== '1') {
    const { start, end } = eventTimes(ev);
    const p = parameters(e);
    // The panel put manager and coach on its Confirm button: anyone else on the guest list will see the plan.
    const guests =
      p.manager && p.coach
        ? {
            attendees: attendeeEmails(e, ev).filter((a) => !sameEmail(a, ev.organizer?.email)),
            coachee: me,
            manager: p.manager,
            coach: p.coach,
          }
        : undefined;
    const items = reviewItems(parsed.meeting, { startMs: Date.parse(start), endMs: Date.parse(end) }, guests);
    if (items.length > 0) {
      const params = { eventId: ev.id!, ...carryInputs(typedInputs(e)), ...carryParams(carryFormOf(e)) };
      return updateCard(reviewCard(items, titleText(ev.summary), params), COACHEE_TEXT.review);
    }
  }

  const booked = callGateway(
    'book',
    {
      event: eventRef(ev, calendarId),
      status: 'confirmed',
      notesDigest: notesDigest(parsed.meeting),
      planWritten: planWritten(parsed.meeting),
    },
    budget,
    STAMPED,
  );
  rememberBooking(ev.id!, true, booked.booking.calendarId);

  const meeting: Meeting = { ...parsed.meeting };
  // The coach's own link is the default: keep "default" rather than a copy of it.
  if (meeting.videoLink && booked.engagement.videoLink && meeting.videoLink === booked.engagement.videoLink)
    delete meeting.videoLink;
  const videoLink = meeting.videoLink ?? booked.engagement.videoLink ?? null;
  const ctx = {
    // The organizer as Calendar lists it: on a secondary calendar that is the calendar, not the person.
    organizer: ev.organizer?.email || me,
    manager: booked.engagement.manager,
    coach: booked.engagement.coach,
    bookingId: booked.booking.bookingId,
    toolkitUrl: booked.toolkitUrl,
    videoLink,
    block: {
      coachee: booked.engagement.coacheeName ?? booked.engagement.coachee,
      manager: booked.engagement.manager,
      coach: booked.engagement.coach,
      ...(booked.decision.milestone ? { milestoneLabel: booked.decision.milestone.label } : {}),
      ...(booked.engagement.videoLink ? { coachVideoLink: booked.engagement.videoLink } : {}),
      ...(booked.toolkitUrl ? { toolkitUrl: booked.toolkitUrl } : {}),
    },
  };

  let written: CalEvent = ev;
  let writeProblem: CcmError | null = null;
  const bookedTimes = eventTimes(ev);
  let moved = false;
  try {
    written = writeWithEtag(
      calendarId,
      ev,
      (current) => {
        // Calendar has a newer event than the one booked (412, read again): still the same meeting at
        // the same times? Otherwise nothing is written; the next open reconciles the booking and Confirm
        // starts from what is there now.
        if (current !== ev) {
          checkOwnEvent(e, current, me);
          const now = eventTimes(current);
          moved = !sameInstant(now.start, bookedTimes.start) || !sameInstant(now.end, bookedTimes.end);
          if (moved) throw new CcmError('CALENDAR_CONFLICT');
        }
        // A step the next meeting marked done keeps its mark through an update of this one.
        return sizedConfirmPatch(current, keepDoneMarks(meeting, parseBlock(current.description)), ctx);
      },
      budget,
      updatesFor,
    ).event;
  } catch (err) {
    writeProblem = err instanceof CcmError ? err : new CcmError('INTERNAL');
  }
  // The new meeting is booked: now the old notes (a failure there is said, never undoes this one).
  const notMarked = done.length > 0 ? markCarriedDone(done, me, budget) : '';
  const warnings = topicWarnings(meeting);
  const model = confirmedModel(e, written, booked, meeting, warnings);
  if (writeProblem) {
    const why = moved
      ? COACHEE_TEXT.movedMeanwhile
      : writeProblem.code === 'CALENDAR_CONFLICT'
        ? COACHEE_TEXT.changedElsewhere
        : writeProblem.message.replace(/\.$/, '');
    const text = COACHEE_TEXT.notesNotWritten(why);
    model.banner = COACHEE_TEXT.notesPendingBanner;
    return updateCard(coacheeCard(model), text + notMarked + meanwhile(waited));
  }
  const head = booked.alreadyBooked ? COACHEE_TEXT.updated : COACHEE_TEXT.confirmed(booked.decision.message);
  model.banner = booked.alreadyBooked ? COACHEE_TEXT.updatedBanner : COACHEE_TEXT.confirmedBanner;
  const tail =
    warnings.length > 0 || booked.decision.warnings.length > 0 ? COACHEE_TEXT.seeNotes : COACHEE_TEXT.invited;
  return updateCard(coacheeCard(model), head + tail + notesText(written.description) + notMarked + meanwhile(waited));
}

/**
 * The confirm patch, checked with the real context lines (the check before the booking kept room for
 * them); too long throws DESCRIPTION_TOO_LONG, so nothing is written and the coachee is told.
 */
export function sizedConfirmPatch(current: CalEvent, meeting: Meeting, ctx: EnrichContext): CalEvent {
  const size = descriptionSize(current.description, meeting, ctx.block);
  if (!size.fits) throw new CcmError('DESCRIPTION_TOO_LONG', descriptionTooLongMessage(size, false));
  return buildConfirmPatch(current, meeting, ctx);
}

/** What the coachee should know about the description as written (core/description.ts notes). */
function notesText(description: string | null | undefined): string {
  return descriptionNotes(description)
    .map((code) => ` ${DESCRIPTION_NOTES[code]}`)
    .join('');
}

function confirmedModel(
  e: AddonEvent,
  ev: CalEvent,
  booked: BookData,
  meeting: Meeting,
  warnings: string[],
): CoacheePanelModel {
  const engagement = booked.engagement;
  const decision: DecisionView = booked.decision;
  const booking: BookingView = booked.booking;
  return {
    eventId: ev.id!,
    title: titleText(ev.summary),
    when: whenText(eventTimes(ev).start, viewerTimeZone(e, 'UTC')),
    saved: true,
    engagement,
    allowance: null,
    decision,
    booking,
    reconciled: [],
    localWarnings: warnings,
    form: formFrom(meeting, engagement),
    formNote: null,
    missing: [],
    canAddParticipants: false,
    toolkitUrl: booked.toolkitUrl,
  };
}

// ---------------------------------------------------------------------------------------------
// Cancel: "Cancel the meeting" (for everyone) or "Keep the event, stop counting it", each through a
// card that says what will happen (`sure` absent); the checks that can refuse run before either.

function cancelHow(e: AddonEvent): CancelHow {
  return parameters(e).how === 'meeting' ? 'meeting' : 'counting';
}

/** The organizer's own event (null when Calendar no longer has it), refused when it has taken place. */
function cancellableEvent(e: AddonEvent, id: string): { calendarId: string; ev: CalEvent | null } {
  const calendarId = e.calendar?.calendarId || 'primary';
  const ev = getEvent(calendarId, id);
  if (ev && !isOrganizer(ev, currentUserEmail())) throw new CcmError('NOT_ORGANIZER');
  // Rule 9: a meeting that happened stays counted (core/booking.ts; the gateway checks the Ledger too).
  if (ev && ev.status !== 'cancelled') checkCancellable(eventTimes(ev).end, Date.now());
  return { calendarId, ev };
}

export function cancelMeeting(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const id = e.calendar?.id ?? parameters(e).eventId;
  if (!id) throw new CcmError('BOOKING_NOT_FOUND');
  const how = cancelHow(e);
  if (parameters(e).sure !== '1') {
    const { ev } = cancellableEvent(e, id);
    return updateCard(cancelConfirmCard(how, id, ev && ev.status !== 'cancelled' ? titleText(ev.summary) : null));
  }
  return oneAtATime(id, (waited) => cancelLocked(e, id, how, waited));
}

function cancelLocked(
  e: AddonEvent,
  id: string,
  how: CancelHow,
  waited: boolean,
): GoogleAppsScript.Card_Service.ActionResponse {
  const budget = new Budget();
  const { calendarId, ev } = cancellableEvent(e, id);
  const live = !!ev && ev.status !== 'cancelled';
  let text: string;
  if (how === 'meeting') {
    // Calendar first: the allowance is released only once the event is definitely gone. Should the
    // gateway not answer, the next open of the panel sees the event gone and releases it then.
    if (live) cancelEventForAll(calendarId, id);
    callGateway('cancel', { eventId: id }, budget, STAMPED);
    rememberBooking(id, false);
    text = live ? COACHEE_TEXT.cancelledForEveryone : COACHEE_TEXT.cancelledCounting;
  } else {
    callGateway('cancel', { eventId: id }, budget, STAMPED);
    rememberBooking(id, false);
    let note = '';
    if (live) {
      try {
        // Guests keep the same meeting: only the notes come out, without mail.
        const left = writeWithEtag(calendarId, ev, buildCancelPatch, budget, 'none').event;
        note = notesText(left.description);
      } catch (err) {
        console.warn(`ccm: cancel of ${id}: the notes stay in the event (${failureLabel(err)})`);
        note = ` ${COACHEE_TEXT.notesNotRemoved}`;
      }
    }
    text = COACHEE_TEXT.cancelledCounting + note;
  }
  return updateCard(cancelledCard(how, ev ? titleText(ev.summary) : null, text), text + meanwhile(waited));
}

// ---------------------------------------------------------------------------------------------
// Add participants (works on an unsaved event: the host applies it to the editor)

export function addParticipants(
  e: AddonEvent,
): GoogleAppsScript.Card_Service.CalendarEventActionResponse | GoogleAppsScript.Card_Service.ActionResponse {
  const p = parameters(e);
  const caps = e.calendar?.capabilities ?? {};
  const present = (e.calendar?.attendees ?? []).map((a) => a.email ?? '');
  const people = [p.manager, p.coach].filter(
    (x): x is string => isValidEmail(x) && !present.some((a) => sameEmail(a, x)),
  );
  const toolkitUrl = p.toolkitUrl && /^https:\/\//.test(p.toolkitUrl) ? p.toolkitUrl : null;
  const b = CardService.newCalendarEventActionResponseBuilder();
  let changes = 0;
  if (caps.canAddAttendees === true && people.length > 0) {
    b.addAttendees(people);
    changes++;
  }
  if (caps.canAddAttachments === true && toolkitUrl) {
    b.addAttachments([
      CardService.newAttachment()
        .setResourceUrl(toolkitUrl)
        .setTitle(TOOLKIT_TITLE)
        .setMimeType(
          /^https:\/\/docs\.google\.com\/document\//.test(toolkitUrl)
            ? 'application/vnd.google-apps.document'
            : 'text/html',
        )
        .setIconUrl(DOC_ICON),
    ]);
    changes++;
  }
  if (changes === 0) {
    if (caps.canAddAttendees !== true) return notify(COACHEE_TEXT.cannotAddGuests);
    return notify(COACHEE_TEXT.alreadyInvited);
  }
  return b.build();
}
