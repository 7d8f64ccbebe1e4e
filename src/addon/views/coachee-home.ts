/**
 * The coachee's homepage (no event open): their engagement, this quarter's allowance, the next
 * milestone and its recommended window, upcoming and past alignment meetings with their status, and
 * "Find a time" (dates to search, then suggestions for all three) or scheduling straight away.
 */
import type { AllowanceView, BookingView, EngagementView, PanelNotice, ReconcileChange } from '../../core/api';
import { heldState, mayAskHeld } from '../../core/held';
import type { ManagerResponse } from '../../core/roles';
import { parseIsoInstant } from '../../core/time';
import { FIELDS } from '../form';
import { dayOfInstant, dayText, rangeText, whenText } from './view-model';
import { heldWidgets, HELD_STATUS } from './held';
import * as COACHEE_TEXT from './messages/coachee';
import * as SCHEDULE_TEXT from './messages/schedule';
import {
  button,
  buttons,
  card,
  html,
  labeled,
  linkAllowed,
  paragraph,
  present,
  section,
  sectionIf,
  type Widget,
} from './ui';

/** What the homepage knows of a booking's event from the coachee's calendar. */
export interface HomeEvent {
  title: string;
  /** The event in Google Calendar (htmlLink). */
  link: string | null;
  /** Calendar cancelled the event (deleted, or cancelled for everyone). */
  cancelled: boolean;
  managerDeclined: boolean;
  /** The manager's RSVP as the coachee's copy lists it (issue 14 item 4). */
  managerResponse?: ManagerResponse;
  /** "Find another time" for this declined meeting: its own quarter's search (null: not offered). */
  findAgain?: Record<string, string> | null;
}

export { FIND_ANOTHER_LABEL, declinedText, supportText, responseText } from './messages/coachee';

/** The manager's support and RSVP lines of an active meeting (panel and homepage), in that order. */
export function managerLines(b: BookingView, response: ManagerResponse | undefined, timeZone: string): string[] {
  const out: string[] = [];
  if (b.supportedAt) out.push(COACHEE_TEXT.supportText(dayOfInstant(b.supportedAt, timeZone)));
  if (response) out.push(COACHEE_TEXT.responseText(response));
  return out;
}

export interface FindTimeModel {
  /** The plan parameters every scheduling button carries (people, zones, window). */
  params: Record<string, string>;
  /** Default search dates (YYYY-MM-DD, both inclusive). */
  from: string;
  to: string;
  /** Said above the dates (the recommended window, or why other dates are proposed). */
  lead: string;
}

export interface CoacheeHomeModel {
  engagement: EngagementView;
  allowance: AllowanceView | null;
  bookings: BookingView[];
  reconciled: ReconcileChange[];
  timeZone: string;
  nowMs: number;
  engagementProblem?: string | null;
  /** Notices about the coachee's bookings (OVER_ALLOWANCE), from the gateway. */
  notices?: PanelNotice[];
  /** Null when nothing can be booked now (engagement not active, every meeting booked). */
  find: FindTimeModel | null;
  /** The bookings' events as the coachee's calendar shows them, by event id (when looked at). */
  events?: Record<string, HomeEvent>;
  /** Sections for the people this coachee also manages or coaches (views/team-home.ts), at the end. */
  extra?: GoogleAppsScript.Card_Service.CardSection[];
}

const MAX_LIST = 10;

/** Civil date as the UTC-midnight milliseconds a date picker holds. */
function pickerDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function findWidgets(f: FindTimeModel): Widget[] {
  return [
    paragraph(f.lead),
    CardService.newDatePicker()
      .setFieldName(FIELDS.from)
      .setTitle(COACHEE_TEXT.from)
      .setValueInMsSinceEpoch(pickerDay(f.from)),
    CardService.newDatePicker()
      .setFieldName(FIELDS.to)
      .setTitle(COACHEE_TEXT.to)
      .setValueInMsSinceEpoch(pickerDay(f.to)),
    buttons([
      button(SCHEDULE_TEXT.FIND_LABEL, 'suggestTimes', f.params, true),
      button(SCHEDULE_TEXT.PICK_LABEL, 'openSchedule', f.params),
    ])!,
  ];
}

/** One meeting: its title (opening the event), when, milestone and status; a decline said under it. */
function meetingWidgets(b: BookingView, m: CoacheeHomeModel, cancelled: boolean): Widget[] {
  const ev = m.events?.[b.eventId];
  const status =
    HELD_STATUS[heldState(b, m.nowMs)] ??
    (cancelled && b.status !== 'cancelled' ? COACHEE_TEXT.STATUS_TEXT.cancelled : COACHEE_TEXT.STATUS_TEXT[b.status]);
  const milestone = b.milestone ? (COACHEE_TEXT.MILESTONE_TEXT[b.milestone] ?? b.milestone) : null;
  const w = CardService.newDecoratedText()
    .setTopLabel([whenText(b.start, m.timeZone), milestone].filter(Boolean).join(' · '))
    .setText(html`<b>${ev?.title || COACHEE_TEXT.meetingTitle}</b>`.value)
    .setBottomLabel(status)
    .setWrapText(true);
  if (ev && linkAllowed(ev.link)) w.setOpenLink(CardService.newOpenLink().setUrl(ev.link));
  const out: Widget[] = [w];
  // The RSVP matters while the meeting is ahead; the support stays said.
  const response = (parseIsoInstant(b.end) ?? 0) > m.nowMs ? ev?.managerResponse : undefined;
  const lines =
    !cancelled && (b.status === 'confirmed' || b.status === 'pending') ? managerLines(b, response, m.timeZone) : [];
  if (lines.length > 0) out.push(paragraph(lines.join('\n')));
  if (ev?.managerDeclined && !cancelled && b.status !== 'cancelled') {
    out.push(paragraph(html`<b>${COACHEE_TEXT.declinedText(m.engagement.manager)}</b>`));
    if (ev.findAgain) out.push(buttons([button(COACHEE_TEXT.FIND_ANOTHER_LABEL, 'suggestTimes', ev.findAgain, true)])!);
  }
  return out;
}

export function coacheeHomeCard(m: CoacheeHomeModel): GoogleAppsScript.Card_Service.Card {
  const a = m.allowance;
  const startMs = (b: BookingView) => parseIsoInstant(b.start) ?? 0;
  const gone = (b: BookingView) => b.status === 'cancelled' || m.events?.[b.eventId]?.cancelled === true;
  // By time: a meeting still ahead is upcoming whatever its status (a cancelled one says so).
  const upcoming = m.bookings
    .filter((b) => startMs(b) >= m.nowMs && b.status !== 'expired')
    .sort((x, y) => startMs(x) - startMs(y))
    .slice(0, MAX_LIST);
  const past = m.bookings
    .filter((b) => !upcoming.includes(b))
    .sort((x, y) => startMs(y) - startMs(x))
    .slice(0, MAX_LIST);
  // "Did it take place?" for the latest past meeting not answered yet (core/held.ts).
  const ask = past.find((b) => mayAskHeld(b, m.nowMs));
  return card(
    COACHEE_TEXT.homeTitle,
    COACHEE_TEXT.engagementRange(rangeText(m.engagement.start, m.engagement.end)),
    [
      sectionIf(
        null,
        present([
          ...m.reconciled.map((r) => paragraph(r.message)),
          ...(m.notices ?? []).map((n) => paragraph(n.message)),
          m.engagementProblem ? paragraph(m.engagementProblem) : null,
        ]),
      ),
      ask
        ? section(null, [
            labeled(COACHEE_TEXT.lastMeeting, m.events?.[ask.eventId]?.title || whenText(ask.start, m.timeZone)),
            ...heldWidgets('unanswered', ask.eventId, null),
          ])
        : null,
      section(COACHEE_TEXT.who, [
        labeled(COACHEE_TEXT.manager, m.engagement.manager),
        labeled(COACHEE_TEXT.coach, m.engagement.coach),
      ]),
      sectionIf(COACHEE_TEXT.allowance, allowanceWidgets(a)),
      section(
        COACHEE_TEXT.upcoming,
        upcoming.length > 0
          ? upcoming.flatMap((b) => meetingWidgets(b, m, gone(b)))
          : [paragraph(COACHEE_TEXT.noneBooked)],
      ),
      sectionIf(
        COACHEE_TEXT.past,
        past.flatMap((b) => meetingWidgets(b, m, gone(b))),
        { collapsible: true, visible: 1 },
      ),
      m.find ? section(COACHEE_TEXT.findTitle, findWidgets(m.find)) : null,
      section(COACHEE_TEXT.fromEvent, [
        paragraph(COACHEE_TEXT.fromEventHow),
        buttons([button(COACHEE_TEXT.whatFor, 'showToolkit', { doc: 'coachee' })])!,
      ]),
      ...(m.extra ?? []),
    ],
    { name: 'home' },
  );
}

/** This quarter's use, when the next quarter opens, the next milestone: the panel's and the homepage's. */
export function allowanceWidgets(a: AllowanceView | null): Widget[] {
  if (!a) return [];
  const out: Widget[] = [];
  if (a.quarter)
    out.push(
      labeled(
        COACHEE_TEXT.quarterOf(COACHEE_TEXT.thisQuarter, a.quarter.label),
        COACHEE_TEXT.usedOf(a.used, a.limit),
        rangeText(a.quarter.start, a.quarter.end),
      ),
    );
  if (a.nextQuarterOpens) out.push(labeled(COACHEE_TEXT.nextQuarterOpens, dayText(a.nextQuarterOpens)));
  if (a.nextMilestone)
    out.push(
      labeled(
        COACHEE_TEXT.nextMilestone,
        a.nextMilestone.label,
        COACHEE_TEXT.recommended(rangeText(a.nextMilestone.from, a.nextMilestone.to)),
      ),
    );
  return out;
}
