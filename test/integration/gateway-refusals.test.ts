// The gateway is reachable anonymously, so junk must be cheap: what can be refused from the token
// itself (a payload that is not JSON claims, the wrong issuer or audience, an expired token) is
// refused without a tokeninfo UrlFetch, and a token tokeninfo refused once is remembered by its
// digest, so replaying it costs no call out. Counted in the runtime's UrlFetch calls.
import { gatewayHarness, type Harness } from './gateway-harness';

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

const b64url = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');

describe('gateway: cheap refusals', () => {
  let h: Harness;
  beforeAll(() => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
  });
  afterAll(() => h.close());

  const refused = async (token: string) => {
    const { res, exec } = await h.call('ben@acme.test', 'panel', {}, { token });
    expect(res.ok ? 'accepted' : res.error.code).toBe('UNAUTHENTICATED');
    return fetches(exec);
  };

  test.each([
    ['a JWT-shaped token whose payload is not base64 JSON', () => 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln'],
    ['a payload that is JSON but not an object', () => `${b64url({ alg: 'RS256' })}.${b64url('[1,2]')}.c2ln`],
    ['an expired token', () => h.token('ben@acme.test', { exp: Math.floor(h.world.now() / 1000) - 10 })],
    ['a token for another audience', () => h.token('ben@acme.test', { aud: 'other.apps.googleusercontent.com' })],
    ['a token from another issuer', () => h.token('ben@acme.test', { iss: 'https://evil.test' })],
  ])('%s is refused without calling tokeninfo', async (_name, make) => {
    expect(await refused(make())).toBe(0);
  });

  test('a token tokeninfo refused (forged signature) costs one call, and its replays none', async () => {
    const forged = h.token('ben@acme.test', {}, { signWithWrongKey: true });
    expect(await refused(forged)).toBe(1);
    expect(await refused(forged)).toBe(0);
    expect(await refused(forged)).toBe(0);
    // Another junk token is asked about once on its own.
    expect(await refused(h.token('lea@acme.test', {}, { signWithWrongKey: true }))).toBe(1);
  });

  test('a valid token still costs one tokeninfo call, then none while cached', async () => {
    const token = h.token('ben@acme.test');
    const first = await h.call('ben@acme.test', 'panel', {}, { token });
    expect(first.res.ok).toBe(true);
    expect(fetches(first.exec)).toBe(1);
    const again = await h.call('ben@acme.test', 'panel', {}, { token });
    expect(again.res.ok).toBe(true);
    expect(fetches(again.exec)).toBe(0);
  });
});
