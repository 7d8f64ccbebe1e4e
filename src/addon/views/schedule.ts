/**
 * Homepage scheduling cards (no event open):
 *   suggestions   times when coachee, manager and coach are all free, each one click from the form
 *   form          start, length, title and the same plan form as the event panel
 *   scheduled     the outcome: booked, created, invited
 */
import { FIELDS } from '../form';
import { planFormSections, type CoacheeFormValues } from './coachee';
import * as COACHEE_TEXT from './messages/coachee';
import * as SCHEDULE_TEXT from './messages/schedule';
import {
  bullets,
  button,
  buttons,
  card,
  html,
  labeled,
  linkAllowed,
  linkButton,
  paragraph,
  present,
  section,
  sectionIf,
  type Widget,
} from './ui';

export {
  FIND_LABEL,
  PICK_LABEL,
  SLOT_LABEL,
  SCHEDULE_LABEL,
  HOME_LABEL,
  MOVE_LABEL,
  DEFAULT_TITLE,
  FIND_AGAIN_LABEL,
  checkedTitle,
} from './messages/schedule';

export interface SlotView {
  /** Action parameters of the slot's button (the plan plus the start). */
  params: Record<string, string>;
  /** "Tue 10 Mar 2026" */
  day: string;
  /** "10:00–11:00 (America/New_York)" */
  time: string;
  /** The others' wall clocks where they differ: "mo@acme.test: 15:00–16:00 (Europe/London)" */
  others: string[];
}

export interface SuggestionsModel {
  /** "2 Mar – 13 Mar 2026" */
  range: string;
  minutes: number;
  /** The suggestions move a declined meeting (not schedule a new one). */
  move?: boolean;
  slots: SlotView[];
  /** Whose calendars (besides the coachee's own) were checked. */
  checked: string[];
  /** Whose could not be seen, with the input for where they work and the zone given, if any. */
  unseen: { email: string; field: string; zone: string | null }[];
  /** The time zones offered for them. */
  zoneChoices: string[];
  /** Zones assumed, the window changed. */
  notes: string[];
  /** The plan parameters, for "pick another time". */
  params: Record<string, string>;
  /** "Find times again" (same dates) once a zone is given. */
  again: Record<string, string>;
}

/** Where people commonly work, west to east; the coachee's and the company's zones come first. */
const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Helsinki',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

export function zoneChoices(first: readonly string[]): string[] {
  return [...new Set([...first, ...COMMON_ZONES])];
}

function unseenWidgets(m: SuggestionsModel): Widget[] {
  if (m.unseen.length === 0) return [];
  const names = m.unseen.map((u) => u.email);
  const out: Widget[] = [paragraph(html`<b>${SCHEDULE_TEXT.notSeen(names)}</b>${SCHEDULE_TEXT.checkWith(names)}`)];
  for (const u of m.unseen) {
    const pick = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setTitle(SCHEDULE_TEXT.whereWorks(u.email))
      .setFieldName(u.field)
      .addItem(SCHEDULE_TEXT.zoneNotKnown, 'unknown', !u.zone); // no time zone: held to no hours
    for (const z of m.zoneChoices) pick.addItem(z, z, z === u.zone);
    out.push(pick);
    if (u.zone) out.push(paragraph(SCHEDULE_TEXT.keptHours(u.email, u.zone)));
  }
  out.push(buttons([button(SCHEDULE_TEXT.FIND_AGAIN_LABEL, 'suggestTimes', m.again)])!);
  return out;
}

export function suggestionsCard(m: SuggestionsModel): GoogleAppsScript.Card_Service.Card {
  const slots: Widget[] = m.slots.map((s) =>
    labeled(s.day, s.time, s.others.join(' · ') || undefined).setButton(
      m.move
        ? button(SCHEDULE_TEXT.MOVE_LABEL, 'moveMeeting', s.params)
        : button(SCHEDULE_TEXT.SLOT_LABEL, 'openSchedule', s.params),
    ),
  );
  const none = paragraph(SCHEDULE_TEXT.noTime);
  return card(
    SCHEDULE_TEXT.checkedTitle(m.checked),
    SCHEDULE_TEXT.rangeMinutes(m.range, m.minutes),
    [
      sectionIf(null, [...unseenWidgets(m), ...m.notes.map((n) => paragraph(n))]),
      section(m.slots.length > 0 ? SCHEDULE_TEXT.suggestionsTitle : null, m.slots.length > 0 ? slots : [none]),
      m.move
        ? section(null, [paragraph(SCHEDULE_TEXT.moveNote)])
        : section(null, [buttons([button(SCHEDULE_TEXT.pickMyself, 'openSchedule', m.params)])!]),
    ],
    { name: 'suggestions' },
  );
}

export interface ScheduleFormModel {
  /** Action parameters of the schedule button (the plan plus the event id chosen for this meeting). */
  params: Record<string, string>;
  startMs: number;
  minutes: number;
  title: string;
  form: CoacheeFormValues;
  manager: string;
  coach: string;
  /** Where the others' clocks differ: "mo@acme.test: 15:00 (Europe/London)". */
  others: string[];
}

export function scheduleFormCard(m: ScheduleFormModel): GoogleAppsScript.Card_Service.Card {
  // No fixed offset: without one the host shows the picker in the person's own time zone, DST included
  // (a fixed offset would be an hour off for a date picked across a DST change).
  const start = CardService.newDateTimePicker()
    .setFieldName(FIELDS.start)
    .setTitle(SCHEDULE_TEXT.start)
    .setValueInMsSinceEpoch(m.startMs);
  const when: Widget[] = present([
    start,
    CardService.newTextInput()
      .setFieldName(FIELDS.minutes)
      .setTitle(SCHEDULE_TEXT.lengthTitle)
      .setHint(SCHEDULE_TEXT.lengthHint)
      .setValue(String(m.minutes)),
    CardService.newTextInput().setFieldName(FIELDS.title).setTitle(SCHEDULE_TEXT.title).setValue(m.title),
    m.others.length > 0 ? paragraph(SCHEDULE_TEXT.atSuggested(m.others.join(' · '))) : null,
  ]);
  return card(
    SCHEDULE_TEXT.formTitle,
    SCHEDULE_TEXT.withPeople(m.manager, m.coach),
    [
      section(null, [paragraph(SCHEDULE_TEXT.formLead)]),
      section(SCHEDULE_TEXT.when, when),
      ...planFormSections(m.form, null, { ...m.params, flow: 'schedule' }),
      section(null, [buttons([button(SCHEDULE_TEXT.SCHEDULE_LABEL, 'schedule', m.params, true)])!]),
    ],
    { name: 'schedule' },
  );
}

export interface ScheduledModel {
  title: string;
  when: string;
  /** Booked just now (false: this meeting was already scheduled; nothing counted again). */
  fresh: boolean;
  /** The booking is confirmed (false: the confirm call failed; it stays pending until the next open). */
  confirmed: boolean;
  counts: { milestone: string | null; quarter: string | null };
  message: string;
  warnings: string[];
  manager: string;
  coach: string;
  toolkitAttached: boolean;
  link: string | null;
}

export function scheduledCard(m: ScheduledModel): GoogleAppsScript.Card_Service.Card {
  return card(
    SCHEDULE_TEXT.scheduledTitle,
    [m.title, m.when].join(' · '),
    [
      section(
        null,
        present([
          paragraph(
            html`<b>${m.fresh ? SCHEDULE_TEXT.booked : SCHEDULE_TEXT.alreadyScheduled}</b>
              ${SCHEDULE_TEXT.done(m.manager, m.coach, m.toolkitAttached)}`,
          ),
          m.confirmed ? null : paragraph(SCHEDULE_TEXT.notConfirmedYet),
          m.counts.milestone || m.counts.quarter
            ? labeled(
                COACHEE_TEXT.countsAs,
                m.counts.milestone ?? SCHEDULE_TEXT.defaultLabel,
                m.counts.quarter ?? undefined,
              )
            : null,
          m.message ? paragraph(m.message) : null,
          m.warnings.length > 0
            ? paragraph(html`<b>${COACHEE_TEXT.worthALook}</b> ${COACHEE_TEXT.neverBlock}<br />${bullets(m.warnings)}`)
            : null,
        ]),
      ),
      section(null, [
        buttons([
          button(SCHEDULE_TEXT.HOME_LABEL, 'retry'),
          linkAllowed(m.link) ? linkButton(SCHEDULE_TEXT.openInCalendar, m.link) : null,
        ])!,
      ]),
    ],
    { name: 'scheduled' },
  );
}

/** A declined meeting's own window has no time left (its quarter ends before the next working day). */
export function noTimeLeftCard(m: { quarter: string; lastDay: string }): GoogleAppsScript.Card_Service.Card {
  return card(
    SCHEDULE_TEXT.noTimeLeftTitle,
    m.quarter,
    [
      section(null, [
        paragraph(html`<b>${SCHEDULE_TEXT.quarterEnds(m.quarter, m.lastDay)}</b>${SCHEDULE_TEXT.noTimeLeft}`),
        buttons([button(SCHEDULE_TEXT.HOME_LABEL, 'retry')])!,
      ]),
    ],
    { name: 'no-time-left' },
  );
}

/** The outcome of "Move the meeting here". */
export function movedCard(m: {
  title: string;
  when: string;
  quarter: string;
  link: string | null;
}): GoogleAppsScript.Card_Service.Card {
  return card(
    SCHEDULE_TEXT.movedTitle,
    [m.title, m.when].join(' · '),
    [
      section(null, [
        paragraph(html`<b>${SCHEDULE_TEXT.movedTo(m.when)}</b> ${SCHEDULE_TEXT.guestsTold}`),
        labeled(SCHEDULE_TEXT.countsOnceIn, m.quarter),
        buttons([
          button(SCHEDULE_TEXT.HOME_LABEL, 'retry'),
          linkAllowed(m.link) ? linkButton(SCHEDULE_TEXT.openInCalendar, m.link) : null,
        ])!,
      ]),
    ],
    { name: 'moved' },
  );
}
