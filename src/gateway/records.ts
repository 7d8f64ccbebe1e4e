/**
 * The gateway's records: a booking (one Ledger row, mirrored in the coachee's Index row) and the
 * coachee's Index entry. Metadata only: who, when, status. Never agenda or action-plan text.
 */
import type { BookingView } from '../core/api';
import {
  BOOKING_HELD,
  BOOKING_STATUSES,
  isActive,
  type BookingHeld,
  type BookingReason,
  type BookingRecord,
  type BookingStatus,
} from '../core/ledger';
import { civilDateOf, formatDateLong, formatZonedDateTime, parseIsoInstant } from '../core/time';
import { cellString, LEDGER_COL, LEDGER_HEADERS, safeCell } from './schema';

/** Who the Ledger row is about (copied from the engagement) and the event's iCalUID: written once, when the row is created. */
export interface LedgerParties {
  coachee: string;
  manager: string;
  coach: string;
  company: string;
  iCalUID?: string;
}

export function toBookingView(b: BookingRecord): BookingView {
  const view: BookingView = {
    bookingId: b.bookingId,
    eventId: b.eventId,
    quarterKey: b.quarterKey,
    start: b.start,
    end: b.end,
    status: b.status,
    countsAsSession: b.countsAsSession,
  };
  if (b.milestone) view.milestone = b.milestone;
  if (b.calendarId) view.calendarId = b.calendarId;
  if (b.notesDigest) view.notesDigest = b.notesDigest;
  return view;
}

/**
 * The Ledger row for a booking, ready for setValues (free text made formula-proof). `timeZone` (the
 * company's) fills the readable "Meeting (company time)" column; Start/End stay ISO instants, which
 * is what the gateway and every tool read back.
 */
export function ledgerRowValues(b: BookingRecord, p: LedgerParties, timeZone?: string): (string | number | boolean)[] {
  const row: (string | number | boolean)[] = new Array(LEDGER_HEADERS.length).fill('');
  const set = (col: number, v: unknown) => {
    row[col - 1] = safeCell(v);
  };
  set(LEDGER_COL.bookingId, b.bookingId);
  set(LEDGER_COL.coachee, p.coachee);
  set(LEDGER_COL.manager, p.manager);
  set(LEDGER_COL.coach, p.coach);
  set(LEDGER_COL.company, p.company);
  set(LEDGER_COL.eventId, b.eventId);
  set(LEDGER_COL.iCalUID, p.iCalUID ?? '');
  set(LEDGER_COL.quarterKey, b.quarterKey);
  set(LEDGER_COL.start, b.start);
  set(LEDGER_COL.end, b.end);
  set(LEDGER_COL.status, b.status);
  set(LEDGER_COL.milestone, b.milestone);
  row[LEDGER_COL.countsAsSession - 1] = b.countsAsSession;
  set(LEDGER_COL.reason, b.reason);
  set(LEDGER_COL.createdAt, b.createdAt);
  set(LEDGER_COL.updatedAt, b.updatedAt);
  set(LEDGER_COL.meeting, readableMeeting(b, timeZone));
  set(LEDGER_COL.calendarId, b.calendarId ?? '');
  set(LEDGER_COL.held, b.held ?? '');
  set(LEDGER_COL.supportedAt, readableDay(b.supportedAt, timeZone));
  return row;
}

/** An instant as the day it fell on in the company's zone ("7 Apr 2026"); the ISO text without a zone. */
function readableDay(iso: string | undefined, timeZone: string | undefined): string {
  const ms = parseIsoInstant(iso);
  if (ms === null) return '';
  return timeZone ? formatDateLong(civilDateOf(ms, timeZone)) : (iso ?? '');
}

const isHeld = (v: unknown): v is BookingHeld => BOOKING_HELD.includes(v as BookingHeld);

/** "Tue 10 Mar 2026, 10:00–11:00" on the company's wall clock ('' without a zone or a readable start). */
export function readableMeeting(b: Pick<BookingRecord, 'start' | 'end'>, timeZone: string | undefined): string {
  const start = parseIsoInstant(b.start);
  if (!timeZone || start === null) return '';
  const end = parseIsoInstant(b.end);
  const from = formatZonedDateTime(start, timeZone);
  if (end === null) return from;
  const to = formatZonedDateTime(end, timeZone);
  // Same day: only the end time after the dash.
  return to.slice(0, -5) === from.slice(0, -5) ? `${from}–${to.slice(-5)}` : `${from} – ${to}`;
}

/** A Ledger row read back (for admin tools, tests and index rebuilds). */
export interface LedgerRow extends LedgerParties {
  row: number;
  iCalUID: string;
  bookingId: string;
  eventId: string;
  quarterKey: string;
  start: string;
  end: string;
  status: string;
  milestone: string;
  countsAsSession: boolean;
  reason: string;
  createdAt: string;
  updatedAt: string;
  calendarId: string;
  /** yes / no / presumed, or '' when not known. */
  held: string;
  /** The Manager support cell as written (a readable day), '' when not confirmed. */
  supported: string;
}

export function parseLedgerRow(values: readonly unknown[], row: number): LedgerRow {
  const get = (col: number) => cellString(values[col - 1]);
  const counts = values[LEDGER_COL.countsAsSession - 1];
  return {
    row,
    bookingId: get(LEDGER_COL.bookingId),
    coachee: get(LEDGER_COL.coachee),
    manager: get(LEDGER_COL.manager),
    coach: get(LEDGER_COL.coach),
    company: get(LEDGER_COL.company),
    eventId: get(LEDGER_COL.eventId),
    iCalUID: get(LEDGER_COL.iCalUID),
    quarterKey: get(LEDGER_COL.quarterKey),
    start: get(LEDGER_COL.start),
    end: get(LEDGER_COL.end),
    status: get(LEDGER_COL.status),
    milestone: get(LEDGER_COL.milestone),
    countsAsSession: counts === true || String(counts).toUpperCase() === 'TRUE',
    reason: get(LEDGER_COL.reason),
    createdAt: get(LEDGER_COL.createdAt),
    updatedAt: get(LEDGER_COL.updatedAt),
    calendarId: get(LEDGER_COL.calendarId),
    held: get(LEDGER_COL.held),
    supported: get(LEDGER_COL.supportedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// The Index cell: a coachee's bookings as compact JSON. One Sheets cell holds at most 50,000
// characters; at ~250 characters per booking that is ~190 bookings. When the list would grow past
// INDEX_CELL_BUDGET the oldest inactive bookings are dropped from the Index (never from the Ledger):
// they no longer count for anything.

export const INDEX_CELL_BUDGET = 45_000;

interface IndexJson {
  b: string;
  e: string;
  q: string;
  s: string;
  n: string;
  st: string;
  m?: string;
  c?: 0 | 1;
  r?: string;
  co?: string;
  /** calendarId, when not primary. */
  k?: string;
  /** notesDigest. */
  nd?: string;
  /** planWritten (1 yes, 0 no; absent = not known). */
  pw?: 0 | 1;
  /** held: yes / no / presumed (absent = not known). */
  hd?: BookingHeld;
  /** supportedAt: when the manager confirmed support (ISO). */
  su?: string;
  row: number;
  /** ledgerRowHint, while `row` is 0. */
  rh?: number;
  ca: string;
  ua: string;
}

export function encodeBookings(bookings: readonly BookingRecord[]): string {
  let list = [...bookings];
  const encode = () =>
    JSON.stringify(
      list.map((b): IndexJson => {
        const j: IndexJson = {
          b: b.bookingId,
          e: b.eventId,
          q: b.quarterKey,
          s: b.start,
          n: b.end,
          st: b.status,
          row: b.ledgerRow,
          ca: b.createdAt,
          ua: b.updatedAt,
        };
        if (b.milestone) j.m = b.milestone;
        if (!b.countsAsSession) j.c = 0;
        if (b.reason) j.r = b.reason;
        if (b.company) j.co = b.company;
        if (b.calendarId) j.k = b.calendarId;
        if (b.notesDigest) j.nd = b.notesDigest;
        if (b.planWritten !== undefined) j.pw = b.planWritten ? 1 : 0;
        if (b.held) j.hd = b.held;
        if (b.supportedAt) j.su = b.supportedAt;
        if (b.ledgerRow <= 0 && b.ledgerRowHint && b.ledgerRowHint > 0) j.rh = b.ledgerRowHint;
        return j;
      }),
    );
  let text = encode();
  while (text.length > INDEX_CELL_BUDGET) {
    const i = list.findIndex((b) => !isActive(b));
    if (i < 0) break; // every booking is active: cannot happen with sane limits; keep them all
    list = list.filter((_, k) => k !== i);
    text = encode();
  }
  return text;
}

/**
 * Parses an Index cell. A cell that is not the JSON the gateway wrote (edited by hand) yields null,
 * and the store rebuilds the coachee's entry from the Ledger.
 */
export function decodeBookings(text: unknown): BookingRecord[] | null {
  const s = cellString(text).trim();
  if (s === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const out: BookingRecord[] = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null) return null;
    const j = item as Partial<IndexJson>;
    if (
      typeof j.b !== 'string' ||
      typeof j.e !== 'string' ||
      typeof j.row !== 'number' ||
      !BOOKING_STATUSES.includes(j.st as BookingStatus)
    )
      return null;
    out.push({
      bookingId: j.b,
      eventId: j.e,
      quarterKey: String(j.q ?? ''),
      start: String(j.s ?? ''),
      end: String(j.n ?? ''),
      status: j.st as BookingStatus,
      milestone: String(j.m ?? ''),
      countsAsSession: j.c !== 0,
      reason: (j.r ?? '') as BookingReason,
      ledgerRow: j.row,
      createdAt: String(j.ca ?? ''),
      updatedAt: String(j.ua ?? ''),
      ...(typeof j.co === 'string' && j.co ? { company: j.co } : {}),
      ...(typeof j.k === 'string' && j.k ? { calendarId: j.k } : {}),
      ...(typeof j.nd === 'string' && j.nd ? { notesDigest: j.nd } : {}),
      ...(j.pw === 0 || j.pw === 1 ? { planWritten: j.pw === 1 } : {}),
      ...(isHeld(j.hd) ? { held: j.hd } : {}),
      ...(typeof j.su === 'string' && parseIsoInstant(j.su) !== null ? { supportedAt: j.su } : {}),
      ...(j.row <= 0 && typeof j.rh === 'number' && Number.isInteger(j.rh) && j.rh > 1 ? { ledgerRowHint: j.rh } : {}),
    });
  }
  return out;
}

/** Rebuilds a booking record from its Ledger row (index repair). */
export function recordFromLedgerRow(r: LedgerRow): BookingRecord {
  return {
    bookingId: r.bookingId,
    eventId: r.eventId,
    quarterKey: r.quarterKey,
    start: r.start,
    end: r.end,
    status: BOOKING_STATUSES.includes(r.status as BookingStatus) ? (r.status as BookingStatus) : 'cancelled',
    milestone: r.milestone,
    countsAsSession: r.countsAsSession,
    reason: r.reason as BookingReason,
    ledgerRow: r.row,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.company ? { company: r.company } : {}),
    ...(r.calendarId ? { calendarId: r.calendarId } : {}),
    // The Ledger keeps support as a readable day only: an index repair keeps that it was given.
    ...(isHeld(r.held) ? { held: r.held } : {}),
    ...(r.supported ? { supportedAt: parseIsoInstant(r.supported) !== null ? r.supported : r.updatedAt } : {}),
  };
}
