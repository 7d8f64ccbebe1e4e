/**
 * Finding times when coachee, manager and coach are all free (homepage "Find a time"). Pure: the
 * add-on gathers the inputs (busy blocks from Calendar's free/busy, each person's time zone) and
 * shows the result.
 *
 * Working hours: Google's Calendar API exposes no one's working hours (Settings are the caller's own
 * and hold only the time zone), so every person is held to the same default, 09:00-17:00 Monday to
 * Friday, on THEIR OWN wall clock, whenever their zone is known: never a time outside anyone's hours
 * in a known zone (10:00 in London is 05:00 for a New York coach: not offered). A person whose
 * calendar cannot be seen (an outside coach) adds no busy blocks; they are held to hours only when
 * their zone is known some other way (the coachee says where they work), and the add-on says whose
 * calendars were checked.
 *
 * Choice: candidate starts every 30 minutes (on the half hour in UTC, so on the half hour in every
 * zone with a whole- or half-hour offset), from the next working day on the coachee's clock
 * (earliestSlotStart: never later today, people need notice to join); a candidate is valid when
 * it fits in everyone's hours and overlaps nobody's busy block. Per day (the coachee's) the best one
 * is kept: the fewest people at the very edge of their day (in its first hour or last half hour),
 * then the earliest. The earliest days win, one suggestion per day so they spread out; only when
 * there are fewer days than wanted does a day give a second, non-overlapping time.
 */
import { addDays, civilDateOf, formatCivilDate, HOUR_MS, MINUTE_MS, startOfCivilDay, zonedParts } from './time';

export interface WorkingHours {
  /** Minutes after midnight on the person's wall clock. */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  days: readonly number[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { startMinute: 9 * 60, endMinute: 17 * 60, days: [1, 2, 3, 4, 5] };

export const SLOT_STEP_MINUTES = 30;
export const DEFAULT_SUGGESTIONS = 5;
/** The longest window searched (free/busy is one request; suggestions favour the earliest days anyway). */
export const MAX_SEARCH_DAYS = 56;

export interface SlotPerson {
  timeZone: string;
  /** Merged or unmerged busy intervals [start, end) in ms; null when their calendar cannot be seen. */
  busy: ReadonlyArray<readonly [number, number]> | null;
  /** Hours to hold them to on `timeZone`'s clock; null only when their zone is unknown. */
  hours: WorkingHours | null;
}

/**
 * One person to fit: their busy blocks when their calendar is seen (else null), held to working hours
 * whenever their zone is known. A seen calendar whose zone could not be read is held on `fallbackZone`
 * (the company's; the card says so); an unseen one with no known zone is held to nothing.
 */
export function slotPerson(
  busy: ReadonlyArray<readonly [number, number]> | null,
  zone: string | null,
  fallbackZone: string,
): SlotPerson {
  const known = zone !== null || busy !== null;
  return { timeZone: zone ?? fallbackZone, busy, hours: known ? DEFAULT_WORKING_HOURS : null };
}

export interface SlotQuery {
  fromMs: number;
  toMs: number;
  nowMs: number;
  minutes: number;
  people: readonly SlotPerson[];
  /** The zone whose calendar days spread the suggestions (the coachee's). */
  dayZone: string;
  max?: number;
}

export interface Slot {
  startMs: number;
  endMs: number;
}

const isoWeekday = (weekday: number) => (weekday === 0 ? 7 : weekday);

/**
 * The first instant a suggestion may start: midnight starting the next working day (hours.days) after
 * today, on the wall clock of `timeZone` (the coachee's). Friday afternoon gives Monday; nothing today.
 */
export function earliestSlotStart(
  nowMs: number,
  timeZone: string,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): number {
  let day = addDays(civilDateOf(nowMs, timeZone), 1);
  // Noon of the day tells its weekday whatever the zone's offset.
  const weekday = () => isoWeekday(zonedParts(startOfCivilDay(day, timeZone) + 12 * HOUR_MS, timeZone).weekday);
  for (let i = 0; i < 7 && !hours.days.includes(weekday()); i++) day = addDays(day, 1);
  return startOfCivilDay(day, timeZone);
}

/** Where [start, end) sits in the person's working day: null outside it, else minutes from the day's edges. */
function withinHours(
  startMs: number,
  endMs: number,
  timeZone: string,
  hours: WorkingHours,
): { fromStart: number; toEnd: number } | null {
  const a = zonedParts(startMs, timeZone);
  if (!hours.days.includes(isoWeekday(a.weekday))) return null;
  const startMinute = a.hour * 60 + a.minute;
  // The end on the same wall day (a DST change inside the slot shifts it; measured on the clock).
  const b = zonedParts(endMs, timeZone);
  const sameDay = b.year === a.year && b.month === a.month && b.day === a.day;
  const endMinute = sameDay ? b.hour * 60 + b.minute : 24 * 60 + b.hour * 60 + b.minute;
  if (startMinute < hours.startMinute || endMinute > hours.endMinute) return null;
  return { fromStart: startMinute - hours.startMinute, toEnd: hours.endMinute - endMinute };
}

function overlapsBusy(startMs: number, endMs: number, busy: ReadonlyArray<readonly [number, number]>): boolean {
  return busy.some(([s, e]) => s < endMs && e > startMs);
}

interface Candidate extends Slot {
  day: string;
  edges: number;
}

/** Every valid candidate in the window, in time order, with its day and edge count. */
export function candidateSlots(q: SlotQuery): Candidate[] {
  const step = SLOT_STEP_MINUTES * MINUTE_MS;
  const length = q.minutes * MINUTE_MS;
  const from = Math.max(q.fromMs, earliestSlotStart(q.nowMs, q.dayZone));
  const until = Math.min(q.toMs, from + MAX_SEARCH_DAYS * 24 * HOUR_MS);
  const out: Candidate[] = [];
  for (let start = Math.ceil(from / step) * step; start + length <= until; start += step) {
    const end = start + length;
    let edges = 0;
    let fits = true;
    for (const p of q.people) {
      if (p.hours) {
        const where = withinHours(start, end, p.timeZone, p.hours);
        if (!where) {
          fits = false;
          break;
        }
        if (where.fromStart < 60 || where.toEnd < 30) edges++;
      }
      if (p.busy && overlapsBusy(start, end, p.busy)) {
        fits = false;
        break;
      }
    }
    if (fits) out.push({ startMs: start, endMs: end, day: formatCivilDate(civilDateOf(start, q.dayZone)), edges });
  }
  return out;
}

/** The best few times, in time order (see the file header for how they are chosen). */
export function suggestSlots(q: SlotQuery): Slot[] {
  const max = q.max ?? DEFAULT_SUGGESTIONS;
  const byDay = new Map<string, Candidate[]>();
  for (const c of candidateSlots(q)) {
    const list = byDay.get(c.day) ?? [];
    list.push(c);
    byDay.set(c.day, list);
  }
  const ranked = (list: Candidate[]) => [...list].sort((a, b) => a.edges - b.edges || a.startMs - b.startMs);
  const days = [...byDay.keys()].sort();
  const chosen: Candidate[] = [];
  for (const day of days) {
    if (chosen.length >= max) break;
    chosen.push(ranked(byDay.get(day)!)[0]!);
  }
  // Fewer days than wanted: more times on the same days, never overlapping one already chosen.
  for (let round = 0; chosen.length < max && round < 8; round++) {
    let added = false;
    for (const day of days) {
      if (chosen.length >= max) break;
      const next = ranked(byDay.get(day)!).find((c) => !chosen.some((x) => x.startMs < c.endMs && x.endMs > c.startMs));
      if (next) {
        chosen.push(next);
        added = true;
      }
    }
    if (!added) break;
  }
  return chosen.sort((a, b) => a.startMs - b.startMs).map(({ startMs, endMs }) => ({ startMs, endMs }));
}
