// The admin CLI end to end, with the REAL Google client (@googleapis/sheets) against the local stand-in of the Sheets
// and Drive endpoints (src/local/admin/rest.ts) on a free 127.0.0.1 port, over the same World the
// built gateway runs on: from nothing to a working Sheet with `setup --local`, a CSV import (bad
// rows reported by line, nothing written), bookings through the built gateway changing the Usage tab,
// and `usage` printing the same figures as the admin op and the admin card on the add-on homepage.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth as googleAuth, sheets as sheetsClient } from '@googleapis/sheets';
import { runAdmin } from '../../src/local/admin/cli';
import { DOC_MIME, handleGoogleApi, localToken } from '../../src/local/admin/rest';
import {
  DEFAULT_ADDON_CLIENT_ID,
  readLedger,
  readUsage,
  usageFigures,
  writeGatewayScriptProperties,
} from '../../src/local/host/company';
import { GATEWAY_URL as WS_GATEWAY_URL, Workspace } from '../../src/local/host/workspace';
import { findSheet, getFile, readSheet } from '../../src/local/runtime/backends/sheets';
import { mintIdToken } from '../../src/local/runtime/backends/identity';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { World } from '../../src/local/runtime/world';
import { TAB_ORDER, TABS } from '../../src/gateway/schema';

const OWNER = 'ccm-service@acme.test';
const dir = mkdtempSync(join(tmpdir(), 'ccm-admin-'));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

describe('admin CLI against the local stand-in (real Google client)', () => {
  let world: World;
  let server: Server;
  let url: string;
  let ws: Workspace;
  let sheetId = '';
  const admin = (...argv: string[]) => {
    const c = capture();
    return runAdmin([...argv, '--local', url, '--as', OWNER], c.io).then((code) => ({ code, ...c }));
  };

  beforeAll(async () => {
    world = new World();
    world.advanceTo(Date.parse('2026-03-02T09:00:00Z'));
    for (const [email, name] of [
      [OWNER, 'CCM service'],
      ['hr@acme.test', 'Hana'],
      ['ben@acme.test', 'Ben'],
      ['lea@acme.test', 'Lea'],
      ['ana@acme.test', 'Ana'],
      ['mo@acme.test', 'Mo'],
    ] as const) {
      world.addUser({ email, name, timeZone: 'Europe/Berlin', domain: 'acme.test' });
    }
    world.addUser({ email: 'cora@coaches.test', name: 'Cora', timeZone: 'Europe/Berlin' });
    server = createServer((req, res) => {
      if (!handleGoogleApi(req, res, world)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    ws = new Workspace({ world, serviceOwner: OWNER });
  });
  afterAll(async () => {
    await ws.close();
    await new Promise((ok) => server.close(ok));
  });

  test('the stand-in refuses a request without a bearer token, as Google does', async () => {
    const res = await fetch(`${url}/v4/spreadsheets`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        code: 401,
        message: expect.stringMatching(/missing required authentication credential/),
        status: 'UNAUTHENTICATED',
      },
    });
    const junk = await fetch(`${url}/v4/spreadsheets`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(junk.status).toBe(401);
  });

  test('setup --local: the usage Sheet (tabs, headers, formats, validation, protections), the toolkit Doc, the script properties', async () => {
    const r = await admin(
      'setup',
      '--domain',
      'acme.test',
      '--time-zone',
      'Europe/Berlin',
      '--admins',
      'hr@acme.test',
      '--quarters',
      'calendar',
      '--json',
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out.join('\n'));
    sheetId = printed.sheetId;
    expect(printed.scriptProperties).toEqual({
      SHEET_ID: sheetId,
      ALLOWED_DOMAIN: 'acme.test',
      ADDON_CLIENT_ID: expect.any(String),
    });
    const f = getFile(world, sheetId);
    expect(f.owner).toBe(OWNER);
    expect(f.editors).toEqual(['hr@acme.test']);
    expect(f.timeZone).toBe('Europe/Berlin');
    expect(f.sheets.map((s) => s.name)).toEqual(TAB_ORDER.map((k) => TABS[k].name));
    for (const k of TAB_ORDER) {
      const sh = findSheet(f, TABS[k].name)!;
      expect(sh.frozenRows).toBe(1);
      expect(sh.rows[0]).toEqual([...TABS[k].headers]);
      expect(sh.protections.length).toBe(TABS[k].protectedTab ? 1 : 0);
      expect(sh.formats.some((x) => x.nf === '@' && x.c0 === TABS[k].textColumns[0])).toBe(true);
    }
    const eng = findSheet(f, 'Engagements')!;
    expect(eng.formats.filter((x) => x.nf === 'yyyy-mm-dd').map((x) => [x.c0, x.c1])).toEqual([[6, 7]]);
    expect(eng.validations.map((v) => [v.c0, v.criteria, v.allowInvalid])).toEqual([
      [1, 'TEXT_IS_VALID_EMAIL', true],
      [2, 'TEXT_IS_VALID_EMAIL', true],
      [3, 'TEXT_IS_VALID_EMAIL', true],
      [5, 'VALUE_IN_LIST', true],
      [6, 'DATE_IS_VALID_DATE', true],
      [7, 'DATE_IS_VALID_DATE', true],
      [8, 'NUMBER_BETWEEN', true],
      [10, 'VALUE_IN_LIST', true],
    ]);
    expect(eng.validations.find((v) => v.c0 === 5)!.values).toEqual(['quarterly', 'six-month']);
    // Settings: every documented key with its note; the toolkit link points at the new Doc.
    const settings = readSheet(world, sheetId, 'Settings');
    expect(settings.map((r) => r[0])).toEqual([
      'Key',
      'domain',
      'timeZone',
      'quarters',
      'fiscalStartMonth',
      'perQuarter',
      'admins',
      'toolkitUrl',
      // The daily job's reminder switches (empty = on).
      'remindManagers',
      'remindCoacheePlan',
      'remindMilestones',
      'remindQuarterStart',
      'adminDigest',
    ]);
    expect(settings.every((r) => String(r[2]).length > 0)).toBe(true);
    const doc = getFile(world, printed.toolkitDocId);
    expect(doc.mimeType).toBe(DOC_MIME);
    expect(doc.content!.text).toMatch(/<h1>CCM alignment meetings: a guide for managers<\/h1>/);
    expect(settings.find((r) => r[0] === 'toolkitUrl')![1]).toBe(printed.toolkitUrl);
    // The deployer pastes the printed properties into the gateway project (here: the World's store).
    writeGatewayScriptProperties(world, { ...printed.scriptProperties, ADDON_CLIENT_ID: DEFAULT_ADDON_CLIENT_ID });
    ws.company = { sheetId, sheetUrl: printed.sheetUrl, scriptProperties: printed.scriptProperties };
    ws.connectAddon();
  });

  test('the text output says what to put in the gateway script properties', async () => {
    const r = await admin(
      'setup',
      '--domain',
      'acme.test',
      '--time-zone',
      'Europe/Berlin',
      '--admins',
      'hr@acme.test',
      '--addon-client-id',
      'x.apps.googleusercontent.com',
    );
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(
      /SHEET_ID = 1\S+\n\s+ALLOWED_DOMAIN = acme.test\n\s+ADDON_CLIENT_ID = x.apps.googleusercontent.com/,
    );
    const bad = await admin('setup', '--domain', 'acme', '--time-zone', 'Mars/Base', '--admins', 'nobody');
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--domain[\s\S]*--time-zone[\s\S]*--admins/);
  });

  test('engagements import: bad rows are reported by line and nothing is written', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'Coachee,Manager,Coach,Program,Start,End,Coachee name',
        'ben@acme.test,lea@acme.test,cora@coaches.test,quarterly,2026-01-01,2027-01-01,Ben',
        'tom@acme.test,lea@acme,cora@coaches.test,quarterly,2026-01-01,2027-01-01,Tom',
        'ida@acme.test,lea@acme.test,cora@coaches.test,quarterly,2026-06-01,2026-01-01,Ida',
        'max@acme.test,lea@acme.test,cora@coaches.test,weekly,2026-01-01,2027-01-01,Max',
        'ben@acme.test,lea@acme.test,cora@coaches.test,quarterly,2026-01-01,2027-01-01,Ben again',
      ].join('\n'),
    );
    const r = await admin('engagements', 'import', file, '--sheet', sheetId);
    expect(r.code).toBe(1);
    const text = r.err.join('\n');
    expect(text).toMatch(/4 of 5 rows have problems; nothing was written/);
    expect(text).toMatch(/line 3: Manager email "lea@acme"/);
    expect(text).toMatch(/line 4: End date 2026-01-01 is not after the start date 2026-06-01/);
    expect(text).toMatch(/line 5: Program "weekly" is not one we know/);
    expect(text).toMatch(/line 6: repeats row 2/);
    expect(readSheet(world, sheetId, 'Engagements')).toHaveLength(1); // the header only
  });

  test('engagements import: duplicate headers are refused by name and nothing is written', async () => {
    const row = 'ben@acme.test,lea@acme.test,cora@coaches.test,quarterly,2026-01-01,2027-01-01';
    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, ['Coachee,Manager,Coach,Program,Start,End,Coach', `${row},mo@acme.test`].join('\n'));
    const r = await admin('engagements', 'import', twice, '--sheet', sheetId);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/line 1: the header "Coach" appears twice/);
    const spelled = join(dir, 'spelled.csv');
    writeFileSync(spelled, ['Coachee,Manager,Coach,Program,Start,End,Coach email', `${row},mo@acme.test`].join('\n'));
    const s = await admin('engagements', 'import', spelled, '--sheet', sheetId);
    expect(s.code).toBe(1);
    expect(s.err.join('\n')).toMatch(/"Coach" and "Coach email" name the same column/);
    expect(readSheet(world, sheetId, 'Engagements')).toHaveLength(1); // the header only
  });

  test('engagements import: a malformed CSV is refused with its line, and unknown options are usage errors', async () => {
    const file = join(dir, 'open-quote.csv');
    writeFileSync(file, ['Coachee,Manager,Coach,Program,Start,End', 'ben@acme.test,"lea@acme.test,x'].join('\n'));
    const r = await admin('engagements', 'import', file, '--sheet', sheetId);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/open-quote\.csv: .*line 2/);
    const u = await admin('engagements', 'import', file, '--sheet', sheetId, '--dryrun');
    expect(u.code).toBe(2);
    expect(u.err).toEqual(['Unknown option --dryrun (try --help)']);
    const v = await admin('usage', '--sheet');
    expect(v.code).toBe(2);
  });

  test('engagements import: good rows are appended RAW (a formula-like name stays text), dates as dates', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(
      file,
      [
        'Coachee,Manager,Coach,Program,Start,End,Coach video link,Coachee name',
        'Ben@Acme.test,lea@acme.test,cora@coaches.test,quarterly,2026-01-01,2027-01-01,https://meet.example.test/cora,"=HYPERLINK(""http://x"",""Ben"")"',
        'ana@acme.test,mo@acme.test,cora@coaches.test,Six month,2026-01-12,2026-07-12,,Ana',
      ].join('\r\n'),
    );
    const r = await admin('engagements', 'import', file, '--sheet', sheetId);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const rows = readSheet(world, sheetId, 'Engagements');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(0, 5)).toEqual([
      'ben@acme.test',
      'lea@acme.test',
      'cora@coaches.test',
      'acme.test',
      'quarterly',
    ]);
    expect(rows[1]![5]).toBeInstanceOf(Date); // a date cell, shown yyyy-mm-dd
    expect(rows[2]![4]).toBe('six-month');
    const eng = findSheet(getFile(world, sheetId), 'Engagements')!;
    const nameCell = eng.rows[1]![10];
    expect(typeof nameCell === 'object' && nameCell !== null && 'f' in nameCell).toBe(false);
    expect(String(nameCell)).toContain('HYPERLINK');
  });

  test('values.update RAW keeps =x as text; USER_ENTERED makes it a formula (the stand-in follows the API)', async () => {
    const auth = new googleAuth.OAuth2();
    auth.setCredentials({ access_token: localToken(OWNER) });
    const sheets = sheetsClient({ version: 'v4', auth, rootUrl: `${url}/`, fetchImplementation: fetch });
    const scratch = await sheets.spreadsheets.create({ requestBody: { properties: { title: 'scratch' } } });
    const id = scratch.data.spreadsheetId!;
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['=1+1']] },
    });
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'B1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['=1+1']] },
    });
    const got = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:B1' });
    expect(got.data.values).toEqual([['=1+1', '2']]);
    // A protected tab refuses an admin's write (they are an editor of the file, not of the tab).
    const hr = new googleAuth.OAuth2();
    hr.setCredentials({ access_token: localToken('hr@acme.test') });
    const hrSheets = sheetsClient({ version: 'v4', auth: hr, rootUrl: `${url}/`, fetchImplementation: fetch });
    await expect(
      hrSheets.spreadsheets.values.update({
        spreadsheetId: sheetId,
        range: 'Usage!A5',
        valueInputOption: 'RAW',
        requestBody: { values: [['x']] },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(hrSheets.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).rejects.toMatchObject({
      status: 403,
    }); // not shared with hr
  });

  test('bookings through the built gateway change the Usage tab; `usage` shows the admin card figures', async () => {
    const call = async (email: string, op: string, args: unknown) => {
      const token = mintIdToken(world, { email, aud: DEFAULT_ADDON_CLIENT_ID }, { nowMs: world.now() });
      const contents = JSON.stringify({ op, idToken: token, requestId: `r-${op}-${email}`, args });
      const exec = await ws.runtime.execute({
        project: 'gateway',
        fn: 'doPost',
        args: [{ parameter: {}, postData: { contents, length: contents.length, type: 'application/json' } }],
        user: email,
        runAsOwner: true,
      });
      expect(exec.ok).toBe(true);
      return JSON.parse((exec.value as { content: string }).content) as { ok: boolean; data?: any; error?: any };
    };
    expect(readUsage(world, sheetId)).toEqual([]);
    const booked = await call('ben@acme.test', 'book', {
      event: { eventId: 'ev-1', start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T10:00:00.000Z' },
      status: 'confirmed',
    });
    expect(booked).toMatchObject({ ok: true });
    expect(readLedger(world, sheetId)).toHaveLength(1);
    expect(readUsage(world, sheetId)).toEqual([
      expect.objectContaining({ key: 'acme.test|2026-Q1', confirmed: 1, met: 1, engaged: 2, noMeeting: 1 }),
    ]);
    const cancelled = await call('ben@acme.test', 'cancel', { eventId: 'ev-1' });
    expect(cancelled.ok).toBe(true);
    expect(readUsage(world, sheetId)[0]).toMatchObject({ confirmed: 0, cancelled: 1, met: 0, noMeeting: 2 });
    await call('ana@acme.test', 'book', {
      event: { eventId: 'ev-2', start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T11:00:00.000Z' },
      status: 'confirmed',
    });

    const adminOp = await call('hr@acme.test', 'admin', {});
    expect(adminOp.ok).toBe(true);
    const csv = await admin('usage', '--sheet', sheetId, '--csv');
    expect(csv.code).toBe(0);
    const [head, ...lines] = csv.out.join('\n').split('\n');
    expect(head).toBe(
      'Company,Quarter,Engaged,With meeting,No meeting,Confirmed,Pending,Cancelled,Expired,Sessions used,Initial missed (6-month),' +
        'Held,Support confirmed,Support rate %,Median days to first,Started: with first,Started: none yet,Wrap-ups missed',
    );
    const f = adminOp.data.figures[0];
    expect(lines).toEqual([
      [
        f.company,
        f.quarter,
        f.engaged,
        f.met,
        f.noMeeting,
        f.confirmed,
        f.pending,
        f.cancelled,
        f.expired,
        f.sessions,
        f.initialMissed,
        f.outcomes.held,
        f.outcomes.supported,
        '', // no meeting held: no rate
        f.outcomes.medianDaysToFirst,
        f.outcomes.withFirst,
        f.outcomes.withoutFirst,
        f.outcomes.wrapUpMissed,
      ].join(','),
    ]);
    // Outcomes: nothing held yet; ana's first meeting 50 days after her start, ben's was cancelled.
    expect(lines).toEqual(['acme.test,2026-Q1,2,1,1,1,0,1,0,1,0,0,0,,50,1,1,0']);
    expect(adminOp.data.figures).toEqual(usageFigures(world, sheetId, '2026-Q1'));
    const table = await admin('usage', '--sheet', sheetId);
    expect(table.out.join('\n')).toMatch(/^Company\s+Quarter\s+Engaged/);

    // The admin's homepage in the add-on shows the same figures.
    const home = ws.homepage('hr@acme.test');
    await home.open();
    expect(home.last!.crash).toBeNull();
    const text = home.text()!.text.join('\n');
    expect(home.text()!.title).toBe('Program usage');
    expect(text).toMatch(/acme.test: 2 engaged coachees/);
    expect(text).toMatch(/1 with a meeting · 1 with none/);
    expect(text).toMatch(/Confirmed 1 · pending 0 · cancelled 1 · expired 0 · Coaching sessions used 1/);
    expect(home.text()!.buttons).toContain('Open the usage Sheet');
    expect(scriptProperties(world, 'addon').GATEWAY_URL).toBe(WS_GATEWAY_URL);
  });

  test('usage needs a Sheet; unknown commands are usage errors', async () => {
    expect((await admin('usage')).code).toBe(2);
    expect((await admin('frobnicate')).code).toBe(2);
  });
});
