/**
 * Google ID tokens checked in plain JavaScript: an RS256 JWS (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7515
 * and RFC 8017 section 8.2.2) against Google's published public keys (a JWK set), then the claims.
 * Apps Script has no RSA verify, so the public-key operation is BigInt modular exponentiation and
 * the check is the byte compare of the PKCS#1 v1.5 encoding RFC 8017 asks for. SHA-256 is passed in
 * (Utilities.computeDigest in the gateway, node:crypto in tests): this module has no globals.
 * BigInt is ES2020 and part of the V8 engine Apps Script's V8 runtime is built on
 * (developers.google.com/apps-script/guides/v8-runtime: "modern ECMAScript syntax"); Google's page does
 * not list BigInt by name. Its literals (`0n`) have been seen refused by Apps Script's parser, so this
 * file calls BigInt() instead (test/build/bundles.test.ts keeps it so). Were BigInt missing, the check
 * would throw and every request fail (closed, never open), which the first panel after a deployment
 * would show at once.
 *
 * What Google says a server must check (developers.google.com/identity/sign-in/web/backend-auth,
 * "Verify the integrity of the ID token"): the signature with Google's keys, `aud` is our client id,
 * `iss` is accounts.google.com or https://accounts.google.com, `exp` has not passed; `hd` for a
 * Workspace domain. Also refused here: a token issued in the future (`iat`), an unverified email.
 */

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
/** Clock skew tolerated for `iat` in the future (Google's clocks and Apps Script's are not ours). */
const IAT_SKEW_SECONDS = 300;

export interface Jwk {
  kty?: string;
  kid?: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
}

export interface JwkSet {
  keys: Jwk[];
}

/** The claims the gateway uses, read from a verified token. */
export interface IdClaims {
  iss: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  emailVerified: boolean;
  hd: string;
}

export type JwtRefusal =
  | 'malformed'
  | 'algorithm'
  | 'unknown-kid'
  | 'bad-signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'issued-in-future'
  | 'email-not-verified'
  | 'no-email';

export type JwtResult = { ok: true; claims: IdClaims } | { ok: false; reason: JwtRefusal };

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` as received: what the signature covers. */
  signingInput: string;
  signature: number[];
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_INDEX: Record<string, number> = {};
for (let i = 0; i < B64URL.length; i++) B64URL_INDEX[B64URL[i]!] = i;

/** Strict unpadded base64url to bytes; null for anything else. */
function base64UrlBytes(segment: string): number[] | null {
  if (segment.length % 4 === 1) return null;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of segment) {
    const v = B64URL_INDEX[ch];
    if (v === undefined) return null;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/** UTF-8 bytes to text; null when the bytes are not UTF-8. */
function utf8(bytes: number[]): string | null {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (n < 0) return null;
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

function jsonObject(bytes: number[] | null): Record<string, unknown> | null {
  const text = bytes && utf8(bytes);
  if (text === null || text === undefined) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Splits a compact JWS; null unless it is three base64url segments whose first two are JSON objects. */
export function decodeJws(token: string): DecodedJws | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(base64UrlBytes(h));
  const payload = jsonObject(base64UrlBytes(p));
  const signature = base64UrlBytes(s);
  if (!header || !payload || !signature) return null;
  return { header, payload, signingInput: `${h}.${p}`, signature };
}

function bigFromBytes(bytes: number[]): bigint {
  let hex = '';
  for (const b of bytes) hex += (b & 0xff).toString(16).padStart(2, '0');
  return BigInt(`0x${hex || '0'}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = BigInt(1);
  let b = base % modulus;
  let e = exponent;
  const zero = BigInt(0);
  const one = BigInt(1);
  while (e > zero) {
    if ((e & one) === one) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= one;
  }
  return result;
}

/** DER prefix of DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1). */
const SHA256_DIGEST_INFO = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const SHA256_PREFIX = [...SHA256_DIGEST_INFO, 0x05, 0x00, 0x04, 0x20];

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 8.2.2): s^e mod n, as k bytes, must equal
 * 0x00 0x01 FF..FF 0x00 DigestInfo(SHA-256, digest). `n` and `e` as in a JWK (base64url).
 */
export function rsaPkcs1Sha256Verify(jwk: Jwk, signature: number[], digest: number[]): boolean {
  const nBytes = jwk.n ? base64UrlBytes(jwk.n) : null;
  const eBytes = jwk.e ? base64UrlBytes(jwk.e) : null;
  if (!nBytes || !eBytes || digest.length !== 32) return false;
  const modulus = bigFromBytes(nBytes);
  const k = nBytes.length - nBytes.findIndex((b) => b !== 0);
  // Google's keys are 2048-bit; anything under 1024 bits is not a key to trust.
  if (k < 128 || signature.length !== k) return false;
  const s = bigFromBytes(signature);
  if (s >= modulus) return false;
  const m = modPow(s, bigFromBytes(eBytes), modulus)
    .toString(16)
    .padStart(k * 2, '0');
  const t = [...SHA256_PREFIX, ...digest.map((b) => b & 0xff)];
  const expected = [0x00, 0x01, ...new Array<number>(k - t.length - 3).fill(0xff), 0x00, ...t];
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= parseInt(m.slice(i * 2, i * 2 + 2), 16) ^ expected[i]!;
  return diff === 0;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** The claims as the gateway reads them (email_verified is a JSON boolean in Google's tokens). */
export function idClaims(payload: Record<string, unknown>): IdClaims {
  return {
    iss: str(payload.iss),
    aud: str(payload.aud),
    exp: num(payload.exp),
    iat: num(payload.iat),
    email: str(payload.email),
    emailVerified: payload.email_verified === true || payload.email_verified === 'true',
    hd: str(payload.hd),
  };
}

/**
 * Checks what a token says about itself against this deployment (issuer, audience, expiry, issue
 * time, verified email). Used on the unverified payload too, only ever to REFUSE before any work.
 */
export function claimsRefusal(c: IdClaims, audience: string, nowMs: number): JwtRefusal | null {
  if (!GOOGLE_ISSUERS.includes(c.iss)) return 'issuer';
  if (c.aud === '' || c.aud !== audience) return 'audience';
  if (!(c.exp * 1000 > nowMs)) return 'expired';
  if (Number.isFinite(c.iat) && c.iat * 1000 > nowMs + IAT_SKEW_SECONDS * 1000) return 'issued-in-future';
  if (!c.emailVerified) return 'email-not-verified';
  if (!c.email.includes('@')) return 'no-email';
  return null;
}

/** The key a token names, or null. */
export function keyFor(jws: DecodedJws, jwks: JwkSet): Jwk | null {
  const kid = str(jws.header.kid);
  return jwks.keys.find((k) => k.kid === kid && (k.kty ?? 'RSA') === 'RSA') ?? null;
}

/**
 * Verifies a decoded token with one key set: RS256 only (an `alg` of `none` or HS256 is refused, never
 * "verified" with the public key as a secret), the signature, then the claims.
 */
export function verifyJws(
  jws: DecodedJws,
  jwks: JwkSet,
  opts: { audience: string; nowMs: number; sha256: (text: string) => number[] },
): JwtResult {
  if (jws.header.alg !== 'RS256') return { ok: false, reason: 'algorithm' };
  const key = keyFor(jws, jwks);
  if (!key) return { ok: false, reason: 'unknown-kid' };
  if (!rsaPkcs1Sha256Verify(key, jws.signature, opts.sha256(jws.signingInput)))
    return { ok: false, reason: 'bad-signature' };
  const claims = idClaims(jws.payload);
  const refusal = claimsRefusal(claims, opts.audience, opts.nowMs);
  return refusal ? { ok: false, reason: refusal } : { ok: true, claims };
}

/** `max-age` of a Cache-Control header in seconds, or 0 when absent or `no-store`/`no-cache`. */
export function maxAgeSeconds(cacheControl: string): number {
  if (/(^|,)\s*no-(store|cache)\b/i.test(cacheControl)) return 0;
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  return m ? Number(m[1]) : 0;
}

/** A JWK set as Google publishes it; null when the body is not one. */
export function parseJwkSet(text: string): JwkSet | null {
  try {
    const v = JSON.parse(text) as { keys?: unknown };
    if (!v || !Array.isArray(v.keys)) return null;
    const keys = v.keys.filter(
      (k): k is Jwk => typeof k === 'object' && k !== null && typeof (k as Jwk).n === 'string',
    );
    return keys.length > 0 ? { keys } : null;
  } catch {
    return null;
  }
}
