// Who may call the built gateway: identity tokens verified by the gateway itself (RS256 against
// Google's published keys, then issuer, audience, expiry, verified email, hosted domain), Google's
// keys kept in the script cache for their Cache-Control max-age, the domain policy, and a real round
// trip from a caller project through UrlFetchApp to the web app.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ADDON_CLIENT_ID, writeGatewayScriptProperties } from '../../src/local/host/company';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { clearUrlFetchFaults, setUrlFetchFault } from '../../src/local/runtime/backends/urlfetch';
import { rotateGoogleSigningKey } from '../../src/local/runtime/backends/identity';
import { appendRows, readSheet } from '../../src/local/runtime/backends/sheets';
import { event, GATEWAY_URL, gatewayHarness, type Harness } from './gateway-harness';

const CERTS = 'https://www.googleapis.com/oauth2/v3/certs';
/** CacheService's 6 h: the cap on Google's max-age (24,442 s in the stand-in). */
const CERTS_CACHE_MS = 21_600_000;
const ENGAGEMENTS = [
  {
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

const fetches = (exec: { counters: { serviceCalls: Record<string, number> } }) =>
  exec.counters.serviceCalls['UrlFetchApp.fetch'] ?? 0;
/** Forgets the cached keys, as an eviction would. */
const dropCachedCerts = (h: Harness) => delete h.world.state.storage.cache['script:gateway']?.['google-certs'];

describe('gateway: identity', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    h.world.addUser({ email: 'eve@other.test', name: 'Eve', domain: 'other.test' });
    h.world.addUser({ email: 'gil@gmail.com', name: 'Gil' });
  });
  afterAll(() => h.close());
  afterEach(() => clearUrlFetchFaults(h.runtime));

  const refusedWith = async (token: string, code: string, op: 'panel' | 'admin' = 'panel') => {
    const { res, exec } = await h.call('ben@acme.test', op, {}, { token });
    expect(res).toEqual({
      ok: false,
      error: {
        code,
        message: expect.any(String),
        retryable: code === 'UNAUTHENTICATED' || code === 'GATEWAY_UNAVAILABLE',
      },
    });
    return exec;
  };

  test('a valid token from the company domain is accepted', async () => {
    const { res } = await h.call('ben@acme.test', 'panel', {});
    expect(res.ok && res.data.me.email).toBe('ben@acme.test');
  });

  test.each([
    [
      'expired',
      () =>
        h.token('ben@acme.test', {
          exp: Math.floor(h.world.now() / 1000) - 10,
          iat: Math.floor(h.world.now() / 1000) - 3610,
        }),
    ],
    [
      "for another audience (another app's client id)",
      () => h.token('ben@acme.test', { aud: 'someone-else.apps.googleusercontent.com' }),
    ],
    ['with an unverified email', () => h.token('ben@acme.test', { email_verified: false })],
    ['without an email', () => h.token('ben@acme.test', { email: null, email_verified: null })],
    ['forged (signed with another key)', () => h.token('ben@acme.test', {}, { signWithWrongKey: true })],
    ['from another issuer', () => h.token('ben@acme.test', { iss: 'https://evil.test' })],
  ])('a token %s is UNAUTHENTICATED', async (_name, make) => {
    await refusedWith(make(), 'UNAUTHENTICATED');
  });

  test('something that is not a token is refused without calling Google', async () => {
    const exec = await refusedWith('not-a-token', 'UNAUTHENTICATED');
    expect(fetches(exec)).toBe(0);
  });

  test('callers outside the company domain are FORBIDDEN (other Workspace, consumer account)', async () => {
    for (const email of ['eve@other.test', 'gil@gmail.com']) {
      const { res } = await h.call(email, 'panel', {});
      expect(!res.ok && res.error.code).toBe('FORBIDDEN');
    }
  });

  test('the ALLOWED_DOMAIN script property alone decides the domain; Settings has no allowedDomain row, and an old one changes nothing', async () => {
    // A Settings tab as the gateway, the admin CLI and the demo lay it out: no allowedDomain key.
    expect(readSheet(h.world, h.company.sheetId, 'Settings').map((r) => r[0])).not.toContain('allowedDomain');
    // A Sheet from an older version still carries the row: it neither widens nor narrows access.
    appendRows(h.world, h.company.sheetId, 'Settings', [['allowedDomain', 'other.test', '']]);
    expect(
      ((await h.call('eve@other.test', 'panel', {})).res as { ok: boolean; error?: { code: string } }).error?.code,
    ).toBe('FORBIDDEN');
    expect((await h.call('ben@acme.test', 'panel', {})).res.ok).toBe(true);
    // The script property decides: pointed at other.test, Eve passes the domain check and Ben does not.
    const props = { ...scriptProperties(h.world, 'gateway') };
    writeGatewayScriptProperties(h.world, { ...props, ALLOWED_DOMAIN: 'other.test' } as never);
    try {
      const eve = await h.call('eve@other.test', 'panel', {});
      expect(eve.res.ok && eve.res.data.me.email).toBe('eve@other.test');
      const ben = await h.call('ben@acme.test', 'panel', {});
      expect(!ben.res.ok && ben.res.error.code).toBe('FORBIDDEN');
    } finally {
      writeGatewayScriptProperties(h.world, props as never);
    }
  });

  test('the body cannot claim an identity or a role: only the token counts', async () => {
    const { res } = await h.post({
      op: 'admin',
      idToken: h.token('ben@acme.test'),
      requestId: 'r-claim',
      email: 'hr@acme.test',
      roles: ['admin'],
      args: { as: 'hr@acme.test' },
    });
    expect(!res.ok && res.error.code).toBe('FORBIDDEN');
    const hr = await h.call('hr@acme.test', 'admin', {});
    expect(hr.res.ok).toBe(true);
  });

  test("Google's keys are fetched once and kept for their lifetime: then every valid token costs no UrlFetch", async () => {
    dropCachedCerts(h);
    const first = await h.call('ben@acme.test', 'panel', {});
    expect(first.res.ok).toBe(true);
    expect(fetches(first.exec)).toBe(1);
    // Each add-on execution mints a new token: none of them costs a call out while the keys are cached.
    for (let i = 0; i < 3; i++) {
      h.world.advanceTo(h.world.now() + 60_000);
      const next = await h.call(i === 1 ? 'lea@acme.test' : 'ben@acme.test', 'panel', {});
      expect(next.res.ok || next.res.error.code).not.toBe('UNAUTHENTICATED');
      expect(fetches(next.exec)).toBe(0);
    }
    // Kept for the response's max-age, capped at CacheService's 6 h; no token and no claims are cached.
    const entries = h.world.state.storage.cache['script:gateway'] ?? {};
    const certs = entries['google-certs']!;
    expect(certs.expiresMs).toBeLessThanOrEqual(h.world.now() + CERTS_CACHE_MS);
    expect(certs.expiresMs).toBeGreaterThan(h.world.now() + CERTS_CACHE_MS - 10 * 60_000);
    for (const e of Object.values(entries)) expect(e.value).not.toContain('ben@acme.test');
  });

  test('once the kept keys expire, the next request fetches them again (once)', async () => {
    dropCachedCerts(h);
    expect(fetches((await h.call('ben@acme.test', 'panel', {})).exec)).toBe(1);
    h.world.advanceTo(h.world.now() + CERTS_CACHE_MS + 1000);
    expect(fetches((await h.call('ben@acme.test', 'panel', {})).exec)).toBe(1);
    expect(fetches((await h.call('ben@acme.test', 'panel', {})).exec)).toBe(0);
  });

  test('a forged token (right kid, wrong key) is refused without any UrlFetch', async () => {
    expect((await h.call('ben@acme.test', 'panel', {})).res.ok).toBe(true); // keys cached
    const exec = await refusedWith(h.token('ben@acme.test', {}, { signWithWrongKey: true }), 'UNAUTHENTICATED');
    expect(fetches(exec)).toBe(0);
    expect(exec.logs.some((l) => l.message.includes('bad-signature'))).toBe(true);
  });

  test('Google rotates its keys: a token under the new kid refetches the keys once and is accepted', async () => {
    expect((await h.call('ben@acme.test', 'panel', {})).res.ok).toBe(true); // old keys cached
    h.world.advanceTo(h.world.now() + 120_000);
    rotateGoogleSigningKey(h.world);
    const rotated = await h.call('ben@acme.test', 'panel', {});
    expect(rotated.res.ok).toBe(true);
    expect(fetches(rotated.exec)).toBe(1);
    expect(fetches((await h.call('ben@acme.test', 'panel', {})).exec)).toBe(0);
  });

  test('a kid Google does not publish: one refetch, then refused; junk kids cannot drive more calls out', async () => {
    expect((await h.call('ben@acme.test', 'panel', {})).res.ok).toBe(true);
    h.world.advanceTo(h.world.now() + 120_000);
    const junk = (n: number) => h.token('ben@acme.test', { jti: `j${n}` }, { header: { kid: `no-such-key-${n}` } });
    expect(fetches(await refusedWith(junk(1), 'UNAUTHENTICATED'))).toBe(1);
    // The keys were just fetched: more unknown kids within the minute are refused without a call out.
    expect(fetches(await refusedWith(junk(2), 'UNAUTHENTICATED'))).toBe(0);
    expect(fetches(await refusedWith(junk(3), 'UNAUTHENTICATED'))).toBe(0);
  });

  test('a cached token stops working when it expires', async () => {
    const token = h.token('ben@acme.test');
    expect((await h.call('ben@acme.test', 'panel', {}, { token })).res.ok).toBe(true);
    h.world.advanceTo(h.world.now() + 3601_000);
    await refusedWith(token, 'UNAUTHENTICATED');
  });

  test("Google's keys endpoint failing answers GATEWAY_UNAVAILABLE (retryable), never a pass", async () => {
    dropCachedCerts(h);
    setUrlFetchFault(h.runtime, CERTS, { kind: 'status', code: 503, body: 'busy' });
    await refusedWith(h.token('ben@acme.test'), 'GATEWAY_UNAVAILABLE');
    setUrlFetchFault(h.runtime, CERTS, { kind: 'unreachable' });
    const exec = await refusedWith(h.token('ben@acme.test'), 'GATEWAY_UNAVAILABLE');
    expect(exec.logs.some((l) => l.message.includes('certs-unreachable'))).toBe(true);
    setUrlFetchFault(h.runtime, CERTS, { kind: 'garbage', body: '<html>oops</html>' });
    await refusedWith(h.token('ben@acme.test'), 'GATEWAY_UNAVAILABLE');
    // Nothing was kept from the failures: once Google answers, the keys are fetched and the token passes.
    clearUrlFetchFaults(h.runtime);
    const ok = await h.call('ben@acme.test', 'panel', {});
    expect(ok.res.ok).toBe(true);
    expect(fetches(ok.exec)).toBe(1);
  });

  test('a gateway without its script properties says it is not set up (and logs which are missing)', async () => {
    const props = { ...scriptProperties(h.world, 'gateway') };
    delete scriptProperties(h.world, 'gateway').ADDON_CLIENT_ID;
    try {
      const { res, exec } = await h.call('ben@acme.test', 'panel', {});
      expect(!res.ok && res.error).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/not set up/) });
      expect(exec.logs.some((l) => l.message.includes('ADDON_CLIENT_ID'))).toBe(true);
    } finally {
      writeGatewayScriptProperties(h.world, props as never);
    }
  });
});

describe('gateway: nothing depends on the cache', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS }, { cacheEvictsAll: true });
  });
  afterAll(() => h.close());

  test('with every cache entry evicted at once, each request fetches the keys again and works', async () => {
    const token = h.token('ben@acme.test');
    for (let i = 0; i < 2; i++) {
      const { res, exec } = await h.call(
        'ben@acme.test',
        'book',
        { event: event('ev-1', '2026-03-10T10:00:00+01:00'), status: 'confirmed' },
        { token },
      );
      expect(res.ok).toBe(true);
      expect(fetches(exec)).toBe(1);
    }
  });
});

describe('gateway: called like the add-on calls it (UrlFetchApp → web app → doPost as its owner)', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    const dir = mkdtempSync(join(tmpdir(), 'ccm-caller-'));
    const codePath = join(dir, 'caller.js');
    writeFileSync(
      codePath,
      `
      function callGateway(url, op, args) {
        var body = { op: op, idToken: ScriptApp.getIdentityToken(), requestId: 'caller-1', args: args };
        var r = UrlFetchApp.fetch(url, { method: 'post', contentType: 'application/json', payload: JSON.stringify(body), muteHttpExceptions: true });
        return { code: r.getResponseCode(), text: r.getContentText() };
      }`,
    );
    h.runtime.registerProject({
      name: 'addon',
      codePath,
      manifest: {
        timeZone: 'Etc/UTC',
        runtimeVersion: 'V8',
        oauthScopes: [
          'openid',
          'https://www.googleapis.com/auth/userinfo.email',
          'https://www.googleapis.com/auth/script.external_request',
        ],
      },
      oauthClientId: DEFAULT_ADDON_CLIENT_ID,
    });
  });
  afterAll(() => h.close());

  test('a booking through the web app: 200 with the JSON envelope; the gateway ran as its owner', async () => {
    const exec = await h.runtime.execute({
      project: 'addon',
      fn: 'callGateway',
      args: [GATEWAY_URL, 'book', { event: event('ev-web', '2026-03-10T10:00:00+01:00'), status: 'confirmed' }],
      user: 'ben@acme.test',
    });
    expect(exec.ok).toBe(true);
    const out = exec.value as { code: number; text: string };
    expect(out.code).toBe(200);
    const res = JSON.parse(out.text);
    expect(res).toMatchObject({
      ok: true,
      data: { booking: { eventId: 'ev-web', status: 'confirmed' }, alreadyBooked: false },
    });
    const nested = h.runtime.history.find((r) => r.parentId === exec.execId && r.project === 'gateway');
    expect(nested).toBeDefined();
    // The add-on's own execution made one round trip; the gateway's made no Calendar/Gmail call at all.
    expect(exec.counters.serviceCalls['UrlFetchApp.fetch']).toBe(1);
    expect(Object.keys(nested!.counters.serviceCalls).filter((m) => /^(Calendar|Gmail)/.test(m))).toEqual([]);
  });
});
