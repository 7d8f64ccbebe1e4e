/**
 * The calendar facts the coachee's panel reports to the gateway for reconciliation, gathered with the
 * caller's own Calendar access (the gateway cannot see anyone's calendar). One fact per event looked
 * at, never a claim about events not looked at: the gateway cancels a booking only on an explicit
 * "gone" fact for ITS event (core/booking.ts planReconcile), so what is reported must be evidence:
 * - every CCM-marked event in the engagement window, deleted ones included (status "cancelled"),
 *   or, after such a full search, only the marked events changed since the last search (see collectFacts);
 * - the open event itself;
 * - each event of the caller's active bookings (remembered in user properties from the last gateway
 *   answer, so no extra round trip) that the search did not return and no earlier search vouches
 *   for (Memo.covered), fetched one by one: a booking
 *   whose marker was never written (its Calendar write failed, or a confirm is still in flight) or
 *   whose event moved outside the window is still reported, as there, moved, or 404.
 * - a booking on a secondary calendar (the gateway remembers each booking's calendar) is asked of
 *   THAT calendar, never of the primary one: there Calendar would answer 404 (or show a copy the
 *   caller was merely invited to), and a 404 would release a meeting that exists.
 * Calendar being busy (429, 5xx, a rate-limit 403) only means fewer facts this time: the panel still
 * opens, and lack of news changes nothing.
 */
import { isActive } from '../../core/ledger';
import type { CalendarFact, EngagementView, EventRef, PanelData } from '../../core/api';
import { sameEmail } from '../../core/email';
import { failureLabel } from '../../core/errors';
import { DAY_MS, parseCivilDate, startOfCivilDay } from '../../core/time';
import { dropPanelCache, readPanelCache, writePanelCache, type OpenCopy } from '../adapters/cache';
import {
  ccmSearchArgs,
  eventOrNull,
  eventPath,
  eventTimes,
  getEvent,
  listCcmEvents,
  readTogether,
  type CalEvent,
} from '../adapters/calendar';
import { readMemo, writeMemo, type Memo } from '../adapters/properties';
import { currentUserEmail, type Budget } from '../env';

/** With no engagement known yet, search this far either side of today. */
const DEFAULT_REACH_MS = 400 * DAY_MS;
/** At most this many single fetches for remembered bookings the search missed. */
const MAX_EXTRA_GETS = 10;

export function isOrganizer(ev: CalEvent, me: string): boolean {
  return ev.organizer?.self === true || (me !== '' && sameEmail(ev.organizer?.email, me));
}

export function factOf(ev: CalEvent, me: string): CalendarFact {
  const id = ev.id ?? '';
  if (ev.status === 'cancelled') return { eventId: id, exists: false };
  const { start, end } = eventTimes(ev);
  const fact: CalendarFact = { eventId: id, exists: true, organizer: isOrganizer(ev, me) };
  if (start) fact.start = start;
  if (end) fact.end = end;
  return fact;
}

export function defaultWindow(nowMs: number): { from: string; to: string } {
  return {
    from: new Date(nowMs - DEFAULT_REACH_MS).toISOString(),
    to: new Date(nowMs + DEFAULT_REACH_MS).toISOString(),
  };
}

/** The engagement's dates as a search window, one day of margin each side for time zones. */
export function engagementWindow(
  e: Pick<EngagementView, 'start' | 'end'>,
  timeZone: string,
): { from: string; to: string } | null {
  const s = parseCivilDate(e.start);
  const t = parseCivilDate(e.end);
  if (!s || !t) return null;
  return {
    from: new Date(startOfCivilDay(s, timeZone) - DAY_MS).toISOString(),
    to: new Date(startOfCivilDay(t, timeZone) + DAY_MS).toISOString(),
  };
}

/** A full search of the engagement window at least this often (see collectFacts). */
const FULL_SEARCH_MS = 24 * 3_600_000;
/** A search for what changed starts this long before the previous search began (clocks differ). */
const SEARCH_OVERLAP_MS = 60_000;

/** The facts for the gateway, and what to remember about the search once the gateway has taken them. */
export interface FactsReport {
  facts: CalendarFact[];
  searched?: Memo['searched'];
  /** Event ids a search vouches for (see Memo.covered); rememberPanel keeps the confirmed ones. */
  vouched: string[];
}

/**
 * Asks Calendar only about what could have changed since the facts the gateway last took: after a
 * full search of the engagement window (first, then once a day, or when the window changed), a
 * search for marked events modified since the last one (moves, deletions: Calendar includes
 * those deleted since), plus one question per remembered booking no search vouches for (its marker
 * was never written, it is on another calendar, it waits pending). Never a claim about an event not
 * looked at: a booking not reported is left as it is.
 */
export function collectFacts(
  me: string,
  open: CalEvent | null,
  budget: Budget,
  memo: Memo = readMemo(),
  /** Filled with every event in the window, by id (the homepage shows their titles and links): a full search. */
  seen?: Map<string, CalEvent>,
  /** The search already made (readOpenEvent), with the plan it followed. */
  ahead?: SearchAhead,
): FactsReport {
  const plan = ahead?.plan ?? searchPlan(memo, !!seen);
  const { nowMs, window, sinceLast } = plan;
  const last = memo.searched;
  const facts = new Map<string, CalendarFact>();
  let searched: CalEvent[] = [];
  let done = false;
  try {
    const found = ahead?.result;
    if (found instanceof Error) throw found;
    searched = found ?? listCcmEvents(...plan.args);
    done = true;
  } catch (err) {
    // No search this time: the remembered bookings below are still checked one by one.
    console.warn(`ccm: facts search skipped (${failureLabel(err)})`);
  }
  const calendars = memo.calendars ?? {};
  for (const ev of searched) {
    if (!ev.id || calendars[ev.id]) continue;
    // Other people's CCM meetings on this calendar (the caller as manager) are not the caller's rows.
    if (ev.status !== 'cancelled' && !isOrganizer(ev, me)) continue;
    facts.set(ev.id, factOf(ev, me));
    seen?.set(ev.id, ev);
  }
  // Unchanged since a search saw them: no question needed (only when this search went through).
  const covered = new Set(done && sinceLast ? (memo.covered ?? []) : []);
  const vouched = [...covered, ...[...facts.values()].filter((f) => f.exists).map((f) => f.eventId)];
  // The open event was read from the calendar it is shown from (the panel's own calendarId).
  if (open?.id) facts.set(open.id, factOf(open, me));
  let extra = 0;
  for (const id of memo.bookings ?? []) {
    if (facts.has(id) || covered.has(id) || extra >= MAX_EXTRA_GETS) continue;
    budget.check('booking facts');
    extra++;
    let ev: CalEvent | null;
    try {
      ev = getEvent(calendars[id] ?? 'primary', id);
    } catch {
      continue; // Calendar could not say (busy, forbidden): no fact, so nothing changes for it
    }
    // null is Calendar's 404: the event is gone (or was never saved).
    facts.set(id, ev ? factOf(ev, me) : { eventId: id, exists: false });
    if (ev) seen?.set(id, ev);
  }
  const report: FactsReport = { facts: [...facts.values()], vouched: done ? vouched : (memo.covered ?? []) };
  const mark = done ? { at: new Date(nowMs).toISOString(), from: window.from, to: window.to } : last;
  if (mark) report.searched = mark;
  return report;
}

interface SearchPlan {
  nowMs: number;
  window: { from: string; to: string };
  /** Only what changed since the last search. */
  sinceLast: boolean;
  args: Parameters<typeof listCcmEvents>;
}

/** The facts search made together with the open event's read, and the plan it followed. */
export interface SearchAhead {
  plan: SearchPlan;
  /** The events found (one page: more sends the search through listCcmEvents), or why not. */
  result: CalEvent[] | Error;
}

/**
 * What the facts search asks: the whole window (first, once a day, when it changed, or when the caller
 * lists the events: `full`), else the marked events changed since the last search began.
 */
function searchPlan(memo: Memo, full: boolean, nowMs = Date.now()): SearchPlan {
  const window = memo.window ?? defaultWindow(nowMs);
  const last = memo.searched;
  const lastMs = last ? Date.parse(last.at) : NaN;
  const sinceLast =
    !full &&
    !!last &&
    last.from === window.from &&
    last.to === window.to &&
    nowMs - lastMs < FULL_SEARCH_MS &&
    lastMs <= nowMs;
  const args: SearchPlan['args'] = sinceLast ? [null, new Date(lastMs - SEARCH_OVERLAP_MS).toISOString()] : [window];
  return { nowMs, window, sinceLast, args };
}

/**
 * The event open in the panel, read TOGETHER with the facts search (one UrlFetchApp.fetchAll: the time
 * of one Calendar call, not two) when that search is sure to follow: the caller organizes the event
 * (as the event object says), may be a coachee (memo), and holds no kept copy of the last answer (the
 * panel then asks the gateway, with facts). Otherwise, or when the batch cannot be sent, the event alone.
 */
export function readOpenEvent(
  calendarId: string,
  eventId: string,
  me: string,
  organizer: string | undefined,
  force: boolean,
): { ev: CalEvent | null; ahead?: SearchAhead } {
  const memo = readMemo();
  if (sameEmail(organizer, me) && memo.coachee !== false && (force || !readPanelCache(me, memo.changed))) {
    const plan = searchPlan(memo, false);
    const [window, changedSince] = plan.args;
    let answers: unknown[] | null = null;
    try {
      answers = readTogether([
        { path: eventPath(calendarId, eventId) },
        { path: 'primary/events', query: ccmSearchArgs(window, changedSince) },
      ]);
    } catch (err) {
      console.warn(`ccm: calendar reads not sent together (${failureLabel(err)})`);
    }
    if (answers) {
      const list = answers[1] as { items?: CalEvent[]; nextPageToken?: string } | Error;
      // More than one page (rare): the search is made again page by page.
      const result =
        list instanceof Error ? list : list.nextPageToken ? listCcmEvents(...plan.args) : (list.items ?? []);
      return { ev: eventOrNull(answers[0]), ahead: { plan, result } };
    }
  }
  return { ev: getEvent(calendarId, eventId) };
}

/**
 * Remembers what the next panel needs to report (see adapters/properties.ts), and keeps the answer
 * for showing the next opens within the freshness bound (adapters/cache.ts); `event` is the event
 * the answer's decision is about; `open`, the event a Confirm may follow (kept with the answer).
 */
export function rememberPanel(data: PanelData, event?: EventRef, report?: FactsReport, open?: OpenCopy): void {
  // The change mark as this execution found it: a confirm or cancel since then renews it.
  const { changed } = readMemo();
  writePanelCache(data, event, changed, open);
  // A coachee whose engagement record is broken is still a coachee: remembering them as "not one"
  // would hide the "ask your admin to fix it" note behind the generic card for a day.
  const coachee = !!data.engagement || (data.me.roles.includes('coachee') && !!data.engagementProblem);
  const memo: Memo = { coachee, checkedAt: new Date().toISOString() };
  if (changed) memo.changed = changed;
  const window = data.engagement ? engagementWindow(data.engagement, data.companyTimeZone) : null;
  if (window) memo.window = window;
  const active = data.bookings.filter(isActive);
  memo.bookings = active.map((b) => b.eventId);
  const calendars = active.filter((b) => b.calendarId).map((b) => [b.eventId, b.calendarId!] as const);
  if (calendars.length) memo.calendars = Object.fromEntries(calendars);
  // The gateway took these facts: the next search asks only for what changed since this one began.
  if (report?.searched && (!window || (report.searched.from === window.from && report.searched.to === window.to))) {
    memo.searched = report.searched;
    const vouched = new Set(report.vouched);
    memo.covered = active
      .filter((b) => b.status === 'confirmed' && !b.calendarId && vouched.has(b.eventId))
      .map((b) => b.eventId);
  }
  writeMemo(memo);
}

/**
 * Adds (or drops) one booking in the memo after a book or cancel; `calendarId` is the booking's
 * calendar when it is not the primary one.
 */
export function rememberBooking(eventId: string, active: boolean, calendarId?: string): void {
  const memo = readMemo();
  const set = new Set(memo.bookings ?? []);
  const calendars = { ...(memo.calendars ?? {}) };
  if (active) set.add(eventId);
  else set.delete(eventId);
  if (active && calendarId) calendars[eventId] = calendarId;
  else delete calendars[eventId];
  try {
    const changed = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
    writeMemo({ ...memo, coachee: true, bookings: [...set], calendars, changed });
  } catch (err) {
    // Without the stamp the kept copy would look current: drop it instead.
    dropPanelCache(currentUserEmail());
    throw err;
  }
}
