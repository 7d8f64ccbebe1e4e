// Sheets backend: cell values: date serials, number formats and display text, and values as a user enters them.
import { isValidTimeZone, MONTH_NAMES, WEEKDAY_NAMES, zoneOffsetMs } from '../../../../core/time';
import { ServiceError } from '../../service';
import { type Cell, type CellPrimitive, DATE_TIME_FORMAT, GENERAL_FORMAT, MAX_CELL_CHARS, MSG } from './model';
import { evaluateFormula } from './formulas';

// ---------------------------------------------------------------------------------------------------
// Time zones and serial numbers
// ---------------------------------------------------------------------------------------------------

export const DAY_MS = 86_400_000;
/** 1899-12-30T00:00:00Z: day 0 of the spreadsheet epoch. */
export const EPOCH_MS = Date.UTC(1899, 11, 30);
// Time-zone arithmetic is core's (src/core/time.ts: cached formatters, DST-safe).
export { isValidTimeZone };

/** The serial number of an instant's wall-clock time in the zone. */
export function serialFromInstant(instantMs: number, timeZone: string): number {
  return (instantMs + zoneOffsetMs(instantMs, timeZone) - EPOCH_MS) / DAY_MS;
}

// A read of a date column converts every cell (300,000 Ledger rows: two thirds of the read's time),
// and the same dates recur down a column: conversions are remembered per zone and serial, a bounded
// number of them.
const instantsSeen = new Map<string, Map<number, number>>();
const INSTANTS_SEEN_MAX = 50_000;

/** The instant a serial number's wall-clock time denotes in the zone (rounded to the millisecond). */
export function instantFromSerial(serial: number, timeZone: string): number {
  let zone = instantsSeen.get(timeZone);
  if (!zone) instantsSeen.set(timeZone, (zone = new Map()));
  const seen = zone.get(serial);
  if (seen !== undefined) return seen;
  const wall = Math.round(serial * DAY_MS) + EPOCH_MS;
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  if (zone.size >= INSTANTS_SEEN_MAX) zone.clear();
  zone.set(serial, instant);
  return instant;
}

export function wallParts(serial: number) {
  const d = new Date(EPOCH_MS + Math.round(serial * DAY_MS));
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    wd: d.getUTCDay(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

export function serialOfWall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return (Date.UTC(y, mo - 1, d, h, mi, s) - EPOCH_MS) / DAY_MS;
}

// ---------------------------------------------------------------------------------------------------
// Number formats and display values
// ---------------------------------------------------------------------------------------------------

export function stripLiterals(nf: string): string {
  return nf
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
}

export function isDateFormat(nf: string | undefined): boolean {
  if (!nf || nf === '@' || nf === GENERAL_FORMAT || /^general$/i.test(nf)) return false;
  return /[dyhsm]/i.test(stripLiterals(nf).replace(/E[+-]/g, ''));
}

export const MONTHS = MONTH_NAMES;
export const DAYS = WEEKDAY_NAMES;
export const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats a serial number with a Sheets date/time pattern (case-insensitive tokens; 'm' after h or before s is minutes). */
export function formatDateSerial(serial: number, nf: string): string {
  type Tok = { kind: 'lit'; text: string } | { kind: 'tok'; text: string };
  const toks: Tok[] = [];
  let i = 0;
  while (i < nf.length) {
    const ch = nf[i]!;
    if (ch === '"') {
      const end = nf.indexOf('"', i + 1);
      toks.push({ kind: 'lit', text: nf.slice(i + 1, end < 0 ? nf.length : end) });
      i = end < 0 ? nf.length : end + 1;
    } else if (ch === '\\' && i + 1 < nf.length) {
      toks.push({ kind: 'lit', text: nf[i + 1]! });
      i += 2;
    } else if (/^(am\/pm|a\/p)/i.test(nf.slice(i))) {
      const m = /^(am\/pm|a\/p)/i.exec(nf.slice(i))![0];
      toks.push({ kind: 'tok', text: m.toLowerCase() });
      i += m.length;
    } else if (/[ydmhs]/i.test(ch)) {
      let j = i;
      while (j < nf.length && nf[j]!.toLowerCase() === ch.toLowerCase()) j++;
      toks.push({ kind: 'tok', text: nf.slice(i, j).toLowerCase() });
      i = j;
    } else if (ch === '.' && /^\.0+/.test(nf.slice(i)) && toks.length && toks[toks.length - 1]!.text.startsWith('s')) {
      const m = /^\.0+/.exec(nf.slice(i))![0];
      toks.push({ kind: 'tok', text: m });
      i += m.length;
    } else {
      toks.push({ kind: 'lit', text: ch });
      i++;
    }
  }
  const twelve = toks.some((t) => t.kind === 'tok' && (t.text === 'am/pm' || t.text === 'a/p'));
  const p = wallParts(serial);
  const dateToks = toks.filter((t) => t.kind === 'tok');
  let out = '';
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'lit') {
      out += t.text;
      continue;
    }
    const idx = dateToks.indexOf(t);
    const prev = dateToks[idx - 1]?.text ?? '';
    const next = dateToks[idx + 1]?.text ?? '';
    const x = t.text;
    if (x.startsWith('y')) out += x.length <= 2 ? pad(p.y % 100) : String(p.y);
    else if (x.startsWith('d'))
      out +=
        x.length === 1
          ? String(p.d)
          : x.length === 2
            ? pad(p.d)
            : x.length === 3
              ? DAYS[p.wd]!.slice(0, 3)
              : DAYS[p.wd]!;
    else if (x.startsWith('h')) {
      const h = twelve ? ((p.h + 11) % 12) + 1 : p.h;
      out += x.length === 1 ? String(h) : pad(h);
    } else if (x.startsWith('m')) {
      const minutes = x.length <= 2 && (prev.startsWith('h') || next.startsWith('s'));
      if (minutes) out += x.length === 1 ? String(p.mi) : pad(p.mi);
      else
        out +=
          x.length === 1
            ? String(p.mo)
            : x.length === 2
              ? pad(p.mo)
              : x.length === 3
                ? MONTHS[p.mo - 1]!.slice(0, 3)
                : MONTHS[p.mo - 1]!;
    } else if (x.startsWith('s')) out += x.length === 1 ? String(p.s) : pad(p.s);
    else if (x.startsWith('.')) out += '.' + pad(p.ms, 3).slice(0, x.length - 1);
    else if (x === 'am/pm') out += p.h < 12 ? 'AM' : 'PM';
    else if (x === 'a/p') out += p.h < 12 ? 'A' : 'P';
  }
  return out;
}

/** Sheets' automatic number display: integers as they are, up to ~10 significant digits otherwise. */
export function formatGeneralNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-9)) {
    const [m, e] = n.toExponential(5).split('e');
    const mant = m!.replace(/\.?0+$/, '');
    const exp = Number(e);
    return `${mant}E${exp < 0 ? '-' : '+'}${pad(Math.abs(exp))}`;
  }
  if (Number.isInteger(n)) return String(n);
  // Ten digits in all, not counting the leading zero of a fraction (1/3 shows 0.3333333333).
  const digits = Math.max(0, 10 - (abs >= 1 ? Math.floor(Math.log10(abs)) + 1 : 0));
  return String(Number(n.toFixed(Math.min(digits, 15))));
}

export function formatNumberPattern(n: number, nf: string): string {
  const section = nf.split(';')[0] ?? nf;
  const m = /^(.*?)([#0,]+(?:\.[#0]+)?|\.[#0]+)(%?)(.*)$/.exec(section);
  if (!m) return formatGeneralNumber(n);
  const literal = (s: string) =>
    s
      .replace(/"([^"]*)"/g, '$1')
      .replace(/\\(.)/g, '$1')
      .replace(/\[\$([^\]-]*)[^\]]*\]/g, '$1');
  const [, pre = '', core = '', pct = '', post = ''] = m;
  const value = pct ? n * 100 : n;
  const [intPart = '', frac = ''] = core.split('.');
  const minFrac = (frac.match(/0/g) ?? []).length;
  const maxFrac = frac.length;
  let s = Math.abs(value).toFixed(maxFrac);
  if (maxFrac > minFrac) {
    s = s.replace(new RegExp(`0{0,${maxFrac - minFrac}}$`), '');
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  let [whole = '0', dec] = s.split('.');
  const minInt = (intPart.match(/0/g) ?? []).length;
  if (whole === '0' && minInt === 0) whole = '';
  whole = whole.padStart(minInt, '0');
  if (intPart.includes(',')) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = dec !== undefined ? `${whole}.${dec}` : whole;
  return `${value < 0 && Number(body.replace(/,/g, '')) !== 0 ? '-' : ''}${literal(pre)}${body}${pct}${literal(post)}`;
}

/** The text Sheets shows for a value under a number format (getDisplayValues). */
export function displayOf(v: CellPrimitive | null, nf: string | undefined): string {
  if (v === null || v === '') return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (!nf || nf === GENERAL_FORMAT || /^general$/i.test(nf) || nf === '@') return formatGeneralNumber(v);
  if (isDateFormat(nf)) return formatDateSerial(v, nf);
  return formatNumberPattern(v, nf);
}

// ---------------------------------------------------------------------------------------------------
// Entering values (what a user typing, or SpreadsheetApp.setValues, stores)
// ---------------------------------------------------------------------------------------------------

/** A value as it crosses from the script: Dates arrive tagged because they are made in another realm. */
export type InputValue = CellPrimitive | null | { $date: number };

export const NUMBER_RE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?%?$/i;
export const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?$/i;
export const ISO_DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(.+))?$/;
export const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(.+))?$/;

export function parseNumber(s: string): { v: number; nf?: string } | null {
  if (!/\d/.test(s) || !NUMBER_RE.test(s)) return null;
  const pct = s.endsWith('%');
  const grouped = s.includes(',');
  const v = Number(s.replace(/,/g, '').replace('%', ''));
  if (!Number.isFinite(v)) return null;
  const decimals = s.includes('.');
  if (pct) return { v: v / 100, nf: decimals ? '0.00%' : '0%' };
  if (grouped) return { v, nf: decimals ? '#,##0.00' : '#,##0' };
  return { v };
}

export function parseTime(s: string): { frac: number; seconds: boolean; twelve: boolean } | null {
  const m = TIME_RE.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const sec = m[3] ? Number(m[3]) : 0;
  const ap = m[4]?.toLowerCase();
  if (ap) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ap === 'pm' ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  return { frac: (h * 3600 + mi * 60 + sec) / 86400, seconds: m[3] !== undefined, twelve: !!ap };
}

export function validYmd(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Recognises the date and time texts Sheets (en_US) turns into dates. ISO strings with 'T' stay text. */
export function parseDateText(s: string): { v: number; nf: string } | null {
  const t = parseTime(s);
  if (t)
    return { v: t.frac, nf: t.twelve ? (t.seconds ? 'h:mm:ss am/pm' : 'h:mm am/pm') : t.seconds ? 'H:mm:ss' : 'H:mm' };
  let y: number, mo: number, d: number, rest: string | undefined, nf: string;
  let m = ISO_DATE_RE.exec(s);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    rest = m[4];
    nf = 'yyyy-mm-dd';
  } else if ((m = US_DATE_RE.exec(s))) {
    mo = Number(m[1]);
    d = Number(m[2]);
    y = Number(m[3]);
    rest = m[4];
    nf = 'M/d/yyyy';
    if (m[3]!.length === 2) y += y < 30 ? 2000 : 1900;
  } else return null;
  if (!validYmd(y, mo, d)) return null;
  let v = serialOfWall(y, mo, d);
  if (rest !== undefined) {
    const time = parseTime(rest.trim());
    if (!time) return null;
    v += time.frac;
    nf += time.twelve ? ' h:mm:ss am/pm' : ' H:mm:ss';
  }
  return { v, nf };
}

export interface EnterOptions {
  /** The cell's explicit number format: '@' keeps text as typed; any explicit format suppresses automatic ones. */
  explicitFormat?: string;
  timeZone: string;
  /** RAW (the Sheets API's valueInputOption=RAW): strings are stored exactly as given. */
  raw?: boolean;
}

/** What gets stored for a value written into a cell. Throws ServiceError for over-long text. */
export function enterValue(value: InputValue, opts: EnterOptions): Cell {
  if (value === null || value === undefined || value === '') return null;
  const auto = (v: CellPrimitive, nf: string | undefined): Cell => (nf && !opts.explicitFormat ? { v, nf } : v);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : '#NUM!';
  if (typeof value === 'object') {
    if (!Number.isFinite(value.$date)) return '#NUM!';
    const serial = serialFromInstant(value.$date, opts.timeZone);
    return auto(serial, DATE_TIME_FORMAT);
  }
  const s = String(value);
  if (s.length > MAX_CELL_CHARS) throw new ServiceError(MSG.cellTooLong);
  if (opts.raw || opts.explicitFormat === '@') return s;
  if (s.startsWith("'")) return s.length > 1 ? s.slice(1) : null;
  if (s.startsWith('=') && s.length > 1) return { f: s, v: evaluateFormula(s) };
  const trimmed = s.trim();
  const n = parseNumber(trimmed);
  if (n) return auto(n.v, n.nf);
  if ((s.startsWith('+') || s.startsWith('-')) && s.length > 1) {
    const f = `=${s}`;
    return { f, v: evaluateFormula(f) };
  }
  if (/^true$/i.test(trimmed)) return true;
  if (/^false$/i.test(trimmed)) return false;
  const d = parseDateText(trimmed);
  if (d) return auto(d.v, d.nf);
  return s;
}

export function cellValue(cell: Cell): CellPrimitive | null {
  if (cell === null) return null;
  return typeof cell === 'object' ? cell.v : cell;
}
