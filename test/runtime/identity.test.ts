// Identity fidelity: ScriptApp identity tokens verified by a gateway project through Google's
// tokeninfo endpoint, security cases minted on the Node side, Session and ContentService.
import { createPublicKey, createVerify } from 'node:crypto';
import { ALL_TEST_SCOPES, scriptRuntime } from './helpers';
import { World } from '../../src/local/runtime/world';
import { LocalRuntime } from '../../src/local/runtime/runtime';
import { googleSigningKey, googleSubject, mintIdToken, verifyIdToken } from '../../src/local/runtime/backends/identity';

const GW = 'https://script.google.com/macros/s/AKfyGateway/exec';
const ADDON_CLIENT = '1234-addon.apps.googleusercontent.com';

const ADDON = `
function token() { return ScriptApp.getIdentityToken(); }
function segment(i) {
  var seg = ScriptApp.getIdentityToken().split('.')[i];
  while (seg.length % 4) seg += '=';   // Apps Script's decoder wants the padding
  return JSON.parse(Utilities.newBlob(Utilities.base64DecodeWebSafe(seg)).getDataAsString());
}
function send(idToken, asForm) {
  var t = idToken || ScriptApp.getIdentityToken();
  var r = UrlFetchApp.fetch('${GW}', { method: 'post', contentType: 'application/json', payload: JSON.stringify({ idToken: t, asForm: !!asForm }) });
  return JSON.parse(r.getContentText());
}
function accessInfo() {
  var r = UrlFetchApp.fetch('https://oauth2.googleapis.com/tokeninfo?access_token=' + ScriptApp.getOAuthToken());
  return JSON.parse(r.getContentText());
}
function certs() { return JSON.parse(UrlFetchApp.fetch('https://www.googleapis.com/oauth2/v3/certs').getContentText()); }
function certsHeaders() { return UrlFetchApp.fetch('https://www.googleapis.com/oauth2/v3/certs').getHeaders(); }
function session() {
  return {
    active: Session.getActiveUser().getEmail(), effective: Session.getEffectiveUser().getEmail(),
    tz: Session.getScriptTimeZone(), locale: Session.getActiveUserLocale(), key: Session.getTemporaryActiveUserKey(),
    sameKey: Session.getTemporaryActiveUserKey() === Session.getTemporaryActiveUserKey()
  };
}
function service() { return { url: ScriptApp.getService().getUrl(), id: ScriptApp.getScriptId(), full: ScriptApp.AuthMode.FULL }; }
function output() {
  var o = ContentService.createTextOutput('a').append('b').setMimeType(ContentService.MimeType.CSV).downloadAsFile('r.csv');
  return [o.getContent(), o.getMimeType() === ContentService.MimeType.CSV, o.getFileName()];
}
function returnsOutput() { return ContentService.createTextOutput('{"ok":true}').setMimeType(ContentService.MimeType.JSON); }
function badMime() { try { ContentService.createTextOutput('x').setMimeType('application/json'); return 'accepted'; } catch (e) { return e.message; } }
function missing() { return Session.getSomethingElse(); }
`;

// The gateway verifies through tokeninfo (Apps Script has no RSA verify), GET or POST form.
const GATEWAY = `
function doPost(e) {
  var body = JSON.parse(e.postData.contents);
  var r = body.asForm
    ? UrlFetchApp.fetch('https://oauth2.googleapis.com/tokeninfo', { method: 'post', payload: { id_token: body.idToken }, muteHttpExceptions: true })
    : UrlFetchApp.fetch('https://oauth2.googleapis.com/tokeninfo?id_token=' + encodeURIComponent(body.idToken), { muteHttpExceptions: true });
  return ContentService.createTextOutput(JSON.stringify({ status: r.getResponseCode(), info: JSON.parse(r.getContentText()), raw: r.getContentText() }))
    .setMimeType(ContentService.MimeType.JSON);
}
function serviceUrl() { return ScriptApp.getService().getUrl(); }
`;

function projects() {
  return [
    { name: 'addon', code: ADDON, oauthClientId: ADDON_CLIENT, manifest: { timeZone: 'Europe/Paris' } },
    { name: 'addon-no-openid', code: ADDON, manifest: { oauthScopes: ALL_TEST_SCOPES.filter((s) => s !== 'openid') } },
    {
      name: 'addon-no-email',
      code: ADDON,
      manifest: { oauthScopes: ALL_TEST_SCOPES.filter((s) => !s.endsWith('userinfo.email')) },
    },
    {
      name: 'gateway',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: GW,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING' as const, access: 'ANYONE_ANONYMOUS' } },
    },
  ];
}

describe('ScriptApp identity tokens, verified through tokeninfo by the gateway', () => {
  const { world, runtime } = scriptRuntime(projects());
  world.addUser({ email: 'ana@acme.test', name: 'Ana', domain: 'acme.test', locale: 'en-GB' });
  world.addUser({ email: 'bo@gmail.com', name: 'Bo' });
  world.addUser({ email: 'svc@acme.test', name: 'Service', domain: 'acme.test' });
  afterAll(() => runtime.close());

  const run = async (fn: string, args: unknown[] = [], user = 'ana@acme.test', project = 'addon') => {
    const r = await runtime.execute({ project, fn, args, user });
    if (!r.ok) throw new Error(`${fn} failed: ${r.error?.name}: ${r.error?.message}`);
    return r.value as any;
  };

  test("the token is an RS256 JWT for the effective user and the project's OAuth client", async () => {
    const header = await run('segment', [0]);
    const kid = googleSigningKey(world).kid;
    expect(header).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
    const claims = await run('segment', [1]);
    const iat = Math.floor(world.now() / 1000);
    expect(claims).toEqual({
      iss: 'https://accounts.google.com',
      azp: ADDON_CLIENT,
      aud: ADDON_CLIENT,
      sub: googleSubject('ana@acme.test'),
      hd: 'acme.test',
      email: 'ana@acme.test',
      email_verified: true,
      iat,
      exp: iat + 3600,
    });
    expect(claims.sub).toMatch(/^1\d{20}$/);
    // A consumer account has no hosted domain.
    const bo = await run('segment', [1], 'bo@gmail.com');
    expect(bo.hd).toBeUndefined();
    expect(bo.sub).not.toBe(claims.sub);
  });

  test('null without the openid scope; no email claims without userinfo.email', async () => {
    expect(await run('token', [], 'ana@acme.test', 'addon-no-openid')).toBeNull();
    const claims = await run('segment', [1], 'ana@acme.test', 'addon-no-email');
    expect(claims.email).toBeUndefined();
    expect(claims.email_verified).toBeUndefined();
    expect(claims.sub).toBe(googleSubject('ana@acme.test'));
  });

  test("tokeninfo answers Google's shape: every claim a string, plus alg, kid and typ", async () => {
    const v = await run('send');
    expect(v.status).toBe(200);
    const iat = Math.floor(world.now() / 1000);
    expect(v.info).toEqual({
      iss: 'https://accounts.google.com',
      azp: ADDON_CLIENT,
      aud: ADDON_CLIENT,
      sub: googleSubject('ana@acme.test'),
      hd: 'acme.test',
      email: 'ana@acme.test',
      email_verified: 'true',
      iat: String(iat),
      exp: String(iat + 3600),
      alg: 'RS256',
      kid: googleSigningKey(world).kid,
      typ: 'JWT',
    });
    const form = await run('send', [null, true]);
    expect(form.info).toEqual(v.info);
  });

  test('security cases minted on the Node side', async () => {
    const invalid = { error: 'invalid_token', error_description: 'Invalid Value' };
    const check = async (t: string) => run('send', [t]);
    const forged = await check(
      mintIdToken(world, { email: 'ana@acme.test', aud: ADDON_CLIENT }, { signWithWrongKey: true }),
    );
    expect([forged.status, forged.info]).toEqual([400, invalid]);
    expect(forged.raw).toBe('{\n  "error": "invalid_token",\n  "error_description": "Invalid Value"\n}\n');
    const expired = await check(
      mintIdToken(world, { email: 'ana@acme.test', aud: ADDON_CLIENT, exp: Math.floor(world.now() / 1000) - 1 }),
    );
    expect([expired.status, expired.info]).toEqual([400, invalid]);
    expect((await check('not.a.token')).status).toBe(400);
    // Valid signatures, wrong facts: tokeninfo still answers 200; the gateway must check them.
    const wrongAud = await check(
      mintIdToken(world, { email: 'ana@acme.test', aud: 'someone-else.apps.googleusercontent.com' }),
    );
    expect([wrongAud.status, wrongAud.info.aud, wrongAud.info.azp]).toEqual([
      200,
      'someone-else.apps.googleusercontent.com',
      'someone-else.apps.googleusercontent.com',
    ]);
    const unverified = await check(
      mintIdToken(world, { email: 'ana@acme.test', aud: ADDON_CLIENT, email_verified: false }),
    );
    expect(unverified.info.email_verified).toBe('false');
    const outsider = await check(mintIdToken(world, { email: 'eve@other.test', aud: ADDON_CLIENT, hd: 'other.test' }));
    expect([outsider.info.email, outsider.info.hd]).toEqual(['eve@other.test', 'other.test']);
    const noHd = await check(mintIdToken(world, { email: 'ana@acme.test', aud: ADDON_CLIENT, hd: null }));
    expect(noHd.info.hd).toBeUndefined();
  });

  test('a token expires one hour later on the World clock', async () => {
    const t = (await run('token')) as string;
    expect((await run('send', [t])).status).toBe(200);
    world.advanceTo(world.now() + 3600 * 1000 - 5000);
    expect((await run('send', [t])).status).toBe(200);
    world.advanceTo(world.now() + 5000);
    const late = await run('send', [t]);
    expect([late.status, late.info.error]).toEqual([400, 'invalid_token']);
    expect(verifyIdToken(world, t)).toEqual({ ok: false, reason: 'expired' });
  });

  test('the certs endpoint publishes the key that verifies the tokens', async () => {
    const jwks = await run('certs');
    const t = (await run('token')) as string;
    const [h, p, s] = t.split('.') as [string, string, string];
    const jwk = jwks.keys.find(
      (k: { kid: string }) => k.kid === JSON.parse(Buffer.from(h, 'base64url').toString()).kid,
    );
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const ok = createVerify('RSA-SHA256')
      .update(`${h}.${p}`)
      .verify(createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
    expect(ok).toBe(true);
  });

  test("the certs endpoint says how long its keys may be kept, as Google's does (Cache-Control max-age, Expires)", async () => {
    // Google: "examine the Cache-Control header in the response to determine when you should retrieve
    // them again" (developers.google.com/identity/sign-in/web/backend-auth).
    const headers = (await run('certsHeaders')) as Record<string, string>;
    expect(headers['Cache-Control']).toMatch(/^public, max-age=\d+, must-revalidate, no-transform$/);
    const maxAge = Number(/max-age=(\d+)/.exec(headers['Cache-Control']!)![1]);
    expect(maxAge).toBeGreaterThan(3600);
    expect(Date.parse(headers.Expires!) - Date.parse(headers.Date!)).toBe(maxAge * 1000);
  });

  test('getOAuthToken gives an access token tokeninfo describes', async () => {
    const info = await run('accessInfo');
    expect(info).toMatchObject({
      azp: ADDON_CLIENT,
      aud: ADDON_CLIENT,
      email: 'ana@acme.test',
      email_verified: 'true',
      expires_in: '3600',
      access_type: 'online',
    });
    expect(info.scope.split(' ')).toEqual(ALL_TEST_SCOPES);
  });

  test('Session: the user at the keyboard, the manifest time zone, the user locale, a rotating opaque key', async () => {
    const a = await run('session');
    expect(a).toMatchObject({
      active: 'ana@acme.test',
      effective: 'ana@acme.test',
      tz: 'Europe/Paris',
      locale: 'en_GB',
      sameKey: true,
    });
    expect(a.key).not.toContain('ana');
    const b = await run('session', [], 'bo@gmail.com');
    expect([b.locale, b.key === a.key]).toEqual(['en', false]);
    expect((await run('session')).key).toBe(a.key);
    world.advanceTo(world.now() + 31 * 86_400_000);
    expect((await run('session')).key).not.toBe(a.key);
  });

  test('ScriptApp service URL and script id; unknown members fail loudly with their name', async () => {
    const addon = await run('service');
    expect(addon.url).toBeNull();
    expect(addon.id).toMatch(/^1[A-Za-z0-9_-]{56}$/);
    expect(addon.full).toBe('FULL');
    expect((await run('service')).id).toBe(addon.id);
    expect(await run('serviceUrl', [], 'svc@acme.test', 'gateway')).toBe(GW);
    const r = await runtime.execute({ project: 'addon', fn: 'missing', user: 'ana@acme.test' });
    expect(r.error?.message).toBe('The local runtime does not provide Session.getSomethingElse');
  });

  test('ContentService TextOutput: builder methods, MimeType enum, and what an entry point returns', async () => {
    expect(await run('output')).toEqual(['ab', true, 'r.csv']);
    expect(await run('returnsOutput')).toEqual({
      $type: 'TextOutput',
      content: '{"ok":true}',
      mimeType: 'application/json',
    });
    expect(await run('badMime')).toBe('Invalid argument: mimeType');
  });
});

describe('identity keys persist with the World', () => {
  test('a token minted before saving still verifies in a runtime built from the saved World', async () => {
    const first = scriptRuntime(projects());
    const r = await first.runtime.execute({ project: 'addon', fn: 'token', user: 'ana@acme.test' });
    await first.runtime.close();
    const token = r.value as string;
    const saved = first.world.toJSON();
    const { world, runtime } = scriptRuntime(projects(), { world: World.fromJSON(saved) });
    try {
      expect(runtime).toBeInstanceOf(LocalRuntime);
      expect(verifyIdToken(world, token).ok).toBe(true);
      const v = (await runtime.execute({ project: 'addon', fn: 'send', args: [token], user: 'ana@acme.test' }))
        .value as { status: number };
      expect(v.status).toBe(200);
      // And a fresh World does not know that key.
      expect(verifyIdToken(new World(), token)).toEqual({ ok: false, reason: 'unknown key id' });
    } finally {
      await runtime.close();
    }
  });
});
