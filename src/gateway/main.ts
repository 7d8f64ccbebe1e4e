// Apps Script entry points of the gateway web app. Kept tiny: each export becomes a top-level global
// of build/gateway/Code.js (src/local/tools/build.mjs); the work happens in router.ts.
import { handle, respond, type WebAppEvent } from './router';

/** The add-on's calls: a JSON body (src/core/api.ts), a JSON answer. */
export function doPost(e: WebAppEvent): GoogleAppsScript.Content.TextOutput {
  return respond(handle(e));
}

/** A GET (someone opening the /exec URL in a browser) gets the same JSON refusal, not an error page. */
export function doGet(): GoogleAppsScript.Content.TextOutput {
  return respond(handle(undefined));
}
