/**
 * "Check connection" (About card): asks the gateway's GET for its deployment check and says in words
 * what is wrong, from the add-on's own GATEWAY_URL to the usage Sheet's tabs (src/core/health.ts).
 * It also shows this add-on's OAuth client id, the `aud` of its identity tokens, which the gateway
 * needs as ADDON_CLIENT_ID: the deployer reads it here.
 */
import { parseHealthReport, healthProblems, type HealthProblem, type HealthReport } from '../core/health';
import { GATEWAY_URL_PROPERTY } from './adapters/gateway';
import { connectionCard } from './views/info';
import { pushCard } from './views/ui';

export interface ConnectionCheck {
  problems: HealthProblem[];
  report?: HealthReport;
  /** This add-on's OAuth client id, or null when no identity token could be read. */
  clientId: string | null;
}

/** `aud` and `hd` of this user's identity token (a JWT; its middle part is base64url JSON). */
function tokenClaims(): { aud: string; hd: string } | null {
  try {
    const part = ScriptApp.getIdentityToken().split('.')[1] ?? '';
    const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
    const claims = JSON.parse(Utilities.newBlob(Utilities.base64DecodeWebSafe(padded)).getDataAsString()) as {
      aud?: unknown;
      hd?: unknown;
    };
    return {
      aud: typeof claims.aud === 'string' ? claims.aud : '',
      hd: typeof claims.hd === 'string' ? claims.hd : '',
    };
  } catch {
    return null;
  }
}

export function runConnectionCheck(): ConnectionCheck {
  const claims = tokenClaims();
  const clientId = claims?.aud || null;
  const url = PropertiesService.getScriptProperties().getProperty(GATEWAY_URL_PROPERTY);
  if (!url || !/^https:\/\//.test(url)) return { problems: [{ code: 'NO_GATEWAY_URL' }], clientId };
  const query = [
    claims?.aud ? `aud=${encodeURIComponent(claims.aud)}` : '',
    claims?.hd ? `hd=${encodeURIComponent(claims.hd)}` : '',
  ].filter(Boolean);
  const target = query.length ? `${url}${url.includes('?') ? '&' : '?'}${query.join('&')}` : url;
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    response = UrlFetchApp.fetch(target, { method: 'get', muteHttpExceptions: true, followRedirects: true });
  } catch {
    return { problems: [{ code: 'GATEWAY_UNREACHABLE' }], clientId };
  }
  const status = response.getResponseCode();
  const text = response.getContentText();
  const report = status === 200 ? parseHealthReport(text) : undefined;
  if (!report) {
    // A JSON envelope without a report is an older gateway; anything else is one of Google's pages.
    const older = status === 200 && /^\s*\{\s*"ok"\s*:/.test(text);
    return {
      problems: [older ? { code: 'GATEWAY_OUTDATED' } : { code: 'GATEWAY_ERROR_PAGE', detail: String(status) }],
      clientId,
    };
  }
  return { problems: healthProblems(report), report, clientId };
}

export function checkConnection(): GoogleAppsScript.Card_Service.ActionResponse {
  return pushCard(connectionCard(runConnectionCheck()));
}
