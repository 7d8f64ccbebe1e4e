/**
 * The deployment check: what the gateway's GET (doGet) reports, and what the add-on's "Check
 * connection" concludes from it, in words a deployer can act on. The report says yes/no only: which
 * script properties are set, whether the usage Sheet opens, which tabs exist, and the build version;
 * never an id, a name or a row. Given the caller's token audience and domain (both in every identity
 * token anyway), it also says whether they match the gateway's settings: yes or no.
 */

/** Set by the build (src/local/tools/build.mjs, esbuild `define`): package version and commit. */
declare const CCM_BUILD_VERSION: string | undefined;
export const BUILD_VERSION: string = typeof CCM_BUILD_VERSION === 'string' ? CCM_BUILD_VERSION : 'dev';

export const HEALTH_SERVICE = 'ccm-gateway';

/** The gateway's script properties the check reports on (src/gateway/schema.ts PROPERTY_KEYS). */
export const REQUIRED_PROPERTIES = ['SHEET_ID', 'ADDON_CLIENT_ID', 'ALLOWED_DOMAIN'] as const;
export type RequiredProperty = (typeof REQUIRED_PROPERTIES)[number];

/** Tabs people fill in; the gateway creates the others (Ledger, Usage, Audit, Index) when first needed. */
export const ADMIN_TABS = ['Settings', 'Engagements'] as const;

export interface HealthReport {
  service: typeof HEALTH_SERVICE;
  version: string;
  configured: Record<RequiredProperty, boolean>;
  /** null when SHEET_ID is not set. */
  sheetReachable: boolean | null;
  /** Tab name -> present (empty when the Sheet was not opened). */
  tabs: Record<string, boolean>;
  /** Only when the caller passed `aud` / `hd` and the property is set. */
  audienceMatches?: boolean;
  domainMatches?: boolean;
  /** Whether the daily job's trigger (reminders, expiry) is installed; null when it could not be checked. */
  dailyJob?: boolean | null;
}

/** What can be wrong, from the add-on's side of the wire to the Sheet. */
export type HealthProblemCode =
  | 'NO_GATEWAY_URL'
  | 'GATEWAY_UNREACHABLE'
  | 'GATEWAY_ERROR_PAGE'
  | 'GATEWAY_OUTDATED'
  | 'PROPERTY_MISSING'
  | 'AUDIENCE_MISMATCH'
  | 'DOMAIN_MISMATCH'
  | 'SHEET_UNREACHABLE'
  | 'TABS_MISSING'
  | 'DAILY_JOB_MISSING';

export interface HealthProblem {
  code: HealthProblemCode;
  /** The property, the tabs, or the HTTP status the sentence names. */
  detail?: string;
}

/** The message catalogue of the check: one sentence per problem, saying what to do. */
export const HEALTH_MESSAGES: Record<HealthProblemCode, (detail: string) => string> = {
  NO_GATEWAY_URL: () =>
    "This add-on has no gateway address: in the add-on's Apps Script project, set the script property " +
    "GATEWAY_URL to the gateway web app's /exec URL (printed by `npm run deploy`).",
  GATEWAY_UNREACHABLE: () =>
    'The gateway did not answer (network error or time-out). Check GATEWAY_URL, then try again in a minute.',
  GATEWAY_ERROR_PAGE: (status) =>
    `The gateway address answered with a Google page (HTTP ${status}), not the gateway: check that GATEWAY_URL ` +
    'is the /exec URL of the current web app deployment, that it runs "Execute as: Me" with access "Anyone", ' +
    'and that its owner has authorised it (run doGet once in the gateway editor).',
  GATEWAY_OUTDATED: () =>
    'The gateway answered, but it is an older version without this check: deploy the current one (`npm run deploy`).',
  PROPERTY_MISSING: (name) => `The gateway's script property ${name} is not set (gateway project → Project Settings).`,
  AUDIENCE_MISMATCH: () =>
    "The gateway's ADDON_CLIENT_ID is not this add-on's OAuth client id, so it refuses every request: " +
    'set it to the client id shown below.',
  DOMAIN_MISMATCH: () =>
    "The gateway's ALLOWED_DOMAIN is not your Google Workspace domain, so it refuses people of your company.",
  SHEET_UNREACHABLE: () =>
    'The gateway cannot open the usage Sheet: check its SHEET_ID, and that the Sheet belongs to (or is shared ' +
    'with edit access to) the account the gateway runs as.',
  TABS_MISSING: (tabs) =>
    `The usage Sheet has no ${tabs} tab: create the Sheet with \`npm run admin -- setup\`, or restore the tab.`,
  DAILY_JOB_MISSING: () =>
    "The gateway's daily job (reminders, releasing unconfirmed bookings) is not installed: in the gateway's " +
    'Apps Script editor, signed in as its owner, run installDailyJob once.',
};

export const HEALTH_OK = 'Connected: the gateway is set up and reaches the usage Sheet with its tabs.';

export function healthMessage(p: HealthProblem): string {
  return HEALTH_MESSAGES[p.code](p.detail ?? '');
}

/** Reads a doGet answer: the report, or undefined when it is not one (an older gateway, garbage). */
export function parseHealthReport(text: string): HealthReport | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data = (parsed as { ok?: unknown; data?: unknown } | null)?.data as Partial<HealthReport> | undefined;
  if ((parsed as { ok?: unknown })?.ok !== true || data?.service !== HEALTH_SERVICE) return undefined;
  if (typeof data.configured !== 'object' || data.configured === null) return undefined;
  return data as HealthReport;
}

/** Every problem a report shows, in the order to fix them. */
export function healthProblems(report: HealthReport): HealthProblem[] {
  const problems: HealthProblem[] = [];
  for (const name of REQUIRED_PROPERTIES) {
    if (report.configured[name] !== true) problems.push({ code: 'PROPERTY_MISSING', detail: name });
  }
  if (report.audienceMatches === false) problems.push({ code: 'AUDIENCE_MISMATCH' });
  if (report.domainMatches === false) problems.push({ code: 'DOMAIN_MISMATCH' });
  if (report.sheetReachable === false) problems.push({ code: 'SHEET_UNREACHABLE' });
  if (report.sheetReachable === true) {
    const missing = ADMIN_TABS.filter((t) => report.tabs[t] !== true);
    if (missing.length) problems.push({ code: 'TABS_MISSING', detail: missing.join(' and ') });
  }
  if (report.dailyJob === false) problems.push({ code: 'DAILY_JOB_MISSING' });
  return problems;
}
