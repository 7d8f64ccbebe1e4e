/**
 * What the workbench's pages show, shaped from the World for the browser: people and their roles, a
 * person's week, the event editor and the event view, the inbox, the usage Sheet, the executions.
 * Pure reads (no World changes); times are given both as instants and as wall-clock readings in the
 * person's own time zone, so the browser never does time-zone arithmetic.
 */
import {
  getDraft,
  getSharedEvent,
  listCalendar,
  getCopy,
  type EditorDraft,
  type EventResource,
} from '../runtime/backends/calendar';
import { getStoredMessage, mailbox, type StoredMessage } from '../runtime/backends/gmail';
import { findSheet, getFile, lastColumnOf, lastRowOf, readRect, roleOf } from '../runtime/backends/sheets';
import type { ExecutionResult } from '../runtime/runtime';
import type { World } from '../runtime/world';
import {
  addDays,
  formatZonedDateTime,
  MONTH_NAMES,
  MONTH_SHORT_NAMES,
  parseCivilDate,
  WEEKDAY_SHORT_NAMES,
  zonedParts,
  zonedToInstant,
  type CivilDate,
} from '../../core/time';
import { SHARED_MARKER_KEY } from '../../core/description';
import { TABS } from '../../gateway/schema';
import type {
  EditorView,
  EventView,
  ExecutionView,
  GuestView,
  MailListItem,
  MessageView,
  PersonView,
  Role,
  SheetView,
  WeekEvent,
  WeekView,
} from './views';

// ---------------------------------------------------------------------------------------------
// Time helpers (wall clock <-> instant in a named zone).

/** 'YYYY-MM-DDTHH:mm' as read on the wall clock of `zone` (what <input type=datetime-local> holds). */
export function localInput(ms: number, zone: string): string {
  const p = zonedParts(ms, zone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant of a 'YYYY-MM-DDTHH:mm' wall time in `zone`; null when the text is not one. */
export function fromLocalInput(text: unknown, zone: string): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = parseCivilDate(`${m[1]}-${m[2]}-${m[3]}`);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  if (!date || hour > 23 || minute > 59) return null;
  return zonedToInstant({ ...date, hour, minute }, zone);
}

export function isoDate(d: CivilDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The Monday of the week holding `ms` in `zone`. */
export function mondayOf(ms: number, zone: string): CivilDate {
  const p = zonedParts(ms, zone);
  return addDays(p, -((p.weekday + 6) % 7));
}

const WEEKDAYS = WEEKDAY_SHORT_NAMES;
const MONTHS = MONTH_SHORT_NAMES;
const MONTHS_LONG = MONTH_NAMES;

/** "Mon 13 Apr 2026, 09:00" */
export function wallText(ms: number, zone: string): string {
  return formatZonedDateTime(ms, zone);
}

/** "Tue 21 Apr 2026 · 10:00 – 11:00" (or with both dates when it spans days). */
export function rangeText(startMs: number, endMs: number, zone: string): string {
  const a = zonedParts(startMs, zone);
  const b = zonedParts(endMs, zone);
  const hm = (p: { hour: number; minute: number }) =>
    `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  const day = (p: typeof a) => `${WEEKDAYS[p.weekday]} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
  if (a.year === b.year && a.month === b.month && a.day === b.day) return `${day(a)} · ${hm(a)} – ${hm(b)}`;
  return `${day(a)}, ${hm(a)} – ${day(b)}, ${hm(b)}`;
}

/** The zone's short name at an instant ("BST", "GMT", "EDT"), for labels. */
export function zoneAbbreviation(ms: number, zone: string): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

// ---------------------------------------------------------------------------------------------
// People.

interface EngagementRow {
  coachee: string;
  manager: string;
  coach: string;
  program: string;
}

function sheetText(world: World, sheetId: string, tab: string): string[][] {
  const f = getFile(world, sheetId);
  const sh = findSheet(f, tab);
  if (!sh) return [];
  const rows = lastRowOf(sh);
  const cols = lastColumnOf(sh);
  if (!rows || !cols) return [];
  return readRect(f, sh, { r0: 1, c0: 1, r1: rows, c1: cols }, 'FORMATTED_VALUE', 'FORMATTED_STRING').map((r) =>
    r.map((c) => (c instanceof Date ? c.toISOString() : String(c ?? ''))),
  );
}

function engagementRows(world: World, sheetId: string): EngagementRow[] {
  return sheetText(world, sheetId, TABS.engagements.name)
    .slice(1)
    .map((r) => ({ coachee: low(r[0]), manager: low(r[1]), coach: low(r[2]), program: low(r[4]) }))
    .filter((e) => e.coachee !== '');
}

function adminsOf(world: World, sheetId: string): string[] {
  const row = sheetText(world, sheetId, TABS.settings.name).find((r) => r[0] === 'admins');
  return (row?.[1] ?? '').split(',').map(low).filter(Boolean);
}

const low = (s: string | undefined) => (s ?? '').trim().toLowerCase();

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1]![0] : '')).toUpperCase();
}

/** Everyone in the World's directory with their roles, read from the usage Sheet as the gateway would. */
export function people(world: World, sheetId: string, serviceOwner: string, companyName: string): PersonView[] {
  const engagements = engagementRows(world, sheetId);
  const admins = new Set(adminsOf(world, sheetId));
  const nameOf = (email: string) => world.user(email)?.name ?? email;
  const firstNames = (emails: string[]) => emails.map((e) => nameOf(e).split(' ')[0]).join(', ');
  const order: Record<Role, number> = { coachee: 0, manager: 1, coach: 2, admin: 3, service: 4 };
  const out: PersonView[] = Object.values(world.state.users).map((u) => {
    const roles: Role[] = [];
    const about: string[] = [];
    const mine = engagements.filter((e) => e.coachee === u.email);
    if (mine.length) {
      roles.push('coachee');
      about.push(
        mine
          .map(
            (e) =>
              `${e.program === 'six-month' ? 'Six-month' : 'Quarterly'} program · manager ${firstNames([e.manager])}, coach ${firstNames([e.coach])}`,
          )
          .join('; '),
      );
    }
    const reports = engagements.filter((e) => e.manager === u.email).map((e) => e.coachee);
    if (reports.length) {
      roles.push('manager');
      about.push(`Manager of ${firstNames(reports)}`);
    }
    const coachees = engagements.filter((e) => e.coach === u.email).map((e) => e.coachee);
    if (coachees.length) {
      roles.push('coach');
      about.push(`Coach of ${firstNames(coachees)}${u.domain ? '' : ` (outside ${companyName})`}`);
    }
    if (admins.has(u.email)) {
      roles.push('admin');
      about.push('Program admin');
    }
    if (u.email === serviceOwner) {
      roles.push('service');
      about.push('Owns the usage Sheet and the gateway');
    }
    return {
      email: u.email,
      name: u.name,
      initials: initials(u.name),
      timeZone: u.timeZone,
      external: !u.domain,
      roles,
      about: about.join(' · ') || `Not in the coaching program`,
    };
  });
  const rank = (p: PersonView) => (p.roles.length ? Math.min(...p.roles.map((r) => order[r])) : 3.5);
  return out.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Calendar.

function eventTimes(r: EventResource): { start: number; end: number } | null {
  const s = r.start as { dateTime?: string; date?: string } | undefined;
  const e = r.end as { dateTime?: string; date?: string } | undefined;
  const start = Date.parse(s?.dateTime ?? `${s?.date}T00:00:00Z`);
  const end = Date.parse(e?.dateTime ?? `${e?.date}T00:00:00Z`);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
}

export function weekView(world: World, user: string, weekStartText: string | undefined): WeekView {
  const person = world.userOrGuest(user);
  const zone = person.timeZone;
  const now = world.now();
  const monday =
    weekStartText && parseCivilDate(weekStartText)
      ? mondayOf(zonedToInstant({ ...parseCivilDate(weekStartText)!, hour: 12, minute: 0 }, zone), zone)
      : mondayOf(now, zone);
  const dayStarts = Array.from({ length: 8 }, (_, i) =>
    zonedToInstant({ ...addDays(monday, i), hour: 0, minute: 0 }, zone),
  );
  const today = zonedParts(now, zone);
  const days = Array.from({ length: 7 }, (_, i) => {
    const d = addDays(monday, i);
    return {
      date: isoDate(d),
      weekday: WEEKDAYS[(i + 1) % 7]!,
      day: d.day,
      isToday: d.year === today.year && d.month === today.month && d.day === today.day,
    };
  });
  const events: WeekEvent[] = [];
  for (const r of listCalendar(world, user, { from: dayStarts[0]!, to: dayStarts[7]! })) {
    if (r.status === 'cancelled') continue;
    const t = eventTimes(r);
    if (!t) continue;
    const segments: WeekEvent['segments'] = [];
    for (let i = 0; i < 7; i++) {
      const a = Math.max(t.start, dayStarts[i]!);
      const b = Math.min(t.end, dayStarts[i + 1]!);
      if (b > a || (t.start === t.end && t.start >= dayStarts[i]! && t.start < dayStarts[i + 1]!)) {
        segments.push({
          day: i,
          from: Math.round((a - dayStarts[i]!) / 60_000),
          to: Math.round((Math.max(b, a + 15 * 60_000) - dayStarts[i]!) / 60_000),
        });
      }
    }
    const attendees = (r.attendees as { email: string; self?: boolean; responseStatus?: string }[] | undefined) ?? [];
    const shared = (r.extendedProperties as { shared?: Record<string, string> } | undefined)?.shared ?? {};
    const organizer = (r.organizer as { email: string } | undefined)?.email ?? '';
    events.push({
      id: r.id,
      title: (r.summary as string | undefined) ?? '(No title)',
      start: t.start,
      end: t.end,
      segments,
      timeText: rangeText(t.start, t.end, zone),
      organizer,
      isOrganizer: organizer === person.email,
      recurring: !!r.recurringEventId,
      ccm: shared[SHARED_MARKER_KEY] !== undefined,
      myResponse: attendees.find((a) => a.self)?.responseStatus ?? null,
      attendeeCount: attendees.length,
    });
  }
  const nowDay = dayStarts.findIndex((s, i) => i < 7 && now >= s && now < dayStarts[i + 1]!);
  const first = addDays(monday, 0);
  const last = addDays(monday, 6);
  const title =
    first.month === last.month
      ? `${MONTHS_LONG[first.month - 1]} ${first.year}`
      : first.year === last.year
        ? `${MONTHS[first.month - 1]} – ${MONTHS[last.month - 1]} ${last.year}`
        : `${MONTHS[first.month - 1]} ${first.year} – ${MONTHS[last.month - 1]} ${last.year}`;
  return {
    timeZone: zone,
    zoneLabel: zoneAbbreviation(dayStarts[0]!, zone),
    weekStart: isoDate(monday),
    title,
    days,
    events,
    now: nowDay >= 0 ? { day: nowDay, minute: Math.floor((now - dayStarts[nowDay]!) / 60_000) } : null,
    prevWeek: isoDate(addDays(monday, -7)),
    nextWeek: isoDate(addDays(monday, 7)),
    thisWeek: isoDate(mondayOf(now, zone)),
  };
}

// ---------------------------------------------------------------------------------------------
// The event editor (an open draft) and the event view (a saved event someone looks at).

function guestViews(
  world: World,
  organizer: string,
  list: { email: string; responseStatus?: string }[],
  companyDomain: string | null,
): GuestView[] {
  const out = list.map((a) => {
    const u = world.user(a.email);
    return {
      email: a.email,
      name: u?.name ?? a.email,
      organizer: a.email === organizer,
      external: companyDomain ? !a.email.endsWith(`@${companyDomain}`) : false,
      response: a.responseStatus ?? (a.email === organizer ? 'accepted' : 'needsAction'),
    };
  });
  return out.sort((a, b) => Number(b.organizer) - Number(a.organizer));
}

export function editorView(world: World, draftId: string, companyDomain: string | null): EditorView | null {
  const d: EditorDraft | undefined = getDraft(world, draftId);
  if (!d) return null;
  const zone = d.start.timeZone ?? world.userOrGuest(d.user).timeZone;
  const ev = d.eventId ? getSharedEvent(world, d.eventId) : undefined;
  const organizer = ev?.organizer ?? d.user;
  const answers = new Map((ev?.attendees ?? []).map((a) => [a.email, a.responseStatus]));
  const list = d.attendees.map((a) => ({ email: a.email, responseStatus: answers.get(a.email) }));
  if (list.length && !list.some((a) => a.email === organizer))
    list.unshift({ email: organizer, responseStatus: 'accepted' });
  return {
    draftId: d.draftId,
    eventId: d.eventId ?? null,
    user: d.user,
    timeZone: zone,
    zoneLabel: zoneAbbreviation(d.start.ms, zone),
    title: d.summary ?? '',
    description: d.description ?? '',
    location: d.location ?? '',
    start: localInput(d.start.ms, zone),
    end: localInput(d.end.ms, zone),
    repeatsWeekly: !!d.recurrence?.some((r) => /FREQ=WEEKLY/i.test(r)),
    guests: guestViews(world, organizer, list, companyDomain),
    attachments: d.attachments.map((a) => ({ title: a.title, url: a.fileUrl, mimeType: a.mimeType })),
  };
}

export function eventView(world: World, user: string, eventId: string, companyDomain: string | null): EventView | null {
  const r = getCopy(world, user, eventId);
  if (!r) return null;
  const zone = world.userOrGuest(user).timeZone;
  const t = eventTimes(r);
  const organizer = (r.organizer as { email: string } | undefined)?.email ?? '';
  const attendees = (r.attendees as { email: string; self?: boolean; responseStatus?: string }[] | undefined) ?? [];
  const shared = (r.extendedProperties as { shared?: Record<string, string> } | undefined)?.shared ?? {};
  return {
    eventId,
    user,
    title: (r.summary as string | undefined) ?? '(No title)',
    when: t ? rangeText(t.start, t.end, zone) : '',
    zoneLabel: t ? zoneAbbreviation(t.start, zone) : '',
    description: (r.description as string | undefined) ?? '',
    location: (r.location as string | undefined) ?? '',
    organizer,
    organizerName: world.user(organizer)?.name ?? organizer,
    isOrganizer: organizer === world.userOrGuest(user).email,
    recurring: !!r.recurringEventId || !!(r.recurrence as unknown[] | undefined)?.length,
    cancelled: r.status === 'cancelled',
    ccm: shared[SHARED_MARKER_KEY] !== undefined,
    myResponse: attendees.find((a) => a.self)?.responseStatus ?? null,
    guests: guestViews(world, organizer, attendees, companyDomain),
    attachments: ((r.attachments as { title: string; fileUrl: string }[] | undefined) ?? []).map((a) => ({
      title: a.title,
      url: a.fileUrl,
    })),
    htmlLink: (r.htmlLink as string | undefined) ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// Gmail.

function parseFrom(from: string): { name: string; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { name: m[1]!.trim() || m[2]!, email: m[2]!.trim().toLowerCase() };
  return { name: from.trim(), email: from.trim().toLowerCase() };
}

function mailDate(ms: number, now: number, zone: string): string {
  const a = zonedParts(ms, zone);
  const b = zonedParts(now, zone);
  if (a.year === b.year && a.month === b.month && a.day === b.day)
    return `${String(a.hour).padStart(2, '0')}:${String(a.minute).padStart(2, '0')}`;
  return a.year === b.year ? `${a.day} ${MONTHS[a.month - 1]}` : `${a.day} ${MONTHS[a.month - 1]} ${a.year}`;
}

export function inbox(world: World, user: string): MailListItem[] {
  const zone = world.userOrGuest(user).timeZone;
  return mailbox(world, user).map((m) => {
    const from = parseFrom(m.from);
    const fromName = world.user(from.email)?.name ?? from.name;
    return {
      id: m.id,
      from: fromName,
      fromEmail: from.email,
      subject: m.subject || '(no subject)',
      snippet: m.plain.replace(/\s+/g, ' ').trim().slice(0, 140),
      date: mailDate(m.dateMs, world.now(), zone),
      unread: m.unread,
      kind: m.kind,
      invitation: !!m.calendarEventId && m.kind !== 'cancellation',
    };
  });
}

export function messageView(world: World, user: string, id: string): MessageView | null {
  const m: StoredMessage | undefined = getStoredMessage(world, id);
  if (!m || m.owner !== world.userOrGuest(user).email) return null;
  const zone = world.userOrGuest(user).timeZone;
  const from = parseFrom(m.from);
  let event: MessageView['event'] = null;
  if (m.calendarEventId) {
    const r = getCopy(world, user, m.calendarEventId);
    const t = r ? eventTimes(r) : null;
    const attendees = (r?.attendees as { self?: boolean; responseStatus?: string }[] | undefined) ?? [];
    if (r) {
      event = {
        eventId: m.calendarEventId,
        title: (r.summary as string | undefined) ?? '(No title)',
        when: t ? rangeText(t.start, t.end, zone) : '',
        myResponse: attendees.find((a) => a.self)?.responseStatus ?? null,
        cancelled: r.status === 'cancelled',
      };
    }
  }
  return {
    id: m.id,
    subject: m.subject || '(no subject)',
    from: world.user(from.email)?.name ?? from.name,
    fromEmail: from.email,
    to: m.to,
    cc: m.cc,
    date: wallText(m.dateMs, zone),
    html: m.html,
    kind: m.kind,
    attachments: m.attachments.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      bytes: a.encoding === 'base64' ? Math.floor((a.data.length * 3) / 4) : Buffer.byteLength(a.data),
    })),
    event,
  };
}

// ---------------------------------------------------------------------------------------------
// The usage Sheet, as its viewer may see it.

export function sheetView(world: World, user: string, sheetId: string, url: string): SheetView {
  const f = getFile(world, sheetId);
  const access = roleOf(f, world.userOrGuest(user).email);
  return {
    name: f.name,
    url,
    access,
    owner: f.owner,
    tabs: access
      ? f.sheets.map((sh) => {
          const rows = sheetText(world, sheetId, sh.name);
          return { name: sh.name, rows, frozenRows: sh.frozenRows, columns: Math.max(0, ...rows.map((r) => r.length)) };
        })
      : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Executions (the developer panel).

export function executionView(r: ExecutionResult, seq: number, at: string, cause: string): ExecutionView {
  return {
    seq,
    execId: r.execId,
    parentId: r.parentId ?? null,
    project: r.project,
    fn: r.fn,
    user: r.user,
    ok: r.ok,
    timedOut: r.timedOut,
    error: r.error
      ? { name: r.error.name, message: r.error.message, ...(r.error.stack ? { stack: r.error.stack } : {}) }
      : null,
    wallMs: Math.round(r.wallMs),
    cpuMs: Math.round(r.cpuMs),
    serviceCalls: r.counters.totalServiceCalls,
    byService: { ...r.counters.serviceCalls },
    cellsRead: r.counters.cellsRead,
    cellsWritten: r.counters.cellsWritten,
    logs: r.logs.map((l) => ({ level: l.level, message: l.message })),
    at,
    cause,
  };
}
