// Sheets backend: a sheet's cells: rectangle rules, row-major storage, reading and writing rectangles, rows.
import { ServiceError } from '../../service';
import {
  type Cell,
  type CellPrimitive,
  DEFAULT_COLS,
  DEFAULT_ROWS,
  type DriveFile,
  type FormatRule,
  MAX_CELLS,
  MSG,
  type Rect,
  type SheetState,
} from './model';
import { type InputValue, cellValue, displayOf, enterValue, instantFromSerial, isDateFormat } from './values';
import { checkValidations } from './validation';

// ---------------------------------------------------------------------------------------------------
// Rectangles (formats, styles, validations, protections) and row shifts
// ---------------------------------------------------------------------------------------------------

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function contains(outer: Rect, r: number, c: number): boolean {
  return r >= outer.r0 && r <= outer.r1 && c >= outer.c0 && c <= outer.c1;
}

/** The parts of `a` outside `b` (at most four rectangles). */
export function subtract(a: Rect, b: Rect): Rect[] {
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
export function carve<T extends Rect>(rules: T[], rect: Rect): T[] {
  const out: T[] = [];
  for (const rule of rules) {
    for (const part of subtract(rule, rect)) out.push({ ...rule, ...part });
  }
  return out;
}

/** After deleting rows [start, start+count): shrink or drop a rectangle. */
export function shiftForDelete<T extends Rect>(rect: T, start: number, count: number): T | null {
  const end = start + count - 1;
  const keepTop = rect.r0 < start ? Math.min(rect.r1, start - 1) - rect.r0 + 1 : 0;
  const keepBottom = rect.r1 > end ? rect.r1 - Math.max(rect.r0, end + 1) + 1 : 0;
  if (keepTop + keepBottom === 0) return null;
  const r0 = rect.r0 < start ? rect.r0 : start;
  return { ...rect, r0, r1: r0 + keepTop + keepBottom - 1 };
}

/** After inserting `count` rows after row `after`: rectangles below move down, those covering row `after` grow (formatting is inherited from the row above). */
export function shiftForInsert<T extends Rect>(rect: T, after: number, count: number): T {
  if (rect.r0 > after) return { ...rect, r0: rect.r0 + count, r1: rect.r1 + count };
  if (rect.r1 >= after && after > 0) return { ...rect, r1: rect.r1 + count };
  return rect;
}

// ---------------------------------------------------------------------------------------------------
// Sheet model
// ---------------------------------------------------------------------------------------------------

export function newSheet(sheetId: number, name: string, rows = DEFAULT_ROWS, cols = DEFAULT_COLS): SheetState {
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

export function getCell(sh: SheetState, r: number, c: number): Cell {
  return sh.rows[r - 1]?.[c - 1] ?? null;
}

export function setCell(sh: SheetState, r: number, c: number, cell: Cell): void {
  let row = sh.rows[r - 1];
  if (cell === null) {
    if (!row || c > row.length) return;
    row[c - 1] = null;
    trimCells(row);
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

/** Drops a row's trailing empty cells, so its length is its last column with content. */
function trimCells(row: Cell[]): void {
  while (row.length && row[row.length - 1] === null) row.pop();
}

export function isEmptyRow(row: Cell[] | null | undefined): boolean {
  return !row || row.length === 0;
}

/** Drops trailing empty rows so rows.length is the last row with content. */
export function trimRows(sh: SheetState): void {
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

export function explicitFormatAt(
  sh: SheetState,
  r: number,
  c: number,
  rules: FormatRule[] = sh.formats,
): string | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (contains(rules[i]!, r, c)) return rules[i]!.nf;
  return undefined;
}

export function effectiveFormat(cell: Cell, explicit: string | undefined): string | undefined {
  return explicit ?? (cell !== null && typeof cell === 'object' ? cell.nf : undefined);
}

export function rulesIn<T extends Rect>(rules: T[], rect: Rect): T[] {
  return rules.filter((x) => intersects(x, rect));
}

export function totalCells(f: DriveFile): number {
  return f.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
}

export function growRows(f: DriveFile, sh: SheetState, newMax: number): void {
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

export function growCols(f: DriveFile, sh: SheetState, newMax: number): void {
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

export function clearRect(sh: SheetState, rect: Rect): void {
  for (let r = rect.r0; r <= Math.min(rect.r1, sh.rows.length); r++) {
    const row = sh.rows[r - 1];
    if (!row) continue;
    for (let c = rect.c0; c <= Math.min(rect.c1, row.length); c++) row[c - 1] = null;
    trimCells(row);
  }
  trimRows(sh);
}

/** Moves every rule's rectangle (formats, styles, validations, protected ranges); null drops the rule. */
function moveRules(sh: SheetState, move: <T extends Rect>(x: T) => T | null): void {
  const each = <T extends Rect>(list: T[]) => list.map((x) => move(x)).filter((x): x is T => x !== null);
  sh.formats = each(sh.formats);
  sh.styles = each(sh.styles);
  sh.validations = each(sh.validations);
  sh.protections = sh.protections.flatMap((p) => {
    if (!p.rect) return [p];
    const rect = move(p.rect);
    return rect ? [{ ...p, rect }] : [];
  });
}

export function deleteRowsIn(sh: SheetState, start: number, count: number): void {
  if (start <= sh.rows.length) sh.rows.splice(start - 1, count);
  moveRules(sh, (x) => shiftForDelete(x, start, count));
  sh.maxRows -= count;
  trimRows(sh);
}

/** Deleting columns: the cells left of them stay, those right of them move left; rules shrink or go. */
export function deleteColsIn(sh: SheetState, start: number, count: number): void {
  for (const row of sh.rows) {
    if (!row || start > row.length) continue;
    row.splice(start - 1, count);
    trimCells(row);
  }
  // A column is a row turned sideways: shiftForDelete on the column bounds.
  moveRules(sh, (x) => {
    const c = shiftForDelete({ r0: x.c0, c0: 0, r1: x.c1, c1: 0 }, start, count);
    return c ? { ...x, c0: c.r0, c1: c.r1 } : null;
  });
  sh.maxCols -= count;
  trimRows(sh);
}

export function insertRowsIn(f: DriveFile, sh: SheetState, after: number, count: number): void {
  if (totalCells(f) + count * sh.maxCols > MAX_CELLS) throw new ServiceError(MSG.tooManyCells);
  if (after < sh.rows.length) sh.rows.splice(after, 0, ...Array.from({ length: count }, () => null));
  moveRules(sh, (x) => shiftForInsert(x, after, count));
  sh.maxRows += count;
}
