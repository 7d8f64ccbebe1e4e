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
  slots: SlotView[];
  /** Calendars that could not be seen, zones assumed, the window changed. */
  notes: string[];
  /** The plan parameters, for "pick another time". */
  params: Record<string, string>;
}

export function suggestionsCard(m: SuggestionsModel): GoogleAppsScript.Card_Service.Card {
  const slots: Widget[] = m.slots.map((s) =>
    labeled(s.day, s.time, s.others.join(' · ') || undefined).setButton(button(SLOT_LABEL, 'openSchedule', s.params)),
  );
  const none = paragraph(
    'No time in these dates fits everyone’s working hours (09:00–17:00, Monday to Friday, on each person’s own clock) and calendars. Try other dates on the previous card, or pick a time yourself.',
  );
  return card(
    'Times for all three',
    `${m.range} · ${m.minutes} minutes`,
    [
      sectionIf(
        null,
        m.notes.map((n) => paragraph(n)),
      ),
      section(m.slots.length > 0 ? 'Suggestions (your time)' : null, m.slots.length > 0 ? slots : [none]),
      section(null, [buttons([button('Pick a time myself', 'openSchedule', m.params)])!]),
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
