// Sheets backend: what the SpreadsheetApp handlers share: argument shapes, access checks, counters, find, protections.
import { requireScope, ServiceError, type CallContext } from '../../service';
import {
  type Cell,
  type CellObject,
  type DriveFile,
  MSG,
  type ProtectionState,
  type Rect,
  SCOPE_RO,
  SCOPE_RW,
  SPREADSHEET_MIME,
  type SheetState,
  type StyleRule,
} from './model';
import { type InputValue, cellValue, displayOf } from './values';
import { evaluateFormula } from './formulas';
import {
  type ValueRender,
  carve,
  clearRect,
  effectiveFormat,
  explicitFormatAt,
  lastRowOf,
  readRect,
  rulesIn,
  setCell,
  trimRows,
  writeRect,
} from './grid';
import { canEditProtection, checkProtection, roleOf } from './access';
import { spreadsheetUrl } from './files';

// ---------------------------------------------------------------------------------------------------
// Handlers: what a SpreadsheetApp call does on the server
// ---------------------------------------------------------------------------------------------------

export interface FileArgs {
  file: string;
}
export interface SheetArgs extends FileArgs {
  sheet: number;
}
export interface RangeArgs extends SheetArgs {
  r: number;
  c: number;
  nr: number;
  nc: number;
}

export type Need = 'read' | 'write' | 'share';

export function userEmail(ctx: CallContext): string {
  return ctx.exec.effectiveUser.email.toLowerCase();
}

/** The scope check Apps Script makes on every SpreadsheetApp call, then the Drive access check. */
export function fileFor(ctx: CallContext, method: string, id: string, need: Need): DriveFile {
  requireScope(ctx, method, need === 'read' ? [SCOPE_RW, SCOPE_RO] : [SCOPE_RW]);
  const f = ctx.world.state.drive.files[id];
  const role = f ? roleOf(f, userEmail(ctx)) : null;
  // The object was opened earlier in this execution: a file gone since (or unshared) reads as missing.
  if (!f || !role) throw new ServiceError(MSG.missing(id));
  if (need !== 'read' && role === 'reader') throw new ServiceError(MSG.noEdit);
  return f;
}

export function sheetFor(f: DriveFile, sheetId: number): SheetState {
  const sh = f.sheets.find((s) => s.sheetId === sheetId);
  if (!sh) throw new ServiceError(MSG.sheetGone);
  return sh;
}

export function rectArgs(a: RangeArgs): Rect {
  return { r0: a.r, c0: a.c, r1: a.r + a.nr - 1, c1: a.c + a.nc - 1 };
}

/** A range must still fit the sheet when it is used (rows may have been deleted since getRange). */
export function checkFits(sh: SheetState, rect: Rect): void {
  if (rect.r1 > sh.maxRows || rect.c1 > sh.maxCols) throw new ServiceError(MSG.outside);
}

export function touch(ctx: CallContext, f: DriveFile): void {
  f.modifiedMs = ctx.nowMs();
}

export function countRead(ctx: CallContext, n: number): void {
  ctx.exec.counters.cellsRead += n;
}

export function countWritten(ctx: CallContext, n: number): void {
  ctx.exec.counters.cellsWritten += n;
}

/** Server-side work a call did without returning the cells (a TextFinder scan): shown to the benchmark separately. */
export function countScanned(ctx: CallContext, n: number): void {
  const c = ctx.exec.counters;
  c.cellsScanned = (c.cellsScanned ?? 0) + n;
}

export function fileInfo(f: DriveFile) {
  return { id: f.id, name: f.name, url: spreadsheetUrl(f.id) };
}

export const URL_ID_RE = /\/spreadsheets\/d\/([a-zA-Z0-9_-]+)/;

export function openChecked(ctx: CallContext, method: string, id: string): DriveFile {
  requireScope(ctx, `SpreadsheetApp.${method}`, [SCOPE_RW, SCOPE_RO]);
  const f = ctx.world.state.drive.files[id];
  if (!f || f.mimeType !== SPREADSHEET_MIME) throw new ServiceError(MSG.notFound(method));
  if (!roleOf(f, userEmail(ctx))) throw new ServiceError(MSG.noAccess);
  return f;
}

export function rangeResult(sh: SheetState, rect: Rect) {
  return { sheet: sh.sheetId, r: rect.r0, c: rect.c0, nr: rect.r1 - rect.r0 + 1, nc: rect.c1 - rect.c0 + 1 };
}

export function validateCoords(sh: SheetState, r: number, c: number, nr: number, nc: number): Rect {
  if (!(r >= 1)) throw new ServiceError(MSG.rowTooSmall);
  if (!(c >= 1)) throw new ServiceError(MSG.colTooSmall);
  if (!(nr >= 1)) throw new ServiceError(MSG.numRows);
  if (!(nc >= 1)) throw new ServiceError(MSG.numCols);
  const rect = { r0: r, c0: c, r1: r + nr - 1, c1: c + nc - 1 };
  checkFits(sh, rect);
  return rect;
}

export function protectionFor(sh: SheetState, id: number): ProtectionState {
  const p = sh.protections.find((x) => x.id === id);
  if (!p) throw new ServiceError('Protection not found');
  return p;
}

export function protectionInfo(sh: SheetState, p: ProtectionState) {
  return { sheet: sh.sheetId, id: p.id, type: p.type, rect: p.rect ?? null };
}

export function emails(list: unknown): string[] {
  return (Array.isArray(list) ? list : [list]).map((x) => String(x).trim().toLowerCase()).filter(Boolean);
}

export interface FindArgs extends SheetArgs {
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

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function textFind(ctx: CallContext, f: DriveFile, a: FindArgs): { sheet: number; r: number; c: number }[] {
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

export const ss = 'Spreadsheet';
export const SH = 'Sheet';
export const RG = 'Range';
export const PR = 'Protection';

export function findHandler(ctx: CallContext, method: string, a: FindArgs) {
  const f = fileFor(ctx, method, a.file, 'read');
  if (a.text === '') throw new ServiceError('Invalid argument: findText');
  if (a.sheet !== -1 && a.nr === -1) {
    const sh = sheetFor(f, a.sheet);
    return textFind(ctx, f, { ...a, r: 1, c: 1, nr: sh.maxRows, nc: sh.maxCols });
  }
  return textFind(ctx, f, a);
}

// Variants of another call keep their own name, so the counters say what the script called.

// --- Protection ------------------------------------------------------------------------------------
export interface ProtectionArgs extends SheetArgs {
  id: number;
}

export function protectionView(ctx: CallContext, method: string, a: ProtectionArgs) {
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

export interface ProtectionChange {
  description?: string;
  addEditors?: string[];
  removeEditors?: string[];
  warningOnly?: boolean;
  domainEdit?: boolean;
  remove?: boolean;
}

export function protectionUpdate(ctx: CallContext, method: string, a: ProtectionArgs, change: ProtectionChange) {
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

export function newProtection(
  f: DriveFile,
  type: 'SHEET' | 'RANGE',
  rect: Rect | undefined,
  me: string,
): ProtectionState {
  // A new protection starts with everyone who can edit the file (Google's sample removes them next).
  const editors = [...new Set([f.owner, ...f.editors, me])];
  return { id: f.nextProtectionId++, type, rect, description: '', editors, warningOnly: false, domainEdit: false };
}

export function addStyle(sh: SheetState, rect: Rect, prop: string, value: StyleRule['value']): void {
  const others = sh.styles.filter((s) => s.prop !== prop);
  const same = carve(
    sh.styles.filter((s) => s.prop === prop),
    rect,
  );
  sh.styles = [...others, ...same, { ...rect, prop, value }];
}

export function formulaCell(formula: string): Cell {
  if (formula === '') return null;
  const f = formula.startsWith('=') ? formula : `=${formula}`;
  return { f, v: evaluateFormula(f) };
}

export function readRangeHandler(ctx: CallContext, method: string, a: RangeArgs, render: ValueRender) {
  const f = fileFor(ctx, method, a.file, 'read');
  const sh = sheetFor(f, a.sheet);
  const rect = rectArgs(a);
  checkFits(sh, rect);
  countRead(ctx, a.nr * a.nc);
  return readRect(f, sh, rect, render);
}

export function fillRange(ctx: CallContext, method: string, a: RangeArgs, value: InputValue, formula = false) {
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

export function clearHandler(ctx: CallContext, method: string, a: RangeArgs, what: 'content' | 'format' | 'all') {
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
