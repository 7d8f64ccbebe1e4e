// SpreadsheetApp (script side). Every method that needs the spreadsheet's server state is one
// synchronous call into the World (one service call, named as the script called it, e.g.
// 'Range.getValues'); the backend (backends/sheets.ts) checks the scope and the user's Drive access
// on each call, like Apps Script does.
//
// Answered in the worker without a round trip (counted as local calls, not service calls):
// coordinate getters that only restate the Range (getRow, getNumRows, getA1Notation...), getId /
// getUrl, and the builders (newDataValidation, TextFinder options). createTextFinder is such a
// builder: the search itself (findAll / findNext / findPrevious) is the one service call.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import type { InputValue, ValidationCriteria, ValidationSpec } from '../backends/sheets';

interface RangeRef {
  file: string;
  sheet: number;
  r: number;
  c: number;
  nr: number;
  nc: number;
}

interface ProtectionRef {
  sheet: number;
  id: number;
  type: 'SHEET' | 'RANGE';
  rect: { r0: number; c0: number; r1: number; c1: number } | null;
}

const PROTECTION_TYPES = ['RANGE', 'SHEET'] as const;
const CRITERIA: ValidationCriteria[] = [
  'VALUE_IN_LIST',
  'DATE_IS_VALID_DATE',
  'TEXT_IS_VALID_EMAIL',
  'NUMBER_BETWEEN',
  'CHECKBOX',
];
const STYLE_SETTERS = [
  'setFontWeight',
  'setFontStyle',
  'setFontColor',
  'setBackground',
  'setFontSize',
  'setFontFamily',
  'setHorizontalAlignment',
  'setVerticalAlignment',
  'setWrap',
  'setNote',
];
const STYLE_GETTERS = [
  'getFontWeight',
  'getFontStyle',
  'getFontColor',
  'getBackground',
  'getFontSize',
  'getFontFamily',
  'getHorizontalAlignment',
  'getVerticalAlignment',
  'getWrap',
  'getNote',
];

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const installSpreadsheet: FacadeInstaller = (ctx: FacadeContext) => {
  const call = <T = unknown>(method: string, args: object): T => ctx.call<T>(method, args);
  const local = (name: string) => ctx.count(name);
  /** Which sheet / range / spreadsheet a facade object stands for (facades are passed back as arguments). */
  const refs = new WeakMap<
    object,
    { kind: 'sheet' | 'range' | 'spreadsheet'; ref: RangeRef | { file: string; sheet?: number } }
  >();

  const realmArray = <T>(items: T[]): T[] => {
    const out = new ctx.realm.Array() as T[];
    for (const x of items) out.push(x);
    return out;
  };

  const typeName = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (Array.isArray(v)) return `${v.length ? typeName(v[0]) : 'Object'}[]`;
    if (typeof v === 'string') return 'String';
    if (typeof v === 'object') return 'Object';
    return typeof v;
  };
  const signatureError = (method: string, args: unknown[]) =>
    ctx.makeError(
      `The parameters (${args.map(typeName).join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
    );

  const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
  /** Values cross to the World as primitives; Dates are tagged (they come from the script's realm). */
  const encode = (v: unknown): InputValue => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (isDate(v)) return { $date: v.getTime() };
    return String(v);
  };
  const encodeGrid = (method: string, values: unknown): InputValue[][] => {
    if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) throw signatureError(method, [values]);
    return (values as unknown[][]).map((row) => row.map(encode));
  };

  const emailOf = (u: unknown): string => {
    if (u && typeof u === 'object' && typeof (u as { getEmail?: unknown }).getEmail === 'function')
      return String((u as { getEmail(): unknown }).getEmail());
    return String(u);
  };

  const user = (email: string) =>
    strict(ctx, 'User', {
      getEmail: () => email,
      getUserLoginId: () => email,
      getDomain: () => email.split('@')[1] ?? '',
      toString: () => email,
    });

  const enumOf = <T extends string>(name: string, values: readonly T[]) =>
    strict(ctx, `SpreadsheetApp.${name}`, Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>);
  const ProtectionType = enumOf('ProtectionType', PROTECTION_TYPES);
  const DataValidationCriteria = enumOf('DataValidationCriteria', CRITERIA);

  // --- Data validation (builders are local; a rule is stored by Range.setDataValidation) ------------
  function dataValidation(spec: ValidationSpec): object {
    const obj = strict(ctx, 'DataValidation', {
      getCriteriaType: () => spec.criteria,
      // For a list: [the values, showDropdown], as Apps Script gives them.
      getCriteriaValues: () =>
        realmArray<unknown>(
          spec.criteria === 'VALUE_IN_LIST'
            ? [realmArray([...spec.values]), spec.showDropdown ?? true]
            : [...spec.values],
        ),
      getAllowInvalid: () => spec.allowInvalid,
      getHelpText: () => spec.helpText,
      copy: () => validationBuilder({ ...spec, values: [...spec.values] }),
      toString: () => 'DataValidation',
    });
    specs.set(obj, spec);
    return obj;
  }
  const specs = new WeakMap<object, ValidationSpec>();

  function validationBuilder(initial?: ValidationSpec): object {
    const spec: ValidationSpec = initial ?? {
      criteria: 'VALUE_IN_LIST',
      values: [],
      allowInvalid: true,
      helpText: null,
    };
    let hasCriteria = !!initial;
    const b: Record<string, (...a: any[]) => unknown> = {
      requireValueInList(values: unknown[], showDropdown?: boolean) {
        local('DataValidationBuilder.requireValueInList');
        spec.criteria = 'VALUE_IN_LIST';
        spec.values = Array.from(values ?? [], (v) => String(v));
        spec.showDropdown = showDropdown === undefined ? true : !!showDropdown;
        hasCriteria = true;
        return proxy;
      },
      requireDate() {
        local('DataValidationBuilder.requireDate');
        Object.assign(spec, { criteria: 'DATE_IS_VALID_DATE', values: [] });
        hasCriteria = true;
        return proxy;
      },
      requireTextIsEmail() {
        local('DataValidationBuilder.requireTextIsEmail');
        Object.assign(spec, { criteria: 'TEXT_IS_VALID_EMAIL', values: [] });
        hasCriteria = true;
        return proxy;
      },
      requireNumberBetween(start: number, end: number) {
        local('DataValidationBuilder.requireNumberBetween');
        Object.assign(spec, { criteria: 'NUMBER_BETWEEN', values: [Number(start), Number(end)] });
        hasCriteria = true;
        return proxy;
      },
      requireCheckbox() {
        local('DataValidationBuilder.requireCheckbox');
        Object.assign(spec, { criteria: 'CHECKBOX', values: [] });
        hasCriteria = true;
        return proxy;
      },
      setAllowInvalid(allow: boolean) {
        local('DataValidationBuilder.setAllowInvalid');
        spec.allowInvalid = !!allow;
        return proxy;
      },
      setHelpText(text: string) {
        local('DataValidationBuilder.setHelpText');
        spec.helpText = String(text);
        return proxy;
      },
      build() {
        local('DataValidationBuilder.build');
        if (!hasCriteria) throw ctx.makeError('You must specify a criteria for the data validation rule.');
        return dataValidation({ ...spec, values: [...spec.values] });
      },
      toString: () => 'DataValidationBuilder',
    };
    const proxy: object = strict(ctx, 'DataValidationBuilder', b);
    return proxy;
  }

  // --- Protection -----------------------------------------------------------------------------------
  function protection(file: string, p: ProtectionRef): object {
    const args = { file, sheet: p.sheet, id: p.id };
    const self: Record<string, (...a: any[]) => unknown> = {
      getProtectionType: () => p.type,
      getRange: () => range({ ...call<Omit<RangeRef, 'file'>>('Protection.getRange', args), file }),
      getDescription: () => call('Protection.getDescription', args),
      getEditors: () => realmArray(call<string[]>('Protection.getEditors', args).map(user)),
      isWarningOnly: () => call('Protection.isWarningOnly', args),
      canEdit: () => call('Protection.canEdit', args),
      canDomainEdit: () => call('Protection.canDomainEdit', args),
      setDescription: (d: string) => (call('Protection.setDescription', { ...args, value: String(d) }), proxy),
      addEditor: (u: unknown) => (call('Protection.addEditor', { ...args, value: emailOf(u) }), proxy),
      addEditors: (us: unknown[]) => (
        call('Protection.addEditors', { ...args, value: Array.from(us, emailOf) }),
        proxy
      ),
      removeEditor: (u: unknown) => (call('Protection.removeEditor', { ...args, value: emailOf(u) }), proxy),
      removeEditors: (us: unknown[]) => (
        call('Protection.removeEditors', { ...args, value: Array.from(us, emailOf) }),
        proxy
      ),
      setWarningOnly: (w: boolean) => (call('Protection.setWarningOnly', { ...args, value: !!w }), proxy),
      setDomainEdit: (d: boolean) => (call('Protection.setDomainEdit', { ...args, value: !!d }), proxy),
      remove: () => {
        call('Protection.remove', args);
      },
      toString: () => 'Protection',
    };
    const proxy: any = strict(ctx, 'Protection', self);
    return proxy;
  }

  // --- TextFinder (options are local; each search is one call) --------------------------------------
  function textFinder(
    file: string,
    scope: { sheet: number; r: number; c: number; nr: number; nc: number },
    text: string,
  ): object {
    const opts = { matchCase: false, matchEntireCell: false, useRegularExpression: false, matchFormulaText: false };
    let cursor: { sheet: number; r: number; c: number } | null = null;
    const hitRange = (h: { sheet: number; r: number; c: number }) =>
      range({ file, sheet: h.sheet, r: h.r, c: h.c, nr: 1, nc: 1 });
    const args = () => ({ file, ...scope, text: String(text), ...opts, after: cursor });
    const option = (name: keyof typeof opts) => (v: boolean) => {
      local(`TextFinder.${name}`);
      opts[name] = !!v;
      return proxy;
    };
    const self: Record<string, (...a: any[]) => unknown> = {
      matchCase: option('matchCase'),
      matchEntireCell: option('matchEntireCell'),
      useRegularExpression: option('useRegularExpression'),
      matchFormulaText: option('matchFormulaText'),
      ignoreDiacritics: () => (local('TextFinder.ignoreDiacritics'), proxy),
      startFrom: (rg: object) => {
        local('TextFinder.startFrom');
        const ref = refs.get(rg);
        if (ref?.kind === 'range') {
          const x = ref.ref as RangeRef;
          cursor = { sheet: x.sheet, r: x.r, c: x.c };
        }
        return proxy;
      },
      findAll: () =>
        realmArray(
          call<{ sheet: number; r: number; c: number }[]>('TextFinder.findAll', { ...args(), after: null }).map(
            hitRange,
          ),
        ),
      findNext: () => {
        const [hit] = call<{ sheet: number; r: number; c: number }[]>('TextFinder.findNext', args());
        if (!hit) return null;
        cursor = hit;
        return hitRange(hit);
      },
      findPrevious: () => {
        const [hit] = call<{ sheet: number; r: number; c: number }[]>('TextFinder.findPrevious', args());
        if (!hit) return null;
        cursor = hit;
        return hitRange(hit);
      },
      toString: () => 'TextFinder',
    };
    const proxy: object = strict(ctx, 'TextFinder', self);
    return proxy;
  }

  // --- Range ----------------------------------------------------------------------------------------
  function range(ref: RangeRef): any {
    const { file, sheet: sheetId } = ref;
    const args = { ...ref };
    const a1 = () => {
      const start = `${columnLetters(ref.c)}${ref.r}`;
      return ref.nr === 1 && ref.nc === 1
        ? start
        : `${start}:${columnLetters(ref.c + ref.nc - 1)}${ref.r + ref.nr - 1}`;
    };
    const self: Record<string, (...a: any[]) => unknown> = {
      getRow: () => (local('Range.getRow'), ref.r),
      getColumn: () => (local('Range.getColumn'), ref.c),
      getNumRows: () => (local('Range.getNumRows'), ref.nr),
      getNumColumns: () => (local('Range.getNumColumns'), ref.nc),
      getLastRow: () => (local('Range.getLastRow'), ref.r + ref.nr - 1),
      getLastColumn: () => (local('Range.getLastColumn'), ref.c + ref.nc - 1),
      getA1Notation: () => (local('Range.getA1Notation'), a1()),
      getSheet: () => (local('Range.getSheet'), sheet(file, sheetId)),
      getCell: (row: number, col: number) => {
        local('Range.getCell');
        if (!(row >= 1 && row <= ref.nr && col >= 1 && col <= ref.nc))
          throw ctx.makeError('The coordinates of the range are outside the dimensions of the sheet.');
        return range({ ...ref, r: ref.r + row - 1, c: ref.c + col - 1, nr: 1, nc: 1 });
      },
      offset: (ro: number, co: number, nr?: number, nc?: number) => {
        const res = call<RangeRef>('Range.offset', {
          file,
          sheet: sheetId,
          r: ref.r + Number(ro),
          c: ref.c + Number(co),
          nr: nr ?? ref.nr,
          nc: nc ?? ref.nc,
        });
        return range({ ...res, file });
      },
      getValues: () => call('Range.getValues', args),
      getValue: () => call('Range.getValue', args),
      getDisplayValues: () => call('Range.getDisplayValues', args),
      getDisplayValue: () => call('Range.getDisplayValue', args),
      getFormulas: () => call('Range.getFormulas', args),
      getFormula: () => call('Range.getFormula', args),
      setValues: (values: unknown) => (
        call('Range.setValues', { ...args, values: encodeGrid('Range.setValues', values) }),
        proxy
      ),
      setValue: (value: unknown) => (call('Range.setValue', { ...args, value: encode(value) }), proxy),
      setFormula: (f: unknown) => (call('Range.setFormula', { ...args, formula: String(f) }), proxy),
      setFormulas: (fs: unknown) => {
        if (!Array.isArray(fs) || fs.some((row) => !Array.isArray(row)))
          throw signatureError('Range.setFormulas', [fs]);
        call('Range.setFormulas', { ...args, formulas: (fs as unknown[][]).map((row) => row.map(String)) });
        return proxy;
      },
      getNumberFormat: () => call('Range.getNumberFormat', args),
      getNumberFormats: () => call('Range.getNumberFormats', args),
      setNumberFormat: (nf: unknown) => (call('Range.setNumberFormat', { ...args, format: String(nf) }), proxy),
      setNumberFormats: (nfs: unknown) => {
        if (!Array.isArray(nfs) || nfs.some((row) => !Array.isArray(row)))
          throw signatureError('Range.setNumberFormats', [nfs]);
        call('Range.setNumberFormats', { ...args, formats: (nfs as unknown[][]).map((row) => row.map(String)) });
        return proxy;
      },
      clearContent: () => (call('Range.clearContent', args), proxy),
      clear: () => (call('Range.clear', args), proxy),
      clearFormat: () => (call('Range.clearFormat', args), proxy),
      isBlank: () => call('Range.isBlank', args),
      setDataValidation: (rule: unknown) => {
        const spec = rule === null ? null : specs.get(rule as object);
        if (spec === undefined) throw signatureError('Range.setDataValidation', [rule]);
        call('Range.setDataValidation', { ...args, rule: spec });
        return proxy;
      },
      getDataValidation: () => {
        const spec = call<ValidationSpec | null>('Range.getDataValidation', args);
        return spec ? dataValidation(spec) : null;
      },
      getDataValidations: () =>
        realmArray(
          call<(ValidationSpec | null)[][]>('Range.getDataValidations', args).map((row) =>
            realmArray(row.map((s) => (s ? dataValidation(s) : null))),
          ),
        ),
      clearDataValidations: () => (call('Range.clearDataValidations', args), proxy),
      protect: () => protection(file, call<ProtectionRef>('Range.protect', args)),
      createTextFinder: (text: string) => (
        local('Range.createTextFinder'),
        textFinder(file, { sheet: sheetId, r: ref.r, c: ref.c, nr: ref.nr, nc: ref.nc }, text)
      ),
      toString: () => 'Range',
    };
    for (const m of STYLE_SETTERS)
      self[m] = (value: unknown) => (
        call(`Range.${m}`, { ...args, value: value === null ? null : (value as string | number | boolean) }),
        proxy
      );
    for (const m of STYLE_GETTERS) self[m] = () => call(`Range.${m}`, args);
    const proxy = strict(ctx, 'Range', self);
    refs.set(proxy, { kind: 'range', ref });
    return proxy;
  }

  // --- Sheet ----------------------------------------------------------------------------------------
  function sheet(file: string, sheetId: number): any {
    const args = { file, sheet: sheetId };
    const toRange = (res: Omit<RangeRef, 'file'>) => range({ ...res, file });
    const self: Record<string, (...a: any[]) => unknown> = {
      getSheetId: () => (local('Sheet.getSheetId'), sheetId),
      getParent: () => (local('Sheet.getParent'), spreadsheet(file)),
      getName: () => call('Sheet.getName', args),
      setName: (name: string) => (call('Sheet.setName', { ...args, name: String(name) }), proxy),
      getIndex: () => call('Sheet.getIndex', args),
      getRange: (...a: unknown[]) => {
        if (typeof a[0] === 'string') return toRange(call('Sheet.getRange', { ...args, a1: a[0] }));
        if (a.length < 2 || a.length > 4 || a.some((x) => typeof x !== 'number'))
          throw signatureError('Sheet.getRange', a);
        return toRange(call('Sheet.getRange', { ...args, r: a[0], c: a[1], nr: a[2] ?? 1, nc: a[3] ?? 1 }));
      },
      getDataRange: () => toRange(call('Sheet.getDataRange', args)),
      getLastRow: () => call('Sheet.getLastRow', args),
      getLastColumn: () => call('Sheet.getLastColumn', args),
      getMaxRows: () => call('Sheet.getMaxRows', args),
      getMaxColumns: () => call('Sheet.getMaxColumns', args),
      getSheetValues: (r: number, c: number, nr: number, nc: number) =>
        call('Sheet.getSheetValues', { ...args, r, c, nr, nc }),
      appendRow: (values: unknown) => {
        if (!Array.isArray(values)) throw signatureError('Sheet.appendRow', [values]);
        call('Sheet.appendRow', { ...args, values: values.map(encode) });
        return proxy;
      },
      insertRowAfter: (after: number) => (call('Sheet.insertRowAfter', { ...args, after }), proxy),
      insertRowsAfter: (after: number, count: number) => (
        call('Sheet.insertRowsAfter', { ...args, after, count }),
        proxy
      ),
      insertRowBefore: (before: number) => (call('Sheet.insertRowBefore', { ...args, before }), proxy),
      insertRowsBefore: (before: number, count: number) => (
        call('Sheet.insertRowsBefore', { ...args, before, count }),
        proxy
      ),
      deleteRow: (start: number) => (call('Sheet.deleteRow', { ...args, start }), proxy),
      deleteRows: (start: number, count: number) => (call('Sheet.deleteRows', { ...args, start, count }), proxy),
      deleteColumn: (start: number) => (call('Sheet.deleteColumn', { ...args, start }), proxy),
      deleteColumns: (start: number, count: number) => (call('Sheet.deleteColumns', { ...args, start, count }), proxy),
      setFrozenRows: (n: number) => (call('Sheet.setFrozenRows', { ...args, n }), proxy),
      getFrozenRows: () => call('Sheet.getFrozenRows', args),
      setFrozenColumns: (n: number) => (call('Sheet.setFrozenColumns', { ...args, n }), proxy),
      getFrozenColumns: () => call('Sheet.getFrozenColumns', args),
      clear: () => (call('Sheet.clear', args), proxy),
      clearContents: () => (call('Sheet.clearContents', args), proxy),
      protect: () => protection(file, call<ProtectionRef>('Sheet.protect', args)),
      getProtections: (type: unknown) =>
        realmArray(
          call<ProtectionRef[]>('Sheet.getProtections', { ...args, type: String(type) }).map((p) =>
            protection(file, p),
          ),
        ),
      createTextFinder: (text: string) => (
        local('Sheet.createTextFinder'),
        textFinder(file, { sheet: sheetId, r: 1, c: 1, nr: -1, nc: -1 }, text)
      ),
      setColumnWidth: (col: number, width: number) => (call('Sheet.setColumnWidth', { ...args, col, width }), proxy),
      autoResizeColumns: (start: number, count: number) => (
        call('Sheet.autoResizeColumns', { ...args, start, count }),
        proxy
      ),
      toString: () => 'Sheet',
    };
    const proxy = strict(ctx, 'Sheet', self);
    refs.set(proxy, { kind: 'sheet', ref: { file, sheet: sheetId } });
    return proxy;
  }

  // --- Spreadsheet ----------------------------------------------------------------------------------
  function spreadsheet(file: string): any {
    const args = { file };
    const sheetArg = (method: string, s: unknown): number => {
      const ref = s && typeof s === 'object' ? refs.get(s) : undefined;
      if (!ref || ref.kind !== 'sheet') throw signatureError(method, [s]);
      return (ref.ref as { sheet: number }).sheet;
    };
    const self: Record<string, (...a: any[]) => unknown> = {
      getId: () => (local('Spreadsheet.getId'), file),
      getUrl: () => (local('Spreadsheet.getUrl'), `https://docs.google.com/spreadsheets/d/${file}/edit`),
      getName: () => call('Spreadsheet.getName', args),
      rename: (name: string) => {
        call('Spreadsheet.rename', { ...args, name: String(name) });
      },
      getSheets: () => realmArray(call<number[]>('Spreadsheet.getSheets', args).map((id) => sheet(file, id))),
      getNumSheets: () => call('Spreadsheet.getNumSheets', args),
      getSheetByName: (name: string) => {
        const id = call<number | null>('Spreadsheet.getSheetByName', { ...args, name: String(name) });
        return id === null ? null : sheet(file, id);
      },
      getSheetById: (id: number) => {
        const found = call<number | null>('Spreadsheet.getSheetById', { ...args, id: Number(id) });
        return found === null ? null : sheet(file, found);
      },
      // insertSheet(), insertSheet(name), insertSheet(index), insertSheet(name, index)
      insertSheet: (a?: unknown, b?: unknown) => {
        const name = typeof a === 'string' ? a : undefined;
        const index = typeof a === 'number' ? a : typeof b === 'number' ? b : undefined;
        return sheet(file, call<number>('Spreadsheet.insertSheet', { ...args, name, index }));
      },
      deleteSheet: (s: unknown) => {
        call('Spreadsheet.deleteSheet', { ...args, sheet: sheetArg('Spreadsheet.deleteSheet', s) });
      },
      getSpreadsheetTimeZone: () => call('Spreadsheet.getSpreadsheetTimeZone', args),
      setSpreadsheetTimeZone: (tz: string) => {
        call('Spreadsheet.setSpreadsheetTimeZone', { ...args, timeZone: String(tz) });
      },
      getSpreadsheetLocale: () => call('Spreadsheet.getSpreadsheetLocale', args),
      getRange: (a1: string) =>
        range({ ...call<Omit<RangeRef, 'file'>>('Spreadsheet.getRange', { ...args, a1: String(a1) }), file }),
      getOwner: () => user(call<string>('Spreadsheet.getOwner', args)),
      getEditors: () => realmArray(call<string[]>('Spreadsheet.getEditors', args).map(user)),
      getViewers: () => realmArray(call<string[]>('Spreadsheet.getViewers', args).map(user)),
      addEditor: (u: unknown) => (call('Spreadsheet.addEditor', { ...args, emails: [emailOf(u)] }), proxy),
      addEditors: (us: unknown[]) => (
        call('Spreadsheet.addEditors', { ...args, emails: Array.from(us, emailOf) }),
        proxy
      ),
      removeEditor: (u: unknown) => (call('Spreadsheet.removeEditor', { ...args, email: emailOf(u) }), proxy),
      addViewer: (u: unknown) => (call('Spreadsheet.addViewer', { ...args, emails: [emailOf(u)] }), proxy),
      addViewers: (us: unknown[]) => (
        call('Spreadsheet.addViewers', { ...args, emails: Array.from(us, emailOf) }),
        proxy
      ),
      removeViewer: (u: unknown) => (call('Spreadsheet.removeViewer', { ...args, email: emailOf(u) }), proxy),
      getProtections: (type: unknown) =>
        realmArray(
          call<ProtectionRef[]>('Spreadsheet.getProtections', { ...args, type: String(type) }).map((p) =>
            protection(file, p),
          ),
        ),
      createTextFinder: (text: string) => (
        local('Spreadsheet.createTextFinder'),
        textFinder(file, { sheet: -1, r: 1, c: 1, nr: -1, nc: -1 }, text)
      ),
      toString: () => 'Spreadsheet',
    };
    const proxy = strict(ctx, 'Spreadsheet', self);
    refs.set(proxy, { kind: 'spreadsheet', ref: { file } });
    return proxy;
  }

  const app = strict(ctx, 'SpreadsheetApp', {
    openById: (id: unknown) => spreadsheet(call<{ id: string }>('SpreadsheetApp.openById', { id: String(id) }).id),
    openByUrl: (url: unknown) => spreadsheet(call<{ id: string }>('SpreadsheetApp.openByUrl', { url: String(url) }).id),
    create: (name: unknown, rows?: number, cols?: number) =>
      spreadsheet(call<{ id: string }>('SpreadsheetApp.create', { name: String(name), rows, cols }).id),
    flush: () => {
      call('SpreadsheetApp.flush', {});
    },
    // Neither the add-on nor the gateway is bound to a spreadsheet: there is no active one.
    getActiveSpreadsheet: () => (local('SpreadsheetApp.getActiveSpreadsheet'), null),
    getActive: () => (local('SpreadsheetApp.getActive'), null),
    getUi: () => {
      throw ctx.makeError('Cannot call SpreadsheetApp.getUi() from this context.');
    },
    newDataValidation: () => (local('SpreadsheetApp.newDataValidation'), validationBuilder()),
    ProtectionType,
    DataValidationCriteria,
    toString: () => 'SpreadsheetApp',
  });
  return { SpreadsheetApp: app };
};
