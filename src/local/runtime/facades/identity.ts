// ScriptApp (identity parts), Session and ContentService (script side).
// Tokens come from the main thread (they are signed with the World's key and stamped with the World
// clock); Session and ContentService are answered in the worker from the execution's request.
import { createHash } from 'node:crypto';
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import { TO_JSON } from '../protocol';
import { counted } from './utilities';
import { triggerMethods } from './triggers';

/** ContentService.MimeType values and the Content-Type each is served with. */
const MIME_TYPES: Record<string, string> = {
  ATOM: 'application/atom+xml',
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  JAVASCRIPT: 'application/javascript',
  JSON: 'application/json',
  RSS: 'application/rss+xml',
  TEXT: 'text/plain',
  VCARD: 'text/vcard',
  XML: 'text/xml',
};

/** Apps Script's default when the manifest has no timeZone. */
const DEFAULT_TIME_ZONE = 'America/New_York';
/** getTemporaryActiveUserKey rotates every 30 days. */
const TEMP_KEY_PERIOD_MS = 30 * 86_400_000;

function enumOf(names: string[]): Readonly<Record<string, string>> {
  const o: Record<string, string> = {};
  for (const n of names) o[n] = n;
  return Object.freeze(o);
}

function makeTextOutput(ctx: FacadeContext, initial: string) {
  let content = initial;
  let mimeType = 'TEXT';
  let fileName: string | null = null;
  const out = {
    getContent: () => content,
    setContent(c: unknown) {
      content = String(c);
      return proxy;
    },
    append(c: unknown) {
      content += String(c);
      return proxy;
    },
    clear() {
      content = '';
      return proxy;
    },
    getMimeType: () => mimeType,
    setMimeType(m: unknown) {
      if (!MIME_TYPES[String(m)]) throw ctx.makeError('Invalid argument: mimeType');
      mimeType = String(m);
      return proxy;
    },
    downloadAsFile(name: unknown) {
      fileName = String(name);
      return proxy;
    },
    getFileName: () => fileName,
    toString: () => 'TextOutput',
    /** What a web app's doGet/doPost returned: the web-app front end serves this (backends/urlfetch.ts). */
    [TO_JSON]: () => ({
      $type: 'TextOutput',
      content,
      mimeType: MIME_TYPES[mimeType],
      ...(fileName ? { downloadAs: fileName } : {}),
    }),
  };
  const proxy = strict(ctx, 'TextOutput', counted(ctx, 'TextOutput', out));
  return proxy;
}

function makeUser(ctx: FacadeContext, email: string) {
  return strict(ctx, 'User', {
    getEmail: () => email,
    /** Deprecated in Apps Script, still answered: the part before the @. */
    getUsername: () => email.split('@')[0] ?? '',
    toString: () => email,
  });
}

/** A stable, opaque script id derived from the project name (real ids are 57 url-safe characters). */
function scriptIdFor(projectName: string): string {
  return `1${createHash('sha256').update(`script:${projectName}`).digest('base64url')}${createHash('sha256').update(projectName).digest('base64url')}`.slice(
    0,
    57,
  );
}

export const installScriptIdentity: FacadeInstaller = (ctx: FacadeContext) => {
  const scriptApp = {
    getIdentityToken: () => ctx.call<string | null>('ScriptApp.getIdentityToken'),
    getOAuthToken: () => ctx.call<string>('ScriptApp.getOAuthToken'),
    getScriptId: () => {
      ctx.count('ScriptApp.getScriptId');
      return scriptIdFor(ctx.project.name);
    },
    getService: () => {
      const { url } = ctx.call<{ url: string | null }>('ScriptApp.getService');
      return strict(ctx, 'Service', {
        getUrl: () => url,
        isEnabled: () => url !== null,
      });
    },
    AuthMode: enumOf(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']),
    ...triggerMethods(ctx),
  };

  const activeEmail = ctx.activeUserEmail;
  const session = counted(ctx, 'Session', {
    getActiveUser: () => makeUser(ctx, activeEmail),
    getEffectiveUser: () => makeUser(ctx, ctx.effectiveUser.email),
    getScriptTimeZone: () => ctx.manifest.timeZone ?? DEFAULT_TIME_ZONE,
    getTimeZone: () => ctx.manifest.timeZone ?? DEFAULT_TIME_ZONE,
    /** Java-style locale ("en", "en_GB"); empty when Google hides who the active user is. */
    getActiveUserLocale: () => {
      if (!activeEmail) return '';
      const locale = activeEmail === ctx.effectiveUser.email ? ctx.effectiveUser.locale : undefined;
      return (locale ?? 'en').replace(/-/g, '_');
    },
    /** Unique to (script, active user), opaque, and rotating every 30 days. */
    getTemporaryActiveUserKey: () => {
      const period = Math.floor(ctx.nowMs() / TEMP_KEY_PERIOD_MS);
      return createHash('sha256')
        .update(`${ctx.project.name}\u0000${activeEmail}\u0000${period}`)
        .digest('base64')
        .slice(0, 43);
    },
  });

  const contentService = counted(ctx, 'ContentService', {
    createTextOutput: (content?: unknown) =>
      makeTextOutput(ctx, content === undefined || content === null ? '' : String(content)),
    MimeType: enumOf(Object.keys(MIME_TYPES)),
  });

  return {
    ScriptApp: strict(ctx, 'ScriptApp', scriptApp),
    Session: strict(ctx, 'Session', session),
    ContentService: strict(ctx, 'ContentService', contentService),
  };
};
