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
import type { EventRef, PanelData } from '../../core/api';
import { normalizeEmail } from '../../core/email';

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
  const raw = k ? cache()?.get(k) : null;
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as CachedPanel;
    const at = Date.parse(v.checkedAt);
    if (!v.data?.engagement || !Number.isFinite(at) || nowMs - at >= FRESH_MS || at > nowMs) return null;
    if (v.changed !== changed) return null;
    return v;
  } catch {
    return null;
  }
}

/** Keeps a coachee's panel answer (a person without an engagement is not cached). */
export function writePanelCache(data: PanelData, event?: EventRef, changed?: string, nowMs = Date.now()): void {
  const k = key(data.me.email);
  if (!k || !data.engagement) return;
  const bookings = data.bookings.map(({ notesDigest: _digest, ...b }) => b);
  const kept: PanelData = { ...data, bookings, decision: null, reconciled: [] };
  delete kept.admin;
  const value: CachedPanel = { checkedAt: new Date(nowMs).toISOString(), data: kept };
  if (changed) value.changed = changed;
  if (event && data.decision)
    value.decision = { event: { eventId: event.eventId, start: event.start, end: event.end }, view: data.decision };
  try {
    cache()?.put(k, JSON.stringify(value), PANEL_FRESH_MINUTES * 60);
  } catch (err) {
    console.warn(`ccm: panel copy not kept (${err instanceof Error ? err.name : 'error'})`);
  }
}

/** Drops the copy: bookings are about to change, or just did. */
export function dropPanelCache(email: string): void {
  const k = key(email);
  if (!k) return;
  try {
    cache()?.remove(k);
  } catch (err) {
    console.warn(`ccm: panel copy not dropped (${err instanceof Error ? err.name : 'error'})`);
  }
}
