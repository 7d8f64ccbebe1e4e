// Minimal JWS (RS256) helpers for the local stand-in of Google's identity tokens. Main-thread only
// (node:crypto): the script never sees these, it sees the token strings and the tokeninfo endpoint.
import { createHash, createPublicKey, createSign, createVerify, generateKeyPairSync } from 'node:crypto';

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [key: string]: unknown;
}

export interface DecodedJwt {
  header: JwtHeader;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` exactly as received: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

export interface RsaKeyPair {
  /** Key id, the `kid` header of every token signed with this key (Google uses 40 hex digits). */
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

export function base64UrlEncode(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Strict base64url (no padding, url alphabet only): anything else is not a JWS segment. */
export function base64UrlDecode(segment: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  return Buffer.from(segment, 'base64url');
}

export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    kid: createHash('sha1').update(publicKeyPem).digest('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
  };
}

/** The public half as a JWK, the shape Google publishes at its certs endpoint. */
export function publicJwk(key: RsaKeyPair): Record<string, string> {
  const jwk = createPublicKey(key.publicKeyPem).export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', alg: 'RS256', use: 'sig', kid: key.kid, n: jwk.n, e: jwk.e };
}

export function signRs256(header: JwtHeader, payload: Record<string, unknown>, privateKeyPem: string): string {
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKeyPem);
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/** Splits and parses a compact JWS; undefined when it is not one (wrong shape, bad base64, bad JSON). */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const hb = base64UrlDecode(h);
  const pb = base64UrlDecode(p);
  const sb = base64UrlDecode(s);
  if (!hb || !pb || !sb) return undefined;
  try {
    const header = JSON.parse(hb.toString('utf8')) as unknown;
    const payload = JSON.parse(pb.toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload) || typeof header.alg !== 'string') return undefined;
    return { header: header as JwtHeader, payload, signingInput: `${h}.${p}`, signature: sb };
  } catch {
    return undefined;
  }
}

export function verifyRs256(jwt: DecodedJwt, publicKeyPem: string): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKeyPem, jwt.signature);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
