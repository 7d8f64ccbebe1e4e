/**
 * Pure view-model helpers: turn what the flows know (an event, a parsed description block, gateway
 * answers) into plain strings the views lay out. No CardService here, so these are unit-tested
 * directly.
 */
import { COACH_ROLE_INFO, type ActionItem, type CoachRole, type Meeting } from '../../core/meeting';
import type { BlockParse } from '../../core/description';
import {
  addDays,
  civilDateOf,
  formatCivilDate,
  formatDateLong,
  formatDateShort,
  formatZonedDateTime,
  parseCivilDate,
  parseIsoInstant,
  zonedParts,
} from '../../core/time';
import { truncate } from '../../core/text';
import { htmlToText } from '../../core/html';
import * as ATTENDEE_TEXT from './messages/attendee';

export type Perspective = 'coachee' | 'manager' | 'coach';

/** "Draft the plan — You, by 17 Mar 2026" (and " — done" once the next meeting's form marked it: core/carry.ts). */
export function actionLine(item: ActionItem, perspective: Perspective): string {
  const due = item.due ? parseCivilDate(item.due) : null;
  const who = ATTENDEE_TEXT.OWNER_WORDS[perspective][item.owner];
  return ATTENDEE_TEXT.actionLine(item.step, who, due && formatDateShort(due), item.done);
}

export function coachRoleText(role: CoachRole): { label: string; description: string } {
  return COACH_ROLE_INFO[role];
}

/** What the meeting's plan looks like to a reader, from the block on THEIR copy of the event. */
export interface PlanView {
  goal: string | null;
  agenda: string[];
  actions: string[];
  coachRole: { label: string; description: string } | null;
  videoLink: string | null;
  /** Short note when the block was edited by hand and some of it could not be read. */
  note: string | null;
  /** No block at all on this copy. */
  missing: boolean;
  /** The actions the reader owns (their own, and those the three do together). */
  mine: string[];
}

export function planView(parse: BlockParse, perspective: Perspective): PlanView {
  const m: Partial<Meeting> = parse.meeting ?? parse.partial;
  const view: PlanView = {
    goal: m.goal ?? null,
    agenda: m.agenda ?? [],
    actions: (m.actionPlan ?? []).map((a) => actionLine(a, perspective)),
    mine: (m.actionPlan ?? [])
      .filter((a) => a.owner === perspective || a.owner === 'together')
      .map((a) => actionLine(a, perspective)),
    coachRole: m.coachRole ? coachRoleText(m.coachRole) : null,
    videoLink: parse.shownVideoLink ?? m.videoLink ?? null,
    note: null,
    missing: !parse.found,
  };
  if (parse.found && parse.problems.length > 0) {
    view.note = ATTENDEE_TEXT.planPartlyRead;
  }
  return view;
}

/** "Tue 3 Mar 2026, 11:00 (America/New_York)"; '' when the instant is unreadable. */
export function whenText(startIso: string | undefined, timeZone: string): string {
  const ms = parseIsoInstant(startIso ?? '');
  if (ms === null) return '';
  return `${formatZonedDateTime(ms, timeZone)} (${timeZone})`;
}

/** "12 Mar 2026" from YYYY-MM-DD, or the input when unreadable. */
export function dayText(date: string | null | undefined): string {
  if (!date) return '';
  const d = parseCivilDate(date);
  return d ? formatDateShort(d) : date;
}

/** "12 Jan – 11 Apr 2026" for a [start, end) pair of YYYY-MM-DD days (the end shown inclusive). */
export function rangeText(start: string, endExclusive: string): string {
  const a = parseCivilDate(start);
  const b = parseCivilDate(endExclusive);
  if (!a || !b) return `${start} – ${endExclusive}`;
  const last = addDays(b, -1);
  const left = a.year === last.year ? formatDateShort(a).replace(/ \d+$/, '') : formatDateShort(a);
  return `${left} – ${formatDateShort(last)}`;
}

/** Minutes between two ISO instants (null when unreadable). */
export function minutesBetween(startIso: string, endIso: string): number | null {
  const a = parseIsoInstant(startIso);
  const b = parseIsoInstant(endIso);
  return a === null || b === null ? null : Math.round((b - a) / 60000);
}

/** Event titles are the organizer's text: shown escaped, and short in headers. */
export function titleText(summary: string | undefined | null): string {
  const t = (summary ?? '').trim();
  return t === '' ? ATTENDEE_TEXT.noTitle : truncate(t, 80);
}

/**
 * The people the block names ("Coachee: …", "Manager: …", "Coach: …"), read from the description of
 * the viewer's own copy. Only the organizer can write the description, so this is what the coachee
 * told their guests: enough to pick the panel when the gateway cannot be asked, never a permission.
 */
export function blockPeople(description: string | null | undefined): {
  coachee?: string;
  manager?: string;
  coach?: string;
} {
  const out: { coachee?: string; manager?: string; coach?: string } = {};
  if (!description) return out;
  const text = htmlToText(description.replace(/<br\s*\/?>/gi, '\n'));
  let inside = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (/^\W{2,}\s*CCM alignment meeting\s*\W{2,}$/i.test(line)) inside = true;
    else if (/^\W{2,}\s*end of CCM alignment meeting\s*\W{2,}$/i.test(line)) inside = false;
    else if (inside) {
      const m = /^(Coachee|Manager|Coach):\s*(.+)$/.exec(line);
      if (m) {
        const key = m[1]!.toLowerCase() as 'coachee' | 'manager' | 'coach';
        if (out[key] === undefined) out[key] = m[2]!;
      }
    }
  }
  return out;
}

/** "4 March 2026": the day an instant falls on in the reader's zone ('' when unreadable). */
export function dayOfInstant(iso: string | undefined, timeZone: string): string {
  const ms = iso ? parseIsoInstant(iso) : null;
  return ms === null ? '' : formatDateLong(civilDateOf(ms, timeZone));
}

/** "15:00": the wall clock of an instant in a zone. */
export function clock(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** "Tue 10 Mar 2026" */
export function dayLabel(ms: number, timeZone: string): string {
  return formatZonedDateTime(ms, timeZone).split(',')[0]!;
}

/** "15:00–16:00 (Europe/London)", with the day when it is not the coachee's day. */
export function otherClock(startMs: number, endMs: number, zone: string, mine: string): string {
  const sameDay = formatCivilDate(civilDateOf(startMs, zone)) === formatCivilDate(civilDateOf(startMs, mine));
  return `${sameDay ? '' : `${dayLabel(startMs, zone)} `}${clock(startMs, zone)}–${clock(endMs, zone)} (${zone})`;
}
