/**
 * Who is calling: the add-on sends the user's OpenID Connect identity token
 * (ScriptApp.getIdentityToken) in the request body; the gateway verifies it itself (jwt.ts): the RS256
 * signature against Google's published keys, then issuer, audience (the add-on's OAuth client id),
 * expiry, issue time, verified email and hosted domain. Nothing else in the body says who the caller is.
 *
 * Google's keys (https://www.googleapis.com/oauth2/v3/certs, a JWK set) are fetched once and kept in the
 * script cache for as long as the response's Cache-Control max-age says (Google: "examine the
 * Cache-Control header in the response to determine when you should retrieve them again",
 * developers.google.com/identity/sign-in/web/backend-auth), capped at CacheService's 6 hours. So a
 * request costs one cache read and some JavaScript, no UrlFetch, whatever token the add-on minted for
 * this execution. A token naming a key the cached set lacks (Google rotated its keys) makes the gateway
 * fetch the keys again once, at most once a minute, then refuse. The cache is only an optimisation: an
 * evicted entry costs one fetch of the keys.
 *
 * Cheap refusals: the gateway is reachable anonymously, so junk must not cost a call out (the owner's
 * UrlFetch quota and the web app's simultaneous executions). What the token itself says is wrong for
 * this deployment (a payload that does not decode to JSON claims, the wrong issuer or audience, an
 * expired token) is refused before the keys are even read (claims read unverified, only ever to
 * REFUSE); a forged signature costs the JavaScript check, never a call out.
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
import { claimsRefusal, decodeJws, idClaims, keyFor, maxAgeSeconds, parseJwkSet, verifyJws, type JwkSet } from './jwt';

const GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
/** CacheService's longest expiration (6 h). */
const MAX_CACHE_SECONDS = 21_600;
const CERTS_KEY = 'google-certs';
/** An unknown key id refetches the keys at most this often (junk kids must not drive calls out). */
const REFETCH_AFTER_MS = 60_000;

export interface Caller {
  email: string;
  /** The hosted domain claim, lower case; '' for consumer accounts. */
  hd: string;
  /** True when `hd` is the company's domain. */
  inDomain: boolean;
}

/** Google's keys as kept in the script cache, with when they were fetched. */
interface CachedCerts {
  fetchedMs: number;
  jwks: JwkSet;
}

function unauthenticated(reason: string): CcmError {
  // The reason goes to the log (no token, no claims); the caller gets the stable code and message.
  console.warn(JSON.stringify({ event: 'token-refused', reason }));
  return new CcmError('UNAUTHENTICATED');
}

function sha256(text: string): number[] {
  // Utilities digests are signed Java bytes (-128..127).
  return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8).map(
    (b) => (b + 256) % 256,
  );
}

function cachedCerts(cache: GoogleAppsScript.Cache.Cache): CachedCerts | null {
  const text = cache.get(CERTS_KEY);
  if (!text) return null;
  try {
    const c = JSON.parse(text) as CachedCerts;
    return typeof c.fetchedMs === 'number' && Array.isArray(c.jwks?.keys) ? c : null;
  } catch {
    return null;
  }
}

/** Fetches Google's keys and caches them for their max-age. Throws GATEWAY_UNAVAILABLE when it cannot. */
function fetchCerts(cache: GoogleAppsScript.Cache.Cache, nowMs: number): CachedCerts {
  let status: number;
  let text: string;
  let cacheControl: string;
  try {
    const res = UrlFetchApp.fetch(GOOGLE_CERTS_URL, { method: 'get', muteHttpExceptions: true });
    status = res.getResponseCode();
    text = res.getContentText();
    const headers = res.getHeaders() as Record<string, string>;
    const name = Object.keys(headers).find((k) => k.toLowerCase() === 'cache-control');
    cacheControl = name ? String(headers[name]) : '';
  } catch (err) {
    console.error(JSON.stringify({ event: 'certs-unreachable', error: errorText(err) }));
    throw new CcmError('GATEWAY_UNAVAILABLE');
  }
  const jwks = status === 200 ? parseJwkSet(text) : null;
  if (!jwks) {
    console.error(JSON.stringify({ event: 'certs-error', status }));
    throw new CcmError('GATEWAY_UNAVAILABLE');
  }
  const certs: CachedCerts = { fetchedMs: nowMs, jwks };
  const ttl = Math.min(MAX_CACHE_SECONDS, maxAgeSeconds(cacheControl));
  if (ttl >= 1) {
    try {
      cache.put(CERTS_KEY, JSON.stringify(certs), ttl);
    } catch {
      // Not kept: the next request fetches the keys again, nothing more.
    }
  }
  return certs;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies the identity token and returns the caller. Runs OUTSIDE the script lock (fetching the keys
 * may take a second; nobody should wait for it). Throws CcmError UNAUTHENTICATED, or
 * GATEWAY_UNAVAILABLE when Google's keys cannot be had.
 */
export function verifyIdToken(token: string, cfg: GatewayConfig, nowMs: number): Caller {
  if (typeof token !== 'string' || token.length > 8192 || !JWT_SHAPE.test(token)) throw unauthenticated('malformed');
  const jws = decodeJws(token);
  if (!jws) throw unauthenticated('malformed-payload');
  // Refused before any key is read: what the token itself says is wrong for this deployment.
  const early = idClaims(jws.payload);
  const earlyRefusal = claimsRefusal(early, cfg.addonClientId, nowMs);
  if (earlyRefusal === 'issuer' || earlyRefusal === 'audience' || earlyRefusal === 'expired')
    throw unauthenticated(earlyRefusal);

  const cache = CacheService.getScriptCache();
  let certs = cachedCerts(cache) ?? fetchCerts(cache, nowMs);
  // Google rotated its keys since they were cached: fetch them once more (not more than once a minute).
  if (!keyFor(jws, certs.jwks) && nowMs - certs.fetchedMs >= REFETCH_AFTER_MS) certs = fetchCerts(cache, nowMs);
  const result = verifyJws(jws, certs.jwks, { audience: cfg.addonClientId, nowMs, sha256 });
  if (!result.ok) throw unauthenticated(result.reason);
  const email = normalizeEmail(result.claims.email);
  if (email === '' || !email.includes('@')) throw unauthenticated('no-email');
  const hd = result.claims.hd.toLowerCase();
  return { email, hd, inDomain: hd !== '' && hd === cfg.allowedDomain };
}
