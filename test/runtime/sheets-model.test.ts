// The Sheets model behind SpreadsheetApp, tested directly: A1 notation, the value parser, formula
// results, number formats, serial dates across time zones, and formats following inserted/deleted rows.
import {
  a1Of,
  columnLetters,
  columnNumber,
  displayOf,
  enterValue,
  evaluateFormula,
  formatDateSerial,
  formatGeneralNumber,
  instantFromSerial,
  isDateFormat,
  parseA1,
  serialFromInstant,
  createSpreadsheet,
  getFile,
  setNumberFormat,
  writeRange,
  readRange,
  GENERAL_FORMAT,
} from '../../src/local/runtime/backends/sheets';
import { World } from '../../src/local/runtime/world';
import { scriptRuntime } from './helpers';

describe('A1 notation', () => {
  test('columns convert both ways, past Z', () => {
    expect([1, 26, 27, 52, 702, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect(['A', 'z', 'AA', 'ZZ', 'AAA'].map(columnNumber)).toEqual([1, 26, 27, 702, 703]);
    expect(a1Of(2, 3, 4, 2)).toBe('C2:D5');
    expect(a1Of(7, 1)).toBe('A7');
  });

  test('cells, ranges, open ranges and sheet names parse; nonsense does not', () => {
    expect(parseA1('B3')).toEqual({ sheetName: undefined, r0: 3, c0: 2, r1: 3, c1: 2 });
    expect(parseA1('$A$1:C10')).toMatchObject({ r0: 1, c0: 1, r1: 10, c1: 3 });
    expect(parseA1('A:C')).toEqual({ sheetName: undefined, c0: 1, c1: 3 });
    expect(parseA1('2:5')).toEqual({ sheetName: undefined, r0: 2, r1: 5 });
    expect(parseA1('A2:C')).toEqual({ sheetName: undefined, r0: 2, c0: 1, c1: 3 });
    expect(parseA1("'Usage ''26'!A1:B2")).toMatchObject({ sheetName: "Usage '26", r0: 1, c1: 2 });
    expect(parseA1('Ledger!D4')).toMatchObject({ sheetName: 'Ledger', r0: 4, c0: 4 });
    for (const bad of ['', 'A', '1', 'A0', 'hello world', 'A1:B2:C3', 'A:3', 'ABCD1']) expect(parseA1(bad)).toBeNull();
  });
});

describe('formula results (literal expressions only)', () => {
  test.each([
    ['=1+2*3', 7],
    ['=(1+2)*3', 9],
    ['=2^10', 1024],
    ['=-3+1', -2],
    ['="a"&"b"&1', 'ab1'],
    ['=1=1', true],
    ['="A"="a"', true],
    ['=10%', 0.1],
    ['=1/0', '#DIV/0!'],
    ['=SUM(1,2)', '#NAME?'],
    ['=IMPORTXML("https://x", "//a")', '#NAME?'],
    ['=foo', '#NAME?'],
    ['=A1+1', '#REF!'],
    ['=Sheet1!A1:B2', '#REF!'],
    ['=1+', '#ERROR!'],
    ['=- buy milk', '#ERROR!'],
    ['=SUM(1,', '#ERROR!'],
    ['="unterminated', '#ERROR!'],
    ['=1+"x"', '#VALUE!'],
  ])('%s reads %p', (formula, expected) => {
    expect(evaluateFormula(formula)).toEqual(expected);
  });
});

describe('entering values', () => {
  const tz = 'Etc/UTC';
  test('numbers, grouped numbers, percentages, booleans', () => {
    expect(enterValue('42', { timeZone: tz })).toBe(42);
    expect(enterValue(' 42 ', { timeZone: tz })).toBe(42);
    expect(enterValue('-1.5e3', { timeZone: tz })).toBe(-1500);
    expect(enterValue('1,234', { timeZone: tz })).toEqual({ v: 1234, nf: '#,##0' });
    expect(enterValue('12.5%', { timeZone: tz })).toEqual({ v: 0.125, nf: '0.00%' });
    expect(enterValue('True', { timeZone: tz })).toBe(true);
    expect(enterValue('1,2', { timeZone: tz })).toBe('1,2');
    expect(enterValue('+', { timeZone: tz })).toBe('+');
    expect(enterValue('+x', { timeZone: tz })).toEqual({ f: '=+x', v: '#NAME?' });
    expect(enterValue("'", { timeZone: tz })).toBeNull();
    expect(enterValue(Infinity, { timeZone: tz })).toBe('#NUM!');
  });

  test('dates and times in en_US forms; invalid days stay text; ISO with T stays text', () => {
    expect(enterValue('2026-02-28', { timeZone: tz })).toEqual({ v: 46081, nf: 'yyyy-mm-dd' });
    expect(enterValue('2026-02-29', { timeZone: tz })).toBe('2026-02-29');
    expect(enterValue('2/3/2026', { timeZone: tz })).toEqual({ v: 46056, nf: 'M/d/yyyy' });
    expect(enterValue('13/1/2026', { timeZone: tz })).toBe('13/1/2026');
    expect(enterValue('9:30', { timeZone: tz })).toEqual({ v: 9.5 / 24, nf: 'H:mm' });
    expect(enterValue('2:15 pm', { timeZone: tz })).toEqual({ v: 14.25 / 24, nf: 'h:mm am/pm' });
    expect(enterValue('2026-03-02T10:00:00Z', { timeZone: tz })).toBe('2026-03-02T10:00:00Z');
  });

  test('an explicit format suppresses the automatic one; RAW keeps strings', () => {
    expect(enterValue('2026-02-28', { timeZone: tz, explicitFormat: '0.00' })).toBe(46081);
    expect(enterValue('=1+1', { timeZone: tz, raw: true })).toBe('=1+1');
    expect(enterValue({ $date: Date.UTC(2026, 0, 1, 12) }, { timeZone: tz })).toEqual({
      v: 46023.5,
      nf: 'M/d/yyyy H:mm:ss',
    });
  });
});

describe('number formats and display values', () => {
  test('date patterns: minutes vs months, 12-hour clock, names, literals', () => {
    const serial = 46083 + (14 * 3600 + 5 * 60 + 9) / 86400; // 2026-03-02 14:05:09, a Monday
    expect(formatDateSerial(serial, 'yyyy-mm-dd hh:mm:ss')).toBe('2026-03-02 14:05:09');
    expect(formatDateSerial(serial, 'M/d/yyyy H:mm:ss')).toBe('3/2/2026 14:05:09');
    expect(formatDateSerial(serial, 'mmm d, yyyy h:mm am/pm')).toBe('Mar 2, 2026 2:05 PM');
    expect(formatDateSerial(serial, 'dddd mmmm yy')).toBe('Monday March 26');
    expect(formatDateSerial(serial, '"week of" d\\/m')).toBe('week of 2/3');
  });

  test('numbers: general, fixed decimals, grouping, percentages, text', () => {
    expect(formatGeneralNumber(1 / 3)).toBe('0.3333333333');
    expect(formatGeneralNumber(123456.789)).toBe('123456.789');
    expect(formatGeneralNumber(Math.PI)).toBe('3.141592654');
    expect(formatGeneralNumber(1e21)).toBe('1E+21');
    expect(displayOf(1234.5, '#,##0.00')).toBe('1,234.50');
    expect(displayOf(-0.256, '0.0%')).toBe('-25.6%');
    expect(displayOf(3.14159, '0.00')).toBe('3.14');
    expect(displayOf(2, '0.0#')).toBe('2.0');
    expect(displayOf(7, '@')).toBe('7');
    expect(displayOf(true, undefined)).toBe('TRUE');
    expect(isDateFormat(GENERAL_FORMAT)).toBe(false);
    expect(isDateFormat('0.00E+00')).toBe(false);
    expect(isDateFormat('[$€]#,##0.00')).toBe(false);
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
  });
});

describe('serial numbers and time zones', () => {
  test('an instant round-trips through its wall time in a zone, across DST changes', () => {
    for (const tz of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Etc/UTC']) {
      for (const ms of [
        Date.UTC(2026, 0, 15, 8),
        Date.UTC(2026, 2, 29, 1, 30),
        Date.UTC(2026, 6, 1, 23, 59, 59, 123),
        Date.UTC(2026, 10, 1, 5, 30),
      ]) {
        expect(instantFromSerial(serialFromInstant(ms, tz), tz)).toBe(ms);
      }
    }
    expect(serialFromInstant(Date.UTC(2026, 2, 2, 9), 'Europe/Paris')).toBeCloseTo(46083 + 10 / 24, 9);
  });
});

describe('formats follow rows', () => {
  const { world, runtime } = scriptRuntime([
    {
      name: 'p',
      owner: 'o@acme.test',
      code: `
    function shift(id) {
      var sh = SpreadsheetApp.openById(id).getSheets()[0];
      sh.deleteRow(1);             // A2:A5 (plain text) becomes A1:A4
      sh.insertRowsAfter(2, 2);    // ... and grows to A1:A6 (rows inserted inside inherit it)
      sh.getRange('A1:A8').setValues([['001'], ['002'], ['003'], ['004'], ['005'], ['006'], ['007'], ['008']]);
      return [sh.getRange('A1:A8').getValues().map(function (r) { return r[0]; }), sh.getRange('A6').getNumberFormat(), sh.getRange('A7').getNumberFormat()];
    }`,
    },
  ]);
  afterAll(() => runtime.close());

  test('deleting and inserting rows moves and stretches format rules with the cells', async () => {
    const id = createSpreadsheet(world, 'o@acme.test', 'f');
    setNumberFormat(world, id, 'A2:A5', '@');
    const r = await runtime.execute({ project: 'p', fn: 'shift', args: [id], user: 'o@acme.test' });
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual([['001', '002', '003', '004', '005', '006', 7, 8], '@', GENERAL_FORMAT]);
    expect(getFile(world, id).sheets[0]!.formats).toEqual([{ r0: 1, c0: 1, r1: 6, c1: 1, nf: '@' }]);
  });

  test('the World slice stays plain JSON that survives a round trip', () => {
    const w = new World();
    const id = createSpreadsheet(w, 'o@acme.test', 'json', { timeZone: 'Etc/UTC' });
    writeRange(w, id, 'A1:C1', [['=1+1', { $date: Date.UTC(2026, 0, 1) }, '5%']]);
    const copy = World.fromJSON(w.toJSON());
    expect(readRange(copy, id, 'A1:C1')).toEqual([['2', '1/1/2026 0:00:00', '5%']]);
    expect(readRange(copy, id, 'A1:C1', 'FORMULA')).toEqual([['=1+1', 46023, 0.05]]);
  });
});
