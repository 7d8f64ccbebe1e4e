/**
 * The coachee's homepage (no event open): their engagement, this quarter's allowance, the next
 * milestone and its recommended window, upcoming and past alignment meetings with their status, and
 * "Find a time" (dates to search, then suggestions for all three) or scheduling straight away.
 */
import type { AllowanceView, BookingView, EngagementView, PanelNotice, ReconcileChange } from '../../core/api';
import { parseIsoInstant } from '../../core/time';
import { FIELDS } from '../form';
import { dayText, rangeText, whenText } from './model';
import { FIND_LABEL, PICK_LABEL } from './schedule';
import { bullets, button, buttons, card, labeled, paragraph, present, section, sectionIf, type Widget } from './ui';

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
}

const MAX_LIST = 10;

const STATUS_TEXT: Record<BookingView['status'], string> = {
  confirmed: 'confirmed',
  pending: 'booked; not in your calendar yet',
  cancelled: 'cancelled',
  expired: 'lapsed (never saved)',
};

function capped(items: string[], what: string): string[] {
  if (items.length <= MAX_LIST) return items;
  return [...items.slice(0, MAX_LIST), `… and ${items.length - MAX_LIST} more ${what}`];
}

// The ledger keeps milestone ids (core/allowance.ts MILESTONE_LABELS for the six-month ones).
const MILESTONE_TEXT: Record<string, string> = {
  initial: 'Initial meeting',
  'wrap-up': 'Program wrap-up',
  quarterly: 'Quarterly alignment',
};

function line(b: BookingView, timeZone: string): string {
  const milestone = b.milestone ? (MILESTONE_TEXT[b.milestone] ?? b.milestone) : null;
  return [whenText(b.start, timeZone), milestone, STATUS_TEXT[b.status]].filter(Boolean).join(' · ');
}

/** Civil date as the UTC-midnight milliseconds a date picker holds. */
function pickerDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function findWidgets(f: FindTimeModel): Widget[] {
  return [
    paragraph(f.lead),
    CardService.newDatePicker().setFieldName(FIELDS.from).setTitle('From').setValueInMsSinceEpoch(pickerDay(f.from)),
    CardService.newDatePicker().setFieldName(FIELDS.to).setTitle('To').setValueInMsSinceEpoch(pickerDay(f.to)),
    buttons([button(FIND_LABEL, 'suggestTimes', f.params, true), button(PICK_LABEL, 'openSchedule', f.params)])!,
  ];
}

export function coacheeHomeCard(m: CoacheeHomeModel): GoogleAppsScript.Card_Service.Card {
  const a = m.allowance;
  const startMs = (b: BookingView) => parseIsoInstant(b.start) ?? 0;
  const active = (b: BookingView) => b.status === 'confirmed' || b.status === 'pending';
  const upcoming = m.bookings.filter((b) => active(b) && startMs(b) >= m.nowMs);
  // Past: what happened (any status), latest first; meetings that stopped counting are history too.
  const past = m.bookings.filter((b) => !upcoming.includes(b)).sort((x, y) => startMs(y) - startMs(x));
  const allowance: Widget[] = present([
    a?.quarter
      ? labeled(
          `This quarter: ${a.quarter.label}`,
          `${a.used} of ${a.limit} used`,
          rangeText(a.quarter.start, a.quarter.end),
        )
      : null,
    a?.nextQuarterOpens ? labeled('Next quarter opens', dayText(a.nextQuarterOpens)) : null,
    a?.nextMilestone
      ? labeled(
          'Next milestone',
          a.nextMilestone.label,
          `Recommended ${rangeText(a.nextMilestone.from, a.nextMilestone.to)}`,
        )
      : null,
  ]);
  return card(
    'Your alignment meetings',
    `Engagement ${rangeText(m.engagement.start, m.engagement.end)}`,
    [
      sectionIf(
        null,
        present([
          ...m.reconciled.map((r) => paragraph(r.message)),
          ...(m.notices ?? []).map((n) => paragraph(n.message)),
          m.engagementProblem ? paragraph(m.engagementProblem) : null,
        ]),
      ),
      section('Who', [labeled('Manager', m.engagement.manager), labeled('Coach', m.engagement.coach)]),
      sectionIf('Allowance', allowance),
      section('Upcoming', [
        paragraph(
          upcoming.length > 0
            ? bullets(
                capped(
                  upcoming.map((b) => line(b, m.timeZone)),
                  'meetings',
                ),
              )
            : 'No alignment meeting booked yet.',
        ),
      ]),
      sectionIf(
        'Past',
        past.length > 0
          ? [
              paragraph(
                bullets(
                  capped(
                    past.map((b) => line(b, m.timeZone)),
                    'meetings',
                  ),
                ),
              ),
            ]
          : [],
        { collapsible: true },
      ),
      m.find ? section('Find a time', findWidgets(m.find)) : null,
      section('Or book from an event', [
        paragraph(
          'You can also create an event in Google Calendar for you, your manager and your coach (about 60 minutes, online), open this add-on’s panel on it, and follow the steps there.',
        ),
        buttons([button('What the meeting is for', 'showToolkit', { doc: 'coachee' })])!,
      ]),
    ],
    { name: 'home' },
  );
}
