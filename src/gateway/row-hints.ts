/**
 * Where a coachee's Index row, or a Usage key's row, was last found: kept in the script cache so a
 * coachee's next request (panel, confirm, cancel) reads the row instead of searching for it (a
 * TextFinder search is the dearest Sheet call a request makes). A hint is only a place to look first:
 * every use reads that row and checks its key, so a wrong, stale or evicted hint costs the search it
 * would have saved, never a wrong read or write. Rows are appended and never move (the gateway never
 * deletes or sorts them), so a hint stays right for the cache's lifetime (at most 6 hours).
 */
import type { IndexEntry, SheetStore } from './store';

const HINT_SECONDS = 21_600;

function cache(): GoogleAppsScript.Cache.Cache | null {
  try {
    return CacheService.getScriptCache();
  } catch {
    return null;
  }
}

const key = (kind: 'ix' | 'ur', id: string) => `ccm.${kind}.${id}`.slice(0, 240);

export function rowHint(kind: 'ix' | 'ur', id: string): number | null {
  try {
    const n = Number(cache()?.get(key(kind, id)));
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}

export function rememberRow(kind: 'ix' | 'ur', id: string, row: number): void {
  try {
    cache()?.put(key(kind, id), String(row), HINT_SECONDS);
  } catch {
    // no hint this time: the next request searches, as without one
  }
}

export function forgetRow(kind: 'ix' | 'ur', id: string): void {
  try {
    cache()?.remove(key(kind, id));
  } catch {
    // a wrong hint left behind is checked on every use anyway
  }
}

/**
 * The caller's OWN Index entry (their panel, book, cancel): read first where the row hint says
 * (checked by its key), else found by search. `remember` (a change: book, cancel, reconcile) keeps the
 * hint for their next request; a panel only reads it (a cache write costs about as much as the search
 * it saves).
 */
export function loadOwnIndex(store: SheetStore, coachee: string, remember = false): IndexEntry | null {
  const hinted = rowHint('ix', coachee);
  let entry: IndexEntry | null = null;
  try {
    entry = hinted ? store.readIndexRow(hinted, coachee) : null;
  } catch {
    // a hint past the tab's last row (rows deleted by hand): searched as without one
  }
  if (entry) return entry;
  const found = store.loadIndex(coachee);
  if (found && remember) rememberRow('ix', coachee, found.row);
  return found;
}
