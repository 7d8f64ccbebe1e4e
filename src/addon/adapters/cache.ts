/**
 * The coachee's last panel answer, kept in the user's own cache (CacheService.getUserCache: per user,
 * per add-on; nobody else reads it) so that opening an ordinary event, or their own confirmed meeting,
 * again within PANEL_FRESH_MINUTES costs no gateway round trip.
 *
 * It is a copy for showing only: the allowance DECISION is made by the gateway at confirm and
 * schedule, so a stale copy can show room that is gone but never books it. Metadata only (who, when,
 * status: DESIGN rule 8), no plan text. Any change to bookings drops it (adapters/gateway.ts), and a
 * missing or expired entry (Google may evict it early) only costs a gateway call.
 */
import { failureLabel } from '../../core/errors';
import type { EventRef, PanelData } from '../../core/api';
import { normalizeEmail } from '../../core/email';
import { parseBlock } from '../../core/description';
import type { CalEvent } from './calendar';

/** How old the panel's copy may be before the gateway is asked again (also said in the README). */
export const PANEL_FRESH_MINUTES = 10;
const FRESH_MS = PANEL_FRESH_MINUTES * 60_000;
const KEY_PREFIX = 'ccm.panel.';

export interface CachedPanel {
  /** When the gateway answered (ISO instant). */
  checkedAt: string;
  /** The answer without what belongs to one moment or one event (decision, reconcile notes, admin). */
  data: PanelData;
  /** The memo's change mark when the panel began (Memo.changed). */
  changed?: string;
  /** The gateway's decision for the event that was open then, with that event's times. */
  decision?: { event: Pick<EventRef, 'eventId' | 'start' | 'end'>; view: NonNullable<PanelData['decision']> };
}

function key(email: string): string | null {
  const who = normalizeEmail(email);
  return who ? (KEY_PREFIX + who).slice(0, 240) : null;
}

function cache(): GoogleAppsScript.Cache.Cache | null {
  try {
    return CacheService.getUserCache();
  } catch {
    return null; // no cache this time: the gateway is asked, as without one
  }
}

/**
 * The copy for this user when it is younger than PANEL_FRESH_MINUTES and was kept under the memo's
 * current change mark `changed` (a confirm or cancel since renews the mark: the copy is then stale,
 * whatever the clocks say); null otherwise.
 */
export function readPanelCache(email: string, changed?: string, nowMs = Date.now()): CachedPanel | null {
  const k = key(email);
  // Read once per execution (the open asks twice: readOpenEvent, then the panel); a write or a drop
  // in this execution forgets it.
  if (k && read?.k !== k) read = { k, raw: cache()?.get(k) };
  const raw = k && read!.raw;
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as CachedPanel;
    const at = Date.parse(v.checkedAt);
    // A copy a little "ahead" is still now: executions run on different machines, whose clocks differ
    // (and the local runtime starts each execution at the world's clock, behind the last one's end).
    if (!v.data?.engagement || !Number.isFinite(at) || nowMs - at >= FRESH_MS || at > nowMs + 60_000) return null;
    if (v.changed !== changed) return null;
    return v;
  } catch {
    return null;
  }
}

/** This execution's read of a panel entry (every execution starts afresh, so it never outlives one). */
let read: { k: string; raw?: string | null } | undefined;

/** Keeps a coachee's panel answer (a person without an engagement is not cached), and the open event. */
export function writePanelCache(
  data: PanelData,
  event?: EventRef,
  changed?: string,
  open?: OpenCopy,
  nowMs = Date.now(),
): void {
  const k = key(data.me.email);
  read = undefined;
  if (!k || !data.engagement) return;
  const bookings = data.bookings.map(({ notesDigest: _digest, ...b }) => b);
  const kept: PanelData = { ...data, bookings, decision: null, reconciled: [] };
  delete kept.admin;
  const value: CachedPanel = { checkedAt: new Date(nowMs).toISOString(), data: kept };
  if (changed) value.changed = changed;
  if (event && data.decision)
    value.decision = { event: { eventId: event.eventId, start: event.start, end: event.end }, view: data.decision };
  try {
    // One write for both: the panel's answer, and the event its Confirm button will need (the answer's
    // own freshness is its checkedAt, whatever the entry's lifetime).
    if (open) keep({ ...open, changed }, { [k]: JSON.stringify(value) });
    else cache()?.put(k, JSON.stringify(value), PANEL_FRESH_MINUTES * 60);
  } catch (err) {
    console.warn(`ccm: panel copy not kept (${failureLabel(err)})`);
  }
}

/** Drops the copy: bookings are about to change, or just did. */
export function dropPanelCache(email: string): void {
  const k = key(email);
  read = undefined;
  if (!k) return;
  try {
    cache()?.remove(k);
  } catch (err) {
    console.warn(`ccm: panel copy not dropped (${failureLabel(err)})`);
  }
}

/**
 * The coachee's own event as the panel read it, kept for that panel's Confirm (which then skips a
 * Calendar read). Safe however old: the write that follows the booking carries the copy's etag
 * (If-Match), so a copy Calendar has moved on from is read again before anything is written, and the
 * booking is checked against what is there now (flows/coachee.ts confirmLocked). Only an event without
 * meeting notes is kept (no plan text in any cache), in the coachee's own cache, for EVENT_COPY_MINUTES
 * at most, and only under the memo's change mark: after any confirm or cancel, Confirm reads Calendar.
 */
export const EVENT_COPY_MINUTES = 30;

export interface OpenCopy {
  calendarId: string;
  ev: CalEvent;
  /** The memo's change mark (as for the panel's copy): a confirm or cancel since makes the copy unused. */
  changed?: string;
}

/**
 * The cache entry for this copy; null when it is not kept: an event that already holds meeting notes
 * (their plan text stays in the event alone; an Update reads the event), a key over 250 characters,
 * a value near CacheService's 100 KB (developers.google.com/apps-script/reference/cache/cache).
 */
function eventEntry({ calendarId, ev, changed }: OpenCopy): Record<string, string> | null {
  const key = eventKey(calendarId, ev.id!);
  const text = JSON.stringify({ ev, changed });
  return ev.etag && key.length <= 250 && text.length <= 90_000 && !parseBlock(ev.description ?? '').found
    ? { [key]: text }
    : null;
}

const eventKey = (calendarId: string, eventId: string) => `ccm.event.${calendarId}/${eventId}`;

/** The copy of this event kept under the change mark `changed`, or null (none, expired, unreadable). */
export function keptEvent(calendarId: string, eventId: string, changed: string | undefined): CalEvent | null {
  try {
    const v = JSON.parse(cache()?.get(eventKey(calendarId, eventId)) ?? 'null') as Omit<OpenCopy, 'calendarId'> | null;
    return v?.ev?.id === eventId && v.ev.etag && v.changed === changed ? v.ev : null;
  } catch {
    return null;
  }
}

/**
 * Keeps this copy of the event: with `more` entries, in their write (no read first: it is written
 * anyway); alone, unless it is not kept at all (no read either) or the kept one has its etag.
 */
function keep(open: OpenCopy, more?: Record<string, string>): void {
  let entry = eventEntry(open);
  if (entry && !more && keptEvent(open.calendarId, open.ev.id!, open.changed)?.etag === open.ev.etag) entry = null;
  if (entry || more) cache()?.putAll({ ...more, ...entry }, EVENT_COPY_MINUTES * 60);
}

export function keepEvent(open: OpenCopy): void {
  try {
    keep(open);
  } catch (err) {
    console.warn(`ccm: event copy not kept (${failureLabel(err)})`);
  }
}
