// The gateway's own ID-token check (src/gateway/jwt.ts): RS256 in plain JavaScript (BigInt modular
// exponentiation, the PKCS#1 v1.5 encoding compared byte for byte), Google's claims rules, and the
// Cache-Control max-age the keys are kept for. Tokens are signed here with node:crypto, the way Google
// signs them, so a bug in the JavaScript verify cannot hide behind a helper of the same kind.
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  decodeJws,
  maxAgeSeconds,
  parseJwkSet,
  rsaPkcs1Sha256Verify,
  verifyJws,
  type JwkSet,
} from '../../src/gateway/jwt';

const AUD = 'addon-client.apps.googleusercontent.com';
const NOW = Date.parse('2026-04-07T07:00:00Z');
const sha256 = (text: string) => [...createHash('sha256').update(text, 'utf8').digest()];
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function keyPair(kid: string): { kid: string; privateKey: KeyObject; jwk: JwkSet['keys'][number] } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kid, privateKey, jwk: { kty: 'RSA', alg: 'RS256', use: 'sig', kid, n, e } };
}

const google = keyPair('k-google');
const stranger = keyPair('k-google'); // a forger claiming Google's kid
const jwks: JwkSet = { keys: [google.jwk] };

function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(NOW / 1000) - 60;
  return {
    iss: 'https://accounts.google.com',
    azp: AUD,
    aud: AUD,
    sub: '1234567890',
    hd: 'acme.test',
    email: 'ben@acme.test',
    email_verified: true,
    iat,
    exp: iat + 3600,
    ...over,
  };
}

function sign(payload: Record<string, unknown>, key = google, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}

const verify = (token: string, keys: JwkSet = jwks) => {
  const jws = decodeJws(token);
  if (!jws) return { ok: false, reason: 'malformed' };
  return verifyJws(jws, keys, { audience: AUD, nowMs: NOW, sha256 });
};

describe('ID tokens verified in plain JavaScript (RS256, PKCS#1 v1.5)', () => {
  test('a token Google signed is accepted, with its claims', () => {
    expect(verify(sign(claims()))).toEqual({
      ok: true,
      claims: expect.objectContaining({ email: 'ben@acme.test', hd: 'acme.test', aud: AUD, emailVerified: true }),
    });
  });

  test('claims with non-ASCII text decode as UTF-8', () => {
    const r = verify(sign(claims({ name: 'Zoë Müller' })));
    expect(r.ok).toBe(true);
    expect(decodeJws(sign(claims({ name: 'Zoë Müller' })))!.payload.name).toBe('Zoë Müller');
  });

  test.each([
    [
      'a tampered signature (one bit flipped)',
      () => {
        const t = sign(claims());
        const sig = Buffer.from(t.split('.')[2]!, 'base64url');
        sig.writeUInt8(sig.readUInt8(sig.length - 1) ^ 1, sig.length - 1);
        return `${t.split('.').slice(0, 2).join('.')}.${sig.toString('base64url')}`;
      },
      'bad-signature',
    ],
    [
      'a tampered payload (another email, same signature)',
      () => {
        const [h, , s] = sign(claims()).split('.');
        return `${h}.${b64(claims({ email: 'hr@acme.test' }))}.${s}`;
      },
      'bad-signature',
    ],
    ["signed with another key under Google's kid", () => sign(claims(), stranger), 'bad-signature'],
    ['naming a key Google does not publish', () => sign(claims(), { ...google, kid: 'k-unknown' }), 'unknown-kid'],
    ['expired', () => sign(claims({ exp: Math.floor(NOW / 1000) - 1 })), 'expired'],
    ['for another audience', () => sign(claims({ aud: 'other.apps.googleusercontent.com' })), 'audience'],
    ['from another issuer', () => sign(claims({ iss: 'https://evil.test' })), 'issuer'],
    ['issued an hour in the future', () => sign(claims({ iat: Math.floor(NOW / 1000) + 3600 })), 'issued-in-future'],
    ['with an unverified email', () => sign(claims({ email_verified: false })), 'email-not-verified'],
    ['without an email', () => sign(claims({ email: undefined, email_verified: undefined })), 'email-not-verified'],
    ['with alg none', () => `${b64({ alg: 'none', kid: google.kid })}.${b64(claims())}.`, 'algorithm'],
    ['with alg HS256 (the public key used as a secret)', () => sign(claims(), google, { alg: 'HS256' }), 'algorithm'],
  ])('a token %s is refused', (_name, make, reason) => {
    expect(verify(make())).toEqual({ ok: false, reason });
  });

  test('the RSA check itself: the right digest passes, any other digest or a short signature fails', () => {
    const input = 'a.b';
    const sig = [...createSign('RSA-SHA256').update(input).sign(google.privateKey)];
    expect(rsaPkcs1Sha256Verify(google.jwk, sig, sha256(input))).toBe(true);
    expect(rsaPkcs1Sha256Verify(google.jwk, sig, sha256('a.c'))).toBe(false);
    expect(rsaPkcs1Sha256Verify(google.jwk, sig.slice(1), sha256(input))).toBe(false);
    expect(rsaPkcs1Sha256Verify(stranger.jwk, sig, sha256(input))).toBe(false);
  });

  test('junk is not a token', () => {
    for (const t of ['', 'a.b', 'a.b.c', '!!.??.**', `${b64([1])}.${b64({})}.c2ln`]) expect(decodeJws(t)).toBeNull();
  });
});

describe("Google's keys: the JWK set and how long to keep it", () => {
  test("max-age is read from Cache-Control as Google sends it; no-store / no-cache / none mean don't keep", () => {
    expect(maxAgeSeconds('public, max-age=24442, must-revalidate, no-transform')).toBe(24442);
    expect(maxAgeSeconds('max-age=60')).toBe(60);
    expect(maxAgeSeconds('no-cache, max-age=60')).toBe(0);
    expect(maxAgeSeconds('private, no-store')).toBe(0);
    expect(maxAgeSeconds('')).toBe(0);
  });

  test('a JWK set parses; a body without keys is not one', () => {
    expect(parseJwkSet(JSON.stringify(jwks))).toEqual(jwks);
    expect(parseJwkSet('{"keys": []}')).toBeNull();
    expect(parseJwkSet('<html>')).toBeNull();
  });
});
