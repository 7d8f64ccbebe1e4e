// Apps Script entry points of the gateway web app. Kept tiny: each export becomes a top-level global
// of build/gateway/Code.js (src/local/tools/build.mjs); the work happens in router.ts.
import { runMorning } from './daily';
import { healthReport } from './health';
import { runOverviewJob } from './ops/overview';
import { ensureDailyJob } from './trigger';
import { handle, respond, type WebAppEvent } from './router';

/** The add-on's calls: a JSON body (src/core/api.ts), a JSON answer. */
export function doPost(e: WebAppEvent): GoogleAppsScript.Content.TextOutput {
  return respond(handle(e));
}

/**
 * A GET (the add-on's "Check connection", or an admin opening the /exec URL in a browser): the
 * deployment check, yes/no per setting and no data (health.ts). It never throws: a failure is JSON too.
 */
export function doGet(e?: WebAppEvent): GoogleAppsScript.Content.TextOutput {
  try {
    return respond({ ok: true, data: healthReport(e) });
  } catch {
    return respond({ ok: false, error: { code: 'INTERNAL', message: 'The check failed.', retryable: true } });
  }
}

/**
 * The daily job (daily.ts: expiry, reminders, then the admin card's overview): run by its time-driven
 * trigger as the service owner, with Google's time-driven event object (unused: it reads the clock).
 */
export function dailyJob(_e?: unknown): void {
  runMorning();
}

/**
 * Installs the daily job's trigger if it is missing (run it once from the Apps Script editor as the
 * service owner; `npm run admin -- daily-job` and the admin op do the same). Logs and returns the status.
 */
export function installDailyJob(): string {
  const status = ensureDailyJob();
  const text = JSON.stringify(status);
  console.log(text);
  return text;
}

/**
 * The overview job: rebuilds the admin card's Overview tab from the whole Engagements tab and Index
 * (ops/overview.ts). The daily job runs it each morning; an admin may add a trigger of its own.
 */
export function refreshOverview(): void {
  runOverviewJob();
}
