/**
 * The daily job's trigger: installed when missing (never a second one), and checked by the health
 * report. A trigger belongs to the user who creates it and runs as them, so it is installed by the
 * service owner: from the Apps Script editor (run `installDailyJob`), or by the gateway itself (the
 * web app runs as its owner) when a program admin asks through the `dailyJob` op.
 * Scope: script.scriptapp (src/gateway/appsscript.json).
 */
import type { DailyJobStatus } from '../core/api';

/** The handler's name: a top-level function of the bundle (main.ts). */
export const DAILY_JOB_HANDLER = 'dailyJob';
/** The hour it runs, in the script's time zone: early, before people plan their day. */
export const DAILY_JOB_HOUR = 6;

function dailyTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === DAILY_JOB_HANDLER);
}

/** Whether the daily job is installed for the account the gateway runs as. */
export function dailyJobStatus(): DailyJobStatus {
  return { installed: dailyTriggers().length > 0, created: false, hour: DAILY_JOB_HOUR };
}

/** Installs the daily trigger unless it is there already; says which. */
export function ensureDailyJob(): DailyJobStatus {
  if (dailyTriggers().length > 0) return dailyJobStatus();
  ScriptApp.newTrigger(DAILY_JOB_HANDLER).timeBased().everyDays(1).atHour(DAILY_JOB_HOUR).create();
  console.log(JSON.stringify({ event: 'daily-job-installed', hour: DAILY_JOB_HOUR }));
  return { installed: true, created: true, hour: DAILY_JOB_HOUR };
}
