// Who may call the built gateway: identity tokens checked through Google's tokeninfo (issuer,
// audience, expiry, verified email, hosted domain), the verified-claims cache, the domain policy,
// and a real round trip from a caller project through UrlFetchApp to the web app.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ADDON_CLIENT_ID, writeGatewayScriptProperties } from '../../src/local/host/company';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { clearUrlFetchFaults, setUrlFetchFault } from '../../src/local/runtime/backends/urlfetch';
import { appendRows, readSheet } from '../../src/local/runtime/backends/sheets';
import { event, GATEWAY_URL, gatewayHarness, type Harness } from './gateway-harness';

const TOKENINFO = 'https://oauth2.googleapis.com/tokeninfo';
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

  test("verified claims are cached under a digest of the token, for the token's remaining life only", async () => {
    h.world.advanceTo(h.world.now() + 1000); // a token not seen before (same claims in the same second = same token)
    const token = h.token('ben@acme.test');
    const first = await h.call('ben@acme.test', 'panel', {}, { token });
    const second = await h.call('ben@acme.test', 'panel', {}, { token });
    expect(first.res.ok && second.res.ok).toBe(true);
    expect(fetches(first.exec)).toBe(1);
    expect(fetches(second.exec)).toBe(0);
    const entries = Object.entries(h.world.state.storage.cache['script:gateway'] ?? {});
    const mine = entries.filter(([, e]) => e.value.includes('ben@acme.test'));
    expect(mine.length).toBeGreaterThan(0);
    for (const [key, e] of entries) {
      expect(key).not.toContain(token.slice(0, 20));
      expect(e.value).not.toContain(token.slice(0, 20));
    }
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    for (const [, e] of mine) expect(e.expiresMs).toBeLessThanOrEqual(exp);
  });

  test('a cached token stops working when it expires', async () => {
    const token = h.token('ben@acme.test');
    expect((await h.call('ben@acme.test', 'panel', {}, { token })).res.ok).toBe(true);
    h.world.advanceTo(h.world.now() + 3601_000);
    await refusedWith(token, 'UNAUTHENTICATED');
  });

  test("Google's endpoint failing answers GATEWAY_UNAVAILABLE (retryable), never a pass", async () => {
    setUrlFetchFault(h.runtime, TOKENINFO, { kind: 'status', code: 503, body: 'busy' });
    await refusedWith(h.token('ben@acme.test'), 'GATEWAY_UNAVAILABLE');
    setUrlFetchFault(h.runtime, TOKENINFO, { kind: 'unreachable' });
    const token = h.token('ben@acme.test');
    const exec = await refusedWith(token, 'GATEWAY_UNAVAILABLE');
    // The failure is logged, but never the token the failing URL carried.
    expect(exec.logs.some((l) => l.message.includes('tokeninfo-unreachable'))).toBe(true);
    expect(exec.logs.some((l) => l.message.includes(token.slice(0, 30)))).toBe(false);
    setUrlFetchFault(h.runtime, TOKENINFO, { kind: 'garbage', body: '<html>oops</html>' });
    await refusedWith(h.token('ben@acme.test'), 'UNAUTHENTICATED');
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

  test('with every cache entry evicted at once, each request verifies its token again and works', async () => {
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
