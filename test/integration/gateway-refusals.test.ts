// The gateway is reachable anonymously, so junk must be cheap: what can be refused from the token
// itself (a payload that is not JSON claims, the wrong issuer or audience, an expired token) is
// refused before Google's keys are even read, and a forged signature is refused by the gateway's own
// check against the cached keys: no call out either way. Counted in the runtime's UrlFetch calls.
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
  beforeAll(async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS });
    // Google's keys fetched and cached by a first valid request, as on any running gateway.
    expect((await h.call('ben@acme.test', 'panel', {})).res.ok).toBe(true);
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
  ])('%s is refused without any call out', async (_name, make) => {
    expect(await refused(make())).toBe(0);
  });

  test('forged signatures are refused without any call out, however often they are replayed', async () => {
    const forged = h.token('ben@acme.test', {}, { signWithWrongKey: true });
    for (let i = 0; i < 3; i++) expect(await refused(forged)).toBe(0);
    expect(await refused(h.token('lea@acme.test', {}, { signWithWrongKey: true }))).toBe(0);
  });

  test('a valid token costs no call out while the keys are cached, whichever token the add-on minted', async () => {
    for (let i = 0; i < 2; i++) {
      h.world.advanceTo(h.world.now() + 1000); // a new token each time, as each add-on execution mints one
      const r = await h.call('ben@acme.test', 'panel', {});
      expect(r.res.ok).toBe(true);
      expect(fetches(r.exec)).toBe(0);
    }
  });
});
