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
//
// One file per concern in this folder; this index is what the rest of the runtime imports.

export {
  initialDriveState,
  SPREADSHEET_MIME,
  MAX_CELLS,
  MAX_CELL_CHARS,
  GENERAL_FORMAT,
  DATE_TIME_FORMAT,
  MSG,
} from './model';
export type {
  CellPrimitive,
  CellObject,
  Cell,
  Rect,
  FormatRule,
  StyleRule,
  ValidationCriteria,
  ValidationSpec,
  ValidationRule,
  ProtectionState,
  SheetState,
  DriveFile,
  DriveState,
} from './model';
export { columnLetters, columnNumber, a1Of, parseA1 } from './a1';
export type { A1Ref } from './a1';
export {
  serialFromInstant,
  instantFromSerial,
  isDateFormat,
  formatDateSerial,
  formatGeneralNumber,
  displayOf,
  enterValue,
} from './values';
export type { InputValue, EnterOptions } from './values';
export { evaluateFormula } from './formulas';
export { lastRowOf, lastColumnOf, readRect, writeRect } from './grid';
export type { ValueRender, WriteOptions } from './grid';
export { roleOf } from './access';
export type { Role } from './access';
export {
  createSpreadsheet,
  getFile,
  spreadsheetUrl,
  shareFile,
  findSheet,
  readSheet,
  resolveA1,
  readRange,
  writeRange,
  appendRows,
  addSheet,
  setNumberFormat,
} from './files';
export type { CreateSpreadsheetOptions } from './files';
export { sheetsHandlers, STYLE_DEFAULTS } from './handlers';
