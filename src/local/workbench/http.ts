/**
 * The workbench's HTTP side: a JSON API under /api/ and the single-page front end: the static files
 * from src/local/workbench/public/ and the script built from src/local/workbench/web/ (`npm run
 * build` writes build/local/workbench/public/app.js). Both are read on each request, so a rebuild
 * or a style edit shows on reload.
 *
 * Local-only hardening: the server listens on 127.0.0.1; requests must name a local Host (no DNS
 * rebinding) and every write must be a JSON request (no cross-site form posts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { FormValue } from '../cards';
import { handleAdminRoutes } from '../admin/workbench-routes';
import { parseRef } from './refs';
import { UserError, type EditorChanges, type PanelTarget, type Workbench } from './workbench';

const MAX_BODY = 1024 * 1024;

/** The folder holding `file`: src/local/workbench/public or build/local/workbench/public, from either tree. */
function frontEndDir(file: string): string {
  const candidates = [
    resolve(__dirname, 'public'),
    resolve(__dirname, '..', '..', '..', 'src', 'local', 'workbench', 'public'),
    resolve(__dirname, '..', '..', '..', 'build', 'local', 'workbench', 'public'),
    resolve(process.cwd(), 'src', 'local', 'workbench', 'public'),
    resolve(process.cwd(), 'build', 'local', 'workbench', 'public'),
  ];
  const found = candidates.find((c) => existsSync(join(c, file)));
  if (!found) throw new Error(`The workbench's front end is missing ${file} (run npm run build)`);
  return found;
}

/** The static files (index.html, style.css, logo.svg). */
export function publicDir(): string {
  return frontEndDir('index.html');
}

/** The browser script built from src/local/workbench/web. */
function scriptDir(): string {
  return frontEndDir('app.js');
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new UserError('Send JSON (content-type: application/json)', 415);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new UserError('Request too large', 413);
    chunks.push(chunk as Buffer);
  }
  if (!size) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Json;
  } catch {
    throw new UserError('The request body is not a JSON object');
  }
}

function formValues(v: unknown): Record<string, FormValue> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError('values must be an object');
  const out: Record<string, FormValue> = {};
  for (const [k, x] of Object.entries(v)) {
    if (
      x === null ||
      typeof x === 'string' ||
      (typeof x === 'number' && Number.isFinite(x)) ||
      (Array.isArray(x) && x.every((i) => typeof i === 'string'))
    )
      out[k] = x as FormValue;
    else throw new UserError(`values.${k} must be text, a number, a list of texts or null`);
  }
  return out;
}

function target(body: Json): PanelTarget {
  if (typeof body.draftId === 'string') return { draftId: body.draftId };
  if (typeof body.eventId === 'string') return { eventId: body.eventId };
  if (typeof body.messageId === 'string') return { messageId: body.messageId };
  return null;
}

function localHost(host: string | undefined): boolean {
  return !!host && /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host);
}

/**
 * The request target as a URL; null when it cannot be parsed (an absolute-form target such as
 * `http://127.0.0.1:99999/` with a bad port, for example): the client's error, answered 400.
 */
export function requestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** A path segment, decoded; a malformed %-escape (`%E0%A4%A`) is the client's error (400), never a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UserError('The path has a malformed %-escape.', 400);
  }
}

export function createHandler(getWorkbench: () => Workbench, opts: { onMutation?: () => void } = {}) {
  const handle = serve(getWorkbench, opts);
  // The last line of defence: whatever escapes is answered (or the connection dropped), and the
  // process lives on. A rejected promise here would end the whole workbench.
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await handle(req, res);
    } catch (err) {
      console.error(err);
      if (!res.headersSent) send(res, 500, { error: `Workbench error: ${(err as Error).message}` });
      else res.destroy();
    }
  };
}

function serve(getWorkbench: () => Workbench, opts: { onMutation?: () => void }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url);
    if (!url) {
      send(res, 400, { error: 'The request target could not be read.' });
      return;
    }
    const method = req.method ?? 'GET';
    if (!localHost(req.headers.host)) {
      send(res, 421, { error: 'The workbench answers on 127.0.0.1 / localhost only' });
      return;
    }
    // Admin routes (src/local/admin/workbench-routes.ts): the Sheets/Drive stand-in behind
    // `npm run admin -- ... --local URL`, and GET /api/sheet.xlsx (the usage Sheet as .xlsx).
    const admin = getWorkbench();
    if (
      handleAdminRoutes(req, res, {
        world: admin.world,
        sheetId: admin.meta.company.sheetId,
        onChange: () => {
          admin.save();
          opts.onMutation?.();
        },
      })
    )
      return;
    if (!url.pathname.startsWith('/api/')) {
      serveStatic(url.pathname, res, method);
      return;
    }
    const mutating = method !== 'GET' && method !== 'HEAD';
    const wb = getWorkbench();
    const body = /^\/api\/mail\/([^/]+)\/body$/.exec(url.pathname);
    if (body && method === 'GET') {
      serveMessageBody(wb, url, body[1]!, res);
      return;
    }
    try {
      // DELETE carries no body (and cannot be sent cross-site without a CORS preflight).
      const json = mutating && method !== 'DELETE' ? await readJson(req) : {};
      const result = await route(wb, method, url, json);
      send(res, 200, result ?? { ok: true });
    } catch (err) {
      if (err instanceof UserError) send(res, err.status, { error: err.message });
      else {
        console.error(err);
        send(res, 500, { error: `Workbench error: ${(err as Error).message}` });
      }
    } finally {
      // Even a refused request may have run add-on code that changed the World: save either way.
      if (mutating) {
        try {
          getWorkbench().save();
          opts.onMutation?.();
        } catch (err) {
          console.error(`Could not save the workbench data file: ${(err as Error).message}`);
        }
      }
    }
  };
}

/**
 * A message's HTML, for an <iframe sandbox> in the inbox. Its own CSP: no scripts, no plugins, no
 * forms, images over https only; links open in a new tab.
 */
function serveMessageBody(wb: Workbench, url: URL, rawId: string, res: ServerResponse): void {
  let html: string;
  try {
    const id = decodeSegment(rawId);
    html = wb.messageHtml(wb.person(url.searchParams.get('as')), id);
  } catch (err) {
    res.writeHead(err instanceof UserError ? err.status : 500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end((err as Error).message);
    return;
  }
  const page = `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"><style>body{font:14px/1.5 Roboto,Arial,sans-serif;color:#202124;margin:0;padding:4px 2px;word-wrap:break-word}a{color:#1a73e8}</style></head><body>${html}</body></html>`;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'self'",
  });
  res.end(page);
}

function serveStatic(path: string, res: ServerResponse, method: string): void {
  if (method !== 'GET' && method !== 'HEAD') {
    send(res, 405, { error: 'Method not allowed' });
    return;
  }
  const name = path === '/' ? 'index.html' : path.slice(1);
  const m = /^([a-z0-9-]+)\.(html|js|css|svg)$/.exec(name);
  const file = m ? join(m[2] === 'js' ? scriptDir() : publicDir(), name) : '';
  if (!m || !existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  const text = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[m[2]!]!,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    // Everything the page needs is same-origin; card images may come from anywhere over https.
    'content-security-policy':
      "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-src 'self' about:; object-src 'none'; base-uri 'none'",
  });
  res.end(method === 'HEAD' ? undefined : text);
}

async function route(wb: Workbench, method: string, url: URL, body: Json): Promise<unknown> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeSegment);
  const q = url.searchParams;
  const as = () => wb.person(q.get('as') ?? body.as);
  const [a, b, c] = parts;
  const key = `${method} ${a ?? ''}${b !== undefined ? '/:' : ''}${c !== undefined ? `/${c}` : ''}`;
  switch (key) {
    case 'GET bootstrap':
      return wb.bootstrap();
    case 'POST clock':
      return {
        clock: await wb.advanceClock({
          ms: body.ms,
          to: body.to,
          user: typeof body.as === 'string' ? wb.person(body.as) : undefined,
        }),
      };
    case 'POST reset':
      await wb.reset();
      return { ok: true };
    case 'GET calendar':
      return wb.week(as(), q.get('week') ?? undefined);
    case 'POST editor':
      return { editor: wb.newEditor(as(), body.start) };
    case 'GET editor/:':
      return { editor: wb.editor(b!) };
    case 'PATCH editor/:':
      return wb.updateEditor(
        b!,
        editorChanges(body.changes),
        typeof body.panelId === 'string' ? body.panelId : undefined,
      );
    case 'POST editor/:/save':
      return wb.saveEditor(b!);
    case 'POST editor/:/discard':
      wb.discard(b!);
      return { ok: true };
    case 'POST events/:/open':
      return wb.openEvent(as(), b!);
    case 'GET events/:':
      return { event: wb.event(as(), b!) };
    case 'POST events/:/delete':
      wb.deleteEvent(as(), b!);
      return { ok: true };
    case 'POST events/:/respond':
      return { event: wb.respond(as(), b!, body.response) };
    case 'GET mail':
      return { messages: wb.inbox(as()) };
    case 'GET mail/:':
      return { message: wb.message(as(), b!) };
    case 'GET sheet':
      return wb.sheet(as());
    case 'GET executions':
      return { executions: wb.executions(Number(q.get('after') ?? 0) || 0) };
    case 'POST panels': {
      const host = body.host === 'GMAIL' ? 'GMAIL' : body.host === 'CALENDAR' ? 'CALENDAR' : null;
      if (!host) throw new UserError('host must be CALENDAR or GMAIL');
      return wb.openPanel(as(), host, target(body));
    }
    case 'POST panels/:/action': {
      const ref = parseRef(body.ref);
      if (!ref) throw new UserError('Which widget? (ref)');
      return wb.panelAction(b!, body.rev, ref, formValues(body.values));
    }
    case 'POST panels/:/back':
      return wb.panelBack(b!, body.rev);
    case 'POST panels/:/universal':
      return wb.panelUniversal(b!, body.label);
    case 'POST panels/:/reload':
      return wb.panelReload(b!);
    case 'GET panels/:':
      return wb.panelState(b!);
    case 'DELETE panels/:':
      wb.closePanel(b!);
      return { ok: true };
    default:
      throw new UserError(`No such API: ${method} ${url.pathname}`, 404);
  }
}

function editorChanges(v: unknown): EditorChanges {
  if (typeof v !== 'object' || v === null) throw new UserError('changes must be an object');
  const c = v as Record<string, unknown>;
  const out: EditorChanges = {};
  for (const k of ['title', 'description', 'location', 'start', 'end'] as const) {
    if (c[k] === undefined) continue;
    if (typeof c[k] !== 'string') throw new UserError(`${k} must be text`);
    out[k] = c[k] as string;
  }
  if (c.guests !== undefined) {
    if (!Array.isArray(c.guests) || !c.guests.every((g) => typeof g === 'string'))
      throw new UserError('guests must be a list of emails');
    out.guests = c.guests as string[];
  }
  if (c.repeatsWeekly !== undefined) out.repeatsWeekly = c.repeatsWeekly === true;
  return out;
}
