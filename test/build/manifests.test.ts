// The two manifests as Google requires them, and the add-on's least-privilege scope list pinned with
// a reason per scope: changing a scope fails here until this list and its reason are updated.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECTS } from '../../src/local/deploy/config';

const root = resolve(__dirname, '../..');
const addon = JSON.parse(readFileSync(join(root, 'appsscript.json'), 'utf8'));
const gateway = JSON.parse(readFileSync(join(root, 'src/gateway/appsscript.json'), 'utf8'));

const ADDON_SCOPES: Record<string, string> = {
  'https://www.googleapis.com/auth/calendar.addons.execute': 'run as a Calendar add-on',
  'https://www.googleapis.com/auth/calendar.addons.current.event.read': 'see attendees and capabilities of the open event',
  'https://www.googleapis.com/auth/calendar.addons.current.event.write': 'add manager, coach and toolkit to an unsaved event',
  'https://www.googleapis.com/auth/calendar.events': 'read the event and write the agenda block, marker and attachments (Calendar API)',
  'https://www.googleapis.com/auth/calendar.freebusy': 'find a time: busy blocks (never event details) of coachee, manager and coach (Freebusy.query; the narrowest scope it accepts)',
  'https://www.googleapis.com/auth/calendar.calendars.readonly': "find a time: a colleague's calendar time zone, for their working hours (Calendars.get; narrowest scope it accepts)",
  'https://www.googleapis.com/auth/gmail.addons.execute': 'run as a Gmail add-on',
  'https://www.googleapis.com/auth/gmail.addons.current.message.readonly': 'read the open invitation email to find its event',
  'https://www.googleapis.com/auth/script.external_request': 'call the gateway web app',
  'https://www.googleapis.com/auth/script.locale': "the user's locale and time zone in the event object",
  openid: 'ScriptApp.getIdentityToken() proves who is calling the gateway',
  'https://www.googleapis.com/auth/userinfo.email': 'the identity token carries the verified email',
};

const GATEWAY_SCOPES: Record<string, string> = {
  'https://www.googleapis.com/auth/spreadsheets': 'the usage Sheet (the only code that opens it)',
  'https://www.googleapis.com/auth/script.external_request': "fetch Google's public keys (oauth2/v3/certs) to verify identity tokens",
  'https://www.googleapis.com/auth/script.scriptapp': "install and check the daily job's time-driven trigger",
  'https://www.googleapis.com/auth/script.send_mail': "the daily job's reminders (MailApp, from the service owner)",
};

/** Google's allowlist rules: https, a full host, a non-empty path; `*.` only as a leading subdomain wildcard. */
function validPrefix(p: string): boolean {
  return /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/.*$/i.test(p);
}

describe('add-on manifest (appsscript.json)', () => {
  test('pins the oauthScopes, each with its reason, and holds no Sheets or Drive scope', () => {
    expect([...addon.oauthScopes].sort()).toEqual(Object.keys(ADDON_SCOPES).sort());
    expect(addon.oauthScopes.some((s: string) => /spreadsheets|\/drive/.test(s))).toBe(false);
  });

  test('Calendar: triggers and READ_WRITE event access; the advanced Calendar service v3', () => {
    const cal = addon.addOns.calendar;
    expect(cal.eventOpenTrigger.runFunction).toBeTruthy();
    expect(cal.eventUpdateTrigger.runFunction).toBeTruthy();
    expect(cal.homepageTrigger.runFunction).toBeTruthy();
    expect(cal.currentEventAccess).toBe('READ_WRITE');
    expect(addon.dependencies.enabledAdvancedServices).toContainEqual({ userSymbol: 'Calendar', serviceId: 'calendar', version: 'v3' });
  });

  test('Gmail: an unconditional contextual trigger and a homepage', () => {
    expect(addon.addOns.gmail.contextualTriggers).toEqual([{ unconditional: {}, onTriggerFunction: expect.any(String) }]);
    expect(addon.addOns.gmail.homepageTrigger.runFunction).toBeTruthy();
  });

  test('common: name, logo, homepage, universal actions, link allowlist, locale from the host app', () => {
    const c = addon.addOns.common;
    expect(c.name).toBeTruthy();
    expect(c.logoUrl).toMatch(/^https:\/\//);
    expect(c.homepageTrigger.runFunction).toBeTruthy();
    expect(c.universalActions.length).toBeGreaterThan(0);
    expect(c.useLocaleFromApp).toBe(true);
    for (const p of c.openLinkUrlPrefixes) expect([p, validPrefix(p)]).toEqual([p, true]);
  });

  test('V8, Stackdriver logging, and a valid UrlFetch allowlist for the gateway', () => {
    expect(addon.runtimeVersion).toBe('V8');
    expect(addon.exceptionLogging).toBe('STACKDRIVER');
    // The gateway's web-app URL in both forms (consumer and Workspace `/a/macros/<domain>/s/`), and the
    // host a web app answers through: a POST to /exec gets a 302 to script.googleusercontent.com, which
    // UrlFetchApp follows; the runtime checks the allowlist on every hop (test/runtime/urlfetch.test.ts).
    expect(addon.urlFetchWhitelist).toEqual([
      'https://script.google.com/macros/s/',
      'https://script.google.com/a/macros/',
      'https://script.googleusercontent.com/',
      // The Calendar API over UrlFetch: the panel's reads sent together in one fetchAll (flows/facts.ts).
      'https://www.googleapis.com/calendar/v3/',
    ]);
    for (const p of addon.urlFetchWhitelist) expect(validPrefix(p)).toBe(true);
  });
});

describe('gateway manifest (src/gateway/appsscript.json)', () => {
  test('a web app that executes as the deploying user', () => {
    expect(gateway.webapp.executeAs).toBe('USER_DEPLOYING');
    expect(gateway.runtimeVersion).toBe('V8');
  });

  test('pins its oauthScopes, each with its reason', () => {
    expect([...gateway.oauthScopes].sort()).toEqual(Object.keys(GATEWAY_SCOPES).sort());
    for (const p of gateway.urlFetchWhitelist) expect(validPrefix(p)).toBe(true);
  });

  test('no add-on section: the gateway is not an add-on', () => {
    expect(gateway.addOns).toBeUndefined();
  });
});

describe('clasp files', () => {
  test('each project pushes from its own build folder; the clasp files are generated, never committed', () => {
    const byName = Object.fromEntries(PROJECTS.map((p) => [p.name, p]));
    expect(byName.addon).toMatchObject({ claspFile: '.clasp.json', rootDir: 'build/addon' });
    expect(byName.gateway).toMatchObject({ claspFile: '.clasp-gateway.json', rootDir: 'build/gateway' });
    const gitignore = readFileSync(join(root, '.gitignore'), 'utf8').split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['/.clasp.json', '/.clasp-gateway.json']));
    const ignore = readFileSync(join(root, '.claspignore'), 'utf8');
    expect(ignore).toMatch(/!Code\.js/);
    expect(ignore).toMatch(/!appsscript\.json/);
  });

  test('deploy.json names both projects; the gateway deploys as a web app run as its owner, open to anyone', () => {
    const config = JSON.parse(readFileSync(join(root, 'deploy.json'), 'utf8'));
    expect(Object.keys(config).sort()).toEqual(['addon', 'gateway']);
    for (const ids of Object.values(config) as object[]) {
      expect(Object.keys(ids).sort()).toEqual(['deploymentId', 'scriptId']);
    }
    // "Execute as: Me", "Who has access: Anyone": a deployment made through the API (clasp deploy) takes
    // them from the manifest (https://developers.google.com/apps-script/manifest/web-app-api-executable).
    expect(gateway.webapp).toEqual({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
  });
});
