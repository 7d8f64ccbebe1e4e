// What the workbench's JSON API sends the browser: the one definition the server (page-data.ts,
// workbench.ts) builds and the front end (web/) reads. Types only, so the browser bundle can import
// them without pulling in Node code.
import type { CardJson } from '../cards/card-json';

export type Role = 'coachee' | 'manager' | 'coach' | 'admin' | 'service';

export interface PersonView {
  email: string;
  name: string;
  initials: string;
  timeZone: string;
  external: boolean;
  roles: Role[];
  /** One line saying who they are in the program. */
  about: string;
}

export interface WeekEvent {
  id: string;
  title: string;
  start: number;
  end: number;
  /** Day index 0-6 in the week and minutes since local midnight, per visible day segment. */
  segments: { day: number; from: number; to: number }[];
  timeText: string;
  organizer: string;
  isOrganizer: boolean;
  recurring: boolean;
  /** The shared CCM marker is on the event (the add-on confirmed it). */
  ccm: boolean;
  myResponse: string | null;
  attendeeCount: number;
}

export interface WeekView {
  timeZone: string;
  zoneLabel: string;
  weekStart: string;
  title: string;
  days: { date: string; weekday: string; day: number; isToday: boolean }[];
  events: WeekEvent[];
  now: { day: number; minute: number } | null;
  prevWeek: string;
  nextWeek: string;
  thisWeek: string;
}

export interface GuestView {
  email: string;
  name: string;
  organizer: boolean;
  external: boolean;
  response: string;
}

export interface EditorView {
  draftId: string;
  eventId: string | null;
  user: string;
  timeZone: string;
  zoneLabel: string;
  title: string;
  description: string;
  location: string;
  start: string;
  end: string;
  repeatsWeekly: boolean;
  guests: GuestView[];
  attachments: { title: string; url: string; mimeType: string }[];
}

/** What the browser sends when the person edits the draft (PATCH /api/editor/:id). */
export type EditorChanges = {
  title?: string;
  description?: string;
  location?: string;
  start?: string;
  end?: string;
  guests?: string[];
  repeatsWeekly?: boolean;
};

export interface EventView {
  eventId: string;
  user: string;
  title: string;
  when: string;
  zoneLabel: string;
  description: string;
  location: string;
  organizer: string;
  organizerName: string;
  isOrganizer: boolean;
  recurring: boolean;
  cancelled: boolean;
  ccm: boolean;
  myResponse: string | null;
  guests: GuestView[];
  attachments: { title: string; url: string }[];
  htmlLink: string;
}

export interface MailListItem {
  id: string;
  from: string;
  fromEmail: string;
  subject: string;
  snippet: string;
  date: string;
  unread: boolean;
  kind: string;
  invitation: boolean;
}

export interface MessageView {
  id: string;
  subject: string;
  from: string;
  fromEmail: string;
  to: string[];
  cc: string[];
  date: string;
  html: string;
  kind: string;
  attachments: { name: string; contentType: string; bytes: number }[];
  /** For an invitation: the event as it is in this person's calendar now (for Yes / No / Maybe). */
  event: { eventId: string; title: string; when: string; myResponse: string | null; cancelled: boolean } | null;
}

export interface SheetView {
  name: string;
  url: string;
  access: 'owner' | 'writer' | 'reader' | null;
  owner: string;
  tabs: { name: string; rows: string[][]; frozenRows: number; columns: number }[];
}

export interface ExecutionView {
  seq: number;
  execId: string;
  parentId: string | null;
  project: string;
  fn: string;
  user: string;
  ok: boolean;
  timedOut: boolean;
  error: { name: string; message: string; stack?: string } | null;
  wallMs: number;
  cpuMs: number;
  serviceCalls: number;
  byService: Record<string, number>;
  cellsRead: number;
  cellsWritten: number;
  logs: { level: string; message: string }[];
  /** Real time the workbench saw it end, and what the person did that caused it. */
  at: string;
  cause: string;
}

export interface PanelView {
  id: string;
  rev: number;
  host: 'CALENDAR' | 'GMAIL';
  depth: number;
  card: CardJson | null;
  notification: string | null;
  openLink: string | null;
  crash: { message: string; execId: string | null; trigger: boolean } | null;
  renderProblems: string[];
  addon: AddonInfo;
}

export interface AddonInfo {
  name: string;
  logoUrl: string;
  primaryColor: string;
  secondaryColor: string;
  universalActions: string[];
}

export interface PanelResponse {
  panel: PanelView;
  /** The open editor after the add-on changed it (guests, attachments, a reload after confirm); null: it closed. */
  editor?: EditorView | null;
  /** A read-only event view after the add-on changed the event. */
  event?: EventView | null;
}

export interface ClockView {
  ms: number;
  /** The wall time in the viewer's (or the service owner's) zone, and that zone's abbreviation. */
  text: string;
  zone: string;
  iso: string;
}

export interface BootstrapView {
  company: { name: string; domain: string | null; sheetUrl: string; timeZone: string };
  people: PersonView[];
  clock: ClockView;
  addon: AddonInfo;
  now: number;
}
