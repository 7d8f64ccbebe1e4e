// UrlFetchApp fidelity: an add-on project fetching a gateway project's web-app URL, Google's
// exceptions, the manifest allowlist, and fault injection.
import { ALL_TEST_SCOPES, scriptRuntime } from './helpers';
import {
  clearUrlFetchFaults,
  isAllowlisted,
  setUrlFetchFault,
  urlFetchLog,
} from '../../src/local/runtime/backends/urlfetch';

const GW = 'https://script.google.com/macros/s/AKfyGateway/exec';
const PRIVATE = 'https://script.google.com/macros/s/AKfyPrivate/exec';
const ME = 'https://script.google.com/macros/s/AKfyAsUser/exec';
const NODOPOST = 'https://script.google.com/macros/s/AKfyNoPost/exec';
const DRIVE = 'https://www.googleapis.com/auth/drive.readonly';

const ADDON = `
function call(url, params) {
  var r = UrlFetchApp.fetch(url, params);
  return { code: r.getResponseCode(), text: r.getContentText(), headers: r.getHeaders(), all: r.getAllHeaders() };
}
function tryCall(url, params) {
  try { return call(url, params); } catch (e) { return { error: e.message, name: e.name }; }
}
function json(url, params) { return JSON.parse(UrlFetchApp.fetch(url, params).getContentText()); }
function withToken(url) {
  return tryCall(url, { method: 'post', payload: 'x=1', muteHttpExceptions: true, headers: { Authorization: 'Bearer ' + ScriptApp.getOAuthToken() } });
}
function all(urls) {
  return UrlFetchApp.fetchAll(urls).map(function (r) { return [r.getResponseCode(), r.getContentText()]; });
}
function bytes(url) { var r = UrlFetchApp.fetch(url); return [r.getContent().slice(0, 4), r.getBlob().getContentType(), r.getBlob().getDataAsString()]; }
function request(url, params) { return UrlFetchApp.getRequest(url, params); }
`;

const GATEWAY = `
function doPost(e) {
  if (e.parameter.mode === 'throw') throw new Error('gateway exploded');
  if (e.parameter.mode === 'nothing') return { not: 'an output' };
  if (e.parameter.mode === 'big') return ContentService.createTextOutput(new Array(400).join('x')).setMimeType(ContentService.MimeType.TEXT);
  return ContentService.createTextOutput(JSON.stringify({
    active: Session.getActiveUser().getEmail(),
    effective: Session.getEffectiveUser().getEmail(),
    e: e
  })).setMimeType(ContentService.MimeType.JSON);
}
function doGet(e) { return ContentService.createTextOutput('hello ' + (e.parameter.name || 'nobody')); }
`;

describe('UrlFetchApp: the add-on calls the gateway web app', () => {
  const { world, runtime } = scriptRuntime([
    { name: 'addon', code: ADDON },
    { name: 'addon-drive', code: ADDON, manifest: { oauthScopes: [...ALL_TEST_SCOPES, DRIVE] } },
    {
      name: 'gateway',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: GW,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' } },
    },
    {
      name: 'private',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: PRIVATE,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'DOMAIN' } },
    },
    {
      name: 'as-user',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: ME,
      manifest: { webapp: { executeAs: 'USER_ACCESSING', access: 'ANYONE' } },
    },
    {
      name: 'no-post',
      code: 'function doGet() { return ContentService.createTextOutput("ok"); }',
      owner: 'svc@acme.test',
      webAppUrl: NODOPOST,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' } },
    },
  ]);
  world.addUser({ email: 'ana@acme.test', name: 'Ana', domain: 'acme.test' });
  world.addUser({ email: 'svc@acme.test', name: 'Service', domain: 'acme.test' });
  world.addUser({ email: 'eve@other.test', name: 'Eve', domain: 'other.test' });
  afterAll(() => runtime.close());
  afterEach(() => clearUrlFetchFaults(runtime));

  const run = async (fn: string, args: unknown[], user = 'ana@acme.test', project = 'addon') => {
    const r = await runtime.execute({ project, fn, args, user });
    if (!r.ok) throw new Error(`${fn} failed: ${r.error?.message}`);
    return r.value as any;
  };

  test('a POST runs doPost as the owner, nested under the caller, and returns its JSON output', async () => {
    const v = await run('json', [
      `${GW}?action=book&tag=a&tag=b`,
      { method: 'post', contentType: 'application/json', payload: JSON.stringify({ eventId: 'ev1' }) },
    ]);
    // Deployed "execute as me": the owner's authority; the anonymous caller is not revealed.
    expect(v.effective).toBe('svc@acme.test');
    expect(v.active).toBe('');
    expect(v.e).toEqual({
      queryString: 'action=book&tag=a&tag=b',
      contextPath: '',
      contentLength: 17,
      postData: { contents: '{"eventId":"ev1"}', length: 17, type: 'application/json', name: 'postData' },
      parameter: { action: 'book', tag: 'a' },
      parameters: { action: ['book'], tag: ['a', 'b'] },
    });
    const nested = runtime.history.find((h) => h.project === 'gateway' && h.fn === 'doPost');
    const parent = runtime.history.find((h) => h.execId === nested?.parentId);
    expect(parent?.project).toBe('addon');
  });

  test('form payloads (an object) arrive form-encoded and fill e.parameter', async () => {
    const v = await run('json', [GW, { method: 'post', payload: { name: 'Zoë & co', n: 2 } }]);
    expect(v.e.postData.type).toBe('application/x-www-form-urlencoded');
    expect(v.e.postData.contents).toBe('name=Zo%C3%AB+%26+co&n=2');
    expect(v.e.parameter).toEqual({ name: 'Zoë & co', n: '2' });
  });

  test('a GET runs doGet; pathInfo carries the path after /exec', async () => {
    const v = await run('call', [`${GW}?name=bo`]);
    expect(v.code).toBe(200);
    expect(v.text).toBe('hello bo');
    expect(v.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    const p = await run('json', [
      `${GW}/admin/usage`,
      { method: 'post', payload: '{}', contentType: 'application/json' },
    ]);
    expect(p.e.pathInfo).toBe('admin/usage');
  });

  test('ContentService output is served through a 302 to a one-off echo URL (followRedirects: false shows it)', async () => {
    const v = await run('call', [
      GW,
      { method: 'post', payload: '{}', contentType: 'application/json', followRedirects: false },
    ]);
    expect(v.code).toBe(302);
    const location = v.headers.Location as string;
    expect(location).toMatch(/^https:\/\/script\.googleusercontent\.com\/macros\/echo\?user_content_key=/);
    const echoed = await run('json', [location]);
    expect(echoed.effective).toBe('svc@acme.test');
  });

  test("a doPost that throws gives Google's HTML error page with status 200, not an exception", async () => {
    const v = await run('tryCall', [`${GW}?mode=throw`, { method: 'post', payload: '' }]);
    expect(v.error).toBeUndefined();
    expect(v.code).toBe(200);
    expect(v.headers['Content-Type']).toMatch(/^text\/html/);
    expect(v.text).toContain('<title>Error</title>');
    expect(v.text).toContain('Error: gateway exploded');
    // So the caller's JSON.parse is what fails.
    const r = await runtime.execute({
      project: 'addon',
      fn: 'json',
      args: [`${GW}?mode=throw`, { method: 'post', payload: '' }],
      user: 'ana@acme.test',
    });
    expect(r.ok).toBe(false);
    expect(r.error?.name).toBe('SyntaxError');
  });

  test('a project without doPost answers "Script function not found: doPost"; a non-output return says nothing was returned', async () => {
    const missing = await run('call', [NODOPOST, { method: 'post', payload: 'a=1' }]);
    expect(missing.code).toBe(200);
    expect(missing.text).toContain('Script function not found: doPost');
    expect(missing.text).not.toContain('Error: Script');
    const nothing = await run('call', [`${GW}?mode=nothing`, { method: 'post', payload: '' }]);
    expect(nothing.text).toContain('The script completed but did not return anything.');
  });

  test("an HTTP error throws Apps Script's exception with the host and at most 150 characters of the body", async () => {
    const body = `{"error":"${'x'.repeat(300)}"}`;
    setUrlFetchFault(runtime, GW, { kind: 'status', code: 500, body, contentType: 'application/json' });
    const v = await run('tryCall', [GW, { method: 'post', payload: '{}' }]);
    expect(v.name).toBe('Exception');
    expect(v.error).toBe(
      `Request failed for https://script.google.com returned code 500. Truncated server response: ${body.slice(0, 147)}... (use muteHttpExceptions option to examine full response)`,
    );
  });

  test('a short error body is quoted whole; muteHttpExceptions returns the response instead', async () => {
    setUrlFetchFault(runtime, GW, { kind: 'status', code: 404, body: '{"success":0}' });
    const thrown = await run('tryCall', [GW]);
    expect(thrown.error).toBe(
      'Request failed for https://script.google.com returned code 404. Truncated server response: {"success":0} (use muteHttpExceptions option to examine full response)',
    );
    setUrlFetchFault(runtime, GW, { kind: 'status', code: 503, body: 'busy' });
    const muted = await run('tryCall', [GW, { muteHttpExceptions: true }]);
    expect([muted.code, muted.text]).toEqual([503, 'busy']);
  });

  test('faults: garbage answers 200 with a body the caller cannot parse', async () => {
    setUrlFetchFault(runtime, GW, { kind: 'garbage' });
    const raw = await run('call', [GW, { method: 'post', payload: '{}' }]);
    expect(raw.code).toBe(200);
    expect(() => JSON.parse(raw.text)).toThrow();
  });

  test('faults: a timeout blocks for its time, then throws "Timeout: <url>"; `times` limits a fault', async () => {
    setUrlFetchFault(runtime, GW, { kind: 'timeout', afterMs: 300, times: 1 });
    const t0 = Date.now();
    const v = await run('tryCall', [`${GW}?x=1`, { method: 'post', payload: '{}' }]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(v.error).toBe(`Timeout: ${GW}?x=1`);
    // Applied once: the next call goes through.
    const ok = await run('call', [GW, { method: 'post', payload: '{}' }]);
    expect(ok.code).toBe(200);
  });

  test('faults: unreachable; unknown hosts give the DNS error; malformed URLs are invalid arguments', async () => {
    setUrlFetchFault(runtime, 'https://api.partner.test/', { kind: 'unreachable' });
    expect((await run('tryCall', ['https://api.partner.test/v1?k=1'])).error).toBe(
      'Address unavailable: https://api.partner.test/v1?k=1',
    );
    expect((await run('tryCall', ['https://nowhere.example/x'])).error).toBe('DNS error: https://nowhere.example/x');
    expect((await run('tryCall', ['not a url'])).error).toBe('Invalid argument: not a url');
    expect((await run('tryCall', ['ftp://files.example/x'])).error).toBe('Invalid argument: ftp://files.example/x');
  });

  test("web apps that require sign-in send an anonymous caller to Google's sign-in page", async () => {
    const v = await run('call', [PRIVATE, { method: 'post', payload: 'x=1', followRedirects: false }]);
    expect(v.code).toBe(302);
    expect(v.headers.Location).toMatch(/^https:\/\/accounts\.google\.com\/ServiceLogin\?/);
    const followed = await run('call', [PRIVATE, { method: 'post', payload: 'x=1' }]);
    expect(followed.code).toBe(200);
    expect(followed.text).toContain('Sign in');
    expect(runtime.history.some((h) => h.project === 'private')).toBe(false);
  });

  test("with the caller's OAuth token (Drive scope) a DOMAIN web app admits the same domain only", async () => {
    const noDrive = await run('withToken', [PRIVATE]);
    expect(noDrive.code).toBe(401);
    const same = await run('withToken', [PRIVATE], 'ana@acme.test', 'addon-drive');
    expect(same.code).toBe(200);
    expect(JSON.parse(same.text).effective).toBe('svc@acme.test');
    const other = await run('withToken', [PRIVATE], 'eve@other.test', 'addon-drive');
    expect(other.code).toBe(403);
  });

  test("a web app executing as the user accessing it runs with the caller's identity", async () => {
    const v = await run('withToken', [ME], 'ana@acme.test', 'addon-drive');
    const out = JSON.parse(v.text);
    expect([out.active, out.effective]).toEqual(['ana@acme.test', 'ana@acme.test']);
  });

  test("fetchAll runs every request; bytes come back as Java's signed bytes", async () => {
    const v = await run('all', [[`${GW}?name=a`, { url: `${GW}?name=b` }]]);
    expect(v).toEqual([
      [200, 'hello a'],
      [200, 'hello b'],
    ]);
    setUrlFetchFault(runtime, 'https://www.example.test/bin', {
      kind: 'status',
      code: 200,
      body: '\u00e9t\u00e9',
      contentType: 'text/plain; charset=utf-8',
    });
    const [head, type, text] = await run('bytes', ['https://www.example.test/bin']);
    expect(head).toEqual([-61, -87, 116, -61]);
    expect([type, text]).toEqual(['text/plain', 'été']);
  });

  test('getRequest shows what would be sent without sending it', async () => {
    const before = urlFetchLog(runtime).fetches;
    const v = await run('request', ['https://api.example.test/x', { method: 'post', payload: { a: 'b c' } }]);
    expect(v).toEqual({
      url: 'https://api.example.test/x',
      method: 'post',
      headers: {},
      followRedirects: true,
      validateHttpsCertificates: true,
      useIntranet: false,
      contentType: 'application/x-www-form-urlencoded',
      payload: 'a=b+c',
    });
    expect(urlFetchLog(runtime).fetches).toBe(before);
  });

  test('every fetch is counted and logged, with secrets redacted', async () => {
    const before = urlFetchLog(runtime).fetches;
    await run('tryCall', [
      `${GW}?id_token=SECRET&x=1`,
      { method: 'post', payload: '{}', headers: { Authorization: 'Bearer SECRET', 'X-Trace': 't1' } },
    ]);
    const log = urlFetchLog(runtime);
    expect(log.fetches).toBe(before + 1);
    const last = log.requests[log.requests.length - 1]!;
    expect(last).toMatchObject({
      project: 'addon',
      user: 'ana@acme.test',
      method: 'POST',
      url: `${GW}?id_token=[redacted]&x=1`,
      headers: { Authorization: '[redacted]', 'X-Trace': 't1' },
      status: 401,
    });
    expect(JSON.stringify(log)).not.toContain('SECRET');
  });
});

describe('UrlFetchApp: scope and the manifest allowlist', () => {
  const { runtime } = scriptRuntime([
    {
      name: 'listed',
      code: ADDON,
      manifest: {
        urlFetchWhitelist: [
          'https://script.google.com/macros/s/AKfyGateway/',
          'https://script.googleusercontent.com/',
          'https://*.partner.test/api/',
        ],
      },
    },
    // Lists the web app but not the host it answers through.
    { name: 'no-hop', code: ADDON, manifest: { urlFetchWhitelist: ['https://script.google.com/macros/s/'] } },
    {
      name: 'workspace',
      code: ADDON,
      manifest: { urlFetchWhitelist: ['https://script.google.com/a/macros/', 'https://script.googleusercontent.com/'] },
    },
    { name: 'no-scope', code: ADDON, manifest: { oauthScopes: ['openid'] } },
    {
      name: 'gateway',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: GW,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' } },
    },
  ]);
  afterAll(() => runtime.close());
  const call = async (project: string, url: string, params: Record<string, unknown> = {}) =>
    (await runtime.execute({ project, fn: 'tryCall', args: [url, params], user: 'ana@acme.test' })).value as any;

  test("without script.external_request the call is refused with Apps Script's permission message", async () => {
    expect((await call('no-scope', `${GW}?name=x`)).error).toBe(
      'You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request',
    );
  });

  test('an allowlisted prefix passes; anything else fails before leaving the script', async () => {
    expect((await call('listed', `${GW}?name=x`)).text).toBe('hello x');
    const refused = await call('listed', 'https://oauth2.googleapis.com/tokeninfo?id_token=x');
    expect(refused.error).toBe(
      'Request to https://oauth2.googleapis.com/tokeninfo?id_token=x failed because the URL has not been whitelisted in the script manifest.',
    );
    // The subdomain wildcard needs a subdomain; the bare domain is refused (and never resolved).
    expect((await call('listed', 'https://partner.test/api/v1')).error).toMatch(/not been whitelisted/);
    expect((await call('listed', 'https://eu.partner.test/api/v1')).error).toBe(
      'DNS error: https://eu.partner.test/api/v1',
    );
  });

  test("every redirect hop is checked: the web app's 302 to script.googleusercontent.com too", async () => {
    const hop =
      /^Request to https:\/\/script\.googleusercontent\.com\/\S+ failed because the URL has not been whitelisted/;
    expect((await call('no-hop', `${GW}?name=x`)).error).toMatch(hop);
    const post = { method: 'post', payload: '{}', contentType: 'application/json' };
    expect((await call('no-hop', GW, post)).error).toMatch(hop);
    // Not following the redirect, the first hop alone is allowed.
    expect((await call('no-hop', GW, { ...post, followRedirects: false })).code).toBe(302);
    expect((await call('listed', GW, post)).code).toBe(200);
  });

  test("a Workspace account's URL form (/a/macros/<owner's domain>/s/...) reaches the same web app", async () => {
    const workspaceUrl = 'https://script.google.com/a/macros/acme.test/s/AKfyGateway/exec';
    expect((await call('workspace', `${workspaceUrl}?name=x`)).text).toBe('hello x');
    // It is a different prefix: an allowlist of /macros/s/ alone refuses it.
    expect((await call('listed', `${workspaceUrl}?name=x`)).error).toMatch(/not been whitelisted/);
    // Another domain's path does not lead to this owner's web app.
    const other = await call('workspace', 'https://script.google.com/a/macros/other.test/s/AKfyGateway/exec', {
      muteHttpExceptions: true,
    });
    expect(other.code).toBe(404);
  });

  test('prefix rules: same URL or a child of it; paths case-sensitive; https only', () => {
    const ok = (url: string, prefixes: string[]) => isAllowlisted(new URL(url), prefixes);
    const foo = ['https://example.com/foo'];
    for (const u of [
      'https://example.com/foo',
      'https://example.com/foo/',
      'https://example.com/foo/bar',
      'https://example.com/foo?bar',
      'https://example.com/foo#bar',
    ])
      expect(ok(u, foo)).toBe(true);
    for (const u of [
      'https://example.com/foobar',
      'https://example.com/Foo',
      'http://example.com/foo',
      'https://www.example.com/foo',
    ])
      expect(ok(u, foo)).toBe(false);
    const wild = ['https://*.example.com/foo'];
    expect(ok('https://subdomain.example.com/foo', wild)).toBe(true);
    expect(ok('https://any.number.of.subdomains.example.com/foo', wild)).toBe(true);
    expect(ok('https://subdomain.example.com/bar', wild)).toBe(false);
    expect(ok('https://example.com/foo', wild)).toBe(false);
    // Prefixes Google would not accept in a manifest match nothing.
    expect(ok('https://example.com/x', ['https://example.com'])).toBe(false);
    expect(ok('https://example.com/x', ['http://example.com/'])).toBe(false);
    expect(ok('https://a.b.example.com/x', ['https://*.*.example.com/'])).toBe(false);
  });
});

describe("UrlFetchApp: a fetch that outlives the add-on's deadline", () => {
  const { runtime } = scriptRuntime(
    [
      { name: 'addon', code: ADDON },
      {
        name: 'gateway',
        code: GATEWAY,
        owner: 'svc@acme.test',
        webAppUrl: GW,
        manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' } },
      },
    ],
    { deadlineMs: 800 },
  );
  afterAll(() => runtime.close());

  test('the execution dies with "Exceeded maximum execution time" (UrlFetch would wait 60 s)', async () => {
    setUrlFetchFault(runtime, GW, { kind: 'timeout' });
    const t0 = Date.now();
    const r = await runtime.execute({
      project: 'addon',
      fn: 'tryCall',
      args: [GW, { method: 'post', payload: '{}' }],
      user: 'ana@acme.test',
    });
    expect(r.timedOut).toBe(true);
    expect(r.error?.message).toBe('Exceeded maximum execution time');
    // Killed at the runtime's deadline, not after UrlFetch's own 60 s (bound generous for busy machines).
    expect(Date.now() - t0).toBeLessThan(30_000);
    clearUrlFetchFaults(runtime);
    // The killed worker is gone: start two fresh ones (the add-on's and the web app's) outside the
    // 800 ms deadline, so a busy machine's thread start-up is not counted against the next fetch.
    await Promise.all(
      [1, 2].map(() => runtime.execute({ project: 'addon', fn: 'request', args: [GW], user: 'ana@acme.test' })),
    );
    const again = await runtime.execute({
      project: 'addon',
      fn: 'call',
      args: [`${GW}?name=z`],
      user: 'ana@acme.test',
    });
    expect((again.value as any).text).toBe('hello z');
  });
});
