/**
 * The gateway's answer to a GET (doGet): the deployment check of src/core/health.ts. Anyone can open
 * the /exec URL, so it says yes or no and nothing else: no id, no name, no row of the Sheet. It opens
 * the Sheet and lists its tabs (no cell is read), and takes no lock.
 */
import {
  BUILD_VERSION,
  HEALTH_SERVICE,
  REQUIRED_PROPERTIES,
  type HealthReport,
  type RequiredProperty,
} from '../core/health';
import { errorText } from './log';
import { PROPERTY_KEYS, TAB_ORDER, TABS } from './schema';
import { dailyJobStatus } from './trigger';

export interface HealthQuery {
  parameter?: Record<string, string>;
}

export function healthReport(e: HealthQuery | undefined): HealthReport {
  const props = PropertiesService.getScriptProperties().getProperties();
  const get = (key: string) => (props[key] ?? '').trim();
  const configured = {} as Record<RequiredProperty, boolean>;
  for (const key of REQUIRED_PROPERTIES) configured[key] = get(key) !== '';

  let sheetReachable: boolean | null = null;
  const tabs: Record<string, boolean> = {};
  if (configured.SHEET_ID) {
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
  let dailyJob: boolean | null = null;
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
  // The same comparisons as the token check (auth.ts): exact audience, domain in lower case.
  const aud = e?.parameter?.aud;
  if (aud && configured.ADDON_CLIENT_ID) report.audienceMatches = aud === get(PROPERTY_KEYS.addonClientId);
  const hd = e?.parameter?.hd;
  if (hd && configured.ALLOWED_DOMAIN) {
    report.domainMatches = hd.toLowerCase() === get(PROPERTY_KEYS.allowedDomain).toLowerCase();
  }
  return report;
}
