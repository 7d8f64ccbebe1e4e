// Minimal JWS (RS256) helpers for the local stand-in of Google's identity tokens. Main-thread only
// (node:crypto): the script never sees these, it sees the token strings and the tokeninfo endpoint.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

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

// Parsing a PEM costs more than the RSA operation itself (sign ~1 ms from a PEM, ~0.3 ms from a
// KeyObject; verify ~0.15 ms vs ~0.02 ms), and every execution that asks for an identity token signs
// one: keys are parsed once per PEM. Few distinct keys exist in a process (one per World, plus
// rotations); the bound only guards against a leak.
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEYS_MAX = 256;

function keyObject(pem: string, kind: 'private' | 'public'): KeyObject {
  let key = parsedKeys.get(pem);
  if (!key) {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
    parsedKeys.set(pem, key);
  }
  return key;
}

// RS256 (PKCS #1 v1.5) is deterministic: the same input under the same key gives the same signature.
// Executions started in the same second by the same person ask for the same token (30 confirms at
// once: 30 identical signings), so recent signatures are remembered, a bounded number of them.
const signatures = new WeakMap<KeyObject, Map<string, Buffer>>();
const SIGNATURES_MAX = 1000;

/** An RSA-SHA256 signature of `data` with a PEM private key (parsed once). */
export function rsaSha256Sign(data: string, privateKeyPem: string): Buffer {
  const key = keyObject(privateKeyPem, 'private');
  let seen = signatures.get(key);
  if (!seen) signatures.set(key, (seen = new Map()));
  const hit = seen.get(data);
  if (hit) return Buffer.from(hit);
  const signature = createSign('RSA-SHA256').update(data).sign(key);
  if (seen.size >= SIGNATURES_MAX) seen.clear();
  seen.set(data, Buffer.from(signature));
  return signature;
}

/** Whether `signature` is an RSA-SHA256 signature of `data` under a PEM public key (parsed once). */
export function rsaSha256Verify(data: string, publicKeyPem: string, signature: Buffer): boolean {
  return createVerify('RSA-SHA256').update(data).verify(keyObject(publicKeyPem, 'public'), signature);
}

export function signRs256(header: JwtHeader, payload: Record<string, unknown>, privateKeyPem: string): string {
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  const signature = rsaSha256Sign(signingInput, privateKeyPem);
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
  return rsaSha256Verify(jwt.signingInput, publicKeyPem, jwt.signature);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
