// Sheets backend: the SpreadsheetApp calls the worker forwards (Spreadsheet, Sheet, Range, Protection), by name.
import { isValidTimeZone } from '../../../../core/time';
import { requireScope, ServiceError, type HandlerMap } from '../../service';
import { GENERAL_FORMAT, MSG, SCOPE_RO, SCOPE_RW, type ValidationRule, type ValidationSpec } from './model';
import { parseA1 } from './a1';
import { type InputValue } from './values';
import {
  carve,
  contains,
  deleteColsIn,
  deleteRowsIn,
  effectiveFormat,
  explicitFormatAt,
  getCell,
  growCols,
  growRows,
  insertRowsIn,
  lastColumnOf,
  lastRowOf,
  readRect,
  rulesIn,
  setCell,
  trimRows,
  writeRect,
} from './grid';
import { checkProtection, roleOf } from './access';
import { addFormatRule, addSheet, createSpreadsheet, findSheet, getFile, rectOf, resolveA1, shareFile } from './files';
import {
  type FileArgs,
  type FindArgs,
  PR,
  type ProtectionArgs,
  type ProtectionChange,
  RG,
  type RangeArgs,
  SH,
  type SheetArgs,
  URL_ID_RE,
  addStyle,
  checkFits,
  clearHandler,
  countRead,
  countWritten,
  emails,
  fileFor,
  fileInfo,
  fillRange,
  findHandler,
  formulaCell,
  newProtection,
  openChecked,
  protectionFor,
  protectionInfo,
  protectionUpdate,
  protectionView,
  rangeResult,
  readRangeHandler,
  rectArgs,
  sheetFor,
  ss,
  touch,
  userEmail,
  validateCoords,
} from './handler-kit';

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
  [`${SH}.deleteColumns`]: (ctx, a: SheetArgs & { start: number; count: number }) => {
    const f = fileFor(ctx, `${SH}.deleteColumns`, a.file, 'write');
    const sh = sheetFor(f, a.sheet);
    const start = Number(a.start);
    const count = Number(a.count ?? 1);
    if (!(start >= 1) || !(count >= 1) || start + count - 1 > sh.maxCols)
      throw new ServiceError(MSG.columnsOutOfBounds);
    if (count >= sh.maxCols - sh.frozenCols && start > sh.frozenCols) throw new ServiceError(MSG.allColumns);
    checkProtection(f, sh, { r0: 1, c0: start, r1: sh.maxRows, c1: start + count - 1 }, userEmail(ctx));
    deleteColsIn(sh, start, count);
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

export function alias(
  name: string,
  target: string,
  mapArgs: (a: any) => any = (a) => a,
  mapResult: (v: any) => unknown = (v) => v,
): void {
  const handler = sheetsHandlers[target]!;
  sheetsHandlers[name] = (ctx, a) => mapResult(handler(ctx, mapArgs(a)));
}
export const oneCell = (a: RangeArgs) => ({ ...a, nr: 1, nc: 1 });
export const first = (v: unknown[][]) => v[0]![0];
alias(`${RG}.getValue`, `${RG}.getValues`, oneCell, first);
alias(`${RG}.getDisplayValue`, `${RG}.getDisplayValues`, oneCell, first);
alias(`${RG}.getFormula`, `${RG}.getFormulas`, oneCell, first);
alias(`${RG}.getDataValidation`, `${RG}.getDataValidations`, oneCell, first);
alias(`${RG}.clearDataValidations`, `${RG}.setDataValidation`, (a: RangeArgs) => ({ ...a, rule: null }));
alias(`${SH}.insertRowAfter`, `${SH}.insertRowsAfter`, (a) => ({ ...a, count: 1 }));
alias(`${SH}.insertRowBefore`, `${SH}.insertRowsAfter`, (a) => ({ ...a, after: Number(a.before) - 1, count: 1 }));
alias(`${SH}.insertRowsBefore`, `${SH}.insertRowsAfter`, (a) => ({ ...a, after: Number(a.before) - 1 }));
alias(`${SH}.deleteRow`, `${SH}.deleteRows`, (a) => ({ ...a, count: 1 }));
alias(`${SH}.deleteColumn`, `${SH}.deleteColumns`, (a) => ({ ...a, count: 1 }));
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
sheetsHandlers[`${PR}.getRange`] = (ctx, a: ProtectionArgs) => {
  const sh = sheetFor(fileFor(ctx, `${PR}.getRange`, a.file, 'read'), a.sheet);
  const p = protectionFor(sh, a.id);
  return rangeResult(sh, p.rect ?? { r0: 1, c0: 1, r1: sh.maxRows, c1: sh.maxCols });
};

export type View = ReturnType<typeof protectionView>;
export const protectionReaders: Record<string, (v: View) => unknown> = {
  getDescription: (v) => v.description,
  getEditors: (v) => v.editors,
  isWarningOnly: (v) => v.warningOnly,
  canEdit: (v) => v.canEdit,
  canDomainEdit: (v) => v.domainEdit,
};
for (const [name, pick] of Object.entries(protectionReaders)) {
  sheetsHandlers[`${PR}.${name}`] = (ctx, a: ProtectionArgs) => pick(protectionView(ctx, `${PR}.${name}`, a));
}
export const protectionWriters: Record<string, (value: unknown) => ProtectionChange> = {
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
