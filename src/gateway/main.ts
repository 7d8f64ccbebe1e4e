// Apps Script entry points of the gateway web app. Kept tiny: each export becomes a top-level global
// of build/gateway/Code.js (src/local/tools/build.mjs); the work happens in router.ts.
import { healthReport } from './health';
import { runOverviewJob } from './ops/overview';
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
 * The overview job: a time-driven trigger of this project (every OVERVIEW_JOB_MINUTES) rebuilds the
 * admin card's Overview tab from the whole Engagements tab and Index (ops/overview.ts).
 */
export function refreshOverview(): void {
  runOverviewJob();
}
