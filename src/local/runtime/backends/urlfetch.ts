// UrlFetchApp over the local network of stand-ins. Nothing leaves the machine: a fetch reaches
//   - a registered project's web-app URL: a nested execution of its doGet/doPost (as its owner when
//     deployed "execute as me"), answered the way Google's web-app front end answers;
//   - Google's tokeninfo and certs endpoints (backends/identity.ts);
//   - anything else: the DNS error an unknown host gives.
// Client-side rules are enforced first, as Apps Script does: the script.external_request scope, then
// the manifest's urlFetchWhitelist. Tests and the workbench can inject faults per URL prefix
// (timeouts, 5xx, garbage) and read the log of recent requests.
import { escapeHtml } from '../../../core/html';
import { randomBytes } from 'node:crypto';
import type { LocalRuntime, RegisteredProject } from '../runtime';
import { ServiceError, requireScope, type CallContext, type HandlerMap } from '../service';
import { bearerToken, googleCerts, tokenInfo, verifyAccessToken, type EndpointResponse } from './identity';
import { calendarRest, isCalendarRest } from './calendar-rest';

// ---- Wire types (worker <-> main thread) ----

/** A request as the facade sends it: method upper-case, body as base64. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  contentType?: string;
  payloadBase64?: string;
  muteHttpExceptions: boolean;
  followRedirects: boolean;
}

export interface WireResponse {
  code: number;
  /** In the order the server sent them; a name may repeat. */
  headers: [string, string][];
  bodyBase64: string;
}

interface HttpResponse {
  code: number;
  headers: [string, string][];
  body: Buffer;
}

// ---- Faults and the request log (runtime-wide, not persisted) ----

export type UrlFetchFault =
  /** The server never answers: the fetch blocks `afterMs` (default 60 s, UrlFetch's own limit), then throws "Timeout: <url>". */
  (
    | { kind: 'timeout'; afterMs?: number }
    /**
     * The server answers this status (and body) instead of doing its job; with `lostAnswer` it does
     * its job first and the answer is lost on the way back (the caller sees only the status).
     */
    | { kind: 'status'; code: number; body?: string; contentType?: string; lostAnswer?: boolean }
    /** The server answers 200 with a body that is not what the caller expects. */
    | { kind: 'garbage'; body?: string; contentType?: string }
    /** The connection fails: "Address unavailable: <url>". */
    | { kind: 'unreachable' }
    /** The server is slow: wait `ms`, then answer normally. */
    | { kind: 'delay'; ms: number }
  ) & {
    /** Apply this many times, then the fault is gone (default: until cleared). */
    times?: number;
    /** Only requests whose body contains this text (e.g. one operation of a JSON API). */
    bodyIncludes?: string;
  };

export interface RecordedRequest {
  atMs: number;
  execId: string;
  project: string;
  /** The effective user of the fetching execution. */
  user: string;
  method: string;
  /** With id_token / access_token query values redacted. */
  url: string;
  /** With Authorization / Cookie values redacted. */
  headers: Record<string, string>;
  contentType?: string;
  payloadBytes: number;
  status?: number;
  error?: string;
  fault?: UrlFetchFault['kind'];
  /** The UrlFetchApp.fetchAll call the request was part of (its requests run at the same time). */
  batch?: number;
}

interface NetState {
  faults: { prefix: string; fault: UrlFetchFault; remaining: number }[];
  requests: RecordedRequest[];
  /** fetchAll calls so far (each one's requests share a batch number). */
  batches?: number;
  /** Content served by web apps, waiting at its script.googleusercontent.com echo URL. */
  echo: Map<string, HttpResponse>;
  fetches: number;
}

const nets = new WeakMap<LocalRuntime, NetState>();
const REQUEST_LOG_SIZE = 200;

function net(runtime: LocalRuntime): NetState {
  let n = nets.get(runtime);
  if (!n) {
    n = { faults: [], requests: [], echo: new Map(), fetches: 0 };
    nets.set(runtime, n);
  }
  return n;
}

/** Makes every fetch whose URL starts with `urlPrefix` fail this way (the latest fault for a prefix wins). */
export function setUrlFetchFault(runtime: LocalRuntime, urlPrefix: string, fault: UrlFetchFault): void {
  const n = net(runtime);
  n.faults = n.faults.filter((f) => f.prefix !== urlPrefix);
  n.faults.push({ prefix: urlPrefix, fault, remaining: fault.times ?? Infinity });
}

/** Removes the faults for one prefix, or all of them. */
export function clearUrlFetchFaults(runtime: LocalRuntime, urlPrefix?: string): void {
  const n = net(runtime);
  n.faults = urlPrefix === undefined ? [] : n.faults.filter((f) => f.prefix !== urlPrefix);
}

/** The most recent requests (oldest first) and the number of fetches since the runtime started. */
export function urlFetchLog(runtime: LocalRuntime): { fetches: number; requests: RecordedRequest[] } {
  const n = net(runtime);
  return { fetches: n.fetches, requests: [...n.requests] };
}

// ---- Handlers ----

const SCOPE = 'https://www.googleapis.com/auth/script.external_request';

export const urlFetchHandlers: HandlerMap = {
  'UrlFetchApp.fetch': async (ctx, req: WireRequest) => {
    requireScope(ctx, 'UrlFetchApp.fetch', [SCOPE]);
    return toWire(await fetchOne(ctx, req));
  },
  'UrlFetchApp.fetchAll': async (ctx, reqs: WireRequest[]) => {
    requireScope(ctx, 'UrlFetchApp.fetchAll', [SCOPE]);
    // Google runs the requests concurrently and answers in request order (Tanaike's measurements,
    // gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728); the first failure (in request order)
    // is what the script sees. The batch number lets the benchmark price them as parallel.
    const n = net(ctx.runtime);
    const batch = (n.batches = (n.batches ?? 0) + 1);
    const settled = await Promise.allSettled(reqs.map((r) => fetchOne(ctx, r, batch)));
    return settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return toWire(s.value);
    });
  },
};

function toWire(r: HttpResponse): WireResponse {
  return { code: r.code, headers: r.headers, bodyBase64: r.body.toString('base64') };
}

// ---- One fetch: validation, allowlist, faults, routing, redirects, Google's exceptions ----

async function fetchOne(ctx: CallContext, req: WireRequest, batch?: number): Promise<HttpResponse> {
  const n = net(ctx.runtime);
  n.fetches++;
  const record: RecordedRequest = {
    atMs: ctx.nowMs(),
    execId: ctx.exec.id,
    project: ctx.exec.project.name,
    user: ctx.exec.effectiveUser.email,
    method: req.method,
    url: redactUrl(req.url),
    headers: redactHeaders(req.headers),
    contentType: req.contentType,
    payloadBytes: req.payloadBase64 ? Buffer.from(req.payloadBase64, 'base64').length : 0,
  };
  if (batch !== undefined) record.batch = batch;
  n.requests.push(record);
  if (n.requests.length > REQUEST_LOG_SIZE) n.requests.splice(0, n.requests.length - REQUEST_LOG_SIZE);
  try {
    const url = parseUrl(req.url);
    const allowlist = ctx.exec.project.manifest.urlFetchWhitelist;
    checkAllowlist(url, allowlist);
    const fault = takeFault(n, req.url, req.payloadBase64);
    if (fault) record.fault = fault.kind;
    // The request reaches the server and is served; only then is its answer replaced.
    if (fault?.kind === 'status' && fault.lostAnswer) await followRedirects(ctx, url, req, allowlist);
    let res = fault ? await applyFault(ctx, fault, req.url) : undefined;
    if (!res) res = await followRedirects(ctx, url, req, allowlist);
    record.status = res.code;
    if (res.code >= 400 && !req.muteHttpExceptions) {
      throw new ServiceError(
        `Request failed for ${url.protocol}//${url.host} returned code ${res.code}. Truncated server response: ${truncate(res.body.toString('utf8'))} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return res;
  } catch (err) {
    record.error = (err as Error).message;
    throw err;
  }
}

/**
 * Google's allowlist page does not say whether redirect hops are checked, so the runtime checks every
 * hop (the stricter reading): a manifest that passes here also passes on Google, whichever is true.
 * https://developers.google.com/apps-script/manifest/allowlist-url
 */
function checkAllowlist(url: URL, allowlist: string[] | undefined): void {
  if (allowlist && !isAllowlisted(url, allowlist)) {
    throw new ServiceError(
      `Request to ${url.href} failed because the URL has not been whitelisted in the script manifest.`,
    );
  }
}

/** Apps Script quotes at most 150 characters of the body, the last three being "...". */
function truncate(text: string): string {
  return text.length > 150 ? `${text.slice(0, 147)}...` : text;
}

function parseUrl(raw: string): URL {
  // Java's URL parser refuses characters a browser would quietly escape.
  if (/[\s<>"{}|\\^`]/.test(raw)) throw new ServiceError(`Invalid argument: ${raw}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ServiceError(`Invalid argument: ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServiceError(`Invalid argument: ${raw}`);
  return url;
}

/**
 * Google's allowlist rules: each prefix is https with a full host (optionally `*.` for one or more
 * subdomain levels, never the bare domain) and a non-empty path; a URL matches when it equals the
 * prefix or is a child of it (next character `/`, `?` or `#`), paths compared case-sensitively.
 * Prefixes that break the rules cannot be saved in a real manifest; here they match nothing.
 */
export function isAllowlisted(url: URL, prefixes: string[]): boolean {
  if (url.protocol !== 'https:') return false;
  const host = url.host.toLowerCase();
  const rest = url.pathname + url.search + url.hash;
  return prefixes.some((prefix) => {
    const m = /^https:\/\/(\*\.)?([^/*?#]+)(\/[^*]*)$/.exec(prefix);
    if (!m) return false;
    const [, wildcard, prefixHost, path] = m as unknown as [string, string | undefined, string, string];
    const ph = prefixHost.toLowerCase();
    const hostOk = wildcard ? host.endsWith(`.${ph}`) : host === ph;
    if (!hostOk) return false;
    if (rest === path) return true;
    if (!rest.startsWith(path)) return false;
    return path.endsWith('/') || ['/', '?', '#'].includes(rest.charAt(path.length));
  });
}

function takeFault(n: NetState, url: string, payloadBase64?: string): UrlFetchFault | undefined {
  const body = () => (payloadBase64 ? Buffer.from(payloadBase64, 'base64').toString('utf8') : '');
  // The longest matching prefix is the most specific fault.
  const hit = n.faults
    .filter((f) => url.startsWith(f.prefix))
    .filter((f) => f.fault.bodyIncludes === undefined || body().includes(f.fault.bodyIncludes))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!hit) return undefined;
  hit.remaining--;
  if (hit.remaining <= 0) n.faults = n.faults.filter((f) => f !== hit);
  return hit.fault;
}

/** Returns the faulty response, or undefined to carry on normally (after a delay). */
async function applyFault(ctx: CallContext, fault: UrlFetchFault, url: string): Promise<HttpResponse | undefined> {
  switch (fault.kind) {
    case 'timeout':
      await waitUnlessFinished(ctx, fault.afterMs ?? 60_000);
      throw new ServiceError(`Timeout: ${url}`);
    case 'unreachable':
      throw new ServiceError(`Address unavailable: ${url}`);
    case 'status':
      return response(ctx, fault.code, fault.body ?? '', fault.contentType ?? 'text/html; charset=utf-8');
    case 'garbage':
      return response(
        ctx,
        200,
        fault.body ?? '<html><body>\u0000\ufffd{"ok":tru',
        fault.contentType ?? 'text/html; charset=utf-8',
      );
    case 'delay':
      await waitUnlessFinished(ctx, fault.ms);
      return undefined;
  }
}

/** Sleeps on the main thread without keeping Node alive, and gives up once the execution has died. */
function waitUnlessFinished(ctx: CallContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const poll = setInterval(() => ctx.exec.finished && done(), 25);
    timer.unref();
    poll.unref();
  });
}

const MAX_REDIRECTS = 10;

async function followRedirects(
  ctx: CallContext,
  first: URL,
  req: WireRequest,
  allowlist: string[] | undefined,
): Promise<HttpResponse> {
  let url = first;
  let method = req.method;
  let body = req.payloadBase64 ? Buffer.from(req.payloadBase64, 'base64') : Buffer.alloc(0);
  let contentType = req.contentType;
  for (let hop = 0; ; hop++) {
    const res = await route(ctx, url, method, req.headers, contentType, body);
    const location = header(res, 'Location');
    if (!req.followRedirects || ![301, 302, 303, 307, 308].includes(res.code) || !location) return res;
    if (hop >= MAX_REDIRECTS) throw new ServiceError(`Too many redirects: ${first.href}`);
    url = new URL(location, url);
    checkAllowlist(url, allowlist);
    if (res.code !== 307 && res.code !== 308) {
      // Like browsers, a 301/302/303 turns into a GET without a body.
      method = 'GET';
      body = Buffer.alloc(0);
      contentType = undefined;
    }
  }
}

// ---- The local network ----

const GOOGLE_HOSTS = new Set([
  'script.google.com',
  'script.googleusercontent.com',
  'oauth2.googleapis.com',
  'www.googleapis.com',
  'accounts.google.com',
]);
const ECHO_PATH = '/macros/echo';

async function route(
  ctx: CallContext,
  url: URL,
  method: string,
  headers: Record<string, string>,
  contentType: string | undefined,
  body: Buffer,
): Promise<HttpResponse> {
  const webApp = findWebApp(ctx, url);
  if (webApp) return serveWebApp(ctx, webApp.project, webApp.pathInfo, url, method, headers, contentType, body);
  const host = url.host.toLowerCase();
  if (url.protocol === 'https:' && GOOGLE_HOSTS.has(host)) {
    if (host === 'script.googleusercontent.com' && url.pathname === ECHO_PATH) {
      const key = url.searchParams.get('user_content_key') ?? '';
      const stored = net(ctx.runtime).echo.get(key);
      if (stored && method === 'GET') return { ...stored, headers: [...stored.headers, ['Date', httpDate(ctx)]] };
    }
    if (
      (host === 'oauth2.googleapis.com' && url.pathname === '/tokeninfo') ||
      (host === 'www.googleapis.com' && url.pathname === '/oauth2/v3/tokeninfo')
    ) {
      const params = new URLSearchParams(url.search);
      if (method === 'POST' && isForm(contentType))
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
      return jsonResponse(
        ctx,
        tokenInfo(
          ctx.world,
          { id_token: params.get('id_token') ?? undefined, access_token: params.get('access_token') ?? undefined },
          ctx.nowMs(),
        ),
      );
    }
    if (isCalendarRest(host, url.pathname)) return jsonResponse(ctx, await calendarRest(ctx, url, method, headers));
    if (host === 'www.googleapis.com' && url.pathname === '/oauth2/v3/certs')
      return jsonResponse(ctx, googleCerts(ctx.world, ctx.nowMs()));
    if (host === 'accounts.google.com' && url.pathname === '/ServiceLogin')
      return htmlPage(ctx, 200, 'Sign in - Google Accounts', 'Sign in to continue to Google Apps Script');
    return htmlPage(
      ctx,
      404,
      'Error 404 (Not Found)',
      `404. That's an error. The requested URL ${url.pathname} was not found on this server.`,
    );
  }
  // No other host exists on the local network.
  throw new ServiceError(`DNS error: ${url.href}`);
}

/** `/a/macros/<domain>/s/<id>/...`: a Workspace account's form of a web-app URL (its owner's domain). */
const WORKSPACE_FORM = /^\/a\/macros\/([^/]+)(\/s\/.*)$/;

function findWebApp(ctx: CallContext, url: URL): { project: RegisteredProject; pathInfo?: string } | undefined {
  const workspace = url.host.toLowerCase() === 'script.google.com' ? WORKSPACE_FORM.exec(url.pathname) : null;
  const path = workspace ? `/macros${workspace[2]}` : url.pathname;
  const base = `${url.protocol}//${url.host}${path}`;
  for (const project of ctx.runtime.projects.values()) {
    const w = project.webAppUrl;
    if (!w) continue;
    if (workspace && ownerDomain(ctx, project) !== decodeURIComponent(workspace[1]!).toLowerCase()) continue;
    if (base === w) return { project };
    if (base.startsWith(`${w}/`)) return { project, pathInfo: decodeURIComponent(base.slice(w.length + 1)) };
  }
  return undefined;
}

function ownerDomain(ctx: CallContext, project: RegisteredProject): string {
  const owner = project.owner ?? '';
  return (ctx.world.userOrGuest(owner).domain ?? owner.split('@')[1] ?? '').toLowerCase();
}

/**
 * What Google's web-app front end does with a request: sign-in and access checks, then a nested
 * execution of doGet/doPost. ContentService output is served through a 302 to a one-off
 * script.googleusercontent.com URL (UrlFetchApp follows it by default); failures come back as HTML
 * pages with status 200, since a web app cannot choose its status code.
 */
async function serveWebApp(
  ctx: CallContext,
  project: RegisteredProject,
  pathInfo: string | undefined,
  url: URL,
  method: string,
  headers: Record<string, string>,
  contentType: string | undefined,
  body: Buffer,
): Promise<HttpResponse> {
  // A real deployment always has both settings; Google's defaults are "Me" and "Only myself".
  const executeAs = project.manifest.webapp?.executeAs ?? 'USER_DEPLOYING';
  const access = project.manifest.webapp?.access ?? 'MYSELF';
  if (method !== 'GET' && method !== 'POST')
    return htmlPage(
      ctx,
      405,
      'Error 405 (Method Not Allowed)',
      `405. That's an error. The request method ${method} is inappropriate for the URL ${url.pathname}.`,
    );

  // Who is calling: only an OAuth token in the Authorization header identifies the caller.
  const bearer = bearerToken(headers);
  const caller = bearer ? verifyAccessToken(ctx.world, bearer, ctx.nowMs()) : undefined;
  if (bearer && !caller) return htmlPage(ctx, 401, 'Unauthorized', 'Unauthorized');
  const needsSignIn = access !== 'ANYONE_ANONYMOUS' || executeAs === 'USER_ACCESSING';
  if (needsSignIn) {
    if (!caller) return signInRedirect(ctx, url);
    // Google only accepts a script's token for a web app when it carries a Drive scope (PLATFORM.md).
    if (!caller.scopes.some((s) => /^https:\/\/www\.googleapis\.com\/auth\/drive(\.readonly)?$/.test(s)))
      return htmlPage(ctx, 401, 'Unauthorized', 'Unauthorized');
    const owner = project.owner ? ctx.world.userOrGuest(project.owner) : undefined;
    const who = ctx.world.userOrGuest(caller.email);
    const allowed =
      access === 'ANYONE' ||
      access === 'ANYONE_ANONYMOUS' ||
      (access === 'DOMAIN' && !!owner?.domain && who.domain === owner.domain) ||
      (access === 'MYSELF' && owner?.email === who.email);
    if (!allowed)
      return htmlPage(
        ctx,
        403,
        'Google Drive - You need access',
        'You need access. Ask for access, or switch to an account with access.',
      );
  }

  const fn = method === 'POST' ? 'doPost' : 'doGet';
  const result = await ctx.runtime.execute({
    project: project.name,
    fn,
    args: [webAppEvent(url, pathInfo, method, contentType, body)],
    user: caller?.email ?? ctx.exec.effectiveUser.email,
    runAsOwner: executeAs === 'USER_DEPLOYING',
    parentId: ctx.exec.id,
  });
  if (!result.ok) {
    const e = result.error ?? { name: 'Error', message: 'Unknown error' };
    // "Script function not found" is shown bare; script exceptions as "<name>: <message>".
    const text = e.message === `Script function not found: ${fn}` ? e.message : `${e.name}: ${e.message}`;
    return htmlPage(ctx, 200, 'Error', text);
  }
  const out = result.value as { $type?: string; content?: string; mimeType?: string; downloadAs?: string } | null;
  if (!out || out.$type !== 'TextOutput')
    return htmlPage(ctx, 200, 'Apps Script', 'The script completed but did not return anything.');

  const echoHeaders: [string, string][] = [
    ['Content-Type', `${out.mimeType ?? 'text/plain'}; charset=utf-8`],
    ['Cache-Control', 'no-cache, no-store, max-age=0, must-revalidate'],
    ['X-Content-Type-Options', 'nosniff'],
  ];
  if (out.downloadAs) echoHeaders.push(['Content-Disposition', `attachment; filename="${out.downloadAs}"`]);
  const key = randomBytes(24).toString('base64url');
  const echo = net(ctx.runtime).echo;
  echo.set(key, { code: 200, headers: echoHeaders, body: Buffer.from(out.content ?? '', 'utf8') });
  // Bounded: content nobody picks up is dropped oldest first.
  while (echo.size > 500) echo.delete(echo.keys().next().value as string);
  const location = `https://script.googleusercontent.com${ECHO_PATH}?user_content_key=${key}&lib=${encodeURIComponent(project.name)}`;
  return movedTemporarily(ctx, location);
}

/** The `e` of doGet/doPost, as Google builds it. */
function webAppEvent(
  url: URL,
  pathInfo: string | undefined,
  method: string,
  contentType: string | undefined,
  body: Buffer,
): Record<string, unknown> {
  const pairs: [string, string][] = [...new URLSearchParams(url.search)];
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const e: Record<string, unknown> = { queryString: url.search.replace(/^\?/, ''), contextPath: '', contentLength: -1 };
  if (method === 'POST') {
    const contents = body.toString('utf8');
    // Form posts also fill e.parameter(s); other bodies only arrive in e.postData.
    if (mime === 'application/x-www-form-urlencoded') pairs.push(...new URLSearchParams(contents));
    e.contentLength = body.length;
    e.postData = { contents, length: body.length, type: mime || 'application/octet-stream', name: 'postData' };
  }
  const parameter: Record<string, string> = {};
  const parameters: Record<string, string[]> = {};
  for (const [k, v] of pairs) {
    if (!(k in parameter)) parameter[k] = v;
    (parameters[k] ??= []).push(v);
  }
  e.parameter = parameter;
  e.parameters = parameters;
  if (pathInfo) e.pathInfo = pathInfo;
  return e;
}

function signInRedirect(ctx: CallContext, url: URL): HttpResponse {
  return movedTemporarily(
    ctx,
    `https://accounts.google.com/ServiceLogin?passive=1209600&continue=${encodeURIComponent(url.href)}&followup=${encodeURIComponent(url.href)}`,
  );
}

function movedTemporarily(ctx: CallContext, location: string): HttpResponse {
  const body = `<HTML><HEAD><TITLE>Moved Temporarily</TITLE></HEAD><BODY>The document has moved <A HREF="${escapeHtml(location)}">here</A>.</BODY></HTML>`;
  return {
    code: 302,
    headers: [
      ['Content-Type', 'text/html; charset=UTF-8'],
      ['Location', location],
      ['Date', httpDate(ctx)],
    ],
    body: Buffer.from(body),
  };
}

// ---- Small HTTP helpers ----

function response(ctx: CallContext, code: number, body: string, contentType: string): HttpResponse {
  return {
    code,
    headers: [
      ['Content-Type', contentType],
      ['Date', httpDate(ctx)],
    ],
    body: Buffer.from(body, 'utf8'),
  };
}

function jsonResponse(ctx: CallContext, r: EndpointResponse): HttpResponse {
  // Google's endpoints pretty-print with two spaces.
  const res = response(ctx, r.status, `${JSON.stringify(r.json, null, 2)}\n`, 'application/json; charset=UTF-8');
  res.headers.push(...(r.headers ?? []));
  return res;
}

function htmlPage(ctx: CallContext, code: number, title: string, message: string): HttpResponse {
  const html =
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:20px"><div><img alt="Google Apps Script" src="//ssl.gstatic.com/docs/script/images/logo.png"></div>` +
    `<div style="text-align:center;font-family:monospace;margin:50px auto 0;max-width:600px">${escapeHtml(message)}</div></body></html>`;
  return response(ctx, code, html, 'text/html; charset=utf-8');
}

function header(res: HttpResponse, name: string): string | undefined {
  return res.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function httpDate(ctx: CallContext): string {
  return new Date(ctx.nowMs()).toUTCString();
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
const SECRET_PARAMS = new Set(['id_token', 'access_token', 'token', 'key']);

function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v;
  return out;
}

function redactUrl(raw: string): string {
  const q = raw.indexOf('?');
  if (q < 0) return raw;
  const [query, hash = ''] = raw.slice(q + 1).split('#') as [string, string?];
  const parts = query.split('&').map((p) => {
    const name = decodeURIComponentSafe(p.split('=')[0] ?? '');
    return SECRET_PARAMS.has(name) ? `${p.split('=')[0]}=[redacted]` : p;
  });
  return `${raw.slice(0, q)}?${parts.join('&')}${hash ? `#${hash}` : ''}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
