/**
 * Homepage scheduling cards (no event open):
 *   suggestions   times when coachee, manager and coach are all free, each one click from the form
 *   form          start, length, title and the same plan form as the event panel
 *   scheduled     the outcome: booked, created, invited
 */
import { FIELDS } from '../form';
import { planFormSections, type CoacheeFormValues } from './coachee';
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

export const FIND_LABEL = 'Find times';
export const PICK_LABEL = 'Schedule a meeting';
export const SLOT_LABEL = 'Schedule';
export const SCHEDULE_LABEL = 'Schedule and invite';
export const HOME_LABEL = 'Back to my meetings';
/** On each suggestion for a meeting the manager declined: moves THAT event (flows/schedule.ts moveMeeting). */
export const MOVE_LABEL = 'Move the meeting here';
export const DEFAULT_TITLE = 'CCM alignment meeting';

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

export const FIND_AGAIN_LABEL = 'Find times again';
const MOVE_NOTE =
  'Moving keeps the meeting as it is (notes, guests, toolkit): only its time changes, and your manager and coach are told. It still counts once, in the same quarter.';

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

const both = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');

/** "Times when you and mo@acme.test are free": exactly whose calendars were checked. */
export function checkedTitle(checked: readonly string[]): string {
  return `Times when ${both(['you', ...checked])} are free`;
}

function unseenWidgets(m: SuggestionsModel): Widget[] {
  if (m.unseen.length === 0) return [];
  const names = m.unseen.map((u) => u.email);
  const out: Widget[] = [
    paragraph(
      html`<b>We could not see ${both(names)}’s calendar${names.length > 1 ? 's' : ''}</b>: check these times with
        ${names.length > 1 ? 'them' : names[0]!} before you schedule. Say where they work and their working hours
        (09:00–17:00 on their clock) are kept too.`,
    ),
  ];
  for (const u of m.unseen) {
    const pick = CardService.newSelectionInput()
      .setType(CardService.SelectionInputType.DROPDOWN)
      .setTitle(`Where ${u.email} works (time zone)`)
      .setFieldName(u.field)
      .addItem('Not known', 'unknown', !u.zone); // no time zone: held to no hours
    for (const z of m.zoneChoices) pick.addItem(z, z, z === u.zone);
    out.push(pick);
    if (u.zone) out.push(paragraph(html`Times below keep to ${u.email}’s working hours in ${u.zone}.`));
  }
  out.push(buttons([button(FIND_AGAIN_LABEL, 'suggestTimes', m.again)])!);
  return out;
}

export function suggestionsCard(m: SuggestionsModel): GoogleAppsScript.Card_Service.Card {
  const slots: Widget[] = m.slots.map((s) =>
    labeled(s.day, s.time, s.others.join(' · ') || undefined).setButton(
      m.move ? button(MOVE_LABEL, 'moveMeeting', s.params) : button(SLOT_LABEL, 'openSchedule', s.params),
    ),
  );
  const none = paragraph(
    'No time in these dates fits everyone’s working hours (09:00–17:00, Monday to Friday, on each person’s own clock) and calendars. Try other dates on the previous card, or pick a time yourself.',
  );
  return card(
    checkedTitle(m.checked),
    `${m.range} · ${m.minutes} minutes`,
    [
      sectionIf(null, [...unseenWidgets(m), ...m.notes.map((n) => paragraph(n))]),
      section(m.slots.length > 0 ? 'Suggestions (your time)' : null, m.slots.length > 0 ? slots : [none]),
      m.move
        ? section(null, [paragraph(MOVE_NOTE)])
        : section(null, [buttons([button('Pick a time myself', 'openSchedule', m.params)])!]),
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
    .setTitle('Start')
    .setValueInMsSinceEpoch(m.startMs);
  const when: Widget[] = present([
    start,
    CardService.newTextInput()
      .setFieldName(FIELDS.minutes)
      .setTitle('Length (minutes)')
      .setHint('About 60 minutes works best')
      .setValue(String(m.minutes)),
    CardService.newTextInput().setFieldName(FIELDS.title).setTitle('Title').setValue(m.title),
    m.others.length > 0 ? paragraph(html`At the suggested time: ${m.others.join(' · ')}`) : null,
  ]);
  return card(
    'Schedule the alignment meeting',
    `With ${m.manager} and ${m.coach}`,
    [
      section(null, [
        paragraph(
          'The add-on books your allowance, creates the event in your calendar with the meeting notes and the toolkit, and invites your manager and coach, all in one step.',
        ),
      ]),
      section('When', when),
      ...planFormSections(m.form, null, { ...m.params, flow: 'schedule' }),
      section(null, [buttons([button(SCHEDULE_LABEL, 'schedule', m.params, true)])!]),
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
  const done = [
    `${m.manager} and ${m.coach} are invited`,
    'the meeting notes are in the event description',
    ...(m.toolkitAttached ? ['the manager toolkit is attached'] : []),
  ].join(', ');
  return card(
    'Alignment meeting scheduled',
    [m.title, m.when].join(' · '),
    [
      section(
        null,
        present([
          paragraph(
            html`<b>${m.fresh ? 'Booked and in your calendar.' : 'Already scheduled: nothing was counted again.'}</b>
              ${done}.`,
          ),
          m.confirmed
            ? null
            : paragraph(
                'The meeting is created, but its booking could not be confirmed just now: it is held for you, and it will be confirmed the next time you open the add-on.',
              ),
          m.counts.milestone || m.counts.quarter
            ? labeled(
                'This meeting counts as',
                m.counts.milestone ?? 'Alignment meeting',
                m.counts.quarter ?? undefined,
              )
            : null,
          m.message ? paragraph(m.message) : null,
          m.warnings.length > 0
            ? paragraph(html`<b>Worth a look</b> (these never block):<br />${bullets(m.warnings)}`)
            : null,
        ]),
      ),
      section(null, [
        buttons([
          button(HOME_LABEL, 'retry'),
          linkAllowed(m.link) ? linkButton('Open in Google Calendar', m.link) : null,
        ])!,
      ]),
    ],
    { name: 'scheduled' },
  );
}

/** A declined meeting's own window has no time left (its quarter ends before the next working day). */
export function noTimeLeftCard(m: { quarter: string; lastDay: string }): GoogleAppsScript.Card_Service.Card {
  return card(
    'No time left to move it to',
    m.quarter,
    [
      section(null, [
        paragraph(
          html`<b>${m.quarter} ends on ${m.lastDay}</b>: no working day is left in it to move this meeting to. Cancel it
            from its event if it will not take place, and find a time in the next quarter from the homepage.`,
        ),
        buttons([button(HOME_LABEL, 'retry')])!,
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
    'Alignment meeting moved',
    [m.title, m.when].join(' · '),
    [
      section(null, [
        paragraph(
          html`<b>Moved to ${m.when}.</b> Your manager and coach are told; the notes, guests and toolkit stay as they
            were.`,
        ),
        labeled('It still counts once, in', m.quarter),
        buttons([
          button(HOME_LABEL, 'retry'),
          linkAllowed(m.link) ? linkButton('Open in Google Calendar', m.link) : null,
        ])!,
      ]),
    ],
    { name: 'moved' },
  );
}
