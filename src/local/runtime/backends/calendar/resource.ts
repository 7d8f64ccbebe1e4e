// The event's editable fields in API form: patch merging, extended properties with Google's limits,
// and parsing attendees, attachments and conference data from a request.
import { createHash } from 'node:crypto';
import {
  type EventCopy,
  type EventTime,
  MAX_ATTACHMENTS,
  MAX_PROPERTY_KEY,
  MAX_PROPERTY_VALUE,
  type ResponseStatus,
  type SharedEvent,
  type StoredAttachment,
} from './model';
import { badRequest, formatDate } from './time';

// ---------------------------------------------------------------------------------------------
// The write engine: insert, patch and update, from the API or from the UI helpers.

interface RawAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus?: ResponseStatus;
  comment?: string;
}

/** The editable fields of one copy, in API form (what a patch merges into). */
export interface EditableView {
  summary?: string;
  description?: string;
  location?: string;
  start?: unknown;
  end?: unknown;
  recurrence?: unknown;
  attendees?: unknown;
  attachments?: unknown;
  conferenceData?: unknown;
  status?: unknown;
  guestsCanModify?: unknown;
  guestsCanInviteOthers?: unknown;
  guestsCanSeeOtherGuests?: unknown;
  visibility?: unknown;
  extendedProperties?: { shared?: unknown; private?: unknown };
  reminders?: unknown;
  colorId?: unknown;
  transparency?: unknown;
}

export const EDITABLE_KEYS: (keyof EditableView)[] = [
  'summary',
  'description',
  'location',
  'start',
  'end',
  'recurrence',
  'attendees',
  'attachments',
  'conferenceData',
  'status',
  'guestsCanModify',
  'guestsCanInviteOthers',
  'guestsCanSeeOtherGuests',
  'visibility',
  'extendedProperties',
  'reminders',
  'colorId',
  'transparency',
];

function storedTimeJson(t: EventTime): Record<string, string> {
  return t.allDay
    ? { date: formatDate(t.ms) }
    : { dateTime: new Date(t.ms).toISOString(), ...(t.timeZone ? { timeZone: t.timeZone } : {}) };
}

export function viewOf(ev: SharedEvent, copy: EventCopy): EditableView {
  return {
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    start: storedTimeJson(ev.start),
    end: storedTimeJson(ev.end),
    recurrence: ev.recurrence ? [...ev.recurrence] : undefined,
    attendees: ev.attendees.map((a) => ({ ...a })),
    attachments: ev.attachments.map((a) => ({ ...a })),
    conferenceData: ev.conferenceData ? structuredClone(ev.conferenceData) : undefined,
    status: ev.status,
    guestsCanModify: ev.guestsCanModify,
    guestsCanInviteOthers: ev.guestsCanInviteOthers,
    guestsCanSeeOtherGuests: ev.guestsCanSeeOtherGuests,
    visibility: ev.visibility,
    extendedProperties: { shared: { ...ev.shared }, private: { ...copy.private } },
    reminders: copy.reminders ? structuredClone(copy.reminders) : undefined,
    colorId: copy.colorId,
    transparency: copy.transparency,
  };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** JSON-merge-patch semantics, as Google's patch: objects merge, arrays and scalars replace, null deletes. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function mergeTime(base: unknown, patch: unknown): unknown {
  // A new start/end replaces the old one; a timed value without a zone keeps the old zone name.
  if (!isPlainObject(patch)) return patch;
  if (patch.dateTime !== undefined && patch.timeZone === undefined && isPlainObject(base) && base.timeZone) {
    return { ...patch, timeZone: base.timeZone };
  }
  return patch;
}

/** Keeps only well-formed extended properties, with Google's silent limits applied. */
export function sanitizeProperties(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') continue;
    if (k.length > MAX_PROPERTY_KEY) continue;
    out[k] = val.length > MAX_PROPERTY_VALUE ? val.slice(0, MAX_PROPERTY_VALUE) : val;
  }
  return out;
}

export function propertiesSize(...maps: Record<string, string>[]): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const m of maps) {
    for (const [k, v] of Object.entries(m)) {
      count++;
      bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    }
  }
  return { count, bytes };
}

const RESPONSES: ResponseStatus[] = ['needsAction', 'declined', 'tentative', 'accepted'];

export function parseAttendees(v: unknown, method: string): RawAttendee[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(method, 'Invalid attendee list.');
  const seen = new Set<string>();
  const out: RawAttendee[] = [];
  for (const a of v) {
    const email = isPlainObject(a) && typeof a.email === 'string' ? a.email.trim().toLowerCase() : '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badRequest(method, 'Invalid attendee email.');
    if (seen.has(email)) continue;
    seen.add(email);
    const o = a as Record<string, unknown>;
    out.push({
      email,
      ...(typeof o.displayName === 'string' ? { displayName: o.displayName } : {}),
      ...(o.optional === true ? { optional: true } : {}),
      ...(RESPONSES.includes(o.responseStatus as ResponseStatus)
        ? { responseStatus: o.responseStatus as ResponseStatus }
        : {}),
      ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
    });
  }
  return out;
}

export function parseAttachments(v: unknown, method: string): StoredAttachment[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(method, 'Invalid attachments.');
  if (v.length > MAX_ATTACHMENTS) throw badRequest(method, `An event can have at most ${MAX_ATTACHMENTS} attachments.`);
  return v.map((a) => {
    const o = isPlainObject(a) ? a : {};
    if (typeof o.fileUrl !== 'string' || !o.fileUrl)
      throw badRequest(method, 'Missing attachment fileUrl.', 'required');
    const mimeType = typeof o.mimeType === 'string' ? o.mimeType : 'application/octet-stream';
    const fileId =
      typeof o.fileId === 'string'
        ? o.fileId
        : (/\/d\/([\w-]+)/.exec(o.fileUrl)?.[1] ?? /[?&]id=([\w-]+)/.exec(o.fileUrl)?.[1]);
    return {
      fileUrl: o.fileUrl,
      title: typeof o.title === 'string' ? o.title : o.fileUrl,
      mimeType,
      iconLink:
        typeof o.iconLink === 'string'
          ? o.iconLink
          : `https://drive-thirdparty.googleusercontent.com/16/type/${mimeType}`,
      ...(fileId ? { fileId } : {}),
    };
  });
}

export function parseConference(v: unknown, eventId: string): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) return undefined;
  const conf = structuredClone(v);
  if (isPlainObject(conf.createRequest) && !conf.entryPoints) {
    // Google creates a Meet conference for a createRequest; make a stable code from the event id.
    const h = createHash('sha1').update(eventId).digest('hex');
    const letters = h.replace(/[^a-z]/g, '').padEnd(10, 'x');
    const code = `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
    const createRequest = conf.createRequest as Record<string, unknown>;
    conf.createRequest = { ...createRequest, status: { statusCode: 'success' } };
    conf.entryPoints = [
      { entryPointType: 'video', uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` },
    ];
    conf.conferenceSolution = {
      key: { type: 'hangoutsMeet' },
      name: 'Google Meet',
      iconUri:
        'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
    };
    conf.conferenceId = code;
  }
  return conf;
}
