// Sheets backend: The World slice (Drive files and spreadsheets as plain JSON), limits and Google's messages.

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
export const SCOPE_RW = 'https://www.googleapis.com/auth/spreadsheets';
export const SCOPE_RO = 'https://www.googleapis.com/auth/spreadsheets.readonly';
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLS = 26;
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
  allColumns: 'Sorry, it is not possible to delete all non-frozen columns.',
  columnsOutOfBounds: 'Those columns are out of bounds.',
  tooManyCells: `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
  cellTooLong: `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
  invalidValidation: (a1: string) =>
    `The data you entered in cell ${a1} violates the data validation rules set on this cell.`,
  sheetGone: 'Sheet not found',
};
