// Drive files and Google Sheets over the World: the server side of SpreadsheetApp.
//
// The slice (`world.state.drive`) is plain JSON and shaped like what the Sheets v4 / Drive v3 APIs
// expose, so a REST stand-in can sit on the same data: files with an owner / editors / viewers ACL,
// spreadsheets with sheets (sheetId, title, grid size, frozen rows), cell values as the API's
// UNFORMATTED_VALUE (numbers, strings, booleans; dates as serial numbers in the spreadsheet's time
// zone) plus the formula and number format where they differ from the default.
//
// Storage is row-major and dense by row (`rows[r - 1]` is row r, trailing empty rows and cells are
// trimmed), so reading or writing a few cells of a 100,000-row ledger is O(cells touched), getLastRow
// is O(1), and a JSON dump stays compact. Formats, validations, styles and protections are rectangle
// rules (later rules win), not per-cell copies, so formatting a whole column costs one rule.
//
// Semantics pinned against Google's behaviour (see test/runtime/sheets*.test.ts):
// - Values written through SpreadsheetApp are parsed as if typed by a user (USER_ENTERED): '=...' is a
//   formula; '+x' / '-x' that are not numbers are formulas too; numeric-looking text becomes a number
//   ('007' -> 7), 'true'/'FALSE' booleans, '2026-03-02' or '3/2/2026' dates; a leading apostrophe forces
//   text and is dropped. A cell whose number format is plain text ('@') stores the string as typed.
// - A Date is stored as a serial number (days since 1899-12-30) of its wall-clock time in the
//   spreadsheet's time zone, with the format 'M/d/yyyy H:mm:ss'; any cell whose effective number format
//   is a date/time format reads back as a Date.
// - Formulas are stored (getFormulas) and their value is computed only for literal arithmetic, text
//   and comparisons; a function call reads '#NAME?', a cell reference '#REF!' (the local runtime does
//   not evaluate references), a syntax error '#ERROR!'.
import { createHash } from 'node:crypto';
import type { World } from '../world';
import { isValidTimeZone, MONTH_NAMES, WEEKDAY_NAMES, zoneOffsetMs } from '../../../core/time';
import { requireScope, ServiceError, type CallContext, type HandlerMap } from '../service';

// ---------------------------------------------------------------------------------------------------
// The World slice
// ---------------------------------------------------------------------------------------------------

export type CellPrimitive = string | number | boolean;
/** A cell that needs more than its value: a formula (with its computed value) or an automatic number format. */
export interface CellObject {
  v: CellPrimitive;
  /** The formula as entered, starting with '='. */
  f?: string;
  /** Number format the cell took from what was entered (a date, a percentage); an explicit format rule wins. */
  nf?: string;
}
export type Cell = CellPrimitive | CellObject | null;

/** 1-based inclusive rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface FormatRule extends Rect {
  nf: string;
}

export interface StyleRule extends Rect {
  /** The Range setter's property, e.g. 'fontWeight', 'background', 'note'. */
  prop: string;
  value: string | number | boolean | null;
}

export type ValidationCriteria =
  'VALUE_IN_LIST' | 'DATE_IS_VALID_DATE' | 'TEXT_IS_VALID_EMAIL' | 'NUMBER_BETWEEN' | 'CHECKBOX';

export interface ValidationSpec {
  criteria: ValidationCriteria;
  values: (string | number | boolean)[];
  allowInvalid: boolean;
  helpText: string | null;
  showDropdown?: boolean;
}

export interface ValidationRule extends Rect, ValidationSpec {}

export interface ProtectionState {
  id: number;
  type: 'SHEET' | 'RANGE';
  /** For RANGE protections. */
  rect?: Rect;
  description: string;
  editors: string[];
  warningOnly: boolean;
  domainEdit: boolean;
}

export interface SheetState {
  /** Stable id (the `gid` in URLs); survives renames and moves. */
  sheetId: number;
  name: string;
  maxRows: number;
  maxCols: number;
  frozenRows: number;
  frozenCols: number;
  /** rows[r - 1] is row r; null or [] is an empty row. Trailing empty rows and cells are trimmed. */
  rows: (Cell[] | null)[];
  formats: FormatRule[];
  styles: StyleRule[];
  validations: ValidationRule[];
  protections: ProtectionState[];
}

export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  owner: string;
  editors: string[];
  viewers: string[];
  createdMs: number;
  modifiedMs: number;
  timeZone: string;
  locale: string;
  sheets: SheetState[];
  nextSheetId: number;
  nextProtectionId: number;
  /** A non-spreadsheet file (a Google Doc made through the Drive API stand-in, src/local/admin/rest.ts): its text as uploaded. */
  content?: { mimeType: string; text: string };
}

export interface DriveState {
  files: Record<string, DriveFile>;
  /** Counter behind deterministic file ids (so a scenario replays to the same ids). */
  seq: number;
}

export const initialDriveState = (): DriveState => ({ files: {}, seq: 0 });

export const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';
const SCOPE_RW = 'https://www.googleapis.com/auth/spreadsheets';
const SCOPE_RO = 'https://www.googleapis.com/auth/spreadsheets.readonly';
const DEFAULT_ROWS = 1000;
const DEFAULT_COLS = 26;
/** Google Sheets' limit on cells per spreadsheet. */
export const MAX_CELLS = 10_000_000;
/** Google Sheets' limit on characters in one cell. */
export const MAX_CELL_CHARS = 50_000;
/** What Apps Script reports as the format of a cell nobody formatted. */
export const GENERAL_FORMAT = '0.###############';
/** The format Sheets gives a cell when a script writes a Date into it. */
export const DATE_TIME_FORMAT = 'M/d/yyyy H:mm:ss';

// Google's wording (pinned in the tests).
export const MSG = {
  noAccess: 'You do not have permission to access the requested document.',
  noEdit: 'You do not have permission to perform that action.',
  protectedCell:
    'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
  notFound: (method: string) =>
    `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
  missing: (id: string) => `Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`,
  rowsMismatch: (data: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${data} but the range has ${range}.`,
  colsMismatch: (data: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${data} but the range has ${range}.`,
  outside: 'The coordinates of the range are outside the dimensions of the sheet.',
  rowTooSmall: 'The starting row of the range is too small.',
  colTooSmall: 'The starting column of the range is too small.',
  numRows: 'The number of rows in the range must be at least 1.',
  numCols: 'The number of columns in the range must be at least 1.',
  rangeNotFound: 'Range not found',
  sheetExists: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  lastSheet: "You can't remove all the sheets in a document.",
  allRows: 'Sorry, it is not possible to delete all non-frozen rows.',
  rowsOutOfBounds: 'Those rows are out of bounds.',
  tooManyCells: `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
  cellTooLong: `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
  invalidValidation: (a1: string) =>
    `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
  sheetGone: 'Sheet not found',
};

// ---------------------------------------------------------------------------------------------------
// A1 notation
// ---------------------------------------------------------------------------------------------------

export function columnLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(r: number, c: number, nr = 1, nc = 1): string {
  const start = `${columnLetters(c)}${r}`;
  return nr === 1 && nc === 1 ? start : `${start}:${columnLetters(c + nc - 1)}${r + nr - 1}`;
}

/** A parsed A1 reference; open ends (whole columns 'A:C', whole rows '2:5', 'A2:C') are undefined. */
export interface A1Ref {
  sheetName?: string;
  r0?: number;
  c0?: number;
  r1?: number;
  c1?: number;
}

const CELL_PART = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

/** Parses 'A1', 'A1:B2', 'A:C', '2:5', 'A2:C', "'My sheet'!A1:B2". Returns null when it is not A1 notation. */
export function parseA1(input: string): A1Ref | null {
  let text = input.trim();
  let sheetName: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    let name = text.slice(0, bang);
    if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) name = name.slice(1, -1).replace(/''/g, "'");
    sheetName = name;
    text = text.slice(bang + 1);
  }
  const [a, b, extra] = text.split(':');
  if (a === undefined || extra !== undefined || a === '') return null;
  const p = CELL_PART.exec(a);
  if (!p || (!p[1] && !p[2])) return null;
  const ref: A1Ref = { sheetName };
  if (p[1]) ref.c0 = columnNumber(p[1]);
  if (p[2]) ref.r0 = Number(p[2]);
  if (ref.r0 === 0) return null; // rows start at 1
  if (b === undefined) {
    if (ref.c0 === undefined || ref.r0 === undefined) return null; // a lone 'A' or '2' is not a range
    ref.r1 = ref.r0;
    ref.c1 = ref.c0;
    return ref;
  }
  const q = CELL_PART.exec(b);
  if (!q || (!q[1] && !q[2])) return null;
  if (q[1]) ref.c1 = columnNumber(q[1]);
  if (q[2]) ref.r1 = Number(q[2]);
  // 'A:C' and '2:5' must be consistently column-only / row-only; 'A2:C' (open rows) is allowed.
  if ((ref.c0 === undefined) !== (ref.c1 === undefined)) return null;
  if (ref.r1 === 0) return null;
  return ref;
}

// ---------------------------------------------------------------------------------------------------
// Time zones and serial numbers
// ---------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
/** 1899-12-30T00:00:00Z: day 0 of the spreadsheet epoch. */
const EPOCH_MS = Date.UTC(1899, 11, 30);
// Time-zone arithmetic is core's (src/core/time.ts: cached formatters, DST-safe).
export { isValidTimeZone };

/** The serial number of an instant's wall-clock time in the zone. */
export function serialFromInstant(instantMs: number, timeZone: string): number {
  return (instantMs + zoneOffsetMs(instantMs, timeZone) - EPOCH_MS) / DAY_MS;
}

/** The instant a serial number's wall-clock time denotes in the zone (rounded to the millisecond). */
export function instantFromSerial(serial: number, timeZone: string): number {
  const wall = Math.round(serial * DAY_MS) + EPOCH_MS;
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return instant;
}

function wallParts(serial: number) {
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

function serialOfWall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return (Date.UTC(y, mo - 1, d, h, mi, s) - EPOCH_MS) / DAY_MS;
}

// ---------------------------------------------------------------------------------------------------
// Number formats and display values
// ---------------------------------------------------------------------------------------------------

function stripLiterals(nf: string): string {
  return nf
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
}

export function isDateFormat(nf: string | undefined): boolean {
  if (!nf || nf === '@' || nf === GENERAL_FORMAT || /^general$/i.test(nf)) return false;
  return /[dyhsm]/i.test(stripLiterals(nf).replace(/E[+-]/g, ''));
}

const MONTHS = MONTH_NAMES;
const DAYS = WEEKDAY_NAMES;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

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

function formatNumberPattern(n: number, nf: string): string {
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
// Formulas: stored as entered; only literal expressions are computed (see the header)
// ---------------------------------------------------------------------------------------------------

const ERR_NAME = '#NAME?';
const ERR_REF = '#REF!';
const ERR_PARSE = '#ERROR!';
const ERR_DIV0 = '#DIV/0!';
const ERR_VALUE = '#VALUE!';

class FormulaError {
  constructor(readonly code: string) {}
}

/** Computes a formula's value when it only combines literals; otherwise Sheets' error text for it. */
export function evaluateFormula(formula: string): CellPrimitive {
  const src = formula.slice(1);
  let pos = 0;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const peek = (s: string) => {
    ws();
    return src.startsWith(s, pos);
  };
  const eat = (s: string) => {
    if (peek(s)) {
      pos += s.length;
      return true;
    }
    return false;
  };
  const num = (x: CellPrimitive): number => {
    if (typeof x === 'number') return x;
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (x === '') return 0;
    const n = Number(x);
    if (Number.isNaN(n)) throw new FormulaError(ERR_VALUE);
    return n;
  };
  const text = (x: CellPrimitive): string =>
    typeof x === 'boolean' ? (x ? 'TRUE' : 'FALSE') : typeof x === 'number' ? formatGeneralNumber(x) : x;
  let deferred: string | null = null; // a reference or function call: parse on, report after
  function primary(): CellPrimitive {
    ws();
    if (eat('(')) {
      const v = comparison();
      if (!eat(')')) throw new FormulaError(ERR_PARSE);
      return v;
    }
    if (peek('"')) {
      pos++;
      let s = '';
      for (;;) {
        if (pos >= src.length) throw new FormulaError(ERR_PARSE);
        const ch = src[pos++]!;
        if (ch === '"') {
          if (src[pos] === '"') {
            s += '"';
            pos++;
          } else break;
        } else s += ch;
      }
      return s;
    }
    const n = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?/i.exec(src.slice(pos));
    if (n) {
      pos += n[0].length;
      const v = Number(n[0].replace('%', ''));
      return n[0].endsWith('%') ? v / 100 : v;
    }
    const id =
      /^('[^']+'|[A-Za-z_][\w.]*)(!\$?[A-Za-z]{0,3}\$?\d*(:\$?[A-Za-z]{0,3}\$?\d*)?)?(:\$?[A-Za-z]{0,3}\$?\d*)?/.exec(
        src.slice(pos),
      );
    if (id && id[0]) {
      pos += id[0].length;
      const word = id[0];
      if (eat('(')) {
        // A function call: parse the arguments so syntax errors still win, then report #NAME?.
        if (!eat(')')) {
          do comparison();
          while (eat(','));
          if (!eat(')')) throw new FormulaError(ERR_PARSE);
        }
        deferred ??= ERR_NAME;
        return 0;
      }
      if (/^true$/i.test(word)) return true;
      if (/^false$/i.test(word)) return false;
      deferred ??=
        /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(word) || word.includes('!') || word.includes(':')
          ? ERR_REF
          : ERR_NAME;
      return 0;
    }
    throw new FormulaError(ERR_PARSE);
  }
  function unary(): CellPrimitive {
    if (eat('-')) return -num(unary());
    if (eat('+')) return num(unary());
    return primary();
  }
  function power(): CellPrimitive {
    let v = unary();
    while (eat('^')) v = Math.pow(num(v), num(unary()));
    return v;
  }
  function product(): CellPrimitive {
    let v = power();
    for (;;) {
      if (eat('*')) v = num(v) * num(power());
      else if (eat('/')) {
        const d = num(power());
        if (d === 0 && deferred === null) throw new FormulaError(ERR_DIV0);
        v = d === 0 ? 0 : num(v) / d;
      } else return v;
    }
  }
  function sum(): CellPrimitive {
    let v = product();
    for (;;) {
      if (eat('+')) v = num(v) + num(product());
      else if (eat('-')) v = num(v) - num(product());
      else return v;
    }
  }
  function concat(): CellPrimitive {
    let v = sum();
    while (eat('&')) v = text(v) + text(sum());
    return v;
  }
  function comparison(): CellPrimitive {
    let v = concat();
    for (;;) {
      const op = ['<>', '<=', '>=', '=', '<', '>'].find((o) => eat(o));
      if (!op) return v;
      const w = concat();
      const a = typeof v === 'string' ? v.toLowerCase() : v;
      const b = typeof w === 'string' ? w.toLowerCase() : w;
      v =
        op === '='
          ? a === b
          : op === '<>'
            ? a !== b
            : op === '<'
              ? a < b
              : op === '>'
                ? a > b
                : op === '<='
                  ? a <= b
                  : a >= b;
    }
  }
  try {
    const v = comparison();
    ws();
    if (pos < src.length) return ERR_PARSE;
    if (deferred) return deferred;
    return v;
  } catch (e) {
    if (e instanceof FormulaError) return deferred && e.code !== ERR_PARSE ? deferred : e.code;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Entering values (what a user typing, or SpreadsheetApp.setValues, stores)
// ---------------------------------------------------------------------------------------------------

/** A value as it crosses from the script: Dates arrive tagged because they are made in another realm. */
export type InputValue = CellPrimitive | null | { $date: number };

const NUMBER_RE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?%?$/i;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?$/i;
const ISO_DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(.+))?$/;
const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(.+))?$/;

function parseNumber(s: string): { v: number; nf?: string } | null {
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

function parseTime(s: string): { frac: number; seconds: boolean; twelve: boolean } | null {
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

function validYmd(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Recognises the date and time texts Sheets (en_US) turns into dates. ISO strings with 'T' stay text. */
function parseDateText(s: string): { v: number; nf: string } | null {
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

function cellValue(cell: Cell): CellPrimitive | null {
  if (cell === null) return null;
  return typeof cell === 'object' ? cell.v : cell;
}

// ---------------------------------------------------------------------------------------------------
// Rectangles (formats, styles, validations, protections) and row shifts
// ---------------------------------------------------------------------------------------------------

function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

function contains(outer: Rect, r: number, c: number): boolean {
  return r >= outer.r0 && r <= outer.r1 && c >= outer.c0 && c <= outer.c1;
}

/** The parts of `a` outside `b` (at most four rectangles). */
function subtract(a: Rect, b: Rect): Rect[] {
  if (!intersects(a, b)) return [a];
  const out: Rect[] = [];
  if (a.r0 < b.r0) out.push({ r0: a.r0, c0: a.c0, r1: b.r0 - 1, c1: a.c1 });
  if (a.r1 > b.r1) out.push({ r0: b.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  const r0 = Math.max(a.r0, b.r0);
  const r1 = Math.min(a.r1, b.r1);
  if (a.c0 < b.c0) out.push({ r0, c0: a.c0, r1, c1: b.c0 - 1 });
  if (a.c1 > b.c1) out.push({ r0, c0: b.c1 + 1, r1, c1: a.c1 });
  return out;
}

/** Removes `rect` from every rule of a list (rules keep their other fields). */
function carve<T extends Rect>(rules: T[], rect: Rect): T[] {
  const out: T[] = [];
  for (const rule of rules) {
    for (const part of subtract(rule, rect)) out.push({ ...rule, ...part });
  }
  return out;
}

/** After deleting rows [start, start+count): shrink or drop a rectangle. */
function shiftForDelete<T extends Rect>(rect: T, start: number, count: number): T | null {
  const end = start + count - 1;
  const keepTop = rect.r0 < start ? Math.min(rect.r1, start - 1) - rect.r0 + 1 : 0;
  const keepBottom = rect.r1 > end ? rect.r1 - Math.max(rect.r0, end + 1) + 1 : 0;
  if (keepTop + keepBottom === 0) return null;
  const r0 = rect.r0 < start ? rect.r0 : start;
  return { ...rect, r0, r1: r0 + keepTop + keepBottom - 1 };
}

/** After inserting `count` rows after row `after`: rectangles below move down, those covering row `after` grow (formatting is inherited from the row above). */
function shiftForInsert<T extends Rect>(rect: T, after: number, count: number): T {
  if (rect.r0 > after) return { ...rect, r0: rect.r0 + count, r1: rect.r1 + count };
  if (rect.r1 >= after && after > 0) return { ...rect, r1: rect.r1 + count };
  return rect;
}

// ---------------------------------------------------------------------------------------------------
// Sheet model
// ---------------------------------------------------------------------------------------------------

function newSheet(sheetId: number, name: string, rows = DEFAULT_ROWS, cols = DEFAULT_COLS): SheetState {
  return {
    sheetId,
    name,
    maxRows: rows,
    maxCols: cols,
    frozenRows: 0,
    frozenCols: 0,
    rows: [],
    formats: [],
    styles: [],
    validations: [],
    protections: [],
  };
}

function getCell(sh: SheetState, r: number, c: number): Cell {
  return sh.rows[r - 1]?.[c - 1] ?? null;
}

function setCell(sh: SheetState, r: number, c: number, cell: Cell): void {
  let row = sh.rows[r - 1];
  if (cell === null) {
    if (!row || c > row.length) return;
    row[c - 1] = null;
    while (row.length && row[row.length - 1] === null) row.pop();
    return;
  }
  while (sh.rows.length < r) sh.rows.push(null);
  if (!row) {
    row = [];
    sh.rows[r - 1] = row;
  }
  while (row.length < c - 1) row.push(null);
  row[c - 1] = cell;
}

function isEmptyRow(row: Cell[] | null | undefined): boolean {
  return !row || row.length === 0;
}

/** Drops trailing empty rows so rows.length is the last row with content. */
function trimRows(sh: SheetState): void {
  while (sh.rows.length && isEmptyRow(sh.rows[sh.rows.length - 1])) sh.rows.pop();
}

export function lastRowOf(sh: SheetState): number {
  trimRows(sh);
  return sh.rows.length;
}

export function lastColumnOf(sh: SheetState): number {
  let max = 0;
  for (const row of sh.rows) if (row && row.length > max) max = row.length;
  return max;
}

function explicitFormatAt(sh: SheetState, r: number, c: number, rules: FormatRule[] = sh.formats): string | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (contains(rules[i]!, r, c)) return rules[i]!.nf;
  return undefined;
}

function effectiveFormat(cell: Cell, explicit: string | undefined): string | undefined {
  return explicit ?? (cell !== null && typeof cell === 'object' ? cell.nf : undefined);
}

function rulesIn<T extends Rect>(rules: T[], rect: Rect): T[] {
  return rules.filter((x) => intersects(x, rect));
}

function totalCells(f: DriveFile): number {
  return f.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
}

function growRows(f: DriveFile, sh: SheetState, newMax: number): void {
  if (newMax <= sh.maxRows) return;
  if (totalCells(f) + (newMax - sh.maxRows) * sh.maxCols > MAX_CELLS) throw new ServiceError(MSG.tooManyCells);
  // New rows at the bottom inherit the last row's formatting, as Sheets does when it adds rows.
  const after = sh.maxRows;
  const count = newMax - sh.maxRows;
  const extend = <T extends Rect>(x: T): T => (x.r1 === after ? { ...x, r1: x.r1 + count } : x);
  sh.formats = sh.formats.map(extend);
  sh.validations = sh.validations.map(extend);
  sh.styles = sh.styles.map(extend);
  sh.maxRows = newMax;
}

function growCols(f: DriveFile, sh: SheetState, newMax: number): void {
  if (newMax <= sh.maxCols) return;
  if (totalCells(f) + (newMax - sh.maxCols) * sh.maxRows > MAX_CELLS) throw new ServiceError(MSG.tooManyCells);
  sh.maxCols = newMax;
}

export type ValueRender = 'UNFORMATTED_VALUE' | 'FORMATTED_VALUE' | 'FORMULA';

/**
 * Reads a rectangle. UNFORMATTED_VALUE gives what Range.getValues gives (Dates for date-formatted cells
 * when `dates` is 'Date', serial numbers when 'SERIAL_NUMBER', as the Sheets API does).
 */
export function readRect(
  f: DriveFile,
  sh: SheetState,
  rect: Rect,
  render: ValueRender,
  dates: 'Date' | 'SERIAL_NUMBER' | 'FORMATTED_STRING' = 'Date',
): (CellPrimitive | Date)[][] {
  const formats = rulesIn(sh.formats, rect);
  const out: (CellPrimitive | Date)[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row = sh.rows[r - 1];
    const line: (CellPrimitive | Date)[] = [];
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cell = row?.[c - 1] ?? null;
      if (cell === null) {
        line.push('');
        continue;
      }
      if (render === 'FORMULA' && typeof cell === 'object' && cell.f) {
        line.push(cell.f);
        continue;
      }
      const v = cellValue(cell)!;
      const nf = effectiveFormat(cell, formats.length ? explicitFormatAt(sh, r, c, formats) : undefined);
      if (render === 'FORMATTED_VALUE') line.push(displayOf(v, nf));
      else if (typeof v === 'number' && isDateFormat(nf)) {
        // A number under a date/time format is a date: a Date for scripts, a serial or text for the API.
        line.push(
          dates === 'Date'
            ? new Date(instantFromSerial(v, f.timeZone))
            : dates === 'FORMATTED_STRING'
              ? displayOf(v, nf)
              : v,
        );
      } else line.push(v);
    }
    out.push(line);
  }
  return out;
}

/** Checks every written cell against the validation rules that reject invalid data. */
function checkValidations(sh: SheetState, rect: Rect, cells: Cell[][]): void {
  const rules = rulesIn(sh.validations, rect).filter((v) => !v.allowInvalid);
  if (!rules.length) return;
  for (let i = 0; i < cells.length; i++) {
    for (let j = 0; j < cells[i]!.length; j++) {
      const r = rect.r0 + i;
      const c = rect.c0 + j;
      let rule: ValidationRule | undefined;
      for (let k = sh.validations.length - 1; k >= 0; k--) {
        if (contains(sh.validations[k]!, r, c)) {
          rule = sh.validations[k];
          break;
        }
      }
      if (!rule || rule.allowInvalid) continue;
      const cell = cells[i]![j]!;
      if (cell === null) continue;
      const v = cellValue(cell)!;
      const nf = effectiveFormat(cell, explicitFormatAt(sh, r, c));
      if (!satisfies(rule, v, nf)) throw new ServiceError(MSG.invalidValidation(a1Of(r, c)));
    }
  }
}

function satisfies(rule: ValidationSpec, v: CellPrimitive, nf: string | undefined): boolean {
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return rule.values.map(String).includes(displayOf(v, nf));
    case 'DATE_IS_VALID_DATE':
      return typeof v === 'number' && isDateFormat(nf);
    case 'TEXT_IS_VALID_EMAIL':
      return typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
    case 'NUMBER_BETWEEN':
      return typeof v === 'number' && v >= Number(rule.values[0]) && v <= Number(rule.values[1]);
    case 'CHECKBOX':
      return typeof v === 'boolean';
  }
}

export interface WriteOptions {
  raw?: boolean;
}

/** Writes a rectangle of values (already shape-checked). Enforces validations; returns cells written. */
export function writeRect(
  f: DriveFile,
  sh: SheetState,
  rect: Rect,
  values: InputValue[][],
  opts: WriteOptions = {},
): number {
  const formats = rulesIn(sh.formats, rect);
  const cells: Cell[][] = values.map((line, i) =>
    line.map((v, j) =>
      enterValue(v, {
        raw: opts.raw,
        timeZone: f.timeZone,
        explicitFormat: formats.length ? explicitFormatAt(sh, rect.r0 + i, rect.c0 + j, formats) : undefined,
      }),
    ),
  );
  checkValidations(sh, rect, cells);
  for (let i = 0; i < cells.length; i++)
    for (let j = 0; j < cells[i]!.length; j++) setCell(sh, rect.r0 + i, rect.c0 + j, cells[i]![j]!);
  trimRows(sh);
  return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
}

function clearRect(sh: SheetState, rect: Rect): void {
  for (let r = rect.r0; r <= Math.min(rect.r1, sh.rows.length); r++) {
    const row = sh.rows[r - 1];
    if (!row) continue;
    for (let c = rect.c0; c <= Math.min(rect.c1, row.length); c++) row[c - 1] = null;
    while (row.length && row[row.length - 1] === null) row.pop();
  }
  trimRows(sh);
}

function deleteRowsIn(sh: SheetState, start: number, count: number): void {
  if (start <= sh.rows.length) sh.rows.splice(start - 1, count);
  const shift = <T extends Rect>(list: T[]) =>
    list.map((x) => shiftForDelete(x, start, count)).filter((x): x is T => x !== null);
  sh.formats = shift(sh.formats);
  sh.styles = shift(sh.styles);
  sh.validations = shift(sh.validations);
  sh.protections = sh.protections.flatMap((p) => {
    if (!p.rect) return [p];
    const rect = shiftForDelete(p.rect, start, count);
    return rect ? [{ ...p, rect }] : [];
  });
  sh.maxRows -= count;
  trimRows(sh);
}

function insertRowsIn(f: DriveFile, sh: SheetState, after: number, count: number): void {
  if (totalCells(f) + count * sh.maxCols > MAX_CELLS) throw new ServiceError(MSG.tooManyCells);
  if (after < sh.rows.length) sh.rows.splice(after, 0, ...Array.from({ length: count }, () => null));
  const shift = <T extends Rect>(list: T[]) => list.map((x) => shiftForInsert(x, after, count));
  sh.formats = shift(sh.formats);
  sh.styles = shift(sh.styles);
  sh.validations = shift(sh.validations);
  sh.protections = sh.protections.map((p) => (p.rect ? { ...p, rect: shiftForInsert(p.rect, after, count) } : p));
  sh.maxRows += count;
}

// ---------------------------------------------------------------------------------------------------
// Access control (Drive-style: owner, editors, viewers) and protections
// ---------------------------------------------------------------------------------------------------

export type Role = 'owner' | 'writer' | 'reader';

export function roleOf(f: DriveFile, email: string): Role | null {
  const e = email.trim().toLowerCase();
  if (f.owner === e) return 'owner';
  if (f.editors.includes(e)) return 'writer';
  if (f.viewers.includes(e)) return 'reader';
  return null;
}

function canEditProtection(f: DriveFile, p: ProtectionState, email: string): boolean {
  const e = email.toLowerCase();
  return f.owner === e || p.editors.includes(e);
}

/** Throws Google's protected-cell error when the user may not change these cells (warning-only protections let editors through, as they do for scripts). */
function checkProtection(f: DriveFile, sh: SheetState, rect: Rect | null, email: string): void {
  for (const p of sh.protections) {
    if (p.warningOnly || canEditProtection(f, p, email)) continue;
    if (p.type === 'SHEET' || !rect || (p.rect && intersects(p.rect, rect))) throw new ServiceError(MSG.protectedCell);
  }
}

// ---------------------------------------------------------------------------------------------------
// Node-side helpers (workbench, scenario runner, admin CLI stand-in, tests)
// ---------------------------------------------------------------------------------------------------

function nextFileId(world: World): string {
  const drive = world.state.drive;
  drive.seq = (drive.seq ?? 0) + 1;
  // Looks like a Drive id (44 url-safe characters starting with '1') and is the same on every replay.
  const h = createHash('sha256').update(`ccm-local-drive-file-${drive.seq}`).digest('base64url');
  return `1${h.slice(0, 43)}`;
}

export interface CreateSpreadsheetOptions {
  id?: string;
  timeZone?: string;
  locale?: string;
  rows?: number;
  cols?: number;
  /** Names of the sheets to create (default one sheet, 'Sheet1'). */
  sheets?: string[];
}

/** Creates a spreadsheet owned by `owner` (only the owner can open it until it is shared). Returns its id. */
export function createSpreadsheet(
  world: World,
  owner: string,
  name: string,
  opts: CreateSpreadsheetOptions = {},
): string {
  const id = opts.id ?? nextFileId(world);
  if (world.state.drive.files[id]) throw new Error(`A file with id ${id} already exists`);
  const now = world.now();
  const ownerEmail = owner.trim().toLowerCase();
  const names = opts.sheets?.length ? opts.sheets : ['Sheet1'];
  const file: DriveFile = {
    id,
    name,
    mimeType: SPREADSHEET_MIME,
    owner: ownerEmail,
    editors: [],
    viewers: [],
    createdMs: now,
    modifiedMs: now,
    timeZone: opts.timeZone ?? world.userOrGuest(ownerEmail).timeZone ?? 'Etc/UTC',
    locale: opts.locale ?? 'en_US',
    sheets: names.map((n, i) => newSheet(i, n, opts.rows, opts.cols)),
    nextSheetId: names.length,
    nextProtectionId: 1,
  };
  world.state.drive.files[id] = file;
  return id;
}

export function getFile(world: World, id: string): DriveFile {
  const f = world.state.drive.files[id];
  if (!f) throw new Error(`No Drive file with id ${id}`);
  return f;
}

export function spreadsheetUrl(id: string): string {
  return `https://docs.google.com/spreadsheets/d/${id}/edit`;
}

/** Shares a file: 'writer' (editor), 'reader' (viewer) or 'none' (removes access). The owner stays owner. */
export function shareFile(world: World, id: string, email: string, role: 'writer' | 'reader' | 'none'): void {
  const f = getFile(world, id);
  const e = email.trim().toLowerCase();
  if (e === f.owner) return;
  f.editors = f.editors.filter((x) => x !== e);
  f.viewers = f.viewers.filter((x) => x !== e);
  if (role === 'writer') f.editors.push(e);
  if (role === 'reader') f.viewers.push(e);
}

export function findSheet(f: DriveFile, name: string): SheetState | undefined {
  return f.sheets.find((s) => s.name === name);
}

function sheetOrThrow(f: DriveFile, name: string): SheetState {
  const sh = findSheet(f, name);
  if (!sh) throw new Error(`Spreadsheet ${f.id} has no sheet named "${name}"`);
  return sh;
}

/** The values of a whole sheet (its data range), as Range.getValues would return them. */
export function readSheet(world: World, id: string, sheetName: string): (CellPrimitive | Date)[][] {
  const f = getFile(world, id);
  const sh = sheetOrThrow(f, sheetName);
  const rows = lastRowOf(sh);
  const cols = lastColumnOf(sh);
  if (!rows || !cols) return [];
  return readRect(f, sh, { r0: 1, c0: 1, r1: rows, c1: cols }, 'UNFORMATTED_VALUE');
}

/** Resolves an A1 range ('Sheet1!A1:C', 'A:A'...) against a spreadsheet (no sheet name = the first sheet). */
export function resolveA1(f: DriveFile, a1: string): { sheet: SheetState; rect: Rect } {
  const ref = parseA1(a1);
  if (!ref) throw new ServiceError(MSG.rangeNotFound);
  const sheet = ref.sheetName !== undefined ? findSheet(f, ref.sheetName) : f.sheets[0];
  if (!sheet) throw new ServiceError(MSG.rangeNotFound);
  return { sheet, rect: rectOf(sheet, ref) };
}

function rectOf(sh: SheetState, ref: A1Ref): Rect {
  const r0 = ref.r0 ?? 1;
  const c0 = ref.c0 ?? 1;
  const r1 = ref.r1 ?? sh.maxRows;
  const c1 = ref.c1 ?? sh.maxCols;
  const rect = { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
  if (rect.r1 > sh.maxRows || rect.c1 > sh.maxCols) throw new ServiceError(MSG.outside);
  return rect;
}

/** Reads an A1 range the way the Sheets API's values.get does (default FORMATTED_VALUE; dates as serial numbers when unformatted). */
export function readRange(
  world: World,
  id: string,
  a1: string,
  render: ValueRender = 'FORMATTED_VALUE',
  dates: 'SERIAL_NUMBER' | 'FORMATTED_STRING' = 'SERIAL_NUMBER',
): (CellPrimitive | Date)[][] {
  const f = getFile(world, id);
  const { sheet, rect } = resolveA1(f, a1);
  const last = Math.min(rect.r1, lastRowOf(sheet));
  if (last < rect.r0) return [];
  return readRect(f, sheet, { ...rect, r1: last }, render, dates);
}

/** Writes values to an A1 range's top-left corner the way values.update does (RAW or USER_ENTERED); grows the grid as needed. */
export function writeRange(
  world: World,
  id: string,
  a1: string,
  values: InputValue[][],
  input: 'RAW' | 'USER_ENTERED' = 'USER_ENTERED',
): number {
  const f = getFile(world, id);
  const { sheet, rect } = resolveA1(f, a1);
  const nr = values.length;
  const nc = Math.max(0, ...values.map((r) => r.length));
  if (!nr || !nc) return 0;
  growRows(f, sheet, rect.r0 + nr - 1);
  growCols(f, sheet, rect.c0 + nc - 1);
  const padded = values.map((r) => [...r, ...Array.from({ length: nc - r.length }, () => null)]);
  const n = writeRect(f, sheet, { r0: rect.r0, c0: rect.c0, r1: rect.r0 + nr - 1, c1: rect.c0 + nc - 1 }, padded, {
    raw: input === 'RAW',
  });
  f.modifiedMs = world.now();
  return n;
}

/** Appends rows below the last row with content (values.append / Sheet.appendRow); returns the first new row number. */
export function appendRows(
  world: World,
  id: string,
  sheetName: string,
  rows: InputValue[][],
  input: 'RAW' | 'USER_ENTERED' = 'USER_ENTERED',
): number {
  const f = getFile(world, id);
  const sh = sheetOrThrow(f, sheetName);
  const first = lastRowOf(sh) + 1;
  writeRange(world, id, `'${sh.name.replace(/'/g, "''")}'!A${first}`, rows, input);
  return first;
}

/** Adds a sheet (tab) to a spreadsheet; returns its sheetId. */
export function addSheet(world: World, id: string, name: string, opts: { rows?: number; cols?: number } = {}): number {
  const f = getFile(world, id);
  if (findSheet(f, name)) throw new ServiceError(MSG.sheetExists(name));
  const sh = newSheet(f.nextSheetId++, name, opts.rows, opts.cols);
  if (totalCells(f) + sh.maxRows * sh.maxCols > MAX_CELLS) throw new ServiceError(MSG.tooManyCells);
  f.sheets.push(sh);
  return sh.sheetId;
}

/** Sets an explicit number format on an A1 range (e.g. '@' to keep a column as plain text). */
export function setNumberFormat(world: World, id: string, a1: string, nf: string): void {
  const f = getFile(world, id);
  const { sheet, rect } = resolveA1(f, a1);
  addFormatRule(sheet, rect, nf);
}

function addFormatRule(sh: SheetState, rect: Rect, nf: string): void {
  sh.formats = carve(sh.formats, rect);
  sh.formats.push({ ...rect, nf });
}

// ---------------------------------------------------------------------------------------------------
// Handlers: what a SpreadsheetApp call does on the server
// ---------------------------------------------------------------------------------------------------

interface FileArgs {
  file: string;
}
interface SheetArgs extends FileArgs {
  sheet: number;
}
interface RangeArgs extends SheetArgs {
  r: number;
  c: number;
  nr: number;
  nc: number;
}

type Need = 'read' | 'write' | 'share';

function userEmail(ctx: CallContext): string {
  return ctx.exec.effectiveUser.email.toLowerCase();
}

/** The scope check Apps Script makes on every SpreadsheetApp call, then the Drive access check. */
function fileFor(ctx: CallContext, method: string, id: string, need: Need): DriveFile {
  requireScope(ctx, method, need === 'read' ? [SCOPE_RW, SCOPE_RO] : [SCOPE_RW]);
  const f = ctx.world.state.drive.files[id];
  const role = f ? roleOf(f, userEmail(ctx)) : null;
  // The object was opened earlier in this execution: a file gone since (or unshared) reads as missing.
  if (!f || !role) throw new ServiceError(MSG.missing(id));
  if (need !== 'read' && role === 'reader') throw new ServiceError(MSG.noEdit);
  return f;
}

function sheetFor(f: DriveFile, sheetId: number): SheetState {
  const sh = f.sheets.find((s) => s.sheetId === sheetId);
  if (!sh) throw new ServiceError(MSG.sheetGone);
  return sh;
}

function rectArgs(a: RangeArgs): Rect {
  return { r0: a.r, c0: a.c, r1: a.r + a.nr - 1, c1: a.c + a.nc - 1 };
}

/** A range must still fit the sheet when it is used (rows may have been deleted since getRange). */
function checkFits(sh: SheetState, rect: Rect): void {
  if (rect.r1 > sh.maxRows || rect.c1 > sh.maxCols) throw new ServiceError(MSG.outside);
}

function touch(ctx: CallContext, f: DriveFile): void {
  f.modifiedMs = ctx.nowMs();
}

function countRead(ctx: CallContext, n: number): void {
  ctx.exec.counters.cellsRead += n;
}

function countWritten(ctx: CallContext, n: number): void {
  ctx.exec.counters.cellsWritten += n;
}

/** Server-side work a call did without returning the cells (a TextFinder scan): shown to the benchmark separately. */
function countScanned(ctx: CallContext, n: number): void {
  const c = ctx.exec.counters;
  c.cellsScanned = (c.cellsScanned ?? 0) + n;
}

function fileInfo(f: DriveFile) {
  return { id: f.id, name: f.name, url: spreadsheetUrl(f.id) };
}

const URL_ID_RE = /\/spreadsheets\/d\/([a-zA-Z0-9_-]+)/;

function openChecked(ctx: CallContext, method: string, id: string): DriveFile {
  requireScope(ctx, `SpreadsheetApp.${method}`, [SCOPE_RW, SCOPE_RO]);
  const f = ctx.world.state.drive.files[id];
  if (!f || f.mimeType !== SPREADSHEET_MIME) throw new ServiceError(MSG.notFound(method));
  if (!roleOf(f, userEmail(ctx))) throw new ServiceError(MSG.noAccess);
  return f;
}

function rangeResult(sh: SheetState, rect: Rect) {
  return { sheet: sh.sheetId, r: rect.r0, c: rect.c0, nr: rect.r1 - rect.r0 + 1, nc: rect.c1 - rect.c0 + 1 };
}

function validateCoords(sh: SheetState, r: number, c: number, nr: number, nc: number): Rect {
  if (!(r >= 1)) throw new ServiceError(MSG.rowTooSmall);
  if (!(c >= 1)) throw new ServiceError(MSG.colTooSmall);
  if (!(nr >= 1)) throw new ServiceError(MSG.numRows);
  if (!(nc >= 1)) throw new ServiceError(MSG.numCols);
  const rect = { r0: r, c0: c, r1: r + nr - 1, c1: c + nc - 1 };
  checkFits(sh, rect);
  return rect;
}

function protectionFor(sh: SheetState, id: number): ProtectionState {
  const p = sh.protections.find((x) => x.id === id);
  if (!p) throw new ServiceError('Protection not found');
  return p;
}

function protectionInfo(sh: SheetState, p: ProtectionState) {
  return { sheet: sh.sheetId, id: p.id, type: p.type, rect: p.rect ?? null };
}

function emails(list: unknown): string[] {
  return (Array.isArray(list) ? list : [list]).map((x) => String(x).trim().toLowerCase()).filter(Boolean);
}

interface FindArgs extends SheetArgs {
  /** Search scope: a sheet (r/c/nr/nc = its whole grid), a range, or all sheets when `sheet` is -1. */
  r: number;
  c: number;
  nr: number;
  nc: number;
  text: string;
  matchCase: boolean;
  matchEntireCell: boolean;
  useRegularExpression: boolean;
  matchFormulaText: boolean;
  /** findNext / findPrevious: continue after (before) this cell. */
  after?: { sheet: number; r: number; c: number } | null;
  mode: 'all' | 'next' | 'previous';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function textFind(ctx: CallContext, f: DriveFile, a: FindArgs): { sheet: number; r: number; c: number }[] {
  const flags = a.matchCase ? '' : 'i';
  const pattern = a.useRegularExpression ? a.text : escapeRegExp(a.text);
  const re = new RegExp(a.matchEntireCell ? `^(?:${pattern})$` : pattern, flags);
  const scopes: { sh: SheetState; rect: Rect }[] =
    a.sheet === -1
      ? f.sheets.map((sh) => ({ sh, rect: { r0: 1, c0: 1, r1: sh.maxRows, c1: sh.maxCols } }))
      : [{ sh: sheetFor(f, a.sheet), rect: rectArgs(a) }];
  const hits: { sheet: number; r: number; c: number }[] = [];
  let scanned = 0;
  const sheetOrder = (id: number) => f.sheets.findIndex((s) => s.sheetId === id);
  const isAfter = (h: { sheet: number; r: number; c: number }) => {
    if (!a.after) return true;
    const d = sheetOrder(h.sheet) - sheetOrder(a.after.sheet) || h.r - a.after.r || h.c - a.after.c;
    return a.mode === 'previous' ? d < 0 : d > 0;
  };
  for (const { sh, rect } of scopes) {
    const formats = rulesIn(sh.formats, rect);
    const last = Math.min(rect.r1, sh.rows.length);
    for (let r = rect.r0; r <= last; r++) {
      const row = sh.rows[r - 1];
      if (!row) continue;
      for (let c = rect.c0; c <= Math.min(rect.c1, row.length); c++) {
        const cell = row[c - 1] ?? null;
        if (cell === null) continue;
        scanned++;
        // TextFinder matches what the cell shows (or the formula text when asked).
        const shown =
          a.matchFormulaText && typeof cell === 'object' && cell.f
            ? cell.f
            : displayOf(
                cellValue(cell),
                effectiveFormat(cell, formats.length ? explicitFormatAt(sh, r, c, formats) : undefined),
              );
        if (!re.test(shown)) continue;
        const hit = { sheet: sh.sheetId, r, c };
        if (!isAfter(hit)) continue;
        hits.push(hit);
        if (a.mode === 'next') {
          countScanned(ctx, scanned);
          return hits;
        }
      }
    }
  }
  countScanned(ctx, scanned);
  if (a.mode === 'previous') return hits.slice(-1);
  return hits;
}

const ss = 'Spreadsheet';
const SH = 'Sheet';
const RG = 'Range';
const PR = 'Protection';

export const sheetsHandlers: HandlerMap = {
  // --- SpreadsheetApp --------------------------------------------------------------------------
  'SpreadsheetApp.openById': (ctx, a: { id: string }) => fileInfo(openChecked(ctx, 'openById', String(a.id))),
  'SpreadsheetApp.openByUrl': (ctx, a: { url: string }) => {
    const m = URL_ID_RE.exec(String(a.url));
    if (!m) {
      requireScope(ctx, 'SpreadsheetApp.openByUrl', [SCOPE_RW, SCOPE_RO]);
      throw new ServiceError('Invalid argument: url');
    }
    return fileInfo(openChecked(ctx, 'openByUrl', m[1]!));
  },
  'SpreadsheetApp.create': (ctx, a: { name: string; rows?: number; cols?: number }) => {
    requireScope(ctx, 'SpreadsheetApp.create', [SCOPE_RW]);
    const id = createSpreadsheet(ctx.world, userEmail(ctx), String(a.name), {
      rows: a.rows,
      cols: a.cols,
      timeZone: ctx.user().timeZone,
    });
    return fileInfo(getFile(ctx.world, id));
  },
  // Writes are applied at once here, so flush has nothing to wait for; it is still one call.
  'SpreadsheetApp.flush': (ctx) => {
    requireScope(ctx, 'SpreadsheetApp.flush', [SCOPE_RW, SCOPE_RO]);
    return null;
  },

  // --- Spreadsheet -----------------------------------------------------------------------------
  [`${ss}.getName`]: (ctx, a: FileArgs) => fileFor(ctx, `${ss}.getName`, a.file, 'read').name,
  [`${ss}.rename`]: (ctx, a: FileArgs & { name: string }) => {
    const f = fileFor(ctx, `${ss}.rename`, a.file, 'write');
    f.name = String(a.name);
    touch(ctx, f);
    return null;
  },
  [`${ss}.getSheets`]: (ctx, a: FileArgs) =>
    fileFor(ctx, `${ss}.getSheets`, a.file, 'read').sheets.map((s) => s.sheetId),
  [`${ss}.getNumSheets`]: (ctx, a: FileArgs) => fileFor(ctx, `${ss}.getNumSheets`, a.file, 'read').sheets.length,
  [`${ss}.getSheetByName`]: (ctx, a: FileArgs & { name: string }) =>
    findSheet(fileFor(ctx, `${ss}.getSheetByName`, a.file, 'read'), String(a.name))?.sheetId ?? null,
  [`${ss}.getSheetById`]: (ctx, a: FileArgs & { id: number }) =>
    fileFor(ctx, `${ss}.getSheetById`, a.file, 'read').sheets.find((s) => s.sheetId === Number(a.id))?.sheetId ?? null,
  [`${ss}.insertSheet`]: (ctx, a: FileArgs & { name?: string; index?: number }) => {
    const f = fileFor(ctx, `${ss}.insertSheet`, a.file, 'write');
    let name = a.name === undefined || a.name === null ? '' : String(a.name);
    if (!name) {
      let n = f.sheets.length + 1;
      while (findSheet(f, `Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    const id = addSheet(ctx.world, f.id, name);
    if (a.index !== undefined && a.index !== null) {
      const sh = f.sheets.pop()!;
      f.sheets.splice(Math.max(0, Math.min(Number(a.index), f.sheets.length)), 0, sh);
    }
    touch(ctx, f);
    return id;
  },
  [`${ss}.deleteSheet`]: (ctx, a: SheetArgs) => {
    const f = fileFor(ctx, `${ss}.deleteSheet`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    if (f.sheets.length === 1) throw new ServiceError(MSG.lastSheet);
    checkProtection(f, sh, null, userEmail(ctx));
    f.sheets = f.sheets.filter((s) => s !== sh);
    touch(ctx, f);
    return null;
  },
  [`${ss}.getSpreadsheetTimeZone`]: (ctx, a: FileArgs) =>
    fileFor(ctx, `${ss}.getSpreadsheetTimeZone`, a.file, 'read').timeZone,
  [`${ss}.setSpreadsheetTimeZone`]: (ctx, a: FileArgs & { timeZone: string }) => {
    const f = fileFor(ctx, `${ss}.setSpreadsheetTimeZone`, a.file, 'write');
    if (!isValidTimeZone(String(a.timeZone))) throw new ServiceError('Invalid argument: timeZone');
    f.timeZone = String(a.timeZone);
    touch(ctx, f);
    return null;
  },
  [`${ss}.getSpreadsheetLocale`]: (ctx, a: FileArgs) =>
    fileFor(ctx, `${ss}.getSpreadsheetLocale`, a.file, 'read').locale,
  [`${ss}.getRange`]: (ctx, a: FileArgs & { a1: string }) => {
    const f = fileFor(ctx, `${ss}.getRange`, a.file, 'read');
    const { sheet, rect } = resolveA1(f, String(a.a1));
    return rangeResult(sheet, rect);
  },
  [`${ss}.getOwner`]: (ctx, a: FileArgs) => fileFor(ctx, `${ss}.getOwner`, a.file, 'read').owner,
  // Like Drive, only people who can edit see the sharing lists.
  [`${ss}.getEditors`]: (ctx, a: FileArgs) => {
    const f = fileFor(ctx, `${ss}.getEditors`, a.file, 'read');
    return roleOf(f, userEmail(ctx)) === 'reader' ? [] : [f.owner, ...f.editors];
  },
  [`${ss}.getViewers`]: (ctx, a: FileArgs) => {
    const f = fileFor(ctx, `${ss}.getViewers`, a.file, 'read');
    return roleOf(f, userEmail(ctx)) === 'reader' ? [] : [...f.viewers];
  },
  [`${ss}.addEditors`]: (ctx, a: FileArgs & { emails: string[] }) => {
    const f = fileFor(ctx, `${ss}.addEditors`, a.file, 'share');
    for (const e of emails(a.emails)) shareFile(ctx.world, f.id, e, 'writer');
    return null;
  },
  [`${ss}.removeEditor`]: (ctx, a: FileArgs & { email: string }) => {
    const f = fileFor(ctx, `${ss}.removeEditor`, a.file, 'share');
    const e = String(a.email).toLowerCase();
    f.editors = f.editors.filter((x) => x !== e);
    return null;
  },
  [`${ss}.addViewers`]: (ctx, a: FileArgs & { emails: string[] }) => {
    const f = fileFor(ctx, `${ss}.addViewers`, a.file, 'share');
    // Adding an editor as a viewer leaves them an editor (Drive keeps the higher role).
    for (const e of emails(a.emails)) if (!roleOf(f, e)) shareFile(ctx.world, f.id, e, 'reader');
    return null;
  },
  [`${ss}.removeViewer`]: (ctx, a: FileArgs & { email: string }) => {
    const f = fileFor(ctx, `${ss}.removeViewer`, a.file, 'share');
    const e = String(a.email).toLowerCase();
    f.viewers = f.viewers.filter((x) => x !== e);
    return null;
  },
  [`${ss}.getProtections`]: (ctx, a: FileArgs & { type: 'SHEET' | 'RANGE' }) => {
    const f = fileFor(ctx, `${ss}.getProtections`, a.file, 'read');
    return f.sheets.flatMap((sh) => sh.protections.filter((p) => p.type === a.type).map((p) => protectionInfo(sh, p)));
  },

  // --- Sheet -----------------------------------------------------------------------------------
  [`${SH}.getName`]: (ctx, a: SheetArgs) => sheetFor(fileFor(ctx, `${SH}.getName`, a.file, 'read'), a.sheet).name,
  [`${SH}.setName`]: (ctx, a: SheetArgs & { name: string }) => {
    const f = fileFor(ctx, `${SH}.setName`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const name = String(a.name);
    const clash = findSheet(f, name);
    if (clash && clash !== sh) throw new ServiceError(MSG.sheetExists(name));
    checkProtection(f, sh, null, userEmail(ctx));
    sh.name = name;
    touch(ctx, f);
    return null;
  },
  [`${SH}.getIndex`]: (ctx, a: SheetArgs) => {
    const f = fileFor(ctx, `${SH}.getIndex`, a.file, 'read');
    return f.sheets.indexOf(sheetFor(f, a.sheet)) + 1;
  },
  [`${SH}.getRange`]: (ctx, a: SheetArgs & { a1?: string; r?: number; c?: number; nr?: number; nc?: number }) => {
    const f = fileFor(ctx, `${SH}.getRange`, a.file, 'read');
    const sh = sheetFor(f, a.sheet);
    if (a.a1 !== undefined) {
      const ref = parseA1(String(a.a1));
      if (!ref) throw new ServiceError(MSG.rangeNotFound);
      // A sheet name in the notation is allowed only if it names this sheet.
      if (ref.sheetName !== undefined && ref.sheetName !== sh.name) throw new ServiceError(MSG.rangeNotFound);
      return rangeResult(sh, rectOf(sh, ref));
    }
    return rangeResult(sh, validateCoords(sh, Number(a.r), Number(a.c), Number(a.nr ?? 1), Number(a.nc ?? 1)));
  },
  [`${SH}.getDataRange`]: (ctx, a: SheetArgs) => {
    const sh = sheetFor(fileFor(ctx, `${SH}.getDataRange`, a.file, 'read'), a.sheet);
    return rangeResult(sh, { r0: 1, c0: 1, r1: Math.max(1, lastRowOf(sh)), c1: Math.max(1, lastColumnOf(sh)) });
  },
  [`${SH}.getLastRow`]: (ctx, a: SheetArgs) =>
    lastRowOf(sheetFor(fileFor(ctx, `${SH}.getLastRow`, a.file, 'read'), a.sheet)),
  [`${SH}.getLastColumn`]: (ctx, a: SheetArgs) =>
    lastColumnOf(sheetFor(fileFor(ctx, `${SH}.getLastColumn`, a.file, 'read'), a.sheet)),
  [`${SH}.getMaxRows`]: (ctx, a: SheetArgs) =>
    sheetFor(fileFor(ctx, `${SH}.getMaxRows`, a.file, 'read'), a.sheet).maxRows,
  [`${SH}.getMaxColumns`]: (ctx, a: SheetArgs) =>
    sheetFor(fileFor(ctx, `${SH}.getMaxColumns`, a.file, 'read'), a.sheet).maxCols,
  [`${SH}.getSheetValues`]: (ctx, a: RangeArgs) => {
    const f = fileFor(ctx, `${SH}.getSheetValues`, a.file, 'read');
    const sh = sheetFor(f, a.sheet);
    const nr = a.nr === -1 ? Math.max(1, lastRowOf(sh) - a.r + 1) : a.nr;
    const nc = a.nc === -1 ? Math.max(1, lastColumnOf(sh) - a.c + 1) : a.nc;
    const rect = validateCoords(sh, a.r, a.c, nr, nc);
    countRead(ctx, nr * nc);
    return readRect(f, sh, rect, 'UNFORMATTED_VALUE');
  },
  [`${SH}.appendRow`]: (ctx, a: SheetArgs & { values: InputValue[] }) => {
    const f = fileFor(ctx, `${SH}.appendRow`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const values = a.values;
    const r = lastRowOf(sh) + 1;
    const rect = { r0: r, c0: 1, r1: r, c1: Math.max(1, values.length) };
    checkProtection(f, sh, rect, userEmail(ctx));
    growRows(f, sh, r);
    growCols(f, sh, values.length);
    if (values.length) countWritten(ctx, writeRect(f, sh, rect, [values]));
    touch(ctx, f);
    return null;
  },
  [`${SH}.insertRowsAfter`]: (ctx, a: SheetArgs & { after: number; count: number }) => {
    const f = fileFor(ctx, `${SH}.insertRowsAfter`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const after = Number(a.after);
    const count = Number(a.count ?? 1);
    if (!(after >= 0 && after <= sh.maxRows) || !(count >= 1)) throw new ServiceError(MSG.rowsOutOfBounds);
    checkProtection(f, sh, { r0: after, c0: 1, r1: after + 1, c1: sh.maxCols }, userEmail(ctx));
    insertRowsIn(f, sh, after, count);
    touch(ctx, f);
    return null;
  },
  [`${SH}.deleteRows`]: (ctx, a: SheetArgs & { start: number; count: number }) => {
    const f = fileFor(ctx, `${SH}.deleteRows`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const start = Number(a.start);
    const count = Number(a.count ?? 1);
    if (!(start >= 1) || !(count >= 1) || start + count - 1 > sh.maxRows) throw new ServiceError(MSG.rowsOutOfBounds);
    if (count >= sh.maxRows - sh.frozenRows && start > sh.frozenRows) throw new ServiceError(MSG.allRows);
    checkProtection(f, sh, { r0: start, c0: 1, r1: start + count - 1, c1: sh.maxCols }, userEmail(ctx));
    deleteRowsIn(sh, start, count);
    touch(ctx, f);
    return null;
  },
  [`${SH}.setFrozenRows`]: (ctx, a: SheetArgs & { n: number }) => {
    const f = fileFor(ctx, `${SH}.setFrozenRows`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    sh.frozenRows = Math.max(0, Math.floor(Number(a.n)));
    return null;
  },
  [`${SH}.getFrozenRows`]: (ctx, a: SheetArgs) =>
    sheetFor(fileFor(ctx, `${SH}.getFrozenRows`, a.file, 'read'), a.sheet).frozenRows,
  [`${SH}.setFrozenColumns`]: (ctx, a: SheetArgs & { n: number }) => {
    const f = fileFor(ctx, `${SH}.setFrozenColumns`, a.file, 'write');
    sheetFor(f, a.sheet).frozenCols = Math.max(0, Math.floor(Number(a.n)));
    return null;
  },
  [`${SH}.getFrozenColumns`]: (ctx, a: SheetArgs) =>
    sheetFor(fileFor(ctx, `${SH}.getFrozenColumns`, a.file, 'read'), a.sheet).frozenCols,
  [`${SH}.clear`]: (ctx, a: SheetArgs & { contentsOnly?: boolean }) => {
    const f = fileFor(ctx, `${SH}.clear`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    checkProtection(f, sh, null, userEmail(ctx));
    const n = lastRowOf(sh) * lastColumnOf(sh);
    sh.rows = [];
    if (!a.contentsOnly) {
      sh.formats = [];
      sh.styles = [];
    }
    countWritten(ctx, n);
    touch(ctx, f);
    return null;
  },
  [`${SH}.protect`]: (ctx, a: SheetArgs) => {
    const f = fileFor(ctx, `${SH}.protect`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    // A sheet has at most one sheet-level protection; protect() returns it if it exists.
    const existing = sh.protections.find((p) => p.type === 'SHEET');
    if (existing) return protectionInfo(sh, existing);
    const p = newProtection(f, 'SHEET', undefined, userEmail(ctx));
    sh.protections.push(p);
    return protectionInfo(sh, p);
  },
  [`${SH}.getProtections`]: (ctx, a: SheetArgs & { type: 'SHEET' | 'RANGE' }) => {
    const sh = sheetFor(fileFor(ctx, `${SH}.getProtections`, a.file, 'read'), a.sheet);
    return sh.protections.filter((p) => p.type === a.type).map((p) => protectionInfo(sh, p));
  },
  // Column widths and similar layout calls are recorded as styles and otherwise do nothing here.
  [`${SH}.setColumnWidth`]: (ctx, a: SheetArgs & { col: number; width: number }) => {
    const f = fileFor(ctx, `${SH}.setColumnWidth`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    addStyle(sh, { r0: 1, c0: a.col, r1: sh.maxRows, c1: a.col }, 'columnWidth', Number(a.width));
    return null;
  },
  [`${SH}.autoResizeColumns`]: (ctx, a: SheetArgs) => {
    fileFor(ctx, `${SH}.autoResizeColumns`, a.file, 'write');
    return null;
  },

  // --- Range -----------------------------------------------------------------------------------
  [`${RG}.getValues`]: (ctx, a: RangeArgs) => readRangeHandler(ctx, `${RG}.getValues`, a, 'UNFORMATTED_VALUE'),
  [`${RG}.getDisplayValues`]: (ctx, a: RangeArgs) =>
    readRangeHandler(ctx, `${RG}.getDisplayValues`, a, 'FORMATTED_VALUE'),
  [`${RG}.getFormulas`]: (ctx, a: RangeArgs) => {
    const f = fileFor(ctx, `${RG}.getFormulas`, a.file, 'read');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    countRead(ctx, a.nr * a.nc);
    const out: string[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const line: string[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) {
        const cell = getCell(sh, r, c);
        line.push(cell !== null && typeof cell === 'object' && cell.f ? cell.f : '');
      }
      out.push(line);
    }
    return out;
  },
  [`${RG}.setValues`]: (ctx, a: RangeArgs & { values: InputValue[][] }) => {
    const f = fileFor(ctx, `${RG}.setValues`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    if (a.values.length !== a.nr) throw new ServiceError(MSG.rowsMismatch(a.values.length, a.nr));
    for (const line of a.values) if (line.length !== a.nc) throw new ServiceError(MSG.colsMismatch(line.length, a.nc));
    checkProtection(f, sh, rect, userEmail(ctx));
    countWritten(ctx, writeRect(f, sh, rect, a.values));
    touch(ctx, f);
    return null;
  },
  // setValue / setFormula write the same value into every cell of the range.
  [`${RG}.setValue`]: (ctx, a: RangeArgs & { value: InputValue }) => fillRange(ctx, `${RG}.setValue`, a, a.value),
  [`${RG}.setFormula`]: (ctx, a: RangeArgs & { formula: string }) => {
    const f = String(a.formula);
    return fillRange(ctx, `${RG}.setFormula`, a, f, true);
  },
  [`${RG}.setFormulas`]: (ctx, a: RangeArgs & { formulas: string[][] }) => {
    const f = fileFor(ctx, `${RG}.setFormulas`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    if (a.formulas.length !== a.nr) throw new ServiceError(MSG.rowsMismatch(a.formulas.length, a.nr));
    for (const line of a.formulas)
      if (line.length !== a.nc) throw new ServiceError(MSG.colsMismatch(line.length, a.nc));
    checkProtection(f, sh, rect, userEmail(ctx));
    a.formulas.forEach((line, i) =>
      line.forEach((x, j) => setCell(sh, rect.r0 + i, rect.c0 + j, formulaCell(String(x)))),
    );
    trimRows(sh);
    countWritten(ctx, a.nr * a.nc);
    touch(ctx, f);
    return null;
  },
  [`${RG}.clearContent`]: (ctx, a: RangeArgs) => clearHandler(ctx, `${RG}.clearContent`, a, 'content'),
  [`${RG}.clear`]: (ctx, a: RangeArgs) => clearHandler(ctx, `${RG}.clear`, a, 'all'),
  [`${RG}.clearFormat`]: (ctx, a: RangeArgs) => clearHandler(ctx, `${RG}.clearFormat`, a, 'format'),
  [`${RG}.offset`]: (ctx, a: RangeArgs) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.offset`, a.file, 'read'), a.sheet);
    return rangeResult(sh, validateCoords(sh, Number(a.r), Number(a.c), Number(a.nr), Number(a.nc)));
  },
  [`${RG}.isBlank`]: (ctx, a: RangeArgs) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.isBlank`, a.file, 'read'), a.sheet);
    const rect = rectArgs(a);
    for (let r = rect.r0; r <= Math.min(rect.r1, sh.rows.length); r++) {
      for (let c = rect.c0; c <= rect.c1; c++) if (getCell(sh, r, c) !== null) return false;
    }
    return true;
  },
  [`${RG}.setNumberFormat`]: (ctx, a: RangeArgs & { format: string }) => {
    const f = fileFor(ctx, `${RG}.setNumberFormat`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    checkProtection(f, sh, rect, userEmail(ctx));
    addFormatRule(sh, rect, String(a.format));
    touch(ctx, f);
    return null;
  },
  [`${RG}.setNumberFormats`]: (ctx, a: RangeArgs & { formats: string[][] }) => {
    const f = fileFor(ctx, `${RG}.setNumberFormats`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    if (a.formats.length !== a.nr) throw new ServiceError(MSG.rowsMismatch(a.formats.length, a.nr));
    for (const line of a.formats) if (line.length !== a.nc) throw new ServiceError(MSG.colsMismatch(line.length, a.nc));
    checkProtection(f, sh, rect, userEmail(ctx));
    // One rule per vertical run of the same format in a column keeps column-shaped formats cheap.
    for (let j = 0; j < a.nc; j++) {
      let start = 0;
      for (let i = 1; i <= a.nr; i++) {
        if (i === a.nr || a.formats[i]![j] !== a.formats[start]![j]) {
          addFormatRule(
            sh,
            { r0: rect.r0 + start, c0: rect.c0 + j, r1: rect.r0 + i - 1, c1: rect.c0 + j },
            String(a.formats[start]![j]),
          );
          start = i;
        }
      }
    }
    touch(ctx, f);
    return null;
  },
  [`${RG}.getNumberFormat`]: (ctx, a: RangeArgs) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.getNumberFormat`, a.file, 'read'), a.sheet);
    return effectiveFormat(getCell(sh, a.r, a.c), explicitFormatAt(sh, a.r, a.c)) ?? GENERAL_FORMAT;
  },
  [`${RG}.getNumberFormats`]: (ctx, a: RangeArgs) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.getNumberFormats`, a.file, 'read'), a.sheet);
    const rect = rectArgs(a);
    const out: string[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const line: string[] = [];
      for (let c = rect.c0; c <= rect.c1; c++)
        line.push(effectiveFormat(getCell(sh, r, c), explicitFormatAt(sh, r, c)) ?? GENERAL_FORMAT);
      out.push(line);
    }
    return out;
  },
  [`${RG}.setDataValidation`]: (ctx, a: RangeArgs & { rule: ValidationSpec | null }) => {
    const f = fileFor(ctx, `${RG}.setDataValidation`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    checkProtection(f, sh, rect, userEmail(ctx));
    sh.validations = carve(sh.validations, rect);
    if (a.rule) sh.validations.push({ ...rect, ...a.rule });
    touch(ctx, f);
    return null;
  },
  [`${RG}.getDataValidations`]: (ctx, a: RangeArgs) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.getDataValidations`, a.file, 'read'), a.sheet);
    const rect = rectArgs(a);
    const rules = rulesIn(sh.validations, rect);
    const out: (ValidationSpec | null)[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const line: (ValidationSpec | null)[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) {
        let hit: ValidationRule | undefined;
        for (let k = rules.length - 1; k >= 0 && !hit; k--) if (contains(rules[k]!, r, c)) hit = rules[k];
        line.push(
          hit
            ? {
                criteria: hit.criteria,
                values: hit.values,
                allowInvalid: hit.allowInvalid,
                helpText: hit.helpText,
                showDropdown: hit.showDropdown,
              }
            : null,
        );
      }
      out.push(line);
    }
    return out;
  },
  [`${RG}.protect`]: (ctx, a: RangeArgs) => {
    const f = fileFor(ctx, `${RG}.protect`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    const p = newProtection(f, 'RANGE', rect, userEmail(ctx));
    sh.protections.push(p);
    return protectionInfo(sh, p);
  },
  [`${RG}.setStyle`]: (
    ctx,
    a: RangeArgs & { prop: string; value: string | number | boolean | null; method: string },
  ) => {
    const f = fileFor(ctx, `${RG}.${String(a.method)}`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const rect = rectArgs(a);
    checkFits(sh, rect);
    checkProtection(f, sh, rect, userEmail(ctx));
    addStyle(sh, rect, String(a.prop), a.value);
    return null;
  },
  [`${RG}.getStyle`]: (ctx, a: RangeArgs & { prop: string; method: string }) => {
    const sh = sheetFor(fileFor(ctx, `${RG}.${String(a.method)}`, a.file, 'read'), a.sheet);
    for (let k = sh.styles.length - 1; k >= 0; k--) {
      const s = sh.styles[k]!;
      if (s.prop === a.prop && contains(s, a.r, a.c)) return s.value;
    }
    return null;
  },

  // --- TextFinder ------------------------------------------------------------------------------
  // One search is one call. It returns cell positions, not values, so it reads no cells for the
  // script (cellsRead += 0); the cells the server looked at are counted as cellsScanned.
  'TextFinder.findAll': (ctx, a: FindArgs) => findHandler(ctx, 'TextFinder.findAll', { ...a, mode: 'all' }),
  'TextFinder.findNext': (ctx, a: FindArgs) => findHandler(ctx, 'TextFinder.findNext', { ...a, mode: 'next' }),
  'TextFinder.findPrevious': (ctx, a: FindArgs) =>
    findHandler(ctx, 'TextFinder.findPrevious', { ...a, mode: 'previous' }),
};

function findHandler(ctx: CallContext, method: string, a: FindArgs) {
  const f = fileFor(ctx, method, a.file, 'read');
  if (a.text === '') throw new ServiceError('Invalid argument: findText');
  if (a.sheet !== -1 && a.nr === -1) {
    const sh = sheetFor(f, a.sheet);
    return textFind(ctx, f, { ...a, r: 1, c: 1, nr: sh.maxRows, nc: sh.maxCols });
  }
  return textFind(ctx, f, a);
}

// Variants of another call keep their own name, so the counters say what the script called.
function alias(
  name: string,
  target: string,
  mapArgs: (a: any) => any = (a) => a,
  mapResult: (v: any) => unknown = (v) => v,
): void {
  const handler = sheetsHandlers[target]!;
  sheetsHandlers[name] = (ctx, a) => mapResult(handler(ctx, mapArgs(a)));
}
const oneCell = (a: RangeArgs) => ({ ...a, nr: 1, nc: 1 });
const first = (v: unknown[][]) => v[0]![0];
alias(`${RG}.getValue`, `${RG}.getValues`, oneCell, first);
alias(`${RG}.getDisplayValue`, `${RG}.getDisplayValues`, oneCell, first);
alias(`${RG}.getFormula`, `${RG}.getFormulas`, oneCell, first);
alias(`${RG}.getDataValidation`, `${RG}.getDataValidations`, oneCell, first);
alias(`${RG}.clearDataValidations`, `${RG}.setDataValidation`, (a: RangeArgs) => ({ ...a, rule: null }));
alias(`${SH}.insertRowAfter`, `${SH}.insertRowsAfter`, (a) => ({ ...a, count: 1 }));
alias(`${SH}.insertRowBefore`, `${SH}.insertRowsAfter`, (a) => ({ ...a, after: Number(a.before) - 1, count: 1 }));
alias(`${SH}.insertRowsBefore`, `${SH}.insertRowsAfter`, (a) => ({ ...a, after: Number(a.before) - 1 }));
alias(`${SH}.deleteRow`, `${SH}.deleteRows`, (a) => ({ ...a, count: 1 }));
alias(`${SH}.clearContents`, `${SH}.clear`, (a) => ({ ...a, contentsOnly: true }));
alias(`${ss}.addEditor`, `${ss}.addEditors`);
alias(`${ss}.addViewer`, `${ss}.addViewers`);

/** Formatting calls: recorded (so a test or the workbench can see them) and read back; no layout is computed. */
export const STYLE_DEFAULTS: Record<string, string | number | boolean | null> = {
  fontWeight: 'normal',
  fontStyle: 'normal',
  fontColor: '#000000',
  background: '#ffffff',
  fontSize: 10,
  fontFamily: 'Arial',
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: true,
  note: '',
};
for (const prop of Object.keys(STYLE_DEFAULTS)) {
  const cap = prop[0]!.toUpperCase() + prop.slice(1);
  const setter = prop === 'wrap' ? 'setWrap' : `set${cap}`;
  const getter = prop === 'wrap' ? 'getWrap' : `get${cap}`;
  alias(`${RG}.${setter}`, `${RG}.setStyle`, (a) => ({ ...a, prop, method: setter }));
  alias(
    `${RG}.${getter}`,
    `${RG}.getStyle`,
    (a) => ({ ...a, prop, method: getter }),
    (v) => v ?? STYLE_DEFAULTS[prop],
  );
}

// --- Protection ------------------------------------------------------------------------------------
interface ProtectionArgs extends SheetArgs {
  id: number;
}

function protectionView(ctx: CallContext, method: string, a: ProtectionArgs) {
  const f = fileFor(ctx, method, a.file, 'read');
  const p = protectionFor(sheetFor(f, a.sheet), a.id);
  const mayEdit = canEditProtection(f, p, userEmail(ctx));
  return {
    description: p.description,
    // Like Google, only someone who may edit the protected cells sees who else may.
    editors: mayEdit ? [...new Set([f.owner, ...p.editors])] : [],
    warningOnly: p.warningOnly,
    domainEdit: p.domainEdit,
    canEdit: mayEdit || p.warningOnly,
  };
}

interface ProtectionChange {
  description?: string;
  addEditors?: string[];
  removeEditors?: string[];
  warningOnly?: boolean;
  domainEdit?: boolean;
  remove?: boolean;
}

function protectionUpdate(ctx: CallContext, method: string, a: ProtectionArgs, change: ProtectionChange) {
  const f = fileFor(ctx, method, a.file, 'write');
  const sh = sheetFor(f, a.sheet);
  const p = protectionFor(sh, a.id);
  const me = userEmail(ctx);
  if (!canEditProtection(f, p, me)) throw new ServiceError(MSG.protectedCell);
  if (change.description !== undefined) p.description = String(change.description);
  if (change.warningOnly !== undefined) p.warningOnly = !!change.warningOnly;
  if (change.domainEdit !== undefined) p.domainEdit = !!change.domainEdit;
  if (change.addEditors) for (const e of emails(change.addEditors)) if (!p.editors.includes(e)) p.editors.push(e);
  // Neither the owner nor the current user can be removed (Google ignores them).
  if (change.removeEditors) {
    const drop = new Set(emails(change.removeEditors).filter((e) => e !== f.owner && e !== me));
    p.editors = p.editors.filter((e) => !drop.has(e));
  }
  if (change.remove) sh.protections = sh.protections.filter((x) => x !== p);
  touch(ctx, f);
  return null;
}

sheetsHandlers[`${PR}.getRange`] = (ctx, a: ProtectionArgs) => {
  const sh = sheetFor(fileFor(ctx, `${PR}.getRange`, a.file, 'read'), a.sheet);
  const p = protectionFor(sh, a.id);
  return rangeResult(sh, p.rect ?? { r0: 1, c0: 1, r1: sh.maxRows, c1: sh.maxCols });
};

type View = ReturnType<typeof protectionView>;
const protectionReaders: Record<string, (v: View) => unknown> = {
  getDescription: (v) => v.description,
  getEditors: (v) => v.editors,
  isWarningOnly: (v) => v.warningOnly,
  canEdit: (v) => v.canEdit,
  canDomainEdit: (v) => v.domainEdit,
};
for (const [name, pick] of Object.entries(protectionReaders)) {
  sheetsHandlers[`${PR}.${name}`] = (ctx, a: ProtectionArgs) => pick(protectionView(ctx, `${PR}.${name}`, a));
}
const protectionWriters: Record<string, (value: unknown) => ProtectionChange> = {
  setDescription: (v) => ({ description: String(v) }),
  addEditor: (v) => ({ addEditors: [String(v)] }),
  addEditors: (v) => ({ addEditors: (v as unknown[]).map(String) }),
  removeEditor: (v) => ({ removeEditors: [String(v)] }),
  removeEditors: (v) => ({ removeEditors: (v as unknown[]).map(String) }),
  setWarningOnly: (v) => ({ warningOnly: !!v }),
  setDomainEdit: (v) => ({ domainEdit: !!v }),
  remove: () => ({ remove: true }),
};
for (const [name, change] of Object.entries(protectionWriters)) {
  sheetsHandlers[`${PR}.${name}`] = (ctx, a: ProtectionArgs & { value?: unknown }) =>
    protectionUpdate(ctx, `${PR}.${name}`, a, change(a.value));
}

function newProtection(f: DriveFile, type: 'SHEET' | 'RANGE', rect: Rect | undefined, me: string): ProtectionState {
  // A new protection starts with everyone who can edit the file (Google's sample removes them next).
  const editors = [...new Set([f.owner, ...f.editors, me])];
  return { id: f.nextProtectionId++, type, rect, description: '', editors, warningOnly: false, domainEdit: false };
}

function addStyle(sh: SheetState, rect: Rect, prop: string, value: StyleRule['value']): void {
  const others = sh.styles.filter((s) => s.prop !== prop);
  const same = carve(
    sh.styles.filter((s) => s.prop === prop),
    rect,
  );
  sh.styles = [...others, ...same, { ...rect, prop, value }];
}

function formulaCell(formula: string): Cell {
  if (formula === '') return null;
  const f = formula.startsWith('=') ? formula : `=${formula}`;
  return { f, v: evaluateFormula(f) };
}

function readRangeHandler(ctx: CallContext, method: string, a: RangeArgs, render: ValueRender) {
  const f = fileFor(ctx, method, a.file, 'read');
  const sh = sheetFor(f, a.sheet);
  const rect = rectArgs(a);
  checkFits(sh, rect);
  countRead(ctx, a.nr * a.nc);
  return readRect(f, sh, rect, render);
}

function fillRange(ctx: CallContext, method: string, a: RangeArgs, value: InputValue, formula = false) {
  const f = fileFor(ctx, method, a.file, 'write');
  const sh = sheetFor(f, a.sheet);
  const rect = rectArgs(a);
  checkFits(sh, rect);
  checkProtection(f, sh, rect, userEmail(ctx));
  if (formula) {
    const cell = formulaCell(String(value));
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) setCell(sh, r, c, cell === null ? null : { ...(cell as CellObject) });
    trimRows(sh);
  } else {
    const values = Array.from({ length: a.nr }, () => Array.from({ length: a.nc }, () => value));
    writeRect(f, sh, rect, values);
  }
  countWritten(ctx, a.nr * a.nc);
  touch(ctx, f);
  return null;
}

function clearHandler(ctx: CallContext, method: string, a: RangeArgs, what: 'content' | 'format' | 'all') {
  const f = fileFor(ctx, method, a.file, 'write');
  const sh = sheetFor(f, a.sheet);
  const rect = rectArgs(a);
  checkFits(sh, rect);
  checkProtection(f, sh, rect, userEmail(ctx));
  if (what !== 'format') {
    // Only cells that exist are touched on the server; count those, not the empty tail of a whole-column range.
    const rows = Math.max(0, Math.min(rect.r1, lastRowOf(sh)) - rect.r0 + 1);
    clearRect(sh, rect);
    countWritten(ctx, rows * (rect.c1 - rect.c0 + 1));
  }
  if (what !== 'content') {
    sh.formats = carve(sh.formats, rect);
    sh.styles = carve(sh.styles, rect);
  }
  touch(ctx, f);
  return null;
}
