/**
 * Seeding a company into a World (Node side): the usage Sheet in the gateway's own format, owned by
 * the program's service owner and shared with the program admins only, plus the gateway project's
 * script properties. Used by the workbench, the scenario runner and tests; the admin CLI does the
 * same against real Google.
 *
 * The tab layouts come from src/gateway/schema.ts, so what is seeded here is exactly what the
 * gateway reads and, for the tabs it creates on first use (Ledger, Index, Audit), what it writes.
 */
import {
  addSheet,
  appendRows,
  createSpreadsheet,
  findSheet,
  getFile,
  lastRowOf,
  readSheet,
  setNumberFormat,
  shareFile,
  spreadsheetUrl,
  writeRange,
  type InputValue,
  type SheetState,
  type ValidationSpec,
} from '../runtime/backends/sheets';
import { setScriptProperties } from '../runtime/backends/storage';
import { isValidTimeZone } from '../../core/time';
import type { World } from '../runtime/world';
import { emailDomain, normalizeEmail } from '../../core/email';
import { encodeBookings, decodeBookings, ledgerRowValues, parseLedgerRow, type LedgerRow } from '../../gateway/records';
import type { BookingRecord, BookingStatus } from '../../core/ledger';
import {
  cellString,
  type ColumnValidation,
  DATE_FORMAT,
  ENGAGEMENT_HEADERS,
  PROPERTY_KEYS,
  safeCell,
  SETTINGS_KEYS,
  TABS,
  type TabKey,
  type TabSpec,
} from '../../gateway/schema';
import { type CompanySettings, type Engagement } from '../../core/engagement';
import { engagementsFromRows, settingsFromRows } from '../admin/sheet-data';
import {
  parseUsageRow,
  usageFromBookings,
  usageReport,
  usageRowValues,
  type UsageFigures,
  type UsageRow,
} from '../../gateway/usage';

/** The add-on's OAuth client id in the local runtime (test/runtime/helpers.ts: `${name}-client...`). */
export const DEFAULT_ADDON_CLIENT_ID = 'addon-client.apps.googleusercontent.com';
export const DEFAULT_GATEWAY_PROJECT = 'gateway';

export interface CompanySettingsSeed {
  domain: string;
  timeZone: string;
  quarters?: 'engagement' | 'calendar' | 'fiscal';
  fiscalStartMonth?: number;
  perQuarter?: number;
  admins?: string[];
  toolkitUrl?: string;
}

/**
 * One Engagements row. Values are written as given (no validation), so tests can seed broken rows:
 * a typo'd email, an end before the start, an unknown program. Omitted company = the coachee's domain.
 */
export interface EngagementSeed {
  coachee: string;
  manager: string;
  coach: string;
  company?: string;
  program: string;
  start: string;
  end: string;
  sessionsInProgram?: number | string;
  videoLink?: string;
  status?: string;
  coacheeName?: string;
}

export interface SeedCompanyOptions {
  /** The program's service owner: owns the Sheet and deploys the gateway ("execute as me"). */
  owner: string;
  sheetName?: string;
  settings: CompanySettingsSeed;
  engagements: EngagementSeed[];
  /** The gateway project whose script properties are written (default 'gateway'); null: none. */
  gatewayProject?: string | null;
  /** The add-on's OAuth client id: the audience the gateway checks (default DEFAULT_ADDON_CLIENT_ID). */
  addonClientId?: string;
  /** Also create Ledger, Index, Audit and Overview now (default: the gateway creates them on first use). */
  allTabs?: boolean;
  /** Add the people to the World's directory (company people with the company's Workspace domain). Default true. */
  addUsers?: boolean;
}

export interface GatewayProperties {
  SHEET_ID: string;
  ADDON_CLIENT_ID: string;
  ALLOWED_DOMAIN: string;
  LOCK_WAIT_MS?: string;
}

export interface SeededCompany {
  sheetId: string;
  sheetUrl: string;
  scriptProperties: GatewayProperties;
}

const ENGAGEMENT_FIELDS: (keyof EngagementSeed)[] = [
  'coachee',
  'manager',
  'coach',
  'company',
  'program',
  'start',
  'end',
  'sessionsInProgram',
  'videoLink',
  'status',
  'coacheeName',
];

/** Creates a tab in the gateway's format: headers, frozen header row, text and date formats, validations, protection. */
export function createStoreTab(world: World, sheetId: string, key: TabKey): void {
  const f = getFile(world, sheetId);
  const spec: TabSpec = TABS[key];
  if (findSheet(f, spec.name)) return;
  // As `admin setup` makes them (src/local/admin/setup.ts): the gateway's own tabs as wide as their columns.
  addSheet(world, sheetId, spec.name, spec.protectedTab ? { cols: spec.headers.length } : {});
  const sheet = findSheet(f, spec.name)!;
  formatStoreTab(world, sheetId, sheet, spec);
  writeRange(world, sheetId, `'${spec.name}'!A1`, [spec.headers.map((h) => safeCell(h) as InputValue)]);
  if (spec.protectedTab) {
    sheet.protections.push({
      id: f.nextProtectionId++,
      type: 'SHEET',
      description: `${spec.name} is written by the CCM gateway only`,
      editors: [],
      warningOnly: false,
      domainEdit: false,
    });
  }
}

/** Formats, frozen header and validations of a tab spec, straight into the World (what formatTab does through SpreadsheetApp). */
function formatStoreTab(world: World, sheetId: string, sheet: SheetState, spec: TabSpec): void {
  const quoted = `'${spec.name}'`;
  for (const col of spec.textColumns)
    setNumberFormat(world, sheetId, `${quoted}!${colLetter(col)}1:${colLetter(col)}${sheet.maxRows}`, '@');
  for (const col of spec.dateColumns ?? [])
    setNumberFormat(world, sheetId, `${quoted}!${colLetter(col)}2:${colLetter(col)}${sheet.maxRows}`, DATE_FORMAT);
  for (const v of spec.validations ?? [])
    sheet.validations.push({ r0: 2, c0: v.col, r1: sheet.maxRows, c1: v.col, ...validationSpecOf(v) });
  sheet.frozenRows = 1;
}

/** A tab spec's validation as the runtime's model stores it (warnings, never rejections). */
export function validationSpecOf(v: ColumnValidation): ValidationSpec {
  switch (v.kind) {
    case 'list':
      return {
        criteria: 'VALUE_IN_LIST',
        values: [...(v.values ?? [])],
        allowInvalid: true,
        helpText: v.help,
        showDropdown: true,
      };
    case 'date':
      return { criteria: 'DATE_IS_VALID_DATE', values: [], allowInvalid: true, helpText: v.help };
    case 'email':
      return { criteria: 'TEXT_IS_VALID_EMAIL', values: [], allowInvalid: true, helpText: v.help };
    case 'number':
      return { criteria: 'NUMBER_BETWEEN', values: [v.min ?? 0, v.max ?? 1e9], allowInvalid: true, helpText: v.help };
  }
}

function colLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The script properties the gateway needs, written into the gateway project's store. */
export function writeGatewayScriptProperties(
  world: World,
  props: GatewayProperties,
  project = DEFAULT_GATEWAY_PROJECT,
): void {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined) clean[k] = String(v);
  setScriptProperties(world, project, clean);
}

/** Creates the usage Sheet for a company and configures the gateway. */
export function seedCompany(world: World, opts: SeedCompanyOptions): SeededCompany {
  const owner = normalizeEmail(opts.owner);
  const s = opts.settings;
  const domain = s.domain.trim().toLowerCase();
  if (opts.addUsers ?? true) addPeople(world, opts, domain);

  const sheetId = createSpreadsheet(world, owner, opts.sheetName ?? 'CCM alignment meetings: usage', {
    sheets: [TABS.settings.name],
    // A spreadsheet's own zone is always a real one (Sheets offers a list); a typo'd company zone
    // is a Settings problem the gateway reports, not a broken file.
    timeZone: isValidTimeZone(s.timeZone) ? s.timeZone : 'Etc/UTC',
  });
  // Settings: the tab exists (first sheet); give it the gateway's format, then the key/value rows.
  const f = getFile(world, sheetId);
  formatStoreTab(world, sheetId, findSheet(f, TABS.settings.name)!, TABS.settings);
  const values: Record<string, string> = {
    domain,
    timeZone: s.timeZone,
    quarters: s.quarters ?? 'engagement',
    fiscalStartMonth: String(s.fiscalStartMonth ?? 1),
    perQuarter: String(s.perQuarter ?? 1),
    admins: (s.admins ?? []).map(normalizeEmail).join(', '),
    toolkitUrl: s.toolkitUrl ?? '',
  };
  writeRange(world, sheetId, `'Settings'!A1`, [
    TABS.settings.headers.map((h) => h as InputValue),
    ...SETTINGS_KEYS.map((k) => [k.key, values[k.key] ?? '', k.note].map((v) => safeCell(v) as InputValue)),
  ]);

  createStoreTab(world, sheetId, 'engagements');
  if (opts.engagements.length > 0) appendEngagements(world, sheetId, opts.engagements);
  if (opts.allTabs)
    for (const key of ['usage', 'ledger', 'index', 'audit', 'reminders', 'overview'] as const)
      createStoreTab(world, sheetId, key);

  // Program admins edit Settings and Engagements; nobody else (coachees included) can open the Sheet.
  for (const admin of s.admins ?? []) shareFile(world, sheetId, normalizeEmail(admin), 'writer');

  const scriptProperties: GatewayProperties = {
    SHEET_ID: sheetId,
    ADDON_CLIENT_ID: opts.addonClientId ?? DEFAULT_ADDON_CLIENT_ID,
    ALLOWED_DOMAIN: domain,
  };
  const project = opts.gatewayProject === undefined ? DEFAULT_GATEWAY_PROJECT : opts.gatewayProject;
  if (project) writeGatewayScriptProperties(world, scriptProperties, project);
  return { sheetId, sheetUrl: spreadsheetUrl(sheetId), scriptProperties };
}

/** Appends Engagements rows (as typed by an admin: not validated, so broken rows can be seeded). */
export function appendEngagements(world: World, sheetId: string, engagements: EngagementSeed[]): void {
  const rows = engagements.map((e) => {
    const withDefaults: EngagementSeed = {
      status: 'active',
      ...e,
      company: e.company ?? emailDomain(normalizeEmail(e.coachee)),
    };
    return ENGAGEMENT_FIELDS.map((k) => {
      const v = withDefaults[k];
      return v === undefined ? '' : (safeCell(typeof v === 'number' ? v : String(v)) as InputValue);
    });
  });
  if (ENGAGEMENT_FIELDS.length !== ENGAGEMENT_HEADERS.length) throw new Error('Engagement fields and headers differ');
  appendRows(world, sheetId, TABS.engagements.name, rows);
}

function addPeople(world: World, opts: SeedCompanyOptions, domain: string): void {
  const add = (email: string | undefined, name?: string) => {
    const e = normalizeEmail(email);
    if (!e || !e.includes('@') || world.user(e)) return;
    const inCompany = emailDomain(e) === domain;
    world.addUser({
      email: e,
      name: name ?? e.split('@')[0]!,
      timeZone: opts.settings.timeZone,
      ...(inCompany ? { domain } : {}),
    });
  };
  add(opts.owner);
  for (const a of opts.settings.admins ?? []) add(a);
  for (const e of opts.engagements) {
    add(e.coachee, e.coacheeName);
    add(e.manager);
    add(e.coach);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading back (tests, scenario output, workbench)

/** Every Ledger row, as written by the gateway (an empty list before the first booking). */
export function readLedger(world: World, sheetId: string): LedgerRow[] {
  if (!findSheet(getFile(world, sheetId), TABS.ledger.name)) return [];
  return readSheet(world, sheetId, TABS.ledger.name)
    .slice(1)
    .map((r, i) => parseLedgerRow(r, i + 2))
    .filter((r) => r.bookingId !== '');
}

/** Every coachee's Index entry (the gateway's per-coachee booking list). */
export function readIndex(
  world: World,
  sheetId: string,
): { coachee: string; row: number; bookings: BookingRecord[] | null }[] {
  if (!findSheet(getFile(world, sheetId), TABS.index.name)) return [];
  return readSheet(world, sheetId, TABS.index.name)
    .slice(1)
    .map((r, i) => ({ coachee: cellString(r[0]), row: i + 2, bookings: decodeBookings(r[1]) }))
    .filter((e) => e.coachee !== '');
}

export interface AuditRow {
  time: string;
  actor: string;
  op: string;
  eventId: string;
  bookingId: string;
  outcome: string;
  requestId: string;
}

export function readAudit(world: World, sheetId: string): AuditRow[] {
  if (!findSheet(getFile(world, sheetId), TABS.audit.name)) return [];
  return readSheet(world, sheetId, TABS.audit.name)
    .slice(1)
    .map((r) => {
      const [time, actor, op, eventId, bookingId, outcome, requestId] = r.map(cellString);
      return {
        time: time ?? '',
        actor: actor ?? '',
        op: op ?? '',
        eventId: eventId ?? '',
        bookingId: bookingId ?? '',
        outcome: outcome ?? '',
        requestId: requestId ?? '',
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Seeding history (benchmarks, big-ledger tests, workbench demos)

export interface BookingSeed {
  coachee: string;
  manager: string;
  coach: string;
  company: string;
  eventId: string;
  quarterKey: string;
  start: string;
  end: string;
  status: BookingStatus;
  milestone?: string;
  bookingId?: string;
  createdAt?: string;
  /** Whether it took place, and when the manager confirmed support (issue 14), as the gateway keeps them. */
  held?: BookingRecord['held'];
  supportedAt?: string;
}

/**
 * Writes past bookings straight into Ledger and Index, exactly as the gateway would have written
 * them (one Ledger append for all rows, one Index row per coachee). For big-ledger tests and demos.
 */
export function seedBookings(world: World, sheetId: string, bookings: BookingSeed[]): void {
  for (const key of ['usage', 'ledger', 'index', 'audit', 'overview'] as const) createStoreTab(world, sheetId, key);
  const timeZone = readSettingsTab(world, sheetId)?.timeZone;
  const f = getFile(world, sheetId);
  const ledger = findSheet(f, TABS.ledger.name)!;
  let nextRow = Math.max(1, lastRowOf(ledger)) + 1;
  const nowIso = new Date(world.now()).toISOString();
  const records = new Map<string, BookingRecord[]>();
  const ledgerRows: InputValue[][] = [];
  let seq = 0;
  for (const b of bookings) {
    const coachee = normalizeEmail(b.coachee);
    const record: BookingRecord = {
      bookingId: b.bookingId ?? `seed-${world.now()}-${++seq}`,
      eventId: b.eventId,
      quarterKey: b.quarterKey,
      start: b.start,
      end: b.end,
      status: b.status,
      milestone: b.milestone ?? '',
      countsAsSession: true,
      reason: '',
      ledgerRow: nextRow++,
      createdAt: b.createdAt ?? nowIso,
      updatedAt: b.createdAt ?? nowIso,
      company: b.company,
      ...(b.held ? { held: b.held } : {}),
      ...(b.supportedAt ? { supportedAt: b.supportedAt } : {}),
    };
    ledgerRows.push(
      ledgerRowValues(
        record,
        { coachee, manager: normalizeEmail(b.manager), coach: normalizeEmail(b.coach), company: b.company },
        timeZone,
      ) as InputValue[],
    );
    records.set(coachee, [...(records.get(coachee) ?? []), record]);
  }
  if (ledgerRows.length > 0) appendRows(world, sheetId, TABS.ledger.name, ledgerRows);

  const existing = new Map(readIndex(world, sheetId).map((e) => [e.coachee, e]));
  const appended: InputValue[][] = [];
  for (const [coachee, list] of records) {
    const prior = existing.get(coachee);
    if (prior) {
      const merged = [...(prior.bookings ?? []), ...list];
      writeRange(world, sheetId, `'${TABS.index.name}'!A${prior.row}`, [
        [safeCell(coachee) as InputValue, encodeBookings(merged), nowIso],
      ]);
    } else {
      appended.push([safeCell(coachee) as InputValue, encodeBookings(list), nowIso]);
    }
  }
  if (appended.length > 0) appendRows(world, sheetId, TABS.index.name, appended);
  // The history counts in Usage as if the gateway had booked it.
  recountUsage(world, sheetId);
}

// ---------------------------------------------------------------------------------------------
// Usage (Node side): read back, report, recount

/** Company settings as the gateway reads them from the Settings tab (null when they are invalid). */
export function readSettingsTab(world: World, sheetId: string): CompanySettings | null {
  return settingsFromRows(readSheet(world, sheetId, TABS.settings.name)).settings;
}

/** Usable engagements (valid rows of coachees without a broken row), as the gateway counts them. */
export function readUsableEngagements(world: World, sheetId: string): (Engagement & { row: number })[] {
  return engagementsFromRows(readSheet(world, sheetId, TABS.engagements.name), getFile(world, sheetId).timeZone).usable;
}

/** Every row of the Usage tab, as stored. */
export function readUsage(world: World, sheetId: string): UsageRow[] {
  if (!findSheet(getFile(world, sheetId), TABS.usage.name)) return [];
  return readSheet(world, sheetId, TABS.usage.name)
    .slice(1)
    .flatMap((r, i) => parseUsageRow(r, i + 2) ?? []);
}

/** The figures the admin card and the admin CLI show, from the Usage tab (all quarters, or one). */
export function usageFigures(world: World, sheetId: string, quarterKey?: string): UsageFigures[] {
  const settings = readSettingsTab(world, sheetId);
  if (!settings) return [];
  return usageReport(
    readUsage(world, sheetId),
    { engagements: readUsableEngagements(world, sheetId), settings, nowMs: world.now() },
    quarterKey,
  );
}

/** What the Usage tab must hold, recounted from every Index entry (the oracle for the incremental counters). */
export function expectedUsage(world: World, sheetId: string): UsageRow[] {
  const settings = readSettingsTab(world, sheetId);
  if (!settings) return [];
  const engagements = readUsableEngagements(world, sheetId);
  const index = readIndex(world, sheetId).map((e) => ({ coachee: e.coachee, bookings: e.bookings ?? [] }));
  return usageFromBookings(index, { engagements, settings, nowMs: world.now() });
}

/** Rewrites the Usage tab from the Index (seeded history; a repair). */
export function recountUsage(world: World, sheetId: string): void {
  createStoreTab(world, sheetId, 'usage');
  const rows = expectedUsage(world, sheetId);
  const sheet = findSheet(getFile(world, sheetId), TABS.usage.name)!;
  sheet.rows = sheet.rows.slice(0, 1);
  if (rows.length > 0)
    writeRange(
      world,
      sheetId,
      `'${TABS.usage.name}'!A2`,
      rows.map((r) => usageRowValues(r) as InputValue[]),
    );
}

export { PROPERTY_KEYS };
