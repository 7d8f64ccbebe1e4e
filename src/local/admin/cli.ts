/**
 * `npm run admin -- <command>`: the program admin's CLI, on @googleapis/sheets (v4) and @googleapis/drive (v3).
 *
 *   setup --domain D --time-zone TZ --admins a@d[,b@d] [--quarters engagement|calendar|fiscal]
 *         [--fiscal-start-month N] [--per-quarter N] [--title T] [--gateway-owner EMAIL]
 *         [--addon-client-id ID] [--json]
 *       Creates the usage Sheet (tabs, headers, formats, validation, protections) and the toolkit
 *       Google Doc, shares the Sheet with the admins, prints the gateway's script properties.
 *   usage --sheet ID [--quarter Q|all] [--csv]
 *       The usage table (this quarter by default): the same figures as the admin card.
 *   engagements import FILE.csv --sheet ID [--dry-run]
  daily-job --gateway URL   is the gateway's daily job (reminders, expiry) installed?
 *       Validates every row (and against the rows already in the Sheet); reports the bad ones by
 *       line and writes nothing unless all are good; then appends them.
 *
 * Auth (one of):
 *   (default)              Application Default Credentials (gcloud auth application-default login
 *                          --scopes=...spreadsheets,...drive.file, or GOOGLE_APPLICATION_CREDENTIALS).
 *   --client-secret FILE   an OAuth "Desktop app" client: a browser consent on a 127.0.0.1 loopback
 *                          redirect; the refresh token is kept in ~/.config/ccm-admin/ (mode 600).
 *   --local URL [--as E]   the workbench's stand-in of these endpoints (npm start), acting as E.
 * --sheet may also come from CCM_SHEET_ID.
 */
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { drive as driveClient, type drive_v3 } from '@googleapis/drive';
import { auth as googleAuth, sheets as sheetsClient, type sheets_v4 } from '@googleapis/sheets';
import { normalizeEmail, isValidEmail } from '../../core/email';
import { engagementColumn, findEngagementProblems, type Engagement } from '../../core/engagement';
import { MANAGER_TOOLKIT } from '../../core/toolkit';
import { isValidTimeZone, parseCivilDate, dayNumber } from '../../core/time';
import { ENGAGEMENT_HEADERS, PROPERTY_KEYS, safeCell, TAB_ORDER, TABS } from '../../gateway/schema';
import { reportingQuarter } from '../../core/usage';
import { usageReport, type UsageFigures } from '../../gateway/usage';
import type { OutcomeView } from '../../core/api';
import { ArgsError, parseCommandLine } from '../args';
import { CsvError, csvField, parseCsv, type CsvRecord } from './csv';
import { docUrl, localToken } from './rest';
import { createRequest, formatRequests, settingsRows, toolkitHtml } from './setup';
import { healthMessage, parseHealthReport } from '../../core/health';
import { engagementObjects, engagementsFromRows, settingsFromRows, usageRowsFrom } from './sheet-data';

export const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.file'];
const DOC_MIME = 'application/vnd.google-apps.document';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env?: Record<string, string | undefined>;
}

class UsageError extends Error {}

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

const BOOLEAN_FLAGS = ['csv', 'json', 'dry-run', 'help'] as const;
const STRING_FLAGS = [
  ...['domain', 'time-zone', 'admins', 'quarters', 'fiscal-start-month', 'per-quarter', 'title'],
  ...['gateway-owner', 'addon-client-id', 'sheet', 'quarter', 'local', 'as', 'client-secret', 'gateway'],
] as const;
const OPTIONS = Object.fromEntries([
  ...BOOLEAN_FLAGS.map((f) => [f, { type: 'boolean' }] as const),
  ...STRING_FLAGS.map((f) => [f, { type: 'string' }] as const),
]) as Record<string, { type: 'boolean' | 'string' }>;

function parseArgs(argv: string[]): Args {
  const { values, positionals } = parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: true });
  const flags = new Map<string, string | true>();
  for (const [name, v] of Object.entries(values))
    if (v !== undefined && v !== false) flags.set(name, v as string | true);
  return { positional: positionals, flags };
}

const str = (a: Args, name: string): string | undefined => {
  const v = a.flags.get(name);
  return typeof v === 'string' ? v : undefined;
};

// ---------------------------------------------------------------------------------------------
// Google clients

interface Clients {
  sheets: sheets_v4.Sheets;
  drive: drive_v3.Drive;
  /**
   * Per-call options: the stand-in's root for Drive uploads (the client does not rewrite upload URLs),
   * and Node's own fetch (gaxios would otherwise import node-fetch dynamically).
   */
  callOptions: { rootUrl?: string; fetchImplementation: typeof fetch };
}

async function clients(a: Args, io: Io): Promise<Clients> {
  const local = str(a, 'local');
  if (local) {
    // The workbench stand-in: a fake bearer token naming the acting account, every request to URL.
    const as = normalizeEmail(str(a, 'as') ?? io.env?.CCM_LOCAL_AS ?? 'ccm-service@example.test');
    if (!isValidEmail(as)) throw new UsageError(`--as must be an email address, not "${as}"`);
    const auth = new googleAuth.OAuth2();
    auth.setCredentials({ access_token: localToken(as) });
    const rootUrl = local.replace(/\/*$/, '/');
    return {
      sheets: sheetsClient({ version: 'v4', auth, rootUrl, fetchImplementation: fetch }),
      drive: driveClient({ version: 'v3', auth, rootUrl, fetchImplementation: fetch }),
      callOptions: { rootUrl, fetchImplementation: fetch },
    };
  }
  const secret = str(a, 'client-secret');
  const auth = secret ? await desktopAuth(secret, io) : new googleAuth.GoogleAuth({ scopes: SCOPES });
  return {
    sheets: sheetsClient({ version: 'v4', auth, fetchImplementation: fetch }),
    drive: driveClient({ version: 'v3', auth, fetchImplementation: fetch }),
    callOptions: { fetchImplementation: fetch },
  };
}

/** OAuth for an installed ("Desktop app") client: loopback redirect on 127.0.0.1 with PKCE; the refresh token is cached. */
async function desktopAuth(file: string, io: Io) {
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    installed?: { client_id: string; client_secret: string };
    web?: { client_id: string; client_secret: string };
  };
  const c = json.installed ?? json.web;
  if (!c)
    throw new UsageError(
      `${file} is not an OAuth client file (download it from Google Cloud console, APIs & Services, Credentials)`,
    );
  const cacheFile = join(homedir(), '.config', 'ccm-admin', `token-${c.client_id.split('.')[0]}.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { refresh_token?: string };
    if (cached.refresh_token) {
      const client = new googleAuth.OAuth2(c.client_id, c.client_secret);
      client.setCredentials({ refresh_token: cached.refresh_token });
      return client;
    }
  } catch {
    // no cached token yet
  }
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const client = new googleAuth.OAuth2(c.client_id, c.client_secret, `http://127.0.0.1:${port}`);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: SCOPES,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256' as never,
  });
  io.err(
    `Open this link in a browser and allow access:\n  ${url}\nWaiting for the answer on http://127.0.0.1:${port} ...`,
  );
  const code = await new Promise<string>((ok, fail) => {
    server.on('request', (req, res) => {
      const q = new URL(req.url ?? '/', `http://127.0.0.1:${port}`).searchParams;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        q.get('code')
          ? 'Signed in. You can close this tab and go back to the terminal.'
          : `Sign-in failed: ${q.get('error') ?? 'no code'}`,
      );
      const got = q.get('code');
      if (got) ok(got);
      else fail(new UsageError(`Sign-in failed: ${q.get('error') ?? 'no code'}`));
    });
  }).finally(() => server.close());
  const { tokens } = await client.getToken({ code, codeVerifier });
  client.setCredentials(tokens);
  if (tokens.refresh_token) {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ refresh_token: tokens.refresh_token }), { mode: 0o600 });
  }
  return client;
}

/** "now" as the server says (the Date header): Google's clock, or the workbench World's. */
function serverNow(headers: unknown): number {
  const h = headers as { get?: (k: string) => string | null } & Record<string, string>;
  const text = typeof h?.get === 'function' ? h.get('date') : h?.date;
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

const quote = (name: string) => `'${name.replace(/'/g, "''")}'`;

// ---------------------------------------------------------------------------------------------
// setup

async function setup(a: Args, io: Io): Promise<number> {
  const domain = (str(a, 'domain') ?? '').toLowerCase();
  const timeZone = str(a, 'time-zone') ?? '';
  const admins = (str(a, 'admins') ?? '')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((x) => normalizeEmail(x));
  const quarters = (str(a, 'quarters') ?? 'engagement') as 'engagement' | 'calendar' | 'fiscal';
  const fiscalStartMonth = Number(str(a, 'fiscal-start-month') ?? '1');
  const perQuarter = Number(str(a, 'per-quarter') ?? '1');
  const problems: string[] = [];
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
    problems.push('--domain must be the company Workspace domain, e.g. acme.com');
  if (!isValidTimeZone(timeZone)) problems.push('--time-zone must be an IANA time zone, e.g. Europe/Berlin');
  if (admins.length === 0 || admins.some((x) => !isValidEmail(x)))
    problems.push('--admins must list the program admins’ email addresses, comma-separated');
  if (!['engagement', 'calendar', 'fiscal'].includes(quarters))
    problems.push('--quarters must be engagement, calendar or fiscal');
  if (!(Number.isInteger(fiscalStartMonth) && fiscalStartMonth >= 1 && fiscalStartMonth <= 12))
    problems.push('--fiscal-start-month must be 1-12');
  if (!(Number.isInteger(perQuarter) && perQuarter >= 1 && perQuarter <= 10))
    problems.push('--per-quarter must be 1-10');
  const gatewayOwner = str(a, 'gateway-owner') ? normalizeEmail(str(a, 'gateway-owner')) : null;
  if (gatewayOwner !== null && !isValidEmail(gatewayOwner)) problems.push('--gateway-owner must be an email address');
  if (problems.length) throw new UsageError(problems.join('\n'));
  const title = str(a, 'title') ?? 'CCM alignment meetings: usage';
  const { sheets, drive, callOptions } = await clients(a, io);

  // 1. The toolkit Doc (Drive converts the HTML upload into a Google Doc).
  const doc = await drive.files.create(
    {
      requestBody: { name: MANAGER_TOOLKIT.title, mimeType: DOC_MIME },
      media: { mimeType: 'text/html', body: toolkitHtml(MANAGER_TOOLKIT) },
      fields: 'id,webViewLink',
    },
    callOptions,
  );
  const docId = doc.data.id!;
  const toolkitUrl = doc.data.webViewLink ?? docUrl(docId);

  // 2. The Sheet with every tab, header rows frozen.
  const created = await sheets.spreadsheets.create({ requestBody: createRequest(title, timeZone) });
  const sheetId = created.data.spreadsheetId!;
  const ids = new Map((created.data.sheets ?? []).map((s) => [s.properties!.title!, s.properties!.sheetId!]));
  const editors = gatewayOwner ? [gatewayOwner] : [];
  const requests = TAB_ORDER.flatMap((k) => formatRequests(ids.get(TABS[k].name)!, TABS[k], editors));
  await sheets.spreadsheets.batchUpdate({ spreadsheetId: sheetId, requestBody: { requests } });

  // 3. Headers and Settings, RAW (nothing typed here is ever read as a formula).
  for (const k of TAB_ORDER) {
    const spec = TABS[k];
    const rows =
      k === 'settings'
        ? [
            [...spec.headers],
            ...settingsRows({ domain, timeZone, quarters, fiscalStartMonth, perQuarter, admins, toolkitUrl }),
          ]
        : [[...spec.headers]];
    await sheets.spreadsheets.values.update({
      spreadsheetId: sheetId,
      range: `${quote(spec.name)}!A1`,
      valueInputOption: 'RAW',
      requestBody: { values: rows.map((r) => r.map((v) => String(safeCell(v)))) },
    });
  }

  // 4. Sharing: admins edit Settings and Engagements; the gateway's account (if another one) too.
  for (const email of [...new Set([...admins, ...(gatewayOwner ? [gatewayOwner] : [])])]) {
    await drive.permissions.create(
      {
        fileId: sheetId,
        sendNotificationEmail: false,
        requestBody: { type: 'user', role: 'writer', emailAddress: email },
      },
      callOptions,
    );
  }

  const props = {
    [PROPERTY_KEYS.sheetId]: sheetId,
    [PROPERTY_KEYS.allowedDomain]: domain,
    [PROPERTY_KEYS.addonClientId]: str(a, 'addon-client-id') ?? '<the add-on’s OAuth client id>',
  };
  const sheetUrl = created.data.spreadsheetUrl ?? `https://docs.google.com/spreadsheets/d/${sheetId}/edit`;
  if (a.flags.has('json')) {
    io.out(JSON.stringify({ sheetId, sheetUrl, toolkitDocId: docId, toolkitUrl, scriptProperties: props }, null, 2));
    return 0;
  }
  io.out(
    [
      `Usage Sheet: ${sheetUrl}`,
      `Toolkit Doc: ${toolkitUrl}  (share it with everyone at ${domain} as a viewer)`,
      '',
      'Gateway script properties (Apps Script editor > Project Settings > Script properties):',
      ...Object.entries(props).map(([k, v]) => `  ${k} = ${v}`),
      '',
      'Next: add engagements with `npm run admin -- engagements import FILE.csv --sheet ' + sheetId + '`.',
      'Then, in the gateway editor as its owner, run installDailyJob once (reminders and expiry);',
      '`npm run admin -- daily-job --gateway URL` checks it.',
    ].join('\n'),
  );
  return 0;
}

// ---------------------------------------------------------------------------------------------
// usage

const COLUMNS: [keyof UsageFigures, string][] = [
  ['company', 'Company'],
  ['quarter', 'Quarter'],
  ['engaged', 'Engaged'],
  ['met', 'With meeting'],
  ['noMeeting', 'No meeting'],
  ['confirmed', 'Confirmed'],
  ['pending', 'Pending'],
  ['cancelled', 'Cancelled'],
  ['expired', 'Expired'],
  ['sessions', 'Sessions used'],
  ['initialMissed', 'Initial missed (6-month)'],
];
/** The outcome figures after the counters (the overview build's: empty before it has run for a row). */
const OUTCOME_COLUMNS: [string, (o: OutcomeView) => number | null][] = [
  ['Held', (o) => o.held],
  ['Support confirmed', (o) => o.supported],
  ['Support rate %', (o) => (o.supportRate === null ? null : Math.round(o.supportRate * 100))],
  ['Median days to first', (o) => o.medianDaysToFirst],
  ['Started: with first', (o) => o.withFirst],
  ['Started: none yet', (o) => o.withoutFirst],
  ['Wrap-ups missed', (o) => o.wrapUpMissed],
];
const USAGE_COLUMN_HEADERS = [...COLUMNS.map(([, h]) => h), ...OUTCOME_COLUMNS.map(([h]) => h)];

function usageCells(f: UsageFigures): string[] {
  const outcome = (v: (o: OutcomeView) => number | null) => {
    const x = f.outcomes ? v(f.outcomes) : null;
    return x === null ? '' : String(x);
  };
  return [...COLUMNS.map(([k]) => String(f[k])), ...OUTCOME_COLUMNS.map(([, v]) => outcome(v))];
}

function sheetArg(a: Args, io: Io): string {
  const id = str(a, 'sheet') ?? io.env?.CCM_SHEET_ID;
  if (!id) throw new UsageError('Which Sheet? Give --sheet ID (or set CCM_SHEET_ID); `setup` printed it.');
  return id;
}

/** The figures `usage` prints (exported for tests: the same numbers as the admin card). */
export async function usageFigures(a: Args, io: Io): Promise<{ figures: UsageFigures[]; quarter: string | undefined }> {
  const { sheets } = await clients(a, io);
  const spreadsheetId = sheetArg(a, io);
  const res = await sheets.spreadsheets.values.batchGet({
    spreadsheetId,
    ranges: [TABS.settings.name, TABS.engagements.name, TABS.usage.name],
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'FORMATTED_STRING',
  });
  const [settingsRows_, engagementRows, usageRows] = (res.data.valueRanges ?? []).map(
    (v) => (v.values ?? []) as unknown[][],
  );
  const { settings, problems } = settingsFromRows(settingsRows_ ?? []);
  if (!settings) throw new UsageError(`The Settings tab has problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const nowMs = serverNow(res.headers);
  const q = str(a, 'quarter');
  const quarter = q === 'all' ? undefined : (q ?? reportingQuarter(nowMs, settings).key);
  const { usable } = engagementsFromRows(engagementRows ?? []);
  return {
    figures: usageReport(usageRowsFrom(usageRows ?? []), { engagements: usable, settings, nowMs }, quarter),
    quarter,
  };
}

async function usage(a: Args, io: Io): Promise<number> {
  const { figures, quarter } = await usageFigures(a, io);
  const rows = figures.map(usageCells);
  if (a.flags.has('csv')) {
    io.out([USAGE_COLUMN_HEADERS.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n'));
    return 0;
  }
  if (rows.length === 0) {
    io.out(quarter ? `No usage in ${quarter}.` : 'No usage yet.');
    return 0;
  }
  const table = [USAGE_COLUMN_HEADERS, ...rows];
  const widths = USAGE_COLUMN_HEADERS.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  io.out(
    table.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'),
  );
  return 0;
}

// ---------------------------------------------------------------------------------------------
// engagements import

const NAME_HEADERS = new Set(['coacheename', 'name', 'fullname']);
const isNameHeader = (h: string) => NAME_HEADERS.has(h.toLowerCase().replace(/[^a-z]/g, ''));

/**
 * Headers that name a column already named (the same text twice, or two spellings of one column):
 * one of them would silently win, so the file is refused, naming both.
 */
function duplicateHeaders(headers: string[]): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const h of headers) {
    if (h === '') continue;
    const key = engagementColumn(h) ?? (isNameHeader(h) ? 'coachee name' : `other ${h.toLowerCase()}`);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, h);
    else clashes.push(first === h ? `the header "${h}" appears twice` : `"${first}" and "${h}" name the same column`);
  }
  return clashes;
}

/** A civil date as a Sheets date serial (days since 1899-12-30): written RAW into a date-formatted cell. */
function dateSerial(ymd: string): number {
  return dayNumber(parseCivilDate(ymd)!) - dayNumber({ year: 1899, month: 12, day: 30 });
}

async function importEngagements(a: Args, io: Io): Promise<number> {
  const file = a.positional[2];
  if (!file)
    throw new UsageError(
      'engagements import needs a CSV file: npm run admin -- engagements import FILE.csv --sheet ID',
    );
  let records: CsvRecord[];
  try {
    records = parseCsv(readFileSync(file, 'utf8'));
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    io.err(`${file}: ${err.message}; nothing was written.`);
    return 1;
  }
  const header = records[0];
  if (!header) throw new UsageError(`${file} is empty`);
  const data = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const headers = header.fields.map((h) => h.trim());
  const nameCol = headers.findIndex(isNameHeader);
  const clashes = duplicateHeaders(headers);
  if (clashes.length > 0) {
    io.err(`${file}: line ${header.line}: ${clashes.join('; ')}; nothing was written.`);
    return 1;
  }

  const { sheets } = await clients(a, io);
  const spreadsheetId = sheetArg(a, io);
  const existing = await sheets.spreadsheets.values.get({
    spreadsheetId,
    range: TABS.engagements.name,
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'FORMATTED_STRING',
  });
  const sheetRows = (existing.data.values ?? []) as unknown[][];
  const lastRow = Math.max(1, sheetRows.length);

  // Existing rows first (their Sheet row numbers), then the file's rows as the Sheet rows they would
  // become: duplicates and overlaps with what is already there are caught, and messages that cite
  // another row cite it as the Sheet will number it.
  const csvObjects = data.map((r) =>
    Object.fromEntries(headers.map((h, i) => [h, r.fields[i] ?? '']).filter(([h], i) => h !== '' && i !== nameCol)),
  );
  const all = [...engagementObjects(sheetRows.length ? sheetRows : [[...ENGAGEMENT_HEADERS]]), ...csvObjects];
  const check = findEngagementProblems(all, { firstRow: 2 });
  const firstNew = lastRow + 1;
  const bad = check.problems.filter((p) => p.row >= firstNew);
  if (bad.length > 0) {
    const byLine = bad.map((p) => ({ line: data[p.row - firstNew]!.line, text: p.message.replace(/^Row \d+: /, '') }));
    io.err(
      `${file}: ${new Set(byLine.map((b) => b.line)).size} of ${data.length} rows have problems; nothing was written.`,
    );
    for (const b of byLine) io.err(`  line ${b.line}: ${b.text}`);
    return 1;
  }
  const valid = new Map(check.engagements.filter((e) => e.row >= firstNew).map((e) => [e.row, e]));
  const rows = data.map((r, i) =>
    engagementRow(valid.get(firstNew + i)!, nameCol >= 0 ? (r.fields[nameCol] ?? '').trim() : ''),
  );
  if (a.flags.has('dry-run')) {
    io.out(`${file}: all ${rows.length} rows are valid (dry run: nothing written).`);
    return 0;
  }
  if (rows.length > 0) {
    await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: `${quote(TABS.engagements.name)}!A1`,
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: rows },
    });
  }
  io.out(`${file}: imported ${rows.length} engagement${rows.length === 1 ? '' : 's'} into the Engagements tab.`);
  return 0;
}

/** One Engagements row in the tab's column order: text formula-proof, dates as date serials, RAW. */
function engagementRow(e: Engagement, name: string): (string | number)[] {
  const text = (v: string | undefined) => String(safeCell(v ?? ''));
  const row: (string | number)[] = [
    text(e.coachee),
    text(e.manager),
    text(e.coach),
    text(e.company),
    text(e.program),
    dateSerial(e.start),
    dateSerial(e.end),
    e.sessionsInProgram ?? '',
    text(e.videoLink),
    text(e.status),
    text(name),
  ];
  if (row.length !== ENGAGEMENT_HEADERS.length) throw new Error('engagementRow is out of step with ENGAGEMENT_HEADERS');
  return row;
}

// ---------------------------------------------------------------------------------------------

/**
 * `daily-job --gateway URL`: asks the gateway's check (its GET) whether the daily job's trigger is
 * installed. Google has no API to create another project's trigger from outside, so when it is
 * missing this says how to install it (installDailyJob in the gateway editor, or the admin op).
 * Exit 0 installed, 1 missing or unknown.
 */
async function dailyJob(a: Args, io: Io): Promise<number> {
  const url = str(a, 'gateway');
  if (!url || !/^https?:\/\//.test(url))
    throw new UsageError("daily-job needs --gateway URL (the gateway web app's /exec URL)");
  const res = await fetch(url, { redirect: 'follow' });
  const report = parseHealthReport(await res.text());
  if (!report) {
    io.err(`${url} did not answer with the gateway's check (HTTP ${res.status}).`);
    return 1;
  }
  if (report.dailyJob === true) {
    io.out('The daily job is installed: reminders and the release of unconfirmed bookings run every day.');
    return 0;
  }
  io.err(
    report.dailyJob === false
      ? healthMessage({ code: 'DAILY_JOB_MISSING' })
      : 'The gateway could not say whether its daily job is installed (an older gateway, or its trigger check failed).',
  );
  return 1;
}

const HELP = `Usage: npm run admin -- <command> [options]

  setup --domain D --time-zone TZ --admins a@D[,b@D] [--quarters engagement|calendar|fiscal]
        [--fiscal-start-month N] [--per-quarter N] [--title T] [--gateway-owner EMAIL]
        [--addon-client-id ID] [--json]
  usage --sheet ID [--quarter 2026-Q1|FY2026-Q1|all] [--csv]
  engagements import FILE.csv --sheet ID [--dry-run]

Auth: Application Default Credentials by default; --client-secret FILE for an OAuth desktop client;
--local URL [--as EMAIL] for the workbench (npm start). --sheet may come from CCM_SHEET_ID.`;

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runAdmin(argv: string[], io: Io): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(argv);
    if (a.flags.has('help') || a.positional.length === 0) {
      io.out(HELP);
      return a.positional.length === 0 && !a.flags.has('help') ? 2 : 0;
    }
    const [cmd, sub] = a.positional;
    if (cmd === 'setup') return await setup(a, io);
    if (cmd === 'usage') return await usage(a, io);
    if (cmd === 'engagements' && sub === 'import') return await importEngagements(a, io);
    if (cmd === 'daily-job') return await dailyJob(a, io);
    throw new UsageError(`Unknown command "${a.positional.join(' ')}"\n\n${HELP}`);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ArgsError) {
      io.err(err.message);
      return 2;
    }
    const e = err as {
      message?: string;
      code?: number | string;
      response?: { status?: number; data?: { error?: { message?: string } } };
    };
    const status = e.response?.status ?? e.code;
    const message = e.response?.data?.error?.message ?? e.message ?? String(err);
    io.err(`Google API error${status ? ` (${status})` : ''}: ${message}`);
    if (status === 401 || /credential|Could not load the default credentials/i.test(message)) {
      io.err(
        'Sign in first: `gcloud auth application-default login --scopes=https://www.googleapis.com/auth/spreadsheets,https://www.googleapis.com/auth/drive.file,https://www.googleapis.com/auth/cloud-platform`, or pass --client-secret FILE.',
      );
    }
    return 1;
  }
}

if (require.main === module) {
  runAdmin(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t), env: process.env }).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
