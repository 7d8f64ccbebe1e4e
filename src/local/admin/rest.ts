/**
 * A local stand-in for exactly the Sheets v4 / Drive v3 REST endpoints the admin CLI calls, served
 * over the SAME World store the runtime's SpreadsheetApp sees: a Sheet made by `setup --local` is
 * the one the gateway then opens by id. The real Google client (@googleapis/sheets, /drive) talks to it (rootUrl = this
 * server), so the CLI's requests, paths and bodies are exactly the ones real Google gets.
 *
 * Served (everything else answers 404 with Google's error shape, naming the method):
 *   POST /v4/spreadsheets                                  spreadsheets.create
 *   GET  /v4/spreadsheets/{id}                             spreadsheets.get (properties, sheets[].properties, protectedRanges)
 *   POST /v4/spreadsheets/{id}:batchUpdate                 addSheet, updateSheetProperties, repeatCell (numberFormat),
 *                                                          setDataValidation, addProtectedRange, updateSpreadsheetProperties
 *   GET  /v4/spreadsheets/{id}/values/{range}              values.get
 *   GET  /v4/spreadsheets/{id}/values:batchGet             values.batchGet
 *   PUT  /v4/spreadsheets/{id}/values/{range}              values.update (valueInputOption RAW | USER_ENTERED)
 *   POST /v4/spreadsheets/{id}/values/{range}:append       values.append
 *   POST /upload/drive/v3/files?uploadType=multipart|media drive.files.create with content (a Google Doc from text/html or text/plain)
 *   POST /drive/v3/files                                   drive.files.create (metadata only)
 *   POST /drive/v3/files/{id}/permissions                  drive.permissions.create (type user)
 *
 * Auth: every request needs `Authorization: Bearer <token>`; a local token names the acting account
 * as `local:<email>` (localToken()), and Drive's ACL and the Sheet's protections apply to it as they
 * do to SpreadsheetApp. No token: 401 UNAUTHENTICATED, as Google answers.
 *
 * Semantics kept: RAW stores strings exactly as sent ('=x' stays text: the formula-injection defence
 * the CLI relies on); USER_ENTERED parses like typing; values.get drops trailing empty cells and rows
 * and answers FORMATTED_VALUE unless asked otherwise; dates come back as serial numbers when unformatted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { World } from '../runtime/world';
import {
  addSheet,
  appendRows,
  createSpreadsheet,
  findSheet,
  getFile,
  lastRowOf,
  readRange,
  resolveA1,
  roleOf,
  shareFile,
  spreadsheetUrl,
  writeRange,
  type DriveFile,
  type InputValue,
  type Rect,
  type SheetState,
  type ValidationSpec,
  type ValueRender,
} from '../runtime/backends/sheets';
import { ServiceError } from '../runtime/service';

export const DOC_MIME = 'application/vnd.google-apps.document';
const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';
const MAX_BODY = 20 * 1024 * 1024;

/** The bearer token the CLI sends with --local: it names the acting account. */
export function localToken(email: string): string {
  return `local:${email.trim().toLowerCase()}`;
}

export function docUrl(id: string): string {
  return `https://docs.google.com/document/d/${id}/edit`;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new ApiError(400, 'INVALID_ARGUMENT', message);
const denied = (message = 'The caller does not have permission') => new ApiError(403, 'PERMISSION_DENIED', message);
const notFound = (message = 'Requested entity was not found.') => new ApiError(404, 'NOT_FOUND', message);

/** `date` is the World's clock (an origin server's Date header): the CLI takes "now" from it, as from Google's. */
function send(res: ServerResponse, status: number, body: unknown, world: World): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    date: new Date(world.now()).toUTCString(),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'INVALID_ARGUMENT', 'Request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(body: Buffer): Record<string, any> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, any>;
  } catch {
    throw bad('Invalid JSON payload received.');
  }
}

/** The acting account, from the bearer token. */
function caller(req: IncomingMessage): string {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m)
    throw new ApiError(
      401,
      'UNAUTHENTICATED',
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  const t = /^local:([^@\s]+@[^@\s]+)$/.exec(m[1]!);
  if (!t)
    throw new ApiError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  return t[1]!.toLowerCase();
}

const SHEETS_PREFIX = '/v4/spreadsheets';
const DRIVE_PREFIXES = ['/drive/v3/', '/upload/drive/v3/'];

/**
 * Handles a request if it is one of the Google API paths above (returns true, answering
 * asynchronously); returns false for anything else, so the caller's own routes go on.
 */
export function handleGoogleApi(
  req: IncomingMessage,
  res: ServerResponse,
  world: World,
  opts: { onChange?: () => void } = {},
): boolean {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    // An unreadable request target (an absolute-form target with a bad port...): the client's error.
    send(res, 400, { error: { code: 400, message: 'Bad request target.', status: 'INVALID_ARGUMENT' } }, world);
    return true;
  }
  const path = url.pathname;
  if (!path.startsWith(SHEETS_PREFIX) && !DRIVE_PREFIXES.some((p) => path.startsWith(p))) return false;
  void (async () => {
    try {
      const user = caller(req);
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const out = path.startsWith(SHEETS_PREFIX)
        ? sheetsRoute(world, user, method, path, url.searchParams, body)
        : driveRoute(world, user, method, path, url.searchParams, body, req.headers['content-type'] ?? '');
      if (method !== 'GET') opts.onChange?.();
      send(res, 200, out, world);
    } catch (err) {
      if (err instanceof ApiError)
        send(res, err.code, { error: { code: err.code, message: err.message, status: err.status } }, world);
      else if (err instanceof ServiceError)
        send(res, 400, { error: { code: 400, message: err.message, status: 'INVALID_ARGUMENT' } }, world);
      else
        send(
          res,
          500,
          { error: { code: 500, message: `Internal error: ${(err as Error).message}`, status: 'INTERNAL' } },
          world,
        );
    }
  })();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Sheets v4

function fileFor(world: World, user: string, id: string, need: 'read' | 'write'): DriveFile {
  const f = world.state.drive.files[id];
  if (!f || f.mimeType !== SPREADSHEET_MIME) throw notFound();
  const role = roleOf(f, user);
  if (!role) throw denied();
  if (need === 'write' && role === 'reader') throw denied();
  return f;
}

function sheetById(f: DriveFile, sheetId: unknown): SheetState {
  const sh = f.sheets.find((s) => s.sheetId === Number(sheetId ?? 0));
  if (!sh) throw bad(`No grid with id: ${String(sheetId)}`);
  return sh;
}

/** A GridRange (0-based, end exclusive; missing ends = the whole sheet) as a 1-based Rect. */
function gridRect(sh: SheetState, g: Record<string, any>): Rect {
  return {
    r0: (g.startRowIndex ?? 0) + 1,
    c0: (g.startColumnIndex ?? 0) + 1,
    r1: g.endRowIndex ?? sh.maxRows,
    c1: g.endColumnIndex ?? sh.maxCols,
  };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

/** Google's protected-range check for a write by `user` (the owner and listed editors pass; warning-only protections let editors through). */
function checkProtected(f: DriveFile, sh: SheetState, rect: Rect, user: string): void {
  for (const p of sh.protections) {
    if (p.warningOnly || f.owner === user || p.editors.includes(user)) continue;
    if (p.type === 'SHEET' || (p.rect && intersects(p.rect, rect))) {
      throw denied(
        'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
      );
    }
  }
}

function gridProperties(sh: SheetState) {
  return {
    rowCount: sh.maxRows,
    columnCount: sh.maxCols,
    ...(sh.frozenRows ? { frozenRowCount: sh.frozenRows } : {}),
    ...(sh.frozenCols ? { frozenColumnCount: sh.frozenCols } : {}),
  };
}

function sheetResource(f: DriveFile, sh: SheetState) {
  const out: Record<string, unknown> = {
    properties: {
      sheetId: sh.sheetId,
      title: sh.name,
      index: f.sheets.indexOf(sh),
      sheetType: 'GRID',
      gridProperties: gridProperties(sh),
    },
  };
  if (sh.protections.length) {
    out.protectedRanges = sh.protections.map((p) => ({
      protectedRangeId: p.id,
      range: p.rect
        ? {
            sheetId: sh.sheetId,
            startRowIndex: p.rect.r0 - 1,
            endRowIndex: p.rect.r1,
            startColumnIndex: p.rect.c0 - 1,
            endColumnIndex: p.rect.c1,
          }
        : { sheetId: sh.sheetId },
      description: p.description,
      warningOnly: p.warningOnly,
      requestingUserCanEdit: true,
      editors: { users: p.editors },
    }));
  }
  return out;
}

function spreadsheetResource(f: DriveFile) {
  return {
    spreadsheetId: f.id,
    properties: { title: f.name, locale: f.locale, timeZone: f.timeZone, autoRecalc: 'ON_CHANGE' },
    sheets: f.sheets.map((sh) => sheetResource(f, sh)),
    spreadsheetUrl: spreadsheetUrl(f.id),
  };
}

/** Google's A1 with the sheet name quoted when needed. */
function a1Name(sh: SheetState, a1: string): string {
  const name = /^[A-Za-z0-9_]+$/.test(sh.name) ? sh.name : `'${sh.name.replace(/'/g, "''")}'`;
  return `${name}!${a1}`;
}

function rectA1(rect: Rect): string {
  const col = (c: number) => {
    let s = '';
    for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  return `${col(rect.c0)}${rect.r0}:${col(rect.c1)}${rect.r1}`;
}

/** values.get's answer: trailing empty cells and rows dropped, as the API does. */
function trimValues(values: unknown[][]): unknown[][] {
  const rows = values.map((r) => {
    const row = [...r];
    while (row.length && (row[row.length - 1] === '' || row[row.length - 1] === null)) row.pop();
    return row;
  });
  while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
  return rows;
}

function readValues(world: World, f: DriveFile, range: string, q: URLSearchParams) {
  const render = (q.get('valueRenderOption') ?? 'FORMATTED_VALUE') as ValueRender;
  if (!['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'].includes(render))
    throw bad(`Invalid value at 'value_render_option' (${render})`);
  const dates = (q.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER') as 'SERIAL_NUMBER' | 'FORMATTED_STRING';
  const { sheet, rect } = resolveOrBad(f, range);
  const values = readRange(world, f.id, fullRange(f, range), render, dates);
  const out: Record<string, unknown> = {
    range: a1Name(sheet, rectA1({ ...rect, r1: Math.min(rect.r1, Math.max(rect.r0, lastRowOf(sheet))) })),
    majorDimension: 'ROWS',
  };
  const trimmed = trimValues(values);
  if (trimmed.length) out.values = trimmed;
  return out;
}

function resolveOrBad(f: DriveFile, range: string): { sheet: SheetState; rect: Rect } {
  try {
    // A bare sheet name is a whole-sheet range.
    if (findSheet(f, range.replace(/^'(.*)'$/, '$1').replace(/''/g, "'"))) {
      const sheet = findSheet(f, range.replace(/^'(.*)'$/, '$1').replace(/''/g, "'"))!;
      return { sheet, rect: { r0: 1, c0: 1, r1: sheet.maxRows, c1: sheet.maxCols } };
    }
    return resolveA1(f, range);
  } catch {
    throw bad(`Unable to parse range: ${range}`);
  }
}

/** A bare sheet name becomes 'Name'!A1:<end>, so the runtime's A1 helpers can take it. */
function fullRange(f: DriveFile, range: string): string {
  const name = range.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  const sh = findSheet(f, name);
  return sh ? a1Name(sh, rectA1({ r0: 1, c0: 1, r1: sh.maxRows, c1: sh.maxCols })) : range;
}

function inputOption(q: URLSearchParams): 'RAW' | 'USER_ENTERED' {
  const v = q.get('valueInputOption');
  if (!v) throw bad("'valueInputOption' is required but not specified");
  if (v !== 'RAW' && v !== 'USER_ENTERED') throw bad(`Invalid value at 'value_input_option' (${v})`);
  return v;
}

function inputValues(body: Record<string, any>): InputValue[][] {
  const values = body.values;
  if (values === undefined) return [];
  if (!Array.isArray(values) || values.some((r) => !Array.isArray(r))) throw bad("Invalid value at 'data.values'");
  return (values as unknown[][]).map((r) =>
    r.map((v) => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      throw bad('Invalid values: only strings, numbers and booleans are cell values');
    }),
  );
}

function sheetsRoute(
  world: World,
  user: string,
  method: string,
  path: string,
  q: URLSearchParams,
  raw: Buffer,
): unknown {
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(SHEETS_PREFIX.length));
  } catch {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'The path has a malformed %-escape.');
  }
  if (rest === '' && method === 'POST') return createSheet(world, user, json(raw));
  const m = /^\/([A-Za-z0-9_-]+)(.*)$/.exec(rest);
  if (!m) throw notFound();
  const id = m[1]!;
  const tail = m[2]!;
  if (tail === '' && method === 'GET') return spreadsheetResource(fileFor(world, user, id, 'read'));
  if (tail === ':batchUpdate' && method === 'POST') return batchUpdate(world, user, id, json(raw));
  if (tail === '/values:batchGet' && method === 'GET') {
    const f = fileFor(world, user, id, 'read');
    return { spreadsheetId: id, valueRanges: q.getAll('ranges').map((r) => readValues(world, f, r, q)) };
  }
  const v = /^\/values\/(.+?)(:append)?$/.exec(tail);
  if (v) {
    const range = v[1]!;
    if (!v[2] && method === 'GET') return readValues(world, fileFor(world, user, id, 'read'), range, q);
    if (!v[2] && method === 'PUT') return updateValues(world, user, id, range, q, json(raw));
    if (v[2] && method === 'POST') return appendValues(world, user, id, range, q, json(raw));
  }
  throw notFound(`Method not found: ${method} ${path}`);
}

function createSheet(world: World, user: string, body: Record<string, any>) {
  const props = body.properties ?? {};
  const specs: Record<string, any>[] = Array.isArray(body.sheets) ? body.sheets : [];
  const names = specs.map((s, i) => String(s?.properties?.title ?? `Sheet${i + 1}`));
  if (new Set(names).size !== names.length) throw bad('Sheet titles must be unique.');
  const id = createSpreadsheet(world, user, String(props.title ?? 'Untitled spreadsheet'), {
    sheets: names.length ? names : undefined,
    ...(props.timeZone ? { timeZone: String(props.timeZone) } : {}),
    ...(props.locale ? { locale: String(props.locale) } : {}),
  });
  const f = getFile(world, id);
  specs.forEach((s, i) => {
    const g = s?.properties?.gridProperties ?? {};
    const sh = f.sheets[i]!;
    if (g.rowCount) sh.maxRows = Number(g.rowCount);
    if (g.columnCount) sh.maxCols = Number(g.columnCount);
    if (g.frozenRowCount !== undefined) sh.frozenRows = Number(g.frozenRowCount);
    if (g.frozenColumnCount !== undefined) sh.frozenCols = Number(g.frozenColumnCount);
  });
  return spreadsheetResource(f);
}

const VALIDATION_TYPES: Record<string, ValidationSpec['criteria']> = {
  ONE_OF_LIST: 'VALUE_IN_LIST',
  DATE_IS_VALID: 'DATE_IS_VALID_DATE',
  TEXT_IS_EMAIL: 'TEXT_IS_VALID_EMAIL',
  NUMBER_BETWEEN: 'NUMBER_BETWEEN',
  BOOLEAN: 'CHECKBOX',
};

function batchUpdate(world: World, user: string, id: string, body: Record<string, any>) {
  const f = fileFor(world, user, id, 'write');
  const requests: Record<string, any>[] = Array.isArray(body.requests) ? body.requests : [];
  const replies: Record<string, unknown>[] = [];
  // Google applies a batch atomically: validate every request against a copy first.
  const snapshot = JSON.stringify(f);
  try {
    for (const [i, r] of requests.entries()) replies.push(applyRequest(world, user, f, r, i));
  } catch (err) {
    Object.assign(f, JSON.parse(snapshot) as DriveFile);
    throw err;
  }
  f.modifiedMs = world.now();
  return { spreadsheetId: id, replies };
}

function applyRequest(
  world: World,
  user: string,
  f: DriveFile,
  r: Record<string, any>,
  i: number,
): Record<string, unknown> {
  const kind = Object.keys(r)[0] ?? '';
  const a = r[kind] as Record<string, any>;
  const ownerOnly = () => {
    if (f.owner !== user) throw denied();
  };
  switch (kind) {
    case 'addSheet': {
      const p = a.properties ?? {};
      const sheetId = addSheet(world, f.id, String(p.title ?? `Sheet${f.sheets.length + 1}`), {
        rows: p.gridProperties?.rowCount,
        cols: p.gridProperties?.columnCount,
      });
      const sh = sheetById(f, sheetId);
      if (p.gridProperties?.frozenRowCount !== undefined) sh.frozenRows = Number(p.gridProperties.frozenRowCount);
      return { addSheet: sheetResource(f, sh) };
    }
    case 'updateSheetProperties': {
      const sh = sheetById(f, a.properties?.sheetId);
      const fields = String(a.fields ?? '')
        .split(',')
        .map((x) => x.trim());
      if (!fields[0]) throw bad(`requests[${i}].updateSheetProperties: fields is required`);
      for (const field of fields) {
        if (field === 'title') sh.name = String(a.properties.title);
        else if (field === 'gridProperties.frozenRowCount')
          sh.frozenRows = Number(a.properties.gridProperties?.frozenRowCount ?? 0);
        else if (field === 'gridProperties.frozenColumnCount')
          sh.frozenCols = Number(a.properties.gridProperties?.frozenColumnCount ?? 0);
        else throw bad(`requests[${i}].updateSheetProperties: the local stand-in does not support the field ${field}`);
      }
      return {};
    }
    case 'updateSpreadsheetProperties': {
      if (
        String(a.fields ?? '')
          .split(',')
          .some((x) => !['title', 'timeZone', 'locale'].includes(x.trim()))
      )
        throw bad(`requests[${i}]: only title, timeZone and locale are supported locally`);
      if (a.properties?.title !== undefined) f.name = String(a.properties.title);
      if (a.properties?.timeZone !== undefined) f.timeZone = String(a.properties.timeZone);
      if (a.properties?.locale !== undefined) f.locale = String(a.properties.locale);
      return {};
    }
    case 'repeatCell': {
      const sh = sheetById(f, a.range?.sheetId);
      const fields = String(a.fields ?? '');
      if (!/^userEnteredFormat\.numberFormat(\.\w+)?$/.test(fields))
        throw bad(`requests[${i}].repeatCell: the local stand-in supports fields=userEnteredFormat.numberFormat only`);
      const nf = a.cell?.userEnteredFormat?.numberFormat ?? {};
      const type = String(nf.type ?? '');
      const pattern = nf.pattern
        ? String(nf.pattern)
        : type === 'TEXT'
          ? '@'
          : type === 'DATE'
            ? 'yyyy-mm-dd'
            : type === 'NUMBER'
              ? '0'
              : '';
      if (!pattern) throw bad(`requests[${i}].repeatCell: numberFormat needs a type or a pattern`);
      const rect = gridRect(sh, a.range);
      checkProtected(f, sh, rect, user);
      sh.formats = sh.formats.filter(
        (x) => !(x.r0 >= rect.r0 && x.r1 <= rect.r1 && x.c0 >= rect.c0 && x.c1 <= rect.c1),
      );
      sh.formats.push({ ...rect, nf: pattern });
      return {};
    }
    case 'setDataValidation': {
      const sh = sheetById(f, a.range?.sheetId);
      const rect = gridRect(sh, a.range);
      sh.validations = sh.validations.filter(
        (x) => !(x.r0 >= rect.r0 && x.r1 <= rect.r1 && x.c0 >= rect.c0 && x.c1 <= rect.c1),
      );
      if (!a.rule) return {};
      const criteria = VALIDATION_TYPES[String(a.rule.condition?.type)];
      if (!criteria)
        throw bad(
          `requests[${i}].setDataValidation: the local stand-in does not support the condition ${String(a.rule.condition?.type)}`,
        );
      const values = (a.rule.condition?.values ?? []).map((v: { userEnteredValue?: string }) =>
        String(v.userEnteredValue ?? ''),
      );
      sh.validations.push({
        ...rect,
        criteria,
        values: criteria === 'NUMBER_BETWEEN' ? values.map(Number) : values,
        allowInvalid: !a.rule.strict,
        helpText: a.rule.inputMessage ?? null,
        ...(criteria === 'VALUE_IN_LIST' ? { showDropdown: a.rule.showCustomUi !== false } : {}),
      });
      return {};
    }
    case 'addProtectedRange': {
      ownerOnly();
      const p = a.protectedRange ?? {};
      const sh = sheetById(f, p.range?.sheetId);
      const whole = p.range && Object.keys(p.range).every((k) => k === 'sheetId');
      const state = {
        id: f.nextProtectionId++,
        type: whole ? ('SHEET' as const) : ('RANGE' as const),
        ...(whole ? {} : { rect: gridRect(sh, p.range) }),
        description: String(p.description ?? ''),
        editors: ((p.editors?.users ?? []) as string[]).map((e) => e.toLowerCase()).filter((e) => e !== f.owner),
        warningOnly: !!p.warningOnly,
        domainEdit: false,
      };
      sh.protections.push(state);
      return {
        addProtectedRange: {
          protectedRange: {
            protectedRangeId: state.id,
            range: p.range,
            description: state.description,
            warningOnly: state.warningOnly,
            editors: { users: [f.owner, ...state.editors] },
          },
        },
      };
    }
    default:
      throw bad(
        `requests[${i}]: ${kind || 'an empty request'} is not one the local stand-in implements (it serves what the admin CLI uses)`,
      );
  }
}

function updateValues(
  world: World,
  user: string,
  id: string,
  range: string,
  q: URLSearchParams,
  body: Record<string, any>,
) {
  const input = inputOption(q);
  const f = fileFor(world, user, id, 'write');
  const values = inputValues(body);
  const { sheet, rect } = resolveOrBad(f, range);
  const nr = values.length;
  const nc = Math.max(0, ...values.map((r) => r.length));
  const target = { r0: rect.r0, c0: rect.c0, r1: rect.r0 + Math.max(nr, 1) - 1, c1: rect.c0 + Math.max(nc, 1) - 1 };
  checkProtected(f, sheet, target, user);
  // Written from the range's top-left cell; the grid grows as needed (as the API does).
  if (nr && nc)
    writeRange(world, id, a1Name(sheet, rectA1({ r0: rect.r0, c0: rect.c0, r1: rect.r0, c1: rect.c0 })), values, input);
  return {
    spreadsheetId: id,
    updatedRange: a1Name(sheet, rectA1(target)),
    updatedRows: nr,
    updatedColumns: nc,
    updatedCells: nr * nc,
  };
}

function appendValues(
  world: World,
  user: string,
  id: string,
  range: string,
  q: URLSearchParams,
  body: Record<string, any>,
) {
  const input = inputOption(q);
  const f = fileFor(world, user, id, 'write');
  const values = inputValues(body);
  const { sheet } = resolveOrBad(f, range);
  const first = lastRowOf(sheet) + 1;
  const nc = Math.max(0, ...values.map((r) => r.length));
  const target = { r0: first, c0: 1, r1: first + Math.max(values.length, 1) - 1, c1: Math.max(nc, 1) };
  checkProtected(f, sheet, target, user);
  if (values.length && nc) appendRows(world, id, sheet.name, values, input);
  return {
    spreadsheetId: id,
    tableRange: first > 1 ? a1Name(sheet, rectA1({ r0: 1, c0: 1, r1: first - 1, c1: Math.max(nc, 1) })) : undefined,
    updates: {
      spreadsheetId: id,
      updatedRange: a1Name(sheet, rectA1(target)),
      updatedRows: values.length,
      updatedColumns: nc,
      updatedCells: values.length * nc,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Drive v3

function driveRoute(
  world: World,
  user: string,
  method: string,
  path: string,
  q: URLSearchParams,
  raw: Buffer,
  contentType: string,
): unknown {
  if (method === 'POST' && path === '/upload/drive/v3/files') {
    const type = q.get('uploadType');
    if (type === 'multipart') {
      const { meta, media } = parseMultipart(raw, contentType);
      return createFile(world, user, meta, media, q);
    }
    if (type === 'media')
      return createFile(
        world,
        user,
        {},
        { mimeType: contentType.split(';')[0]!.trim(), text: raw.toString('utf8') },
        q,
      );
    throw bad(`uploadType ${String(type)} is not supported by the local stand-in (multipart, media)`);
  }
  if (method === 'POST' && path === '/drive/v3/files') return createFile(world, user, json(raw), null, q);
  const perm = /^\/drive\/v3\/files\/([A-Za-z0-9_-]+)\/permissions$/.exec(path);
  if (perm && method === 'POST') return createPermission(world, user, perm[1]!, json(raw));
  throw notFound(`Method not found: ${method} ${path}`);
}

function parseMultipart(
  raw: Buffer,
  contentType: string,
): { meta: Record<string, any>; media: { mimeType: string; text: string } } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw bad('Multipart upload without a boundary');
  const parts = raw
    .toString('utf8')
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => {
      const text = p.replace(/^\r\n/, '');
      const split = text.indexOf('\r\n\r\n');
      const headers = text.slice(0, split);
      return {
        type: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
        body: text.slice(split + 4).replace(/\r\n$/, ''),
      };
    });
  if (parts.length !== 2) throw bad('A multipart upload has two parts: metadata and media');
  return { meta: json(Buffer.from(parts[0]!.body, 'utf8')), media: { mimeType: parts[1]!.type, text: parts[1]!.body } };
}

function fileFields(f: DriveFile, q: URLSearchParams): Record<string, unknown> {
  const all: Record<string, unknown> = {
    kind: 'drive#file',
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    webViewLink: f.mimeType === DOC_MIME ? docUrl(f.id) : spreadsheetUrl(f.id),
  };
  const fields = q.get('fields');
  if (!fields) return { kind: all.kind, id: all.id, name: all.name, mimeType: all.mimeType };
  return Object.fromEntries(
    fields
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k in all)
      .map((k) => [k, all[k]]),
  );
}

function createFile(
  world: World,
  user: string,
  meta: Record<string, any>,
  media: { mimeType: string; text: string } | null,
  q: URLSearchParams,
) {
  const mimeType = String(meta.mimeType ?? media?.mimeType ?? 'application/octet-stream');
  if (mimeType === SPREADSHEET_MIME) {
    const id = createSpreadsheet(world, user, String(meta.name ?? 'Untitled spreadsheet'));
    return fileFields(getFile(world, id), q);
  }
  if (mimeType !== DOC_MIME) throw bad(`The local stand-in creates Google Docs and Sheets only, not ${mimeType}`);
  if (media && !['text/html', 'text/plain'].includes(media.mimeType))
    throw bad(`A Google Doc is converted from text/html or text/plain, not ${media.mimeType}`);
  // A Doc is a Drive file without sheets; createSpreadsheet gives it an id, an owner and an ACL.
  const id = createSpreadsheet(world, user, String(meta.name ?? 'Untitled document'));
  const f = getFile(world, id);
  f.mimeType = DOC_MIME;
  f.sheets = [];
  f.content = { mimeType: media?.mimeType ?? 'text/plain', text: media?.text ?? '' };
  return fileFields(f, q);
}

function createPermission(world: World, user: string, id: string, body: Record<string, any>) {
  const f = world.state.drive.files[id];
  if (!f || !roleOf(f, user)) throw notFound(`File not found: ${id}.`);
  if (roleOf(f, user) !== 'owner' && roleOf(f, user) !== 'writer')
    throw denied('The user does not have sufficient permissions for this file.');
  if (body.type !== 'user')
    throw bad(`Permission type ${String(body.type)} is not supported by the local stand-in (user)`);
  const email = String(body.emailAddress ?? '')
    .trim()
    .toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw bad('The permission emailAddress is not a valid email');
  const role =
    body.role === 'writer' ? 'writer' : body.role === 'reader' || body.role === 'commenter' ? 'reader' : null;
  if (!role)
    throw bad(
      `Permission role ${String(body.role)} is not supported by the local stand-in (writer, reader, commenter)`,
    );
  shareFile(world, id, email, role);
  return { kind: 'drive#permission', id: `perm-${email}`, type: 'user', role: body.role, emailAddress: email };
}
