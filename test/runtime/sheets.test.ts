// SpreadsheetApp in the local runtime: scopes, per-user Drive access, value semantics as Sheets has
// them (USER_ENTERED parsing, formulas, plain-text format, dates in the spreadsheet's time zone),
// sheet operations, protections, validation, TextFinder, and the cost counters.
import { scriptRuntime, ALL_TEST_SCOPES } from './helpers';
import {
  addSheet,
  appendRows,
  createSpreadsheet,
  getFile,
  readRange,
  readSheet,
  setNumberFormat,
  shareFile,
  writeRange,
} from '../../src/local/runtime/backends/sheets';

const OWNER = 'svc-ccm@acme.test';
const ADMIN = 'admin@acme.test';
const COACHEE = 'coachee@acme.test';

const CODE = String.raw`
function open(id) { return SpreadsheetApp.openById(id); }
function sheet(id, name) { return open(id).getSheetByName(name || 'Sheet1'); }
function err(f) { try { f(); return null; } catch (e) { return e.message; } }

function openName(id) { return open(id).getName(); }
function openByUrl(url) { return SpreadsheetApp.openByUrl(url).getId(); }
function readAll(id, name) { return sheet(id, name).getDataRange().getValues(); }
function write(id, a1, values) { sheet(id).getRange(a1).setValues(values); return true; }
function writeOne(id, a1, value) { sheet(id).getRange(a1).setValue(value); return true; }
function createOwn(name) {
  var ss = SpreadsheetApp.create(name);
  return { id: ss.getId(), url: ss.getUrl(), name: ss.getName(), owner: ss.getOwner().getEmail(), sheets: ss.getSheets().map(function (s) { return s.getName(); }) };
}

function roundTrip(id, values) {
  var sh = sheet(id);
  sh.getRange(1, 1, values.length, values[0].length).setValues(values);
  var r = sh.getRange(1, 1, values.length, values[0].length);
  return { values: r.getValues(), display: r.getDisplayValues(), formulas: r.getFormulas(),
    types: r.getValues().map(function (row) { return row.map(function (v) { return v instanceof Date ? 'Date' : typeof v; }); }) };
}

function plainText(id, values) {
  var sh = sheet(id);
  var r = sh.getRange(1, 1, values.length, values[0].length);
  r.setNumberFormat('@');
  r.setValues(values);
  return { values: r.getValues(), formulas: r.getFormulas(), format: r.getNumberFormat() };
}

function dates(id, ms) {
  var ss = open(id);
  var cell = ss.getSheets()[0].getRange('A1');
  cell.setValue(new Date(ms));
  var back = cell.getValue();
  var out = { tz: ss.getSpreadsheetTimeZone(), isDate: back instanceof Date, ms: back.getTime(), display: cell.getDisplayValue(), format: cell.getNumberFormat() };
  ss.setSpreadsheetTimeZone('America/New_York');
  out.afterTzMs = cell.getValue().getTime();
  out.afterTzDisplay = cell.getDisplayValue();
  return out;
}

function shapes(id) {
  var sh = sheet(id);
  return [
    err(function () { sh.getRange(1, 1, 2, 3).setValues([[1, 2, 3]]); }),
    err(function () { sh.getRange(1, 1, 1, 3).setValues([[1, 2]]); }),
    err(function () { sh.getRange(1, 1, 2, 2).setValues([[1, 2], [3]]); }),
    err(function () { sh.getRange(1, 1, 1, 2).setValues([1, 2]); }),
    err(function () { sh.getRange(0, 1); }),
    err(function () { sh.getRange(1, 0); }),
    err(function () { sh.getRange(2, 1, 0, 5); }),
    err(function () { sh.getRange(1, 1, 1, 0); }),
    err(function () { sh.getRange(1000, 1, 2, 1); }),
    err(function () { sh.getRange(1, 26, 1, 2); }),
    err(function () { sh.getRange('not a range'); }),
    err(function () { sh.getRange('A1:B2:C3'); }),
    sh.getLastRow(),
  ];
}

function sheetOps(id) {
  var ss = open(id);
  var sh = ss.getSheets()[0];
  var out = {};
  out.emptyLast = [sh.getLastRow(), sh.getLastColumn(), sh.getDataRange().getA1Notation()];
  sh.appendRow(['when', 'who', 'status']);
  sh.appendRow(['2026-03-02', 'ana@acme.test', 'booked']);
  sh.appendRow(['2026-04-02', 'bo@acme.test', 'cancelled', 'extra']);
  out.afterAppend = [sh.getLastRow(), sh.getLastColumn(), sh.getDataRange().getA1Notation(), sh.getMaxRows(), sh.getMaxColumns()];
  sh.setFrozenRows(1);
  out.frozen = sh.getFrozenRows();
  sh.insertRowAfter(1);
  out.afterInsert = sh.getRange('A1:B4').getDisplayValues();
  sh.deleteRow(2);
  sh.deleteRows(2, 1);
  out.afterDelete = [sh.getLastRow(), sh.getMaxRows(), sh.getRange('B2').getValue()];
  var t = ss.insertSheet('Ledger');
  out.sheets = ss.getSheets().map(function (s) { return s.getName(); });
  out.dup = err(function () { ss.insertSheet('Ledger'); });
  out.auto = ss.insertSheet().getName();
  ss.deleteSheet(t);
  out.afterDeleteSheet = ss.getSheets().map(function (s) { return s.getName(); });
  out.missing = ss.getSheetByName('Nope');
  out.range = (function (r) { return [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns(), r.getA1Notation(), r.getLastRow(), r.getLastColumn()]; })(sh.getRange(2, 3, 4, 2));
  out.wholeColumn = sh.getRange('B:B').getA1Notation();
  out.openRows = sh.getRange('A2:C').getNumRows();
  out.lastSheet = err(function () {
    var all = ss.getSheets();
    for (var i = 0; i < all.length; i++) ss.deleteSheet(all[i]);
  });
  out.gone = err(function () { sh.getName(); });
  return out;
}

function dropColumns(id) {
  var sh = sheet(id);
  sh.getRange('A1:E2').setValues([['a', 'b', 'c', 'd', 'e'], [1, 2, 3, 4, 5]]);
  sh.deleteColumns(2, 2);
  sh.deleteColumn(3);
  var out = { values: sh.getDataRange().getValues(), max: sh.getMaxColumns() };
  out.outside = err(function () { sh.deleteColumns(20, 10); });
  out.all = err(function () { sh.deleteColumns(1, sh.getMaxColumns()); });
  return out;
}

function atTheLimit(id) {
  var ss = open(id);
  var sh = ss.getSheets()[0];
  var out = {};
  out.full = err(function () { sh.appendRow(['over', 0]); });
  sh.deleteRows(2, 10);
  out.afterDelete = [sh.getMaxRows(), sh.getLastRow(), sh.getRange(2, 1).getValue()];
  sh.appendRow(['new', 1]);
  out.afterAppend = [sh.getLastRow(), sh.getMaxRows(), sh.getRange(sh.getLastRow(), 1).getValue()];
  out.cells = ss.getSheets().reduce(function (n, s) { return n + s.getMaxRows() * s.getMaxColumns(); }, 0);
  return out;
}

function appendMany(id, n) {
  var sh = sheet(id);
  for (var i = 0; i < n; i++) sh.appendRow(['r' + i, i]);
  return [sh.getLastRow(), sh.getMaxRows()];
}

function protectAndShare(id, editor) {
  var ss = open(id);
  ss.addEditor(editor);
  var sh = ss.getSheets()[0];
  sh.getRange('A1:C1').setValues([['a', 'b', 'c']]);
  var p = sh.protect().setDescription('ledger: gateway only');
  var before = p.getEditors().map(function (u) { return u.getEmail(); }).sort();
  p.removeEditors(p.getEditors());
  var head = sh.getRange('A1:C1').protect();
  head.removeEditors(head.getEditors());
  return { before: before, after: p.getEditors().map(function (u) { return u.getEmail(); }), description: p.getDescription(),
    type: String(p.getProtectionType()), canEdit: p.canEdit(), headRange: head.getRange().getA1Notation(),
    sheetProtections: sh.getProtections(SpreadsheetApp.ProtectionType.SHEET).length,
    editors: ss.getEditors().map(function (u) { return u.getEmail(); }) };
}

function tryEdit(id) {
  var sh = sheet(id);
  var out = { read: sh.getRange('A1').getValue() };
  out.write = err(function () { sh.getRange('A2').setValue('x'); });
  out.append = err(function () { sh.appendRow(['x']); });
  out.protection = (function (p) { return [p.canEdit(), p.getEditors().length]; })(sh.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0]);
  return out;
}

function warnOnly(id) {
  var p = sheet(id).getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
  p.setWarningOnly(true);
  return p.isWarningOnly();
}

function validation(id) {
  var sh = sheet(id);
  var col = sh.getRange('C2:C');
  var rule = SpreadsheetApp.newDataValidation().requireValueInList(['booked', 'cancelled'], true).setAllowInvalid(false).setHelpText('status').build();
  col.setDataValidation(rule);
  var emails = SpreadsheetApp.newDataValidation().requireTextIsEmail().build();
  sh.getRange('B2:B').setDataValidation(emails);
  var out = {};
  sh.getRange('C2').setValue('booked');
  out.bad = err(function () { sh.getRange('C3').setValue('maybe'); });
  out.badInRow = err(function () { sh.getRange('A5:C5').setValues([['x', 'y', 'nope']]); });
  sh.getRange('B3').setValue('not an email');
  out.lenient = sh.getRange('B3').getValue();
  var got = sh.getRange('C7').getDataValidation();
  out.rule = [String(got.getCriteriaType()), got.getCriteriaValues()[0], got.getAllowInvalid(), got.getHelpText()];
  out.none = sh.getRange('A2').getDataValidation();
  sh.getRange('C2:C').clearDataValidations();
  sh.getRange('C3').setValue('maybe');
  out.cleared = sh.getRange('C3').getValue();
  out.noCriteria = err(function () { SpreadsheetApp.newDataValidation().build(); });
  return out;
}

function finder(id, text) {
  var sh = sheet(id);
  var f = sh.createTextFinder(text).matchEntireCell(true);
  var first = f.findNext();
  var second = f.findNext();
  var all = sh.createTextFinder(text).findAll().map(function (r) { return r.getA1Notation(); });
  var partial = sh.createTextFinder('ACME').findAll().length;
  var exact = sh.createTextFinder('ACME').matchCase(true).findAll().length;
  var none = sh.createTextFinder('nobody@acme.test').findNext();
  return { first: first && first.getA1Notation(), second: second && second.getA1Notation(), all: all, partial: partial, exact: exact, none: none };
}

function findRow(id, key) {
  var sh = sheet(id);
  var hit = sh.createTextFinder(key).matchEntireCell(true).findNext();
  if (!hit) return null;
  return sh.getRange(hit.getRow(), 1, 1, 3).getValues()[0];
}

function fewCells(id) {
  var sh = sheet(id);
  var last = sh.getLastRow();
  return [last, sh.getRange(last, 1, 1, 3).getValues()[0], sh.getRange(50000, 2).getValue()];
}

function styles(id) {
  var r = sheet(id).getRange('A1:C1');
  r.setFontWeight('bold').setBackground('#eeeeee');
  return [r.getFontWeight(), r.getBackground(), sheet(id).getRange('A2').getFontWeight()];
}

function missingMethod(id) { return sheet(id).getRange('A1').getBanding(); }
function noUi() { return SpreadsheetApp.getUi(); }
function active() { return SpreadsheetApp.getActiveSpreadsheet(); }
`;

function setup(extraProjects: Parameters<typeof scriptRuntime>[0] = []) {
  const { world, runtime } = scriptRuntime([{ name: 'gw', code: CODE, owner: OWNER }, ...extraProjects]);
  world.addUser({ email: OWNER, name: 'CCM service', domain: 'acme.test', timeZone: 'Europe/Paris' });
  world.addUser({ email: COACHEE, name: 'Coachee', domain: 'acme.test' });
  world.addUser({ email: ADMIN, name: 'Admin', domain: 'acme.test' });
  const run = async (fn: string, args: unknown[] = [], user = OWNER, project = 'gw') =>
    runtime.execute({ project, fn, args, user });
  const ok = async (fn: string, args: unknown[] = [], user = OWNER, project = 'gw') => {
    const r = await run(fn, args, user, project);
    if (!r.ok) throw new Error(`${fn} failed: ${r.error?.message}`);
    return r;
  };
  return { world, runtime, run, ok };
}

describe('SpreadsheetApp: scopes and per-user access', () => {
  const addonScopes = ALL_TEST_SCOPES.filter((s) => !s.includes('spreadsheets'));
  const t = setup([{ name: 'addon', code: CODE, manifest: { oauthScopes: addonScopes } }]);
  afterAll(() => t.runtime.close());
  const id = createSpreadsheet(t.world, OWNER, 'CCM usage');

  test("a project without the spreadsheets scope is refused with Apps Script's message", async () => {
    const r = await t.run('openName', [id], OWNER, 'addon');
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(
      'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
  });

  test('the owner opens it; a coachee gets the permission error; an unknown id the generic one', async () => {
    expect((await t.ok('openName', [id])).value).toBe('CCM usage');
    const denied = await t.run('openName', [id], COACHEE);
    expect(denied.error?.message).toBe('You do not have permission to access the requested document.');
    const unknown = await t.run('openName', ['1nope'], OWNER);
    expect(unknown.error?.message).toBe(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
  });

  test('openByUrl finds the file from its URL and checks access the same way', async () => {
    const url = `https://docs.google.com/spreadsheets/d/${id}/edit#gid=0`;
    expect((await t.ok('openByUrl', [url])).value).toBe(id);
    expect((await t.run('openByUrl', [url], COACHEE)).error?.message).toBe(
      'You do not have permission to access the requested document.',
    );
    expect((await t.run('openByUrl', ['https://example.com/x'])).error?.message).toBe('Invalid argument: url');
  });

  test('a viewer reads but cannot write; an editor can; unsharing takes effect', async () => {
    await t.ok('write', [id, 'A1:B1', [['k', 'v']]]);
    shareFile(t.world, id, ADMIN, 'reader');
    expect((await t.ok('readAll', [id], ADMIN)).value).toEqual([['k', 'v']]);
    const w = await t.run('write', [id, 'A2:B2', [['x', 'y']]], ADMIN);
    expect(w.error?.message).toBe('You do not have permission to perform that action.');
    shareFile(t.world, id, ADMIN, 'writer');
    await t.ok('write', [id, 'A2:B2', [['x', 'y']]], ADMIN);
    shareFile(t.world, id, ADMIN, 'none');
    expect((await t.run('readAll', [id], ADMIN)).error?.message).toBe(
      'You do not have permission to access the requested document.',
    );
  });

  test('create() makes a spreadsheet owned by the effective user, private to them', async () => {
    const r = await t.ok('createOwn', ['Scratch'], COACHEE);
    const v = r.value as { id: string; url: string; name: string; owner: string; sheets: string[] };
    expect(v).toMatchObject({ name: 'Scratch', owner: COACHEE, sheets: ['Sheet1'] });
    expect(v.url).toBe(`https://docs.google.com/spreadsheets/d/${v.id}/edit`);
    expect(v.id).toMatch(/^1[A-Za-z0-9_-]{43}$/);
    expect(getFile(t.world, v.id).owner).toBe(COACHEE);
    expect((await t.run('openName', [v.id], OWNER)).error?.message).toBe(
      'You do not have permission to access the requested document.',
    );
  });

  test('a missing method fails loudly with its name; no active spreadsheet; no UI', async () => {
    expect((await t.run('missingMethod', [id])).error?.message).toBe(
      'The local runtime does not provide Range.getBanding',
    );
    expect((await t.ok('active')).value).toBeNull();
    expect((await t.run('noUi')).error?.message).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  });
});

describe('SpreadsheetApp: values as Sheets stores them', () => {
  const t = setup();
  afterAll(() => t.runtime.close());

  test('typed text is parsed like user input: numbers, booleans, dates, formulas, apostrophes', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'v', { timeZone: 'Etc/UTC' });
    const input = [
      [
        '007',
        'true',
        'FALSE',
        '2026-03-02',
        "'007",
        '=1+2',
        '=IMPORTXML("https://x","//a")',
        '- buy milk',
        '-foo',
        '',
        'plain text',
        '1,234.5',
        '50%',
        '3/2/2026 14:30',
        'ev_123',
        '2026-03-02T10:00:00Z',
      ],
    ];
    const v = (await t.ok('roundTrip', [id, input])).value as {
      values: unknown[][];
      display: string[][];
      formulas: string[][];
      types: string[][];
    };
    expect(v.types[0]).toEqual([
      'number',
      'boolean',
      'boolean',
      'Date',
      'string',
      'number',
      'string',
      'string',
      'string',
      'string',
      'string',
      'number',
      'number',
      'Date',
      'string',
      'string',
    ]);
    const [row] = v.values as unknown[][];
    expect(row!.slice(0, 3)).toEqual([7, true, false]);
    expect(new Date(row![3] as string).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(row!.slice(4, 13)).toEqual(['007', 3, '#NAME?', '#ERROR!', '#NAME?', '', 'plain text', 1234.5, 0.5]);
    expect(new Date(row![13] as string).toISOString()).toBe('2026-03-02T14:30:00.000Z');
    expect(row!.slice(14)).toEqual(['ev_123', '2026-03-02T10:00:00Z']);
    expect(v.display[0]).toEqual([
      '7',
      'TRUE',
      'FALSE',
      '2026-03-02',
      '007',
      '3',
      '#NAME?',
      '#ERROR!',
      '#NAME?',
      '',
      'plain text',
      '1,234.50',
      '50%',
      '3/2/2026 14:30:00',
      'ev_123',
      '2026-03-02T10:00:00Z',
    ]);
    expect(v.formulas[0]).toEqual([
      '',
      '',
      '',
      '',
      '',
      '=1+2',
      '=IMPORTXML("https://x","//a")',
      '=- buy milk',
      '=-foo',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  test('a plain-text (@) column keeps what was written, formulas included', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'p');
    const input = [['007', '=HYPERLINK("https://evil")', "'quoted", 'true', '2026-03-02', '-1']];
    const v = (await t.ok('plainText', [id, input])).value as {
      values: unknown[][];
      formulas: string[][];
      format: string;
    };
    expect(v.values).toEqual(input);
    expect(v.formulas[0]!.every((f) => f === '')).toBe(true);
    expect(v.format).toBe('@');
  });

  test('a long digit string loses precision as a number, as in Sheets', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'n');
    const v = (await t.ok('roundTrip', [id, [['12345678901234567890', '0.1']]])).value as {
      values: unknown[][];
      display: string[][];
    };
    expect(v.values[0]).toEqual([12345678901234567000, 0.1]);
    expect(v.display[0]).toEqual(['1.23457E+19', '0.1']);
  });

  test("Dates are stored as wall time in the spreadsheet's zone and read back as Dates", async () => {
    const id = createSpreadsheet(t.world, OWNER, 'd');
    const instant = Date.UTC(2026, 2, 2, 9, 30, 15);
    const v = (await t.ok('dates', [id, instant])).value as Record<string, unknown>;
    expect(v.tz).toBe('Europe/Paris'); // the creator's time zone
    expect(v.isDate).toBe(true);
    expect(v.ms).toBe(instant);
    expect(v.display).toBe('3/2/2026 10:30:15');
    expect(v.format).toBe('M/d/yyyy H:mm:ss');
    // The stored wall time stays; in another zone it denotes another instant (as in Sheets).
    expect(v.afterTzDisplay).toBe('3/2/2026 10:30:15');
    expect(v.afterTzMs).toBe(Date.UTC(2026, 2, 2, 15, 30, 15));
  });

  test("shape errors, bad coordinates and bad A1 notation use Google's messages", async () => {
    const id = createSpreadsheet(t.world, OWNER, 's');
    const v = (await t.ok('shapes', [id])).value as unknown[];
    expect(v).toEqual([
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
      'The starting row of the range is too small.',
      'The starting column of the range is too small.',
      'The number of rows in the range must be at least 1.',
      'The number of columns in the range must be at least 1.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'Range not found',
      'Range not found',
      0, // nothing was written by the refused calls
    ]);
  });

  test('a cell over 50,000 characters is refused', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'big');
    const r = await t.run('writeOne', [id, 'A1', 'x'.repeat(50_001)]);
    expect(r.error?.message).toBe('Your input contains more than the maximum of 50000 characters in a single cell.');
    await t.ok('writeOne', [id, 'A1', 'x'.repeat(50_000)]);
  });
});

describe('SpreadsheetApp: sheets, rows, protections, validation', () => {
  const t = setup();
  afterAll(() => t.runtime.close());

  test('append, last row/column, data range, frozen rows, insert/delete rows, sheets', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'ops');
    const v = (await t.ok('sheetOps', [id])).value as Record<string, unknown>;
    expect(v.emptyLast).toEqual([0, 0, 'A1']);
    expect(v.afterAppend).toEqual([3, 4, 'A1:D3', 1000, 26]);
    expect(v.frozen).toBe(1);
    expect(v.afterInsert).toEqual([
      ['when', 'who'],
      ['', ''],
      ['2026-03-02', 'ana@acme.test'],
      ['2026-04-02', 'bo@acme.test'],
    ]);
    expect(v.afterDelete).toEqual([2, 999, 'bo@acme.test']);
    expect(v.sheets).toEqual(['Sheet1', 'Ledger']);
    expect(v.dup).toBe('A sheet with the name "Ledger" already exists. Please enter another name.');
    expect(v.auto).toBe('Sheet3');
    expect(v.afterDeleteSheet).toEqual(['Sheet1', 'Sheet3']);
    expect(v.missing).toBeNull();
    expect(v.lastSheet).toBe("You can't remove all the sheets in a document.");
    expect(v.range).toEqual([2, 3, 4, 2, 'C2:D5', 5, 4]);
    expect(v.wholeColumn).toBe('B1:B999');
    expect(v.openRows).toBe(998);
    expect(v.gone).toBe('Sheet not found'); // Sheet1 went before the last one was refused
  });

  test('appendRow past the last grid row adds rows', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'grow', { rows: 3, cols: 2 });
    expect((await t.ok('appendMany', [id, 5])).value).toEqual([5, 5]);
  });

  test('values.append (the Node-side appendRows) on a grid that ends at its last row adds rows too', () => {
    const id = createSpreadsheet(t.world, OWNER, 'full', { rows: 2, cols: 2 });
    appendRows(t.world, id, 'Sheet1', [
      ['a', 1],
      ['b', 2],
    ]);
    expect(appendRows(t.world, id, 'Sheet1', [['c', 3]])).toBe(3);
    expect(readSheet(t.world, id, 'Sheet1')).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(getFile(t.world, id).sheets[0]!.maxRows).toBe(3);
  });

  test('deleteColumns: cells right of them move left, the grid narrows; not all of them, not past the grid', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'narrow', { rows: 10, cols: 26 });
    const v = (await t.ok('dropColumns', [id])).value as Record<string, unknown>;
    expect(v.values).toEqual([
      ['a', 'd'],
      [1, 4],
    ]);
    expect(v.max).toBe(23);
    expect(v.outside).toBe('Those columns are out of bounds.');
    expect(v.all).toBe('Sorry, it is not possible to delete all non-frozen columns.');
  });

  // Google's limit is 10,000,000 cells per spreadsheet, counted over every tab's grid (max rows x max
  // columns), empty cells included: tanaikech's report of Google's "Sheets doubles cell limit" update
  // (https://gist.github.com/tanaikech/cc4380692790150cc090114553e38a0e) and Ben Collins' Sheet Sizer,
  // which sizes a sheet as getMaxRows() x getMaxColumns() (https://github.com/benlcollins/SheetSizer).
  // So deleting rows frees their cells, and rows appended afterwards land below the last row kept.
  test('10,000,000 cells: a full workbook refuses to grow; deleteRows frees the cells; appends land below', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'limit', { rows: 20, cols: 2 });
    appendRows(
      t.world,
      id,
      'Sheet1',
      Array.from({ length: 20 }, (_, i) => [`r${i + 1}`, i + 1]),
    );
    addSheet(t.world, id, 'Padding', { rows: 10_000_000 - 40, cols: 1 });
    const v = (await t.ok('atTheLimit', [id])).value as Record<string, unknown>;
    expect(v.full).toBe(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
    expect(v.afterDelete).toEqual([10, 10, 'r12']);
    expect(v.afterAppend).toEqual([11, 11, 'new']);
    expect(v.cells).toBe(10_000_000 - 20 + 2);
  });

  test("a protected sheet: the owner edits, a shared editor gets Google's error, warning-only lets them through", async () => {
    const id = createSpreadsheet(t.world, OWNER, 'prot');
    const v = (await t.ok('protectAndShare', [id, ADMIN])).value as Record<string, unknown>;
    expect(v.before).toEqual([ADMIN, OWNER]);
    expect(v.after).toEqual([OWNER]); // the owner cannot be removed
    expect(v).toMatchObject({
      description: 'ledger: gateway only',
      type: 'SHEET',
      canEdit: true,
      headRange: 'A1:C1',
      sheetProtections: 1,
      editors: [OWNER, ADMIN],
    });
    const e = (await t.ok('tryEdit', [id], ADMIN)).value as Record<string, unknown>;
    const protectedMsg =
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';
    expect(e).toEqual({ read: 'a', write: protectedMsg, append: protectedMsg, protection: [false, 0] });
    expect((await t.run('warnOnly', [id], ADMIN)).error?.message).toBe(protectedMsg);
    expect((await t.ok('warnOnly', [id], OWNER)).value).toBe(true);
    // The range protection on A1:C1 still blocks the admin; the rest of the sheet is open to them now.
    const after = (await t.ok('tryEdit', [id], ADMIN)).value as Record<string, unknown>;
    expect(after).toMatchObject({ write: null, append: null });
    expect((await t.run('write', [id, 'A1:A1', [['x']]], ADMIN)).error?.message).toBe(protectedMsg);
  });

  test('data validation: strict rules refuse the whole write, lenient ones store it', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'dv');
    const v = (await t.ok('validation', [id])).value as Record<string, unknown>;
    expect(v.bad).toBe('The data you entered in cell C3 violates the data validation rules set on this cell.');
    expect(v.badInRow).toBe('The data you entered in cell C5 violates the data validation rules set on this cell.');
    expect(v.lenient).toBe('not an email');
    expect(v.rule).toEqual(['VALUE_IN_LIST', ['booked', 'cancelled'], false, 'status']);
    expect(v.none).toBeNull();
    expect(v.cleared).toBe('maybe');
    expect(v.noCriteria).toBe('You must specify a criteria for the data validation rule.');
    // The refused row wrote nothing at all.
    expect(readRange(t.world, id, 'A5:C5')).toEqual([]);
  });

  test('formatting calls are recorded and read back', async () => {
    const id = createSpreadsheet(t.world, OWNER, 'st');
    expect((await t.ok('styles', [id])).value).toEqual(['bold', '#eeeeee', 'normal']);
  });
});

describe('SpreadsheetApp: TextFinder and cost counters on a large ledger', () => {
  const t = setup();
  afterAll(() => t.runtime.close());
  const ROWS = 100_000;
  const id = createSpreadsheet(t.world, OWNER, 'ledger');
  setNumberFormat(t.world, id, 'A:A', '@');
  const rows = Array.from({ length: ROWS }, (_, i) => [
    `ev${String(i).padStart(6, '0')}`,
    `user${i % 500}@ACME.test`,
    i % 7 === 0 ? 'cancelled' : 'booked',
  ]);
  appendRows(t.world, id, 'Sheet1', [['event', 'who', 'status'], ...rows]);

  test('the Node-side helpers built a 100,001-row sheet that grew to fit', () => {
    const f = getFile(t.world, id);
    expect(f.sheets[0]!.maxRows).toBe(ROWS + 1);
    expect(readRange(t.world, id, 'A100001:C100001')).toEqual([['ev099999', 'user499@ACME.test', 'booked']]);
  });

  test('reading a few cells of a 100k-row sheet costs only those cells and is fast', async () => {
    // Cost is checked by cells counted, not by wall time (speed is the benchmark's job).
    const r = await t.ok('fewCells', [id]);
    expect(r.value).toEqual([ROWS + 1, ['ev099999', 'user499@ACME.test', 'booked'], 'user498@ACME.test']);
    expect(r.counters.cellsRead).toBe(4);
    expect(r.counters.cellsWritten).toBe(0);
  });

  test('a TextFinder search is one call that reads no cells for the script; the scan is reported apart', async () => {
    const r = await t.ok('findRow', [id, 'ev050000']);
    expect(r.value).toEqual(['ev050000', 'user0@ACME.test', 'booked']);
    expect(r.counters.serviceCalls['TextFinder.findNext']).toBe(1);
    expect(r.counters.cellsRead).toBe(3); // the row read afterwards, nothing for the search
    expect(r.counters.cellsScanned).toBeGreaterThan(150_000); // it looked at half the ledger
    expect(r.localCalls['Sheet.createTextFinder']).toBe(1);
  });

  test('TextFinder options: whole-cell, case, findNext runs on, no wrap', async () => {
    const small = createSpreadsheet(t.world, OWNER, 'tf');
    writeRange(t.world, small, 'A1:B3', [
      ['ana@acme.test', 'x'],
      ['ANA@acme.test', 'ana@acme.test (cc)'],
      ['y', 'ACME'],
    ]);
    const v = (await t.ok('finder', [small, 'ana@acme.test'])).value;
    expect(v).toEqual({ first: 'A1', second: 'A2', all: ['A1', 'A2', 'B2'], partial: 4, exact: 1, none: null });
  });

  test('whole-ledger read counts every cell; a write counts what it wrote', async () => {
    const r = await t.ok('readAll', [id]);
    expect((r.value as unknown[]).length).toBe(ROWS + 1);
    expect(r.counters.cellsRead).toBe((ROWS + 1) * 3);
    const w = await t.ok('write', [
      id,
      'D1:E2',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ]);
    expect(w.counters.cellsWritten).toBe(4);
    expect(w.counters.totalServiceCalls).toBe(4); // openById, getSheetByName, getRange, setValues
  });

  test('readSheet gives the values as a script would see them', () => {
    const small = createSpreadsheet(t.world, OWNER, 'rs', { timeZone: 'Etc/UTC' });
    writeRange(t.world, small, 'A1:C1', [['x', { $date: Date.UTC(2026, 0, 2) }, '42']]);
    expect(readSheet(t.world, small, 'Sheet1')).toEqual([['x', new Date(Date.UTC(2026, 0, 2)), 42]]);
    expect(readRange(t.world, small, 'A1:C1', 'UNFORMATTED_VALUE')).toEqual([['x', 46024, 42]]);
    writeRange(t.world, small, 'A2', [['=1+1', '007']], 'RAW');
    expect(readRange(t.world, small, 'A2:B2', 'UNFORMATTED_VALUE')).toEqual([['=1+1', '007']]);
  });
});
