/**
 * User-scoped storage (PropertiesService.getUserProperties: per user, per add-on; nobody else can
 * read it). Two uses:
 * - the manager's private preparation note and "I'm prepared" mark, and what they commit to do when
 *   they support the goal, keyed by event id (never the ledger, never the gateway: rule 8);
 * - a small memo of the caller's own situation from the last gateway answer (the engagement window
 *   to search for reconciliation facts, the event ids of their active bookings, whether they are a
 *   coachee), so the next panel can report the right calendar facts in its ONE gateway call. The memo
 *   is a hint only: the gateway decides everything from its own data.
 */
import { truncate } from '../../core/text';

const PREP_PREFIX = 'ccm.prep.';
const MEMO_KEY = 'ccm.memo';

/** Properties values are limited to 9 KB; a note this long is plenty and stays well inside. */
export const MAX_NOTE_CHARS = 2000;

export interface PrepNote {
  note: string;
  prepared: boolean;
  /** ISO instant of the last save. */
  savedAt: string;
}

function store(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getUserProperties();
}

/** Keys stay well under limits whatever the id looks like. */
function prepKey(eventId: string): string {
  return PREP_PREFIX + eventId.replace(/[^A-Za-z0-9_@.-]/g, '_').slice(0, 200);
}

export function readPrep(eventId: string): PrepNote | null {
  const raw = store().getProperty(prepKey(eventId));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<PrepNote>;
    return {
      note: typeof v.note === 'string' ? v.note : '',
      prepared: v.prepared === true,
      savedAt: typeof v.savedAt === 'string' ? v.savedAt : '',
    };
  } catch {
    return null;
  }
}

/** Support keys: the manager's own "one thing I commit to do", per event (issue 14 item 4). */
const SUPPORT_PREFIX = 'ccm.support.';
/** One line is asked for; a sentence or two at most. */
export const MAX_COMMITMENT_CHARS = 300;

export interface SupportNote {
  /** What the manager commits to do, in their words: kept here only, never sent to the gateway. */
  commitment: string;
  /** ISO instant of the last save. */
  savedAt: string;
}

/** The same id cleaning as the prep note's key. */
const supportKey = (eventId: string) => SUPPORT_PREFIX + prepKey(eventId).slice(PREP_PREFIX.length);

export function readSupport(eventId: string): SupportNote | null {
  const raw = store().getProperty(supportKey(eventId));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<SupportNote>;
    return {
      commitment: typeof v.commitment === 'string' ? v.commitment : '',
      savedAt: typeof v.savedAt === 'string' ? v.savedAt : '',
    };
  } catch {
    return null;
  }
}

export function writeSupport(eventId: string, commitment: string, nowIso: string): SupportNote {
  const value: SupportNote = { commitment: truncate(commitment, MAX_COMMITMENT_CHARS), savedAt: nowIso };
  store().setProperty(supportKey(eventId), JSON.stringify(value));
  return value;
}

/** The "I'm prepared" mark of each of these events (one read of the user's properties). */
export function readPreparedMarks(eventIds: readonly string[]): Record<string, boolean> {
  if (eventIds.length === 0) return {};
  const all = store().getProperties();
  const out: Record<string, boolean> = {};
  for (const id of eventIds) {
    try {
      out[id] = (JSON.parse(all[prepKey(id)] ?? '{}') as Partial<PrepNote>).prepared === true;
    } catch {
      out[id] = false;
    }
  }
  return out;
}

export function writePrep(eventId: string, note: string, prepared: boolean, nowIso: string): PrepNote {
  const value: PrepNote = { note: truncate(note, MAX_NOTE_CHARS), prepared, savedAt: nowIso };
  store().setProperty(prepKey(eventId), JSON.stringify(value));
  return value;
}

export interface Memo {
  /** The engagement window (ISO instants) to search for CCM events. */
  window?: { from: string; to: string };
  /** Event ids of the caller's own active (pending/confirmed) bookings. */
  bookings?: string[];
  /** The calendar of each of those bookings that is not on the caller's primary calendar, by event id. */
  calendars?: Record<string, string>;
  coachee?: boolean;
  /** When the gateway last answered who the caller is (ISO instant). */
  checkedAt?: string;
  /** The last search for CCM events whose facts the gateway took: when it began, and the window. */
  searched?: { at: string; from: string; to: string };
  /**
   * Confirmed bookings on the primary calendar whose marked event a search has seen: any later change
   * to such an event (a move, a deletion) shows in a search for what changed since, so while the
   * searches continue they need no question of their own.
   */
  covered?: string[];
  /**
   * A mark renewed by each confirm or cancel of this user: the panel's kept copy is used only under
   * the mark it was kept with (instead of a CacheService remove, ~93 ms: the memo is written anyway).
   */
  changed?: string;
}

/**
 * The memo's text as this execution last read or wrote it (undefined: not yet). Every execution starts
 * afresh, so this never outlives one action; writeMemo compares against it instead of reading the
 * property a second time (a read is ~34 ms). A concurrent execution's write in between is at worst
 * overwritten or kept: the memo is a hint, never a decision.
 */
let memoText: string | null | undefined;

/** The memo as found in a read of all the user's properties (oneAtATime's): no read of its own. */
export function primeMemo(all: Record<string, string>): void {
  memoText = all[MEMO_KEY] ?? null;
}

export function readMemo(): Memo {
  // Read once per execution: a second read in the same action returns what this one read or wrote.
  const raw = memoText !== undefined ? memoText : store().getProperty(MEMO_KEY);
  memoText = raw;
  if (!raw) return {};
  try {
    const v = JSON.parse(raw) as Memo;
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

export function writeMemo(memo: Memo): void {
  // A coachee has a handful of bookings; cap the list anyway so the value stays small.
  const bookings = (memo.bookings ?? []).slice(-40);
  const bounded: Memo = { ...memo, bookings };
  const calendars = Object.entries(memo.calendars ?? {}).filter(([id]) => bookings.includes(id));
  if (calendars.length) bounded.calendars = Object.fromEntries(calendars);
  else delete bounded.calendars;
  if (memo.covered) bounded.covered = memo.covered.filter((id) => bookings.includes(id));
  const text = JSON.stringify(bounded);
  const current = memoText !== undefined ? memoText : store().getProperty(MEMO_KEY);
  if (text !== current) {
    if (held) unsaved = text;
    else store().setProperty(MEMO_KEY, text);
  }
  memoText = text;
}

/** While an action holds its busy mark, the memo is written with the mark's release (one call, not two). */
let held = false;
let unsaved: string | null = null;

export function holdMemo(): void {
  held = true;
}

/** Writes the held memo (if it changed) together with `values` in one setProperties. */
export function releaseMemo(values: Record<string, string>): void {
  held = false;
  const all = unsaved === null ? values : { ...values, [MEMO_KEY]: unsaved };
  unsaved = null;
  store().setProperties(all);
}
