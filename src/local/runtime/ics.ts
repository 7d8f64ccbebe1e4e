// iCalendar (RFC 5545) text: what Google Calendar attaches to invitation mail as `invite.ics`, and
// what the add-on's Gmail route B reads back (unfold, then `UID:`). Generation and parsing live
// together so the round trip is tested in one place.
//
// RFC 5545 rules implemented here:
// - content lines end with CRLF and are folded at 75 OCTETS (not characters): the continuation line
//   starts with one space; a multi-byte UTF-8 character is never split (3.1);
// - unfolding removes every CRLF immediately followed by one space or tab (3.1);
// - TEXT values escape backslash, semicolon, comma and newline as \\ \; \, \n (3.3.11);
// - a parameter value containing ':' ';' or ',' is DQUOTE-quoted; DQUOTE itself cannot appear (3.2).

export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  /** Raw value as written (TEXT escapes still in place); use `icsText()` to read TEXT values. */
  value: string;
}

export interface IcsComponent {
  name: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** Escapes a TEXT value (SUMMARY, DESCRIPTION, LOCATION...). */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Reverses `escapeText` (also accepts `\N`, which RFC 5545 allows for newline). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A parameter value, quoted when it holds a character that would end it. DQUOTE is dropped (not representable). */
export function paramValue(value: string): string {
  const clean = value.replace(/"/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** Folds one logical line into physical lines of at most 75 octets each (CRLF not counted). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  // Iterating a string yields whole code points, so surrogate pairs stay together.
  for (const ch of line) {
    const size = utf8Length(ch);
    // Continuation lines begin with a space, which counts toward their 75.
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** Removes folding: every CRLF (or bare LF, as some mailers rewrite it) followed by a space or tab. */
export function unfold(text: string): string {
  return text.replace(/\r?\n[ \t]/g, '');
}

export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Serializes a component tree to iCalendar text (folded, CRLF line ends, trailing CRLF). */
export function serializeIcs(root: IcsComponent): string {
  const lines: string[] = [];
  const emit = (c: IcsComponent): void => {
    lines.push(`BEGIN:${c.name}`);
    for (const p of c.properties) lines.push(foldLine(propertyLine(p)));
    for (const child of c.components) emit(child);
    lines.push(`END:${c.name}`);
  };
  emit(root);
  return lines.join(CRLF) + CRLF;
}

function propertyLine(p: IcsProperty): string {
  const params = Object.entries(p.params)
    .map(([k, v]) => `;${k}=${paramValue(v)}`)
    .join('');
  return `${p.name}${params}:${p.value}`;
}

/** Parses iCalendar text into its component tree (the outermost component, normally VCALENDAR). */
export function parseIcs(text: string): IcsComponent {
  const lines = unfold(text)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const stack: IcsComponent[] = [];
  let root: IcsComponent | undefined;
  for (const line of lines) {
    const prop = parseContentLine(line);
    if (prop.name === 'BEGIN') {
      const c: IcsComponent = { name: prop.value.toUpperCase(), properties: [], components: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.components.push(c);
      else if (!root) root = c;
      stack.push(c);
    } else if (prop.name === 'END') {
      const top = stack.pop();
      if (!top || top.name !== prop.value.toUpperCase()) throw new Error(`ICS: unexpected END:${prop.value}`);
    } else {
      const top = stack[stack.length - 1];
      if (!top) throw new Error(`ICS: property outside a component: ${prop.name}`);
      top.properties.push(prop);
    }
  }
  if (!root) throw new Error('ICS: no component found');
  if (stack.length) throw new Error(`ICS: missing END:${stack[stack.length - 1]!.name}`);
  return root;
}

/** Splits `NAME;P1=v;P2="a:b":value`, honouring quoted parameter values. */
export function parseContentLine(line: string): IcsProperty {
  let i = 0;
  const readName = (): string => {
    const start = i;
    while (i < line.length && line[i] !== ';' && line[i] !== ':' && line[i] !== '=') i++;
    return line.slice(start, i);
  };
  const name = readName().toUpperCase();
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    i++;
    const key = readName().toUpperCase();
    if (line[i] !== '=') throw new Error(`ICS: malformed parameter in line: ${line}`);
    i++;
    let value: string;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`ICS: unterminated quoted parameter in line: ${line}`);
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i++;
      value = line.slice(start, i);
    }
    params[key] = value;
  }
  if (line[i] !== ':') throw new Error(`ICS: missing ':' in line: ${line}`);
  return { name, params, value: line.slice(i + 1) };
}

/** First property of that name in a component. */
export function icsProp(c: IcsComponent, name: string): IcsProperty | undefined {
  return c.properties.find((p) => p.name === name.toUpperCase());
}

/** A TEXT property's value, unescaped. */
export function icsText(c: IcsComponent, name: string): string | undefined {
  const p = icsProp(c, name);
  return p ? unescapeText(p.value) : undefined;
}

/** First sub-component of that name (e.g. the VEVENT of a VCALENDAR). */
export function icsComponent(c: IcsComponent, name: string): IcsComponent | undefined {
  return c.components.find((x) => x.name === name.toUpperCase());
}

/** `20260302T090000Z` for an instant (UTC form, as Google writes DTSTART/DTEND/DTSTAMP). */
export function icsUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Reads `20260302T090000Z` (UTC) or `20260302` (a DATE, as UTC midnight). */
export function parseIcsUtc(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(value.trim());
  if (!m) throw new Error(`ICS: not a UTC date-time: ${value}`);
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
}

// ---------------------------------------------------------------------------------------------
// Google Calendar's invitation: the shape of `invite.ics` (METHOD REQUEST / CANCEL / REPLY).

export interface IcsAttendee {
  email: string;
  name?: string;
  partstat: 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';
  optional?: boolean;
  rsvp?: boolean;
}

export interface IcsEventInput {
  method: 'REQUEST' | 'CANCEL' | 'REPLY';
  uid: string;
  sequence: number;
  startMs: number;
  endMs: number;
  /** All-day events use DATE values. */
  allDay?: boolean;
  stampMs: number;
  createdMs: number;
  lastModifiedMs: number;
  summary?: string;
  description?: string;
  location?: string;
  organizer: { email: string; name?: string };
  attendees: IcsAttendee[];
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  recurrence?: string[];
  transparent?: boolean;
}

function icsDate(ms: number): string {
  return icsUtc(ms).slice(0, 8);
}

/** Builds the VCALENDAR Google attaches to invitation, update and cancellation mail. */
export function invitationIcs(ev: IcsEventInput): string {
  const prop = (name: string, value: string, params: Record<string, string> = {}): IcsProperty => ({
    name,
    params,
    value,
  });
  const vevent: IcsComponent = { name: 'VEVENT', properties: [], components: [] };
  const p = vevent.properties;
  if (ev.allDay) {
    p.push(
      prop('DTSTART', icsDate(ev.startMs), { VALUE: 'DATE' }),
      prop('DTEND', icsDate(ev.endMs), { VALUE: 'DATE' }),
    );
  } else {
    p.push(prop('DTSTART', icsUtc(ev.startMs)), prop('DTEND', icsUtc(ev.endMs)));
  }
  for (const r of ev.recurrence ?? []) {
    const colon = r.indexOf(':');
    if (colon > 0) p.push(parseContentLine(r));
  }
  p.push(prop('DTSTAMP', icsUtc(ev.stampMs)));
  p.push(prop('ORGANIZER', `mailto:${ev.organizer.email}`, { CN: ev.organizer.name ?? ev.organizer.email }));
  p.push(prop('UID', ev.uid));
  for (const a of ev.attendees) {
    p.push(
      prop('ATTENDEE', `mailto:${a.email}`, {
        CUTYPE: 'INDIVIDUAL',
        ROLE: a.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT',
        PARTSTAT: a.partstat,
        ...(a.rsvp ? { RSVP: 'TRUE' } : {}),
        CN: a.name ?? a.email,
        'X-NUM-GUESTS': '0',
      }),
    );
  }
  p.push(prop('CREATED', icsUtc(ev.createdMs)));
  p.push(prop('DESCRIPTION', escapeText(ev.description ?? '')));
  p.push(prop('LAST-MODIFIED', icsUtc(ev.lastModifiedMs)));
  p.push(prop('LOCATION', escapeText(ev.location ?? '')));
  p.push(prop('SEQUENCE', String(ev.sequence)));
  p.push(prop('STATUS', ev.status));
  p.push(prop('SUMMARY', escapeText(ev.summary ?? '')));
  p.push(prop('TRANSP', ev.transparent ? 'TRANSPARENT' : 'OPAQUE'));
  const cal: IcsComponent = {
    name: 'VCALENDAR',
    properties: [
      prop('PRODID', '-//Google Inc//Google Calendar 70.9054//EN'),
      prop('VERSION', '2.0'),
      prop('CALSCALE', 'GREGORIAN'),
      prop('METHOD', ev.method),
    ],
    components: [vevent],
  };
  return serializeIcs(cal);
}
