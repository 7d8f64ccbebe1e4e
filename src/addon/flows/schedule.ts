/**
 * Scheduling from the homepage (no event open): find a time for all three, then create the whole
 * meeting in one step. Unlike the event panel (which cannot set a title or description: PLATFORM.md),
 * here the add-on creates the event itself through the Calendar API.
 *
 * - Find times: one free/busy query for coachee, manager and coach over the chosen dates, plus each
 *   colleague's time zone where Calendar shows it (Calendars.get); no gateway call (the homepage put
 *   the engagement's people and dates in the buttons' parameters; they only steer the search, the
 *   gateway decides the booking from its own data).
 * - Open the form: no gateway call; one Calendar read of the coachee's previous meeting (every earlier
 *   one for the wrap-up) for the steps it carries forward (flows/carry.ts); the event id is chosen
 *   here, so pressing Schedule twice (or again after a timeout) is the same meeting, never a second one.
 * - Schedule: TWO gateway round trips on the way that works, the only action with two (every
 *   other costs at most one; the benchmark's handlers do not include this one):
 *     book (status pending, the add-on's event id) → the gateway refuses a full quarter BEFORE any
 *       event exists, and the pending row holds the allowance meanwhile;
 *     Events.insert with that id: title, time, attendees, the description block, the toolkit,
 *       the shared marker, invitations sent;
 *     book again, status confirmed, same event id: idempotent (the same booking, promoted; nothing
 *       counted twice), so no booking is left pending on the coachee's next visit (issue 7). If this
 *       call fails, the meeting exists and the row stays pending: the coachee is told the booking
 *       will be confirmed the next time they open the add-on (its reconciliation sees the event:
 *       pending + event exists → confirmed). A row nobody confirms is expired by the gateway after
 *       UNCONFIRMED_EXPIRY_HOURS, and booked again at the next open if its event exists and there
 *       is room (gateway/ops/expire.ts, core/booking.ts).
 *   If the insert fails: the event is read back by its id (a timed-out insert may have gone
 *   through; a second press finds 409 duplicate). Only Calendar's definite "gone" (404/410, status
 *   cancelled, or the id held by someone else's event) rolls the booking back with `cancel` (a
 *   second round trip, on this failure path only) and tells the coachee nothing was booked. If even
 *   that fails, they are told the booking is held as pending and is released on its own (a pending
 *   row whose event never appears expires after PENDING_EXPIRY_HOURS), and that pressing Schedule
 *   again is safe. When the read-back fails too (Calendar busy), nobody knows whether the meeting
 *   exists (its invitations may be out): the booking stays pending, the coachee is told so
 *   (CALENDAR_UNCHECKED), and their next open (or the expiry) settles it from Calendar's answer.
 */
import type { BookData } from '../../core/api';
import { descriptionSize, descriptionTooLongMessage } from '../../core/description';
import { notesDigest } from '../../core/digest';
import { planWritten } from '../../core/reminders';
import { sameEmail } from '../../core/email';
import { CcmError, failureLabel } from '../../core/errors';
import { PENDING_EXPIRY_HOURS } from '../../core/ledger';
import { DEFAULT_COACH_ROLE, parseMeetingForm, type Meeting } from '../../core/meeting';
import {
  DEFAULT_WORKING_HOURS,
  earliestSlotStart,
  MAX_SEARCH_DAYS,
  slotPerson,
  suggestSlots,
  type SlotPerson,
} from '../../core/slots';
import {
  addDays,
  civilDateOf,
  formatCivilDate,
  isValidTimeZone,
  MINUTE_MS,
  parseCivilDate,
  startOfCivilDay,
} from '../../core/time';
import { calendarTimeZone, eventTimes, freeBusy, getEvent, insertEvent, type CalEvent } from '../adapters/calendar';
import { callGateway } from '../adapters/gateway';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from '../env';
import { carryInputs, FIELDS, pickerMs, rawMeetingForm, stringInput } from '../form';
import type { AddonEvent } from '../types';
import { reviewItems } from '../../core/review';
import { reviewCard } from '../views/coachee';
import { clock, dayLabel, dayText, otherClock, rangeText, whenText } from '../views/view-model';
import {
  DEFAULT_TITLE,
  noTimeLeftCard,
  scheduledCard,
  scheduleFormCard,
  suggestionsCard,
  zoneChoices,
  type SlotView,
} from '../views/schedule';
import { notify, pushCard, updateCard } from '../views/ui';
import type { Problem } from '../../core/validation';
import { buildConfirmPatch, type EnrichContext } from './enrich';
import { isOrganizer, rememberBooking } from './facts';
import { carryParams } from '../views/carry';
import {
  DEFAULT_MINUTES,
  defaultDates,
  formValuesOf,
  MAX_MINUTES,
  maxDate,
  MIN_MINUTES,
  minDate,
  moveParamsOf,
  planParams,
  readMove,
  readPlan,
  shift,
  topicWarnings,
  typedInputs,
  type Plan,
} from './shared';
import { carryFormOf, loadCarry, markCarriedDone, previousBefore, withCarry } from './carry';
import * as COACHEE_TEXT from '../views/messages/coachee';
import * as SCHEDULE_TEXT from '../views/messages/schedule';

/** Calendar's rule for client-chosen event ids. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

// ---------------------------------------------------------------------------------------------
// Find times

function pickerDate(e: AddonEvent, name: string): string | null {
  const ms = pickerMs(e.commonEventObject?.formInputs, name);
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

const civilParam = (v: string | undefined) => (v && parseCivilDate(v) ? v : null);

/** Where the coachee says a manager or coach works whose calendar cannot be seen: the card's choice, else the carried one. */
function toldZone(e: AddonEvent, field: 'managerZone' | 'coachZone'): string | null {
  const typed = stringInput(e.commonEventObject?.formInputs, FIELDS[field]);
  const zone = e.commonEventObject?.formInputs?.[FIELDS[field]] ? typed : (parameters(e)[field] ?? '');
  return isValidTimeZone(zone) ? zone : null;
}

interface Other {
  email: string;
  field: 'managerZone' | 'coachZone';
  /** Their busy blocks; null when their calendar cannot be seen. */
  busy: Array<[number, number]> | null;
  /** Their zone as Calendar tells it (as the coachee says, for a calendar not seen); null when unknown. */
  zone: string | null;
}

export function suggestTimes(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const budget = new Budget();
  const plan = readPlan(e);
  const tz = viewerTimeZone(e, plan.companyTz);
  const nowMs = Date.now();
  const defaults = defaultDates(plan, nowMs, tz);
  const p = parameters(e);
  const move = readMove(p);
  const notes: string[] = [];
  let fromMs: number;
  let toMs: number;
  let from = '';
  let to = '';
  let range: string;
  if (move) {
    // A declined meeting moves inside its own window (declinedFind), never into another quarter.
    const day = (ms: number) => formatCivilDate(civilDateOf(ms, plan.companyTz));
    fromMs = Math.max(move.fromMs, earliestSlotStart(nowMs, tz));
    toMs = move.toMs;
    if (toMs - fromMs < move.minutes * MINUTE_MS) {
      return pushCard(noTimeLeftCard({ quarter: move.quarter, lastDay: dayText(day(move.toMs - 1)) }));
    }
    if (toMs - fromMs > MAX_SEARCH_DAYS * 24 * 60 * MINUTE_MS) {
      toMs = fromMs + MAX_SEARCH_DAYS * 24 * 60 * MINUTE_MS;
      notes.push(SCHEDULE_TEXT.firstWeeks(MAX_SEARCH_DAYS / 7));
    }
    range = rangeText(day(fromMs), shift(day(toMs - 1), 1));
  } else {
    // "Find times again" on the suggestions card carries the dates searched (it has no date pickers).
    from = pickerDate(e, FIELDS.from) ?? civilParam(p.searchFrom) ?? defaults?.from ?? '';
    to = pickerDate(e, FIELDS.to) ?? civilParam(p.searchTo) ?? defaults?.to ?? '';
    if (!from || !to) return notify(SCHEDULE_TEXT.pickDates);
    if (to < from) return notify(SCHEDULE_TEXT.toBeforeFrom);
    // Inside the engagement only (its days on the company's calendar; a day's slack either way is harmless).
    const first = maxDate(from, plan.engStart);
    let end = minDate(shift(to, 1), plan.engEnd);
    if (end <= first) return notify(SCHEDULE_TEXT.outsideEngagement(rangeText(plan.engStart, plan.engEnd)));
    if (parseCivilDate(end)! > addDays(parseCivilDate(first)!, MAX_SEARCH_DAYS)) {
      end = shift(first, MAX_SEARCH_DAYS);
      notes.push(SCHEDULE_TEXT.firstWeeksOfDates(MAX_SEARCH_DAYS / 7));
    }
    fromMs = startOfCivilDay(parseCivilDate(first)!, tz);
    toMs = startOfCivilDay(parseCivilDate(end)!, tz);
    range = rangeText(first, end);
    if (toMs <= nowMs) return notify(SCHEDULE_TEXT.inPast);
  }
  const minutes = move?.minutes ?? DEFAULT_MINUTES;
  const moving = move ? moveParamsOf(move) : {};

  const me = currentUserEmail();
  const mine = me || 'primary';
  const people = [plan.manager, plan.coach].filter(
    (p, i, all) => !sameEmail(p, me) && all.findIndex((q) => sameEmail(q, p)) === i,
  );
  budget.check('free/busy');
  const busy = freeBusy([mine, ...people], new Date(fromMs).toISOString(), new Date(toMs).toISOString());
  const others: Other[] = people.map((email) => {
    const blocks = busy.get(email) ?? null;
    const field = sameEmail(email, plan.manager) ? 'managerZone' : 'coachZone';
    // Calendar tells a zone only with the free/busy (PLATFORM.md); for a calendar not seen, the coachee may.
    return { email, field, busy: blocks, zone: blocks === null ? toldZone(e, field) : calendarTimeZone(email) };
  });

  const unseen = others.filter((o) => o.busy === null);
  const seen = others.filter((o) => o.busy !== null).map((o) => o.email);
  for (const o of others) {
    if (o.busy !== null && !o.zone) notes.push(SCHEDULE_TEXT.zoneUnread(o.email, plan.companyTz));
  }
  const slotPeople: SlotPerson[] = [
    { timeZone: tz, busy: busy.get(mine) ?? [], hours: DEFAULT_WORKING_HOURS },
    ...others.map((o) => slotPerson(o.busy, o.zone, plan.companyTz)),
  ];
  const told: Record<string, string> = {};
  for (const o of unseen) if (o.zone) told[o.field] = o.zone;
  const slots = suggestSlots({ fromMs, toMs, nowMs, minutes, people: slotPeople, dayZone: tz });
  const views: SlotView[] = slots.map((s) => {
    const elsewhere = others
      .filter((o) => (o.busy !== null || o.zone) && (o.zone ?? plan.companyTz) !== tz)
      .map((o) => `${o.email}: ${otherClock(s.startMs, s.endMs, o.zone ?? plan.companyTz, tz)}`);
    return {
      params: { ...planParams(plan), ...moving, ...told, start: String(s.startMs), others: elsewhere.join(' · ') },
      day: dayLabel(s.startMs, tz),
      time: `${clock(s.startMs, tz)}–${clock(s.endMs, tz)} (${tz})`,
      others: elsewhere,
    };
  });
  console.log(`ccm: find times: ${slots.length} suggestions, ${unseen.length} calendar(s) not visible`);
  const card = suggestionsCard({
    range,
    minutes,
    move: !!move,
    slots: views,
    checked: seen,
    unseen: unseen.map((o) => ({ email: o.email, field: FIELDS[o.field], zone: o.zone })),
    zoneChoices: zoneChoices([tz, plan.companyTz]),
    notes,
    params: { ...planParams(plan), ...told },
    // A move has no dates of its own to carry; `searchFrom` still marks the press as "again".
    again: { ...planParams(plan), ...moving, searchFrom: from || 'again', searchTo: to },
  });
  // "Find times again" (a zone given) replaces the suggestions; the first search pushes them.
  return p.searchFrom ? updateCard(card) : pushCard(card);
}

// ---------------------------------------------------------------------------------------------
// The schedule form

/** A fresh Calendar event id (base32hex: a UUID's hex digits are a subset). */
export function newEventId(): string {
  let hex: string;
  try {
    hex = Utilities.getUuid()
      .toLowerCase()
      .replace(/[^0-9a-f]/g, '');
  } catch {
    hex = '';
  }
  if (hex.length < 16) hex = `${Date.now().toString(32)}${Math.floor(Math.random() * 2 ** 40).toString(32)}`;
  return `ccm${hex}`;
}

/** Where a start picked without a suggestion falls: the first working-hours hour of the default dates. */
function defaultStart(plan: Plan, nowMs: number, tz: string): number {
  const dates = defaultDates(plan, nowMs, tz);
  if (dates) {
    const fromMs = startOfCivilDay(parseCivilDate(dates.from)!, tz);
    const toMs = startOfCivilDay(addDays(parseCivilDate(dates.to)!, 1), tz);
    const first = suggestSlots({
      fromMs,
      toMs,
      nowMs,
      minutes: DEFAULT_MINUTES,
      people: [{ timeZone: tz, busy: [], hours: DEFAULT_WORKING_HOURS }],
      dayZone: tz,
      max: 1,
    })[0];
    if (first) return first.startMs;
  }
  const hour = 60 * MINUTE_MS;
  return Math.ceil((nowMs + 24 * hour) / hour) * hour;
}

export function openScheduleForm(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const plan = readPlan(e);
  const p = parameters(e);
  const tz = viewerTimeZone(e, plan.companyTz);
  const suggested = Number(p.start);
  const startMs = Number.isFinite(suggested) && suggested > 0 ? suggested : defaultStart(plan, Date.now(), tz);
  // The steps of the coachee's earlier meeting(s), read from their own calendar (flows/carry.ts).
  const carry = loadCarry(previousBefore(plan.prev, startMs), plan.milestone, currentUserEmail(), new Budget());
  return pushCard(
    scheduleFormCard({
      params: { ...planParams(plan), eventId: newEventId(), ...carryParams(carry) },
      startMs,
      minutes: DEFAULT_MINUTES,
      title: DEFAULT_TITLE,
      form: {
        goal: '',
        agenda: '',
        actionPlan: [],
        coachRole: DEFAULT_COACH_ROLE,
        videoLink: plan.coachLink,
        carry,
      },
      manager: plan.manager,
      coach: plan.coach,
      others: Number.isFinite(suggested) && p.others ? p.others.split(' · ') : [],
    }),
  );
}

/**
 * A review card's "Edit the plan", "Add a step", or a form with problems: the schedule form again, with
 * everything as the coachee typed it (plus one more action row, or each problem next to its field).
 */
export function editScheduleForm(
  e: AddonEvent,
  extra: { rows?: number; problems?: Problem[] } = {},
  note?: string,
): GoogleAppsScript.Card_Service.ActionResponse {
  const plan = readPlan(e);
  const p = parameters(e);
  const inputs = typedInputs(e) ?? {};
  const tz = viewerTimeZone(e, plan.companyTz);
  const minutes = Number(stringInput(inputs, FIELDS.minutes));
  const carry = carryFormOf(e);
  return updateCard(
    scheduleFormCard({
      params: {
        ...planParams(plan),
        eventId: EVENT_ID.test(p.eventId ?? '') ? p.eventId! : newEventId(),
        ...carryParams(carry),
      },
      startMs: pickerMs(inputs, FIELDS.start) ?? defaultStart(plan, Date.now(), tz),
      minutes: Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_MINUTES,
      title: stringInput(inputs, FIELDS.title) || DEFAULT_TITLE,
      form: { ...formValuesOf(inputs), ...extra, carry },
      manager: plan.manager,
      coach: plan.coach,
      others: [],
    }),
    note,
  );
}

// ---------------------------------------------------------------------------------------------
// Schedule

/** What Calendar says about the event this press tried to create. */
type ReadBack = { kind: 'there'; ev: CalEvent } | { kind: 'gone' } | { kind: 'unknown' };

/**
 * The event with this id on the caller's calendar. `gone` only on Calendar's definite answer: 404/410,
 * status cancelled, or an event under this id that someone else organises (ours was never created).
 * Any other failure is `unknown`: the insert may have gone through, so the booking must not be released.
 */
function readBack(eventId: string, me: string): ReadBack {
  try {
    const ev = getEvent('primary', eventId);
    if (!ev || ev.status === 'cancelled' || !isOrganizer(ev, me)) return { kind: 'gone' };
    return { kind: 'there', ev };
  } catch (err) {
    console.warn(`ccm: schedule ${eventId}: read-back failed (${failureLabel(err)})`);
    return { kind: 'unknown' };
  }
}

/**
 * The second round trip: confirms the pending booking now that its event exists, at the event's own
 * times. False when it could not (the booking stays pending and is confirmed at the next open).
 */
function confirmBooking(
  eventId: string,
  created: CalEvent,
  start: string,
  end: string,
  digest: string,
  budget: Budget,
): boolean {
  const times = eventTimes(created);
  try {
    const r = callGateway(
      'book',
      {
        event: { eventId, start: times.start || start, end: times.end || end },
        status: 'confirmed',
        notesDigest: digest,
      },
      budget,
    );
    return r.booking.status === 'confirmed';
  } catch (err) {
    // Whatever it was (the gateway unreachable, the deadline near, a refusal), the meeting exists
    // and the booking holds the allowance: say so instead of failing the whole action.
    console.warn(
      `ccm: schedule ${eventId}: the booking could not be confirmed now (${failureLabel(err)}); it stays pending`,
    );
    return false;
  }
}

/** Gives the allowance back after the event could not be created (see the file header). */
function rollBack(eventId: string, why: CcmError, budget: Budget): GoogleAppsScript.Card_Service.ActionResponse {
  console.warn(`ccm: schedule ${eventId}: event not created (${why.code}); releasing the booking`);
  try {
    callGateway('cancel', { eventId }, budget);
    rememberBooking(eventId, false);
    if (why.code === 'DESCRIPTION_TOO_LONG') return notify(SCHEDULE_TEXT.nothingBooked(why.message));
    return notify(SCHEDULE_TEXT.notCreated(!!why.retryable));
  } catch (err) {
    console.warn(`ccm: schedule ${eventId}: the booking could not be released now (${failureLabel(err)})`);
    return notify(SCHEDULE_TEXT.notReleased(PENDING_EXPIRY_HOURS));
  }
}

function enrichContext(me: string, booked: BookData, meeting: Meeting): EnrichContext {
  const g = booked.engagement;
  return {
    organizer: me,
    manager: g.manager,
    coach: g.coach,
    bookingId: booked.booking.bookingId,
    toolkitUrl: booked.toolkitUrl,
    videoLink: meeting.videoLink ?? g.videoLink ?? null,
    block: {
      coachee: g.coacheeName ?? g.coachee,
      manager: g.manager,
      coach: g.coach,
      ...(booked.decision.milestone ? { milestoneLabel: booked.decision.milestone.label } : {}),
      ...(g.videoLink ? { coachVideoLink: g.videoLink } : {}),
      ...(booked.toolkitUrl ? { toolkitUrl: booked.toolkitUrl } : {}),
    },
  };
}

export function scheduleMeeting(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const budget = new Budget();
  const me = currentUserEmail();
  const p = parameters(e);
  const inputs = typedInputs(e);
  // Everything that costs nothing first: a typo must not cost a booking.
  const parsed = parseMeetingForm(rawMeetingForm(inputs));
  if (!parsed.ok) {
    return editScheduleForm(e, { problems: parsed.problems }, COACHEE_TEXT.fixProblems(parsed.problems));
  }
  // Steps kept from the last meeting lead the plan; those marked done are marked once this one exists.
  const carried = withCarry(parsed.meeting, carryFormOf(e));
  if (!carried.ok) return notify(carried.message);
  const startMs = pickerMs(inputs, FIELDS.start);
  if (startMs === null) return notify(SCHEDULE_TEXT.pickStart);
  const minutesText = stringInput(inputs, FIELDS.minutes).trim() || String(DEFAULT_MINUTES);
  const minutes = /^\d{1,3}$/.test(minutesText) ? Number(minutesText) : NaN;
  if (!(minutes >= MIN_MINUTES && minutes <= MAX_MINUTES))
    return notify(SCHEDULE_TEXT.length(MIN_MINUTES, MAX_MINUTES));
  if (startMs < Date.now()) return notify(SCHEDULE_TEXT.startInPast);
  const title = stringInput(inputs, FIELDS.title).trim().slice(0, 200) || DEFAULT_TITLE;
  const eventId = EVENT_ID.test(p.eventId ?? '') ? p.eventId! : newEventId();
  const tz = viewerTimeZone(e, isValidTimeZone(p.companyTz) ? p.companyTz! : 'UTC');
  const start = new Date(startMs).toISOString();
  const end = new Date(startMs + minutes * MINUTE_MS).toISOString();
  const size = descriptionSize('', carried.meeting);
  if (!size.fits) return notify(descriptionTooLongMessage(size, true));
  // Anything worth a look comes before the booking and the new event: the coachee decides.
  if (p.acknowledged !== '1') {
    const items = reviewItems(carried.meeting, { startMs, endMs: startMs + minutes * MINUTE_MS });
    if (items.length > 0) {
      const params = {
        ...planParams(readPlan(e)),
        eventId,
        flow: 'schedule',
        ...carryInputs(inputs),
        ...carryParams(carryFormOf(e)),
      };
      return updateCard(reviewCard(items, title, params), COACHEE_TEXT.review);
    }
  }

  // 1. The allowance first: a full quarter (or a date outside the engagement) is refused here, before
  //    any event exists; the refusal reaches the person through guardAction.
  // The digest of the notes travels with the booking, so managers and coaches can tell a later edit.
  const digest = notesDigest(carried.meeting);
  const booked = callGateway(
    'book',
    {
      event: { eventId, start, end },
      status: 'pending',
      notesDigest: digest,
      planWritten: planWritten(carried.meeting),
    },
    budget,
  );
  rememberBooking(eventId, true);

  // 2. The complete event, with the id the booking holds.
  const meeting: Meeting = { ...carried.meeting };
  // The coach's own link is the default: keep "default" rather than a copy of it (as the panel does).
  if (meeting.videoLink && booked.engagement.videoLink && meeting.videoLink === booked.engagement.videoLink)
    delete meeting.videoLink;
  const ctx = enrichContext(me, booked, meeting);
  // Exact, now that the context lines are known (rare: only an unusually long context gets here).
  const exact = descriptionSize('', meeting, ctx.block);
  if (!exact.fits)
    return rollBack(eventId, new CcmError('DESCRIPTION_TOO_LONG', descriptionTooLongMessage(exact, false)), budget);
  const resource: CalEvent = {
    id: eventId,
    summary: title,
    start: { dateTime: start, timeZone: tz },
    end: { dateTime: end, timeZone: tz },
    // With its start, so the add-on knows the time guests were told (a later move is announced once).
    ...buildConfirmPatch({ start: { dateTime: start } }, meeting, ctx),
  };
  let outcome: ReadBack;
  // The event was there already (a second press after one that went through): nothing new happened.
  let existed = false;
  let problem: CcmError = new CcmError('INTERNAL');
  try {
    budget.check('calendar insert');
    const r = insertEvent(resource, 'all');
    existed = r === 'duplicate';
    outcome = existed ? readBack(eventId, me) : { kind: 'there', ev: r as CalEvent };
  } catch (err) {
    problem = err instanceof CcmError ? err : new CcmError('INTERNAL');
    // A failure on the way back (a timeout) may hide an insert that went through.
    outcome = readBack(eventId, me);
  }
  if (outcome.kind === 'gone') return rollBack(eventId, problem, budget);
  if (outcome.kind === 'unknown') {
    // Maybe created, maybe not: the pending booking keeps the allowance until Calendar can say.
    console.warn(`ccm: schedule ${eventId}: unknown whether the event exists; the booking stays pending`);
    return notify(new CcmError('CALENDAR_UNCHECKED').message);
  }
  const created = outcome.ev;

  // 3. The booking confirmed (a second round trip), unless it already was (a second press).
  const confirmed =
    booked.booking.status === 'confirmed' || confirmBooking(eventId, created, start, end, digest, budget);
  const again = existed && booked.alreadyBooked;
  // The new meeting exists: now the old notes (a failure there is said, never undoes this one).
  const notMarked = carried.done.length > 0 ? markCarriedDone(carried.done, me, budget) : '';
  console.log(`ccm: scheduled ${eventId}${again ? ' (already)' : ''}${confirmed ? '' : ' (booking still pending)'}`);
  const d = booked.decision;
  const done = scheduledCard({
    title: created.summary ?? title,
    when: whenText(created.start?.dateTime ?? start, tz),
    fresh: !again,
    confirmed,
    counts: {
      milestone: d.milestone?.label ?? null,
      quarter: d.quarter ? `${d.quarter.label} (${rangeText(d.quarter.start, d.quarter.end)})` : null,
    },
    message: d.message,
    warnings: [...d.warnings.map((w) => w.message), ...topicWarnings(meeting)],
    manager: booked.engagement.manager,
    coach: booked.engagement.coach,
    toolkitAttached: (created.attachments ?? []).some((a) => !!booked.toolkitUrl && a.fileUrl === booked.toolkitUrl),
    link: created.htmlLink ?? null,
  });
  // Back to the homepage's place in the stack, showing the outcome there.
  const nav = CardService.newNavigation().popToRoot().updateCard(done);
  const note = again
    ? SCHEDULE_TEXT.alreadyScheduled
    : confirmed
      ? SCHEDULE_TEXT.scheduled
      : SCHEDULE_TEXT.scheduledPending;
  return CardService.newActionResponseBuilder()
    .setNavigation(nav)
    .setNotification(CardService.newNotification().setText(note + notMarked))
    .build();
}
