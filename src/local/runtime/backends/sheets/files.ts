// Sheets backend: Drive files: creating, opening, sharing spreadsheets; the Node-side API tools and tests use.
import { createHash } from 'node:crypto';
import type { World } from '../../world';
import { ServiceError } from '../../service';
import {
  type CellPrimitive,
  type DriveFile,
  MAX_CELLS,
  MSG,
  type Rect,
  SPREADSHEET_MIME,
  type SheetState,
} from './model';
import { type A1Ref, parseA1 } from './a1';
import { type InputValue } from './values';
import {
  type ValueRender,
  carve,
  growCols,
  growRows,
  lastColumnOf,
  lastRowOf,
  newSheet,
  readRect,
  totalCells,
  writeRect,
} from './grid';

// ---------------------------------------------------------------------------------------------------
// Node-side helpers (workbench, scenario runner, admin CLI stand-in, tests)
// ---------------------------------------------------------------------------------------------------

export function nextFileId(world: World): string {
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

export function sheetOrThrow(f: DriveFile, name: string): SheetState {
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

export function rectOf(sh: SheetState, ref: A1Ref): Rect {
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
  // values.append adds the rows it needs, also when the grid ends right below the last row.
  if (rows.length > 0) growRows(f, sh, first);
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

export function addFormatRule(sh: SheetState, rect: Rect, nf: string): void {
  sh.formats = carve(sh.formats, rect);
  sh.formats.push({ ...rect, nf });
}
