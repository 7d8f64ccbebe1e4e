// Identity: the local stand-in for Google's OpenID Connect provider. It signs the ID tokens that
// ScriptApp.getIdentityToken() returns (RS256, with a key pair created once per World and persisted
// with it, so a saved workbench keeps verifying its old tokens), the opaque-looking OAuth access
// tokens of ScriptApp.getOAuthToken(), and answers Google's tokeninfo and certs endpoints (routed
// here by the UrlFetch backend).
import { createHash } from 'node:crypto';
import type { World } from '../world';
import type { HandlerMap } from '../service';
import {
  base64UrlDecode,
  base64UrlEncode,
  decodeJwt,
  generateRsaKeyPair,
  publicJwk,
  rsaSha256Sign,
  rsaSha256Verify,
  signRs256,
  verifyRs256,
  type JwtHeader,
  type RsaKeyPair,
} from '../jwt';

export interface SigningKey extends RsaKeyPair {
  createdMs: number;
}

export interface IdentityState {
  /** The runtime's "Google" signing keys by kid (PEM). Created on first use. */
  signingKeys: Record<string, SigningKey>;
  /** The kid that signs new tokens. */
  currentKid?: string;
}

export const initialIdentityState = (): IdentityState => ({ signingKeys: {} });

export const GOOGLE_ISSUER = 'https://accounts.google.com';
export const OPENID_SCOPE = 'openid';
const EMAIL_SCOPES = ['https://www.googleapis.com/auth/userinfo.email', 'email'];
/** ID and access tokens from Apps Script live one hour. */
export const TOKEN_LIFETIME_S = 3600;

/** The claims of a Google ID token (numbers and booleans as Google puts them in the JWT). */
export interface IdTokenClaims {
  iss: string;
  azp: string;
  aud: string;
  sub: string;
  hd?: string;
  email?: string;
  email_verified?: boolean;
  iat: number;
  exp: number;
  [key: string]: unknown;
}

export type VerifiedIdToken = { ok: true; header: JwtHeader; claims: IdTokenClaims } | { ok: false; reason: string };

/** The key that signs new tokens, created (and stored in the World) the first time it is needed. */
export function googleSigningKey(world: World): SigningKey {
  const state = identityState(world);
  const current = state.currentKid ? state.signingKeys[state.currentKid] : undefined;
  if (current) return current;
  const key: SigningKey = { ...generateRsaKeyPair(), createdMs: world.now() };
  state.signingKeys[key.kid] = key;
  state.currentKid = key.kid;
  return key;
}

/** Google's `sub`: a stable, numeric-looking account id (21 digits), here derived from the email. */
export function googleSubject(email: string): string {
  const digest = createHash('sha256').update(`sub:${email.trim().toLowerCase()}`).digest();
  let digits = '1';
  for (let i = 0; digits.length < 21; i++) digits += String(digest[i % digest.length]! % 10);
  return digits;
}

/** The claims Apps Script puts in an identity token for `email` and the project's OAuth client. */
export function idTokenClaimsFor(
  world: World,
  opts: { email: string; clientId: string; nowMs?: number; includeEmail?: boolean },
): IdTokenClaims {
  const user = world.userOrGuest(opts.email);
  const iat = Math.floor((opts.nowMs ?? world.now()) / 1000);
  const claims: IdTokenClaims = {
    iss: GOOGLE_ISSUER,
    azp: opts.clientId,
    aud: opts.clientId,
    sub: googleSubject(user.email),
    iat,
    exp: iat + TOKEN_LIFETIME_S,
  };
  if (user.domain) claims.hd = user.domain;
  if (opts.includeEmail ?? true) {
    claims.email = user.email;
    claims.email_verified = true;
  }
  return orderClaims(claims);
}

/** A key that is NOT the World's: tokens signed with it must fail verification. */
let strangerKey: RsaKeyPair | undefined;

/**
 * Mints an ID token for security tests. Starts from what Apps Script would issue for
 * `overrides.email` (default audience `overrides.aud`), then applies the overrides; an override of
 * `null` removes the claim. Options: sign with a key the World does not know, or change the header.
 */
export function mintIdToken(
  world: World,
  overrides: Record<string, unknown> & { email?: string | null; aud?: string },
  opts: { signWithWrongKey?: boolean; nowMs?: number; header?: Partial<JwtHeader> } = {},
): string {
  const email = typeof overrides.email === 'string' ? overrides.email : 'someone@example.com';
  const clientId = overrides.aud ?? 'local-client.apps.googleusercontent.com';
  const claims: Record<string, unknown> = idTokenClaimsFor(world, { email, clientId, nowMs: opts.nowMs });
  if (overrides.aud !== undefined && overrides.azp === undefined) claims.azp = overrides.aud;
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete claims[k];
    else if (v !== undefined) claims[k] = v;
  }
  const key = opts.signWithWrongKey ? (strangerKey ??= generateRsaKeyPair()) : googleSigningKey(world);
  // The stranger's tokens claim the World's kid, as a forger would.
  const kid = googleSigningKey(world).kid;
  return signRs256({ alg: 'RS256', kid, typ: 'JWT', ...opts.header }, claims, key.privateKeyPem);
}

/** Verifies an ID token as Google's tokeninfo endpoint does: signature, issuer, expiry (World clock). */
export function verifyIdToken(world: World, token: string, nowMs: number = world.now()): VerifiedIdToken {
  const jwt = decodeJwt(token);
  if (!jwt) return { ok: false, reason: 'malformed' };
  const key = jwt.header.kid ? identityState(world).signingKeys[jwt.header.kid] : undefined;
  if (!key) return { ok: false, reason: 'unknown key id' };
  if (!verifyRs256(jwt, key.publicKeyPem)) return { ok: false, reason: 'bad signature' };
  const c = jwt.payload;
  if (c.iss !== GOOGLE_ISSUER && c.iss !== 'accounts.google.com') return { ok: false, reason: 'wrong issuer' };
  if (typeof c.exp !== 'number' || c.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, header: jwt.header, claims: c as IdTokenClaims };
}

// ---- OAuth access tokens (ScriptApp.getOAuthToken) ----

export interface AccessTokenInfo {
  email: string;
  clientId: string;
  scopes: string[];
  expSeconds: number;
}

/**
 * Real access tokens are opaque `ya29.` strings; these carry their grant, signed with the World's
 * key, so the runtime can check them statelessly (web-app sign-in, tokeninfo?access_token=).
 */
export function mintAccessToken(
  world: World,
  info: { email: string; clientId: string; scopes: string[]; nowMs: number },
): string {
  const body = base64UrlEncode(
    JSON.stringify({
      e: info.email,
      c: info.clientId,
      s: info.scopes,
      x: Math.floor(info.nowMs / 1000) + TOKEN_LIFETIME_S,
    }),
  );
  const sig = rsaSha256Sign(body, googleSigningKey(world).privateKeyPem);
  return `ya29.${body}.${base64UrlEncode(sig)}`;
}

/** The token of a request's `Authorization: Bearer <token>` header (the header's name in any case), if any. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return (auth && /^Bearer\s+(\S+)$/i.exec(auth)?.[1]) || undefined;
}

export function verifyAccessToken(world: World, token: string, nowMs: number): AccessTokenInfo | undefined {
  const m = /^ya29\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return undefined;
  const [, body, sig] = m as unknown as [string, string, string];
  const sigBytes = base64UrlDecode(sig);
  const bodyBytes = base64UrlDecode(body);
  if (!sigBytes || !bodyBytes) return undefined;
  const keys = Object.values(identityState(world).signingKeys);
  if (!keys.some((k) => rsaSha256Verify(body, k.publicKeyPem, sigBytes))) return undefined;
  try {
    const p = JSON.parse(bodyBytes.toString('utf8')) as { e: string; c: string; s: string[]; x: number };
    if (p.x * 1000 <= nowMs) return undefined;
    return { email: p.e, clientId: p.c, scopes: p.s, expSeconds: p.x };
  } catch {
    return undefined;
  }
}

// ---- Google endpoints (answered through UrlFetchApp) ----

export interface EndpointResponse {
  status: number;
  json: unknown;
  /** Extra response headers (the certs endpoint's caching headers). */
  headers?: [string, string][];
}

const INVALID_TOKEN: EndpointResponse = {
  status: 400,
  json: { error: 'invalid_token', error_description: 'Invalid Value' },
};

/**
 * `https://oauth2.googleapis.com/tokeninfo`: for a valid ID token, 200 with every claim as a string
 * (Google's shape, plus alg/kid/typ from the header); for anything else 400 invalid_token.
 */
export function tokenInfo(
  world: World,
  params: { id_token?: string; access_token?: string },
  nowMs: number,
): EndpointResponse {
  if (params.id_token !== undefined) {
    const v = verifyIdToken(world, params.id_token, nowMs);
    if (!v.ok) return INVALID_TOKEN;
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v.claims)) out[k] = typeof val === 'string' ? val : JSON.stringify(val);
    out.alg = v.header.alg;
    if (v.header.kid) out.kid = v.header.kid;
    out.typ = v.header.typ ?? 'JWT';
    return { status: 200, json: out };
  }
  if (params.access_token !== undefined) {
    const a = verifyAccessToken(world, params.access_token, nowMs);
    if (!a) return INVALID_TOKEN;
    const out: Record<string, string> = {
      azp: a.clientId,
      aud: a.clientId,
      sub: googleSubject(a.email),
      scope: a.scopes.join(' '),
      exp: String(a.expSeconds),
      expires_in: String(a.expSeconds - Math.floor(nowMs / 1000)),
    };
    if (a.scopes.some((s) => EMAIL_SCOPES.includes(s))) {
      out.email = a.email;
      out.email_verified = 'true';
    }
    out.access_type = 'online';
    return { status: 200, json: out };
  }
  return {
    status: 400,
    json: { error: 'invalid_request', error_description: 'Either access_token, id_token, or token_handle required' },
  };
}

/**
 * How long Google says its keys may be cached (the certs response's Cache-Control max-age). Google's
 * value varies by response, a few hours (an example response: "public, max-age=24442, must-revalidate,
 * no-transform"); the stand-in sends this fixed figure, longer than CacheService's 6 h on purpose, so
 * a caller's cap on it is exercised.
 */
export const CERTS_MAX_AGE_S = 24_442;

/**
 * `https://www.googleapis.com/oauth2/v3/certs`: the public keys, as a JWK set, with the caching headers
 * Google sends (Cache-Control with max-age, Expires). Google: "These keys are regularly rotated;
 * examine the Cache-Control header in the response to determine when you should retrieve them again"
 * (developers.google.com/identity/sign-in/web/backend-auth).
 */
export function googleCerts(world: World, nowMs: number = world.now()): EndpointResponse {
  googleSigningKey(world);
  return {
    status: 200,
    json: { keys: Object.values(identityState(world).signingKeys).map(publicJwk) },
    headers: [
      ['Cache-Control', `public, max-age=${CERTS_MAX_AGE_S}, must-revalidate, no-transform`],
      ['Expires', new Date(nowMs + CERTS_MAX_AGE_S * 1000).toUTCString()],
    ],
  };
}

/**
 * Google rotates its signing keys: a new key signs new tokens from now on; the old one stays published
 * (tokens it signed still verify). Returns the new kid.
 */
export function rotateGoogleSigningKey(world: World): string {
  const state = identityState(world);
  const key: SigningKey = { ...generateRsaKeyPair(), createdMs: world.now() };
  state.signingKeys[key.kid] = key;
  state.currentKid = key.kid;
  return key.kid;
}

// ---- Script-facing handlers ----

export const identityHandlers: HandlerMap = {
  /** An ID token for the effective user; null unless the manifest grants `openid` (String|null in Google's reference). */
  'ScriptApp.getIdentityToken': (ctx) => {
    const scopes = ctx.exec.project.manifest.oauthScopes;
    // openid is never inferred from code: it must be listed explicitly.
    if (!scopes || !scopes.includes(OPENID_SCOPE)) return null;
    const includeEmail = scopes.some((s) => EMAIL_SCOPES.includes(s));
    const claims = idTokenClaimsFor(ctx.world, {
      email: ctx.exec.effectiveUser.email,
      clientId: ctx.exec.project.oauthClientId,
      nowMs: ctx.nowMs(),
      includeEmail,
    });
    const key = googleSigningKey(ctx.world);
    return signRs256({ alg: 'RS256', kid: key.kid, typ: 'JWT' }, claims, key.privateKeyPem);
  },
  'ScriptApp.getOAuthToken': (ctx) =>
    mintAccessToken(ctx.world, {
      email: ctx.exec.effectiveUser.email,
      clientId: ctx.exec.project.oauthClientId,
      scopes: ctx.exec.project.manifest.oauthScopes ?? [],
      nowMs: ctx.nowMs(),
    }),
  /** The project's web-app deployment, as ScriptApp.getService() sees it. */
  'ScriptApp.getService': (ctx) => ({ url: ctx.exec.project.webAppUrl ?? null }),
};

function identityState(world: World): IdentityState {
  // Worlds saved before this slice existed: fill it in rather than failing.
  const s = (world.state.identity ??= initialIdentityState());
  s.signingKeys ??= {};
  return s;
}

/** Google's tokeninfo lists claims in this order; keep tokens readable in the same order. */
function orderClaims(c: IdTokenClaims): IdTokenClaims {
  const order = ['iss', 'azp', 'aud', 'sub', 'hd', 'email', 'email_verified', 'iat', 'exp'];
  const out: Record<string, unknown> = {};
  for (const k of order) if (c[k] !== undefined) out[k] = c[k];
  for (const [k, v] of Object.entries(c)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as IdTokenClaims;
}
