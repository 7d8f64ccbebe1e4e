/**
 * The gateway's deployment configuration: script properties set once by whoever deploys it
 * (README "The gateway"). Read with ONE PropertiesService call per request.
 */
import { CcmError } from '../core/errors';
import { PROPERTY_KEYS } from './schema';

export interface GatewayConfig {
  sheetId: string;
  /** The add-on's OAuth client id: the `aud` every identity token must carry. */
  addonClientId: string;
  /** The company's Workspace domain: the `hd` claim callers must carry (lower case). */
  allowedDomain: string;
  /** How long a booking waits for the script lock before answering LOCK_TIMEOUT. */
  lockWaitMs: number;
}

export const DEFAULT_LOCK_WAIT_MS = 10_000;

export function readConfig(): GatewayConfig {
  const props = PropertiesService.getScriptProperties().getProperties();
  const get = (key: string) => (props[key] ?? '').trim();
  const missing = [PROPERTY_KEYS.sheetId, PROPERTY_KEYS.addonClientId, PROPERTY_KEYS.allowedDomain].filter(
    (k) => get(k) === '',
  );
  if (missing.length > 0) {
    // Names of the missing properties go to the log for whoever deploys it; callers get INTERNAL.
    console.error(JSON.stringify({ event: 'config-missing', properties: missing }));
    throw new CcmError('INTERNAL', 'The coaching program service is not set up yet. Tell your coaching program admin.');
  }
  const wait = Number(get(PROPERTY_KEYS.lockWaitMs));
  return {
    sheetId: get(PROPERTY_KEYS.sheetId),
    addonClientId: get(PROPERTY_KEYS.addonClientId),
    allowedDomain: get(PROPERTY_KEYS.allowedDomain).toLowerCase(),
    // Bounded: the caller (an add-on action) dies at 30 s, so never wait close to that.
    lockWaitMs: Number.isFinite(wait) && wait >= 500 ? Math.min(wait, 25_000) : DEFAULT_LOCK_WAIT_MS,
  };
}
