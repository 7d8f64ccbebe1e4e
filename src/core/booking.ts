/**
 * The decisions that change a coachee's bookings, pure: booking an event (bookStep) and reconciling
 * the bookings with what the coachee's calendar says (planReconcile). The gateway runs each once on a
 * snapshot outside its lock (to locate the cells it will write) and again inside the lock on fresh
 * data before writing; it adds only I/O (read, lock, write, audit). Cancel and expiry records are in
 * ledger.ts, the allowance itself in allowance.ts.
 *
 * Reconciling. Evidence, not absence: a booking stops counting only on an explicit fact about ITS event. The
 * add-on reports one fact per event it looked at: every CCM-marked event its window search returned
 * (deleted ones come back with status "cancelled"), the open event, and each event id of the
 * caller's active bookings it remembers from earlier gateway answers, fetched one by one with
 * Events.get (404 = gone). An event that is simply not in the report says nothing: its marker may not
 * be written yet (a confirm in flight, or a Calendar write that failed), it may lie outside the
 * searched window, or the add-on may not have had time to look. Taking such silence for a deletion
 * once cancelled a booking a concurrent confirm had just made (a silent loss, rule 9).
 *
 * Rules:
 * - event gone (fact exists=false: 404 from Events.get, or status "cancelled"): a confirmed booking
 *   is cancelled; a pending one expires once PENDING_TTL_MS have passed since it was made (before
 *   that its event may still be on its way), giving the allowance back.
 * - event moved (fact dates differ): the booking is decided again for its new date. Allowed: re-dated
 *   (the count moves to the new quarter). Refused (the new quarter is already used, the program's
 *   meetings are all booked, or the date is outside the engagement): the ledger follows the calendar
 *   (the row gets the new dates) but the booking stops counting (status cancelled, reason
 *   moved-over-limit / moved-outside-engagement), and the coachee is told why and what to do, as a
 *   'refused' change. Keeping the old date instead would leave a row that lies about when the meeting
 *   is and a quarter blocked by a meeting that is not in it; keeping it active at the new date would
 *   count two meetings in one quarter. Nothing is lost: the row stays, the change is reported and
 *   audited, and confirming the event again once there is room books it again.
 * - pending booking whose event exists: confirmed. A booking that expired but whose event turns up
 *   later is booked again if there is still room.
 * - a booking the admin op expired as unconfirmed (still pending UNCONFIRMED_EXPIRY_HOURS after its
 *   last change, with no evidence either way) whose event turns up: decided again like a moved
 *   meeting. Allowed: booked again (confirmed). Refused: it stays expired, takes the calendar's dates,
 *   and the coachee is told why, once, as a 'refused' change (reason unconfirmed-refused), never
 *   silently: they were never told it had expired.
 * - no fact: nothing changes (lack of news never cancels a booking).
 */
import type { CalendarFact, ReconcileChange } from './api';
import { type AllowanceDecision, type AllowanceSettings, decideAllowance } from './allowance';
import type { Engagement } from './engagement';
import { CcmError } from './errors';
import { type Held, isHeld } from './held';
import { type BookingReason, type BookingRecord, isActive, PENDING_TTL_MS } from './ledger';
import { formatZonedDateTime, parseIsoInstant } from './time';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Rule 9: a meeting whose end has passed took place, so neither the coachee's panel nor the gateway
 * gives its allowance back (only a program admin changes that, in the Sheet). `end` is an ISO
 * instant: the event's own end in the add-on, the Ledger's in the gateway; `held` the booking's
 * answer when known (held.ts). Throws MEETING_HELD for a held meeting (yes, or presumed
 * PRESUMED_HELD_DAYS after its end), MEETING_TOOK_PLACE for any other whose end has passed (the
 * coachee's way to give it back is answering "No" to "Did it take place?").
 */
export function checkCancellable(end: string | null | undefined, nowMs: number, held?: Held): void {
  if (isHeld({ status: 'confirmed', end: end ?? '', ...(held ? { held } : {}) }, nowMs))
    throw new CcmError('MEETING_HELD');
  if (hasTakenPlace(end, nowMs)) throw new CcmError('MEETING_TOOK_PLACE');
}

/** The meeting's end has passed (an unreadable end says nothing). */
export function hasTakenPlace(end: string | null | undefined, nowMs: number): boolean {
  const endMs = parseIsoInstant(end ?? '');
  return endMs !== null && endMs <= nowMs;
}

export interface BookStepInput {
  bookings: readonly BookingRecord[];
  engagement: Engagement;
  settings: AllowanceSettings;
  startMs: number;
  endMs: number;
  eventId: string;
  status: 'pending' | 'confirmed';
  nowMs: number;
  nowIso: string;
  newId: () => string;
  /** Where the event is (absent: the coachee's primary calendar): remembered with the booking. */
  calendarId?: string;
  /** The digest of the notes this confirm writes; absent keeps the one known. */
  notesDigest?: string;
  /** Whether the action plan has a step (yes/no metadata for the daily job); absent keeps the one known. */
  planWritten?: boolean;
}

/**
 * The booking decision and the records it produces (pure): run on a snapshot outside the lock to
 * locate the cells to write, and on the fresh Index row inside it to decide for real. Throws the
 * refusal as a CcmError.
 */
export function bookStep(i: BookStepInput) {
  const decision = decideAllowance({
    engagement: i.engagement,
    settings: i.settings,
    startMs: i.startMs,
    endMs: i.endMs,
    eventId: i.eventId,
    bookings: i.bookings,
    nowMs: i.nowMs,
  });
  if (!decision.allowed) throw new CcmError(decision.reason ?? 'ALLOWANCE_USED', decision.message);
  const milestone = decision.milestone?.id ?? '';
  const existing = i.bookings.find((b) => b.eventId === i.eventId);
  if (existing) {
    // Idempotent by event id: the same event is the same booking, never a second one.
    const wasActive = isActive(existing);
    const moved = parseIsoInstant(existing.start) !== i.startMs || parseIsoInstant(existing.end) !== i.endMs;
    const next: BookingRecord = {
      ...existing,
      quarterKey: decision.quarter.key,
      start: iso(i.startMs),
      end: iso(i.endMs),
      // A confirmed booking stays confirmed even if a late 'pending' replay arrives.
      status: wasActive && existing.status === 'confirmed' ? 'confirmed' : i.status,
      milestone,
      reason: wasActive ? (moved ? 'moved' : existing.reason) : '',
    };
    if (i.calendarId) next.calendarId = i.calendarId;
    else delete next.calendarId;
    if (i.notesDigest) next.notesDigest = i.notesDigest;
    if (i.planWritten !== undefined) next.planWritten = i.planWritten;
    // "Did it take place?" is about the meeting at its dates: booked again (after a "No") or moved,
    // it is asked again after the new end.
    if (!wasActive || moved) delete next.held;
    const changed = (
      [
        'quarterKey',
        'start',
        'end',
        'status',
        'milestone',
        'reason',
        'calendarId',
        'notesDigest',
        'planWritten',
        'held',
      ] as const
    ).some((k) => next[k] !== existing[k]);
    if (!changed)
      return {
        booking: existing,
        bookings: [...i.bookings],
        decision,
        alreadyBooked: wasActive,
        changed: false,
        existing,
      };
    next.updatedAt = i.nowIso;
    return {
      booking: next,
      bookings: i.bookings.map((b) => (b === existing ? next : b)),
      decision,
      alreadyBooked: wasActive,
      changed: true,
      existing,
    };
  }
  const fresh: BookingRecord = {
    bookingId: i.newId(),
    eventId: i.eventId,
    quarterKey: decision.quarter.key,
    start: iso(i.startMs),
    end: iso(i.endMs),
    status: i.status,
    milestone,
    countsAsSession: true, // DESIGN rule 4: it is one of the coachee's regular coaching sessions
    reason: '',
    ledgerRow: 0, // appended inside the lock: its row is hinted (ledgerRowHint), verified when first updated
    createdAt: i.nowIso,
    updatedAt: i.nowIso,
    company: i.engagement.company,
    ...(i.calendarId ? { calendarId: i.calendarId } : {}),
    ...(i.notesDigest ? { notesDigest: i.notesDigest } : {}),
    ...(i.planWritten !== undefined ? { planWritten: i.planWritten } : {}),
  };
  return {
    booking: fresh,
    bookings: [...i.bookings, fresh],
    decision,
    alreadyBooked: false,
    changed: true,
    existing: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reconcile

export type Redecide = (
  b: BookingRecord,
  startMs: number,
  endMs: number,
  current: readonly BookingRecord[],
) => AllowanceDecision;

export interface ReconcileInput {
  bookings: readonly BookingRecord[];
  facts: readonly CalendarFact[];
  nowMs: number;
  timeZone: string;
  /** Decides a moved booking again; null when the coachee's engagement is unusable (moves wait). */
  decide: Redecide | null;
}

export interface ReconcilePlan {
  bookings: BookingRecord[];
  /** The records that changed (to write), in the order they changed. */
  changed: BookingRecord[];
  changes: ReconcileChange[];
}

export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const nowIso = new Date(input.nowMs).toISOString();
  const facts = new Map<string, CalendarFact>();
  for (const f of input.facts) facts.set(f.eventId, f);
  const list = input.bookings.map((b) => ({ ...b }));
  const changed = new Set<number>();
  const changes: ReconcileChange[] = [];
  const when = (iso: string) => {
    const ms = parseIsoInstant(iso);
    return ms === null ? 'an unknown date' : formatZonedDateTime(ms, input.timeZone);
  };
  const update = (i: number, patch: Partial<BookingRecord>, change: ReconcileChange['change'], message: string) => {
    list[i] = { ...list[i]!, ...patch, updatedAt: nowIso };
    changed.add(i);
    changes.push({ eventId: list[i]!.eventId, change, message });
  };

  // Pass 1: what stops counting (deleted, never saved). Done first so moves see the freed room.
  const expired = (b: BookingRecord) => {
    const created = parseIsoInstant(b.createdAt);
    return created !== null && input.nowMs - created >= PENDING_TTL_MS;
  };
  const neverSaved = (b: BookingRecord) =>
    `The alignment meeting planned for ${when(b.start)} was never saved in your calendar, so the booking was released.`;
  list.forEach((b, i) => {
    if (!isActive(b)) return;
    const fact = facts.get(b.eventId);
    if (!fact || fact.exists) return; // no news, or the event is there (pass 2)
    // DESIGN rule 9: a meeting that took place stays counted, even when its event is deleted later
    // (only a program admin changes that, in the Sheet).
    if (b.status === 'confirmed' && hasTakenPlace(b.end, input.nowMs)) return;
    if (b.status === 'confirmed') {
      update(
        i,
        { status: 'cancelled', reason: 'event-deleted' },
        'cancelled',
        `Your alignment meeting on ${when(b.start)} was deleted from your calendar, so it no longer counts and that quarter's meeting is available again.`,
      );
    } else if (expired(b)) {
      update(i, { status: 'expired', reason: 'pending-expired' }, 'expired', neverSaved(b));
    }
  });

  // Pass 2: events that exist: confirm pending ones, decide moved ones again, earliest first. A move
  // refused because another booking holds the quarter is tried again once other moves have gone
  // through (that booking may itself have moved away), until nothing changes any more.
  type Move = { i: number; startMs: number; endMs: number; revived: boolean };
  let moves: Move[] = [];
  list
    .map((b, i) => ({ b, i, fact: facts.get(b.eventId) }))
    .filter(
      (x) => x.fact?.exists && (isActive(x.b) || x.b.reason === 'pending-expired' || x.b.reason === 'unconfirmed'),
    )
    .sort((x, y) => (parseIsoInstant(x.fact!.start ?? '') ?? 0) - (parseIsoInstant(y.fact!.start ?? '') ?? 0))
    .forEach(({ b, i, fact }) => {
      const startMs = parseIsoInstant(fact!.start ?? '');
      const endMs = parseIsoInstant(fact!.end ?? '');
      const known = startMs !== null && endMs !== null && endMs > startMs;
      const moved = known && (startMs !== parseIsoInstant(b.start) || endMs !== parseIsoInstant(b.end));
      const revived = !isActive(b);
      if (!moved && !revived) {
        if (b.status === 'pending')
          update(
            i,
            { status: 'confirmed' },
            'confirmed',
            `Your alignment meeting on ${when(b.start)} is in your calendar: the booking is confirmed.`,
          );
        return;
      }
      // Without a usable engagement record (or readable dates), moves wait until the admin fixes it.
      if (input.decide && known) moves.push({ i, startMs, endMs, revived });
    });

  const refusals = new Map<number, AllowanceDecision>();
  for (let progress = true; progress && moves.length > 0;) {
    progress = false;
    const again: Move[] = [];
    for (const m of moves) {
      const b = list[m.i]!;
      const decision = input.decide!(b, m.startMs, m.endMs, list);
      if (!decision.allowed) {
        refusals.set(m.i, decision);
        again.push(m);
        continue;
      }
      progress = true;
      refusals.delete(m.i);
      const newStart = new Date(m.startMs).toISOString();
      const patch = {
        start: newStart,
        end: new Date(m.endMs).toISOString(),
        quarterKey: decision.quarter.key,
        milestone: decision.milestone?.id ?? '',
        status: 'confirmed' as const,
      };
      if (m.revived) {
        const message =
          b.reason === 'unconfirmed'
            ? `Your alignment meeting on ${when(newStart)} had not been confirmed for a day, so its booking was released; it is in your calendar, so it is booked again.`
            : `Your alignment meeting on ${when(newStart)} is in your calendar after all: it is booked again.`;
        update(m.i, { ...patch, reason: '' }, 'confirmed', message);
      } else {
        update(
          m.i,
          { ...patch, reason: 'moved' },
          'redated',
          decision.quarter.key === b.quarterKey
            ? `Your alignment meeting moved to ${when(newStart)}; it still counts for ${decision.quarter.label}.`
            : `Your alignment meeting moved to ${when(newStart)}; it now counts for ${decision.quarter.label} (${decision.quarter.rangeLabel}) instead.`,
        );
      }
    }
    moves = again;
  }
  for (const m of moves) {
    const decision = refusals.get(m.i)!;
    const newStart = new Date(m.startMs).toISOString();
    if (m.revived) {
      // Expired on the coachee's own evidence (their event was gone): they were told then; it is
      // tried again at each open until there is room.
      if (list[m.i]!.reason !== 'unconfirmed') continue;
      // Expired by the admin op, unseen by the coachee: tell them now, once (the new reason stops
      // the retries; confirming the event again once there is room books it).
      update(
        m.i,
        {
          start: newStart,
          end: new Date(m.endMs).toISOString(),
          quarterKey: decision.quarter.key,
          reason: 'unconfirmed-refused',
        },
        'refused',
        `Your alignment meeting on ${when(newStart)} had not been confirmed for a day, so its booking was released, and it cannot be booked again. ${decision.message} So it does not count as an alignment meeting: move it, or make room and confirm it again.`,
      );
      continue;
    }
    const reason: BookingReason =
      decision.reason === 'OUTSIDE_ENGAGEMENT' || decision.reason === 'ENGAGEMENT_NOT_ACTIVE'
        ? 'moved-outside-engagement'
        : 'moved-over-limit';
    update(
      m.i,
      {
        start: newStart,
        end: new Date(m.endMs).toISOString(),
        quarterKey: decision.quarter.key,
        status: 'cancelled',
        reason,
      },
      'refused',
      `Your alignment meeting was moved to ${when(newStart)}. ${decision.message} So it no longer counts as an alignment meeting: move it back, or make room and confirm it again.`,
    );
  }

  return { bookings: list, changed: [...changed].map((i) => list[i]!), changes };
}
