/**
 * The gateway's answer to a GET (doGet): the deployment check of src/core/health.ts. Anyone can open
 * the /exec URL, so it says yes or no and nothing else: no id, no name, no row of the Sheet. It opens
 * the Sheet and lists its tabs (no cell is read), and takes no lock; a healthy answer is kept for
 * HEALTHY_SECONDS, so repeated GETs cost a cache read, not a Sheet open.
 */
import {
  BUILD_VERSION,
  HEALTH_SERVICE,
  ADMIN_TABS,
  REQUIRED_PROPERTIES,
  type HealthReport,
  type RequiredProperty,
} from '../core/health';
import { errorText } from './log';
import { PROPERTY_KEYS, TAB_ORDER, TABS } from './schema';
import { dailyJobStatus } from './trigger';

/** How long a healthy Sheet is taken as still so (a tab deleted since shows after this). */
export const HEALTHY_SECONDS = 60;

export interface HealthQuery {
  parameter?: Record<string, string>;
}

export function healthReport(e: HealthQuery | undefined): HealthReport {
  const props = PropertiesService.getScriptProperties().getProperties();
  const get = (key: string) => (props[key] ?? '').trim();
  const configured = {} as Record<RequiredProperty, boolean>;
  for (const key of REQUIRED_PROPERTIES) configured[key] = get(key) !== '';

  // A healthy Sheet seen within HEALTHY_SECONDS is not opened again (anyone may GET).
  const healthyKey = `ccm.health.${get(PROPERTY_KEYS.sheetId)}`.slice(0, 250);
  const healthyTabs = configured.SHEET_ID ? keptTabs(healthyKey) : null;
  let sheetReachable: boolean | null = healthyTabs ? true : null;
  const tabs: Record<string, boolean> = healthyTabs ?? {};
  let dailyJob: boolean | null = null;
  if (configured.SHEET_ID && !healthyTabs) {
    try {
      const names = new Set(
        SpreadsheetApp.openById(get(PROPERTY_KEYS.sheetId))
          .getSheets()
          .map((s) => s.getName()),
      );
      sheetReachable = true;
      for (const key of TAB_ORDER) tabs[TABS[key].name] = names.has(TABS[key].name);
    } catch (err) {
      sheetReachable = false;
      console.error(JSON.stringify({ event: 'health-sheet-unreachable', error: errorText(err) }));
    }
  }
  try {
    dailyJob = dailyJobStatus().installed;
  } catch (err) {
    console.error(JSON.stringify({ event: 'health-trigger-check-failed', error: errorText(err) }));
  }
  const report: HealthReport = {
    service: HEALTH_SERVICE,
    version: BUILD_VERSION,
    configured,
    sheetReachable,
    tabs,
    dailyJob,
  };
  // Only good news is kept: an admin fixing a problem sees the fix at the next check.
  if (!healthyTabs && sheetReachable && ADMIN_TABS.every((t) => tabs[t])) {
    try {
      CacheService.getScriptCache().put(healthyKey, JSON.stringify(tabs), HEALTHY_SECONDS);
    } catch {
      // not kept: the next GET looks again
    }
  }
  // The same comparisons as the token check (auth.ts): exact audience, domain in lower case.
  const aud = e?.parameter?.aud;
  if (aud && configured.ADDON_CLIENT_ID) report.audienceMatches = aud === get(PROPERTY_KEYS.addonClientId);
  const hd = e?.parameter?.hd;
  if (hd && configured.ALLOWED_DOMAIN) {
    report.domainMatches = hd.toLowerCase() === get(PROPERTY_KEYS.allowedDomain).toLowerCase();
  }
  return report;
}

function keptTabs(key: string): Record<string, boolean> | null {
  try {
    const raw = CacheService.getScriptCache().get(key);
    return raw ? (JSON.parse(raw) as Record<string, boolean>) : null;
  } catch {
    return null; // no cache this time: the Sheet is opened
  }
}
