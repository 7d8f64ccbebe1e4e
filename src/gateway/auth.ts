/**
 * Who is calling: the add-on sends the user's OpenID Connect identity token
 * (ScriptApp.getIdentityToken) in the request body; the gateway has it checked by Google's tokeninfo
 * endpoint and then checks the claims itself: issuer, audience (the add-on's OAuth client id),
 * expiry, verified email and hosted domain. Nothing else in the body says who the caller is.
 *
 * Verified claims are cached (CacheService, keyed by a SHA-256 digest of the token, never the token
 * itself) for the token's remaining life and no longer, so an add-on making several calls within the
 * hour costs one tokeninfo round trip. Every cached hit is checked again (expiry, audience, domain),
 * so changing ALLOWED_DOMAIN or ADDON_CLIENT_ID takes effect at once. The cache is only an
 * optimisation: an evicted entry just means one more tokeninfo call.
 *
 * Cheap refusals: the gateway is reachable anonymously, so junk must not cost a tokeninfo call (the
 * owner's UrlFetch quota and the web app's simultaneous executions). What can be refused locally is
 * refused before calling out: a payload that does not decode to JSON claims, the wrong issuer or
 * audience, an expired token (claims read unverified, only ever to REFUSE; nothing is accepted
 * without tokeninfo). A token tokeninfo refused is remembered by its digest for the token's remaining
 * life (capped at the cache's 6 h), so replaying it costs one cache read and no call out.
 *
 * Domain policy: callers must belong to ALLOWED_DOMAIN (`hd` claim). The one exception is the
 * `viewer` question from an outside coach (coaches often work for another company or use a consumer
 * account): the token is still fully verified, and the router then answers only if the caller is the
 * coach of an engagement in the Engagements tab, and only about that engagement's meetings. Anything
 * else from outside the domain is FORBIDDEN. (The coach's panel also works without the gateway, from
 * the description block on their own copy of the event.)
 */
import { CcmError } from '../core/errors';
import { normalizeEmail } from '../core/email';
import type { GatewayConfig } from './config';
import { errorText } from './log';

export const TOKENINFO_URL = 'https://oauth2.googleapis.com/tokeninfo';
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
/** CacheService's longest expiration (6 h). ID tokens live 1 h, so this never binds in practice. */
const MAX_CACHE_SECONDS = 21_600;
const CACHE_PREFIX = 'idt:';
/** A token tokeninfo refused (same digest as CACHE_PREFIX keys). */
const REFUSED_PREFIX = 'idt-no:';

export interface Caller {
  email: string;
  /** The hosted domain claim, lower case; '' for consumer accounts. */
  hd: string;
  /** True when `hd` is the company's domain. */
  inDomain: boolean;
}

/** The claims the gateway keeps from tokeninfo (all strings there: "email_verified": "true"). */
interface Claims {
  iss: string;
  aud: string;
  exp: number;
  email: string;
  emailVerified: boolean;
  hd: string;
}

function unauthenticated(reason: string): CcmError {
  // The reason goes to the log (no token, no claims); the caller gets the stable code and message.
  console.warn(JSON.stringify({ event: 'token-refused', reason }));
  return new CcmError('UNAUTHENTICATED');
}

function hex(bytes: readonly number[]): string {
  // Utilities digests are signed Java bytes (-128..127).
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

function tokenDigest(token: string): string {
  return hex(Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, token, Utilities.Charset.UTF_8));
}

/**
 * The token's payload claims, UNVERIFIED (used only to refuse early), or null when the middle
 * segment is not base64url JSON. Apps Script's decoder wants the padding JWTs leave out.
 */
function unverifiedClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1] ?? '';
  try {
    const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
    const text = Utilities.newBlob(Utilities.base64DecodeWebSafe(padded)).getDataAsString('UTF-8');
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Checks the claims against this deployment; returns the caller or throws UNAUTHENTICATED. */
function checkClaims(c: Claims, cfg: GatewayConfig, nowMs: number): Caller {
  if (!ISSUERS.includes(c.iss)) throw unauthenticated('issuer');
  if (c.aud !== cfg.addonClientId) throw unauthenticated('audience');
  if (!(c.exp * 1000 > nowMs)) throw unauthenticated('expired');
  if (!c.emailVerified) throw unauthenticated('email-not-verified');
  const email = normalizeEmail(c.email);
  if (email === '' || !email.includes('@')) throw unauthenticated('no-email');
  const hd = c.hd.toLowerCase();
  return { email, hd, inDomain: hd !== '' && hd === cfg.allowedDomain };
}

function claimsFromTokenInfo(body: Record<string, unknown>): Claims {
  const str = (v: unknown) =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return {
    iss: str(body.iss),
    aud: str(body.aud),
    exp: Number(str(body.exp)) || 0,
    email: str(body.email),
    emailVerified: str(body.email_verified) === 'true',
    hd: str(body.hd),
  };
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies the identity token and returns the caller. Runs OUTSIDE the script lock (a UrlFetch call
 * may take a second; nobody should wait for it). Throws CcmError UNAUTHENTICATED, or
 * GATEWAY_UNAVAILABLE when Google's endpoint cannot be reached.
 */
export function verifyIdToken(token: string, cfg: GatewayConfig, nowMs: number): Caller {
  if (typeof token !== 'string' || token.length > 8192 || !JWT_SHAPE.test(token)) throw unauthenticated('malformed');
  // Refused locally, before any call: what the token itself says is wrong for this deployment.
  const claimed = unverifiedClaims(token);
  if (!claimed) throw unauthenticated('malformed-payload');
  const early = claimsFromTokenInfo(claimed);
  if (!ISSUERS.includes(early.iss)) throw unauthenticated('issuer');
  if (early.aud !== cfg.addonClientId) throw unauthenticated('audience');
  if (!(early.exp * 1000 > nowMs)) throw unauthenticated('expired');

  const cache = CacheService.getScriptCache();
  const digest = tokenDigest(token);
  const key = CACHE_PREFIX + digest;
  const refusedKey = REFUSED_PREFIX + digest;
  const cached = cache.getAll([key, refusedKey]);
  if (cached[refusedKey]) throw unauthenticated('refused-before');
  const hit = cached[key];
  if (hit) {
    try {
      return checkClaims(JSON.parse(hit) as Claims, cfg, nowMs);
    } catch (err) {
      if (err instanceof CcmError) throw err;
      // An unreadable cache entry: fall through to tokeninfo.
    }
  }

  let status: number;
  let text: string;
  try {
    const res = UrlFetchApp.fetch(`${TOKENINFO_URL}?id_token=${encodeURIComponent(token)}`, {
      method: 'get',
      muteHttpExceptions: true,
    });
    status = res.getResponseCode();
    text = res.getContentText();
  } catch (err) {
    console.error(JSON.stringify({ event: 'tokeninfo-unreachable', error: errorText(err) }));
    throw new CcmError('GATEWAY_UNAVAILABLE');
  }
  if (status >= 500) {
    console.error(JSON.stringify({ event: 'tokeninfo-error', status }));
    throw new CcmError('GATEWAY_UNAVAILABLE');
  }
  if (status !== 200) {
    // Remembered for the life the token claims (never past the cache's limit): a replay costs no call.
    const ttl = Math.min(MAX_CACHE_SECONDS, Math.floor((early.exp * 1000 - nowMs) / 1000));
    if (ttl >= 1) {
      try {
        cache.put(refusedKey, String(status), ttl);
      } catch {
        // Not remembered: the next replay asks tokeninfo again, nothing more.
      }
    }
    throw unauthenticated(`tokeninfo-${status}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unauthenticated('tokeninfo-garbage');
  }
  if (typeof body !== 'object' || body === null) throw unauthenticated('tokeninfo-garbage');
  const claims = claimsFromTokenInfo(body as Record<string, unknown>);
  const caller = checkClaims(claims, cfg, nowMs);

  // Cache for the token's remaining life, never longer (and never for less than a second).
  const ttl = Math.min(MAX_CACHE_SECONDS, Math.floor((claims.exp * 1000 - nowMs) / 1000));
  if (ttl >= 1) {
    try {
      cache.put(key, JSON.stringify(claims), ttl);
    } catch {
      // A cache failure costs a tokeninfo call next time, nothing more.
    }
  }
  return caller;
}
