// The workbench's HTTP API over the BUILT bundles (in process): the demo company and its history,
// the whole coachee story through the API, persistence across restarts and --reset, a rebuilt
// Code.js and manifest picked up without a restart, a crashing add-on shown (never a blank panel),
// and the local-only hardening.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWorkbench, type RunningWorkbench } from '../../src/local/workbench/server';
import { readLedger } from '../../src/local/host/company';
import { getCopy } from '../../src/local/runtime/backends/calendar';
import { BLOCK_START, SHARED_MARKER_KEY } from '../../src/core/description';
import type { CardJson } from '../../src/local/cards';

const BUILD = resolve(__dirname, '..', '..', 'build');

type Json = Record<string, any>;

function client(wb: RunningWorkbench) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${wb.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = { text };
    }
    return { status: res.status, json };
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await call(method, path, body);
    if (r.status !== 200) throw new Error(`${method} ${path} -> ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json;
  };
  return { call, ok };
}

/** Every widget reference of one kind on a card, with the button label, for pressing by label. */
function buttonRef(card: CardJson, label: string): Json {
  for (const [s, sec] of card.sections.entries()) {
    for (const [w, widget] of sec.widgets.entries()) {
      const i = widget.buttonList?.buttons.findIndex((b) => b.text === label) ?? -1;
      if (i >= 0) return { kind: 'listButton', section: s, widget: w, index: i };
    }
  }
  throw new Error(`No button "${label}" on the card`);
}

function cardText(card: CardJson | null): string {
  return JSON.stringify(card ?? {});
}

const tmpDirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'ccm-wb-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('workbench: the demo company and the whole story over HTTP', () => {
  let wb: RunningWorkbench;
  let api: ReturnType<typeof client>;
  let dataFile: string;

  beforeAll(async () => {
    dataFile = join(tmp(), 'world.json');
    wb = await startWorkbench({ port: 0, dataFile });
    api = client(wb);
  });
  afterAll(() => wb.close());

  test('seeds a company with every kind of person, listens on 127.0.0.1 and saves the data file', async () => {
    expect(wb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(wb.workbench.origin).toBe('seeded');
    expect(existsSync(dataFile)).toBe(true);
    const boot = await api.ok('GET', '/api/bootstrap');
    const people = boot.people as { email: string; roles: string[]; external: boolean; about: string }[];
    const coachees = people.filter((p) => p.roles.includes('coachee'));
    expect(coachees.length).toBeGreaterThanOrEqual(3);
    expect(coachees.map((c) => c.about).join(' ')).toMatch(/Quarterly program/);
    expect(coachees.map((c) => c.about).join(' ')).toMatch(/Six-month program/);
    expect(people.some((p) => p.roles.includes('manager'))).toBe(true);
    expect(people.some((p) => p.roles.includes('coach') && p.external)).toBe(true);
    expect(people.some((p) => p.roles.includes('admin'))).toBe(true);
    expect(boot.clock.iso).toBe('2026-04-13T08:00:00.000Z');
    expect(boot.addon.universalActions).toContain('Manager toolkit');
  });

  test('the past meetings were booked through the add-on: every Ledger row matches a real CCM event', () => {
    const world = wb.workbench.world;
    const rows = readLedger(world, wb.workbench.meta.company.sheetId);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.status).toBe('confirmed');
      const ev = getCopy(world, r.coachee, r.eventId) as Json | undefined;
      expect(ev).toBeDefined();
      expect(ev!.description).toContain(BLOCK_START);
      expect(ev!.extendedProperties.shared[SHARED_MARKER_KEY]).toBeDefined();
      expect(Date.parse(ev!.start.dateTime)).toBe(Date.parse(r.start));
      // The manager and the coach have the event too (they were invited by the add-on's button).
      expect(getCopy(world, r.manager, r.eventId)).toBeDefined();
      expect(getCopy(world, r.coach, r.eventId)).toBeDefined();
    }
  });

  test("the week view lists a person's events in their own zone, CCM meetings marked", async () => {
    const week = await api.ok('GET', '/api/calendar?as=chloe@lumen.test');
    expect(week.weekStart).toBe('2026-04-13');
    expect(week.days.map((d: Json) => d.date)).toEqual([
      '2026-04-13',
      '2026-04-14',
      '2026-04-15',
      '2026-04-16',
      '2026-04-17',
      '2026-04-18',
      '2026-04-19',
    ]);
    const ccm = week.events.find((e: Json) => e.ccm);
    expect(ccm).toMatchObject({ isOrganizer: true, segments: [{ day: 3, from: 14 * 60, to: 15 * 60 }] });
    expect(week.now).toEqual({ day: 0, minute: 9 * 60 });
    const next = await api.ok('GET', `/api/calendar?as=chloe@lumen.test&week=${week.nextWeek}`);
    expect(next.weekStart).toBe('2026-04-20');
  });

  test('a coachee books a meeting: editor, panel, add people, save, confirm; the editor shows what the add-on wrote', async () => {
    const as = 'ben@lumen.test';
    const { editor } = await api.ok('POST', '/api/editor', { as, start: '2026-04-21T10:00' });
    expect(editor).toMatchObject({ start: '2026-04-21T10:00', end: '2026-04-21T11:00', guests: [] });
    await api.ok('PATCH', `/api/editor/${editor.draftId}`, { changes: { title: 'Ben, Mo and Dev' } });
    const opened = await api.ok('POST', '/api/panels', { as, host: 'CALENDAR', draftId: editor.draftId });
    const panel = opened.panel;
    expect(panel.crash).toBeNull();
    const add = await api.ok('POST', `/api/panels/${panel.id}/action`, {
      rev: panel.rev,
      ref: buttonRef(panel.card, 'Add manager, coach and toolkit'),
      values: {},
    });
    expect(add.editor.guests.map((g: Json) => g.email)).toEqual(['ben@lumen.test', 'mo@lumen.test', 'dev@lumen.test']);
    expect(add.editor.attachments).toHaveLength(1);
    const saved = await api.ok('POST', `/api/editor/${editor.draftId}/save`, {});
    expect(saved.weekStart).toBe('2026-04-20');

    const open = await api.ok('POST', `/api/events/${saved.eventId}/open`, { as });
    expect(open.editor.eventId).toBe(saved.eventId);
    const p2 = (await api.ok('POST', '/api/panels', { as, host: 'CALENDAR', draftId: open.editor.draftId })).panel;
    const confirm = await api.ok('POST', `/api/panels/${p2.id}/action`, {
      rev: p2.rev,
      ref: buttonRef(p2.card, 'Confirm alignment meeting'),
      values: { goal: 'Own the onboarding metrics', agenda: 'Goal\nSupport', coachRole: ['facilitate'] },
    });
    expect(confirm.panel.notification).toMatch(/^Confirmed/);
    expect(confirm.editor.description).toContain('Own the onboarding metrics');
    expect(confirm.editor.description).toContain(BLOCK_START);

    // A click on the card as it was before is refused: the card changed.
    const stale = await api.call('POST', `/api/panels/${p2.id}/action`, {
      rev: p2.rev,
      ref: buttonRef(p2.card, 'Confirm alignment meeting'),
      values: {},
    });
    expect(stale.status).toBe(409);

    // The manager's inbox has the invitation; its Gmail panel shows the plan.
    const { messages } = await api.ok('GET', '/api/mail?as=mo@lumen.test');
    const invitation = messages.find((m: Json) => m.invitation && m.subject.startsWith('Invitation: Ben, Mo and Dev'));
    expect(invitation).toBeDefined();
    const gmail = (
      await api.ok('POST', '/api/panels', { as: 'mo@lumen.test', host: 'GMAIL', messageId: invitation.id })
    ).panel;
    expect(cardText(gmail.card)).toContain('Own the onboarding metrics');
    const body = await fetch(`${wb.url}/api/mail/${invitation.id}/body?as=mo%40lumen.test`);
    expect(body.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await body.text()).toContain('Ben, Mo and Dev');

    // The admin's Sheet has the booking; a coachee cannot open the Sheet at all.
    const sheet = await api.ok('GET', '/api/sheet?as=hana@lumen.test');
    const ledger = sheet.tabs.find((t: Json) => t.name === 'Ledger');
    expect(ledger.rows.some((r: string[]) => r.includes('ben@lumen.test') && r.includes('confirmed'))).toBe(true);
    const denied = await api.ok('GET', '/api/sheet?as=ben@lumen.test');
    expect(denied).toMatchObject({ access: null, tabs: [] });

    // Every run is listed for the developer panel, nested gateway calls under their parent.
    const { executions } = await api.ok('GET', '/api/executions');
    const confirmRun = executions.filter((x: Json) => x.fn === 'onConfirmMeeting').pop();
    expect(confirmRun).toMatchObject({ ok: true, user: as, cause: `${as}: pressed “Confirm alignment meeting”` });
    expect(confirmRun.serviceCalls).toBeGreaterThan(0);
    expect(
      executions.some((x: Json) => x.parentId === confirmRun.execId && x.project === 'gateway' && x.cellsWritten > 0),
    ).toBe(true);
  });

  test("an ordinary message opens with the contextual card; a pushed card goes back with the host's back arrow", async () => {
    const as = 'ana@lumen.test';
    const { messages } = await api.ok('GET', `/api/mail?as=${as}`);
    const welcome = messages.find((m: Json) => m.subject === 'Welcome to the Lumen coaching program');
    expect(welcome).toMatchObject({ unread: true, invitation: false, from: 'Hana Sato' });
    const { message } = await api.ok('GET', `/api/mail/${welcome.id}?as=${as}`);
    expect(message).toMatchObject({ kind: 'plain', event: null });
    const gmail = (await api.ok('POST', '/api/panels', { as, host: 'GMAIL', messageId: welcome.id })).panel;
    expect(gmail.crash).toBeNull();
    expect(gmail.card).not.toBeNull();
    // Opening it in Gmail marked it read.
    expect((await api.ok('GET', `/api/mail?as=${as}`)).messages.find((m: Json) => m.id === welcome.id).unread).toBe(
      false,
    );
    // Someone else's message is not there for her.
    const other = (await api.ok('GET', '/api/mail?as=mo@lumen.test')).messages[0];
    expect((await api.call('GET', `/api/mail/${other.id}?as=${as}`)).status).toBe(404);
    expect((await api.call('POST', '/api/panels', { as, host: 'GMAIL', messageId: other.id })).status).toBe(404);

    const home = (await api.ok('POST', '/api/panels', { as, host: 'CALENDAR' })).panel;
    expect(home.depth).toBe(1);
    const pushed = (
      await api.ok('POST', `/api/panels/${home.id}/action`, {
        rev: home.rev,
        ref: buttonRef(home.card, 'What the meeting is for'),
        values: {},
      })
    ).panel;
    expect(pushed.depth).toBe(2);
    expect(pushed.card.header.title).not.toBe(home.card.header.title);
    const back = (await api.ok('POST', `/api/panels/${home.id}/back`, { rev: pushed.rev })).panel;
    expect(back.depth).toBe(1);
    expect(back.card).toEqual(home.card);
    const menu = (await api.ok('POST', `/api/panels/${home.id}/universal`, { label: 'About CCM meetings' })).panel;
    expect(menu.crash).toBeNull();
    expect((await api.call('POST', `/api/panels/${home.id}/universal`, { label: 'Not a menu item' })).status).toBe(400);
  });

  test('the clock only moves forward', async () => {
    const r = await api.ok('POST', '/api/clock', { ms: 86_400_000 });
    expect(r.clock.iso).toBe('2026-04-14T08:00:00.000Z');
    const back = await api.call('POST', '/api/clock', { to: '2026-04-01T09:00', as: 'ana@lumen.test' });
    expect(back.status).toBe(400);
    const jump = await api.ok('POST', '/api/clock', { to: '2026-04-15T09:00', as: 'ana@lumen.test' });
    expect(jump.clock.iso).toBe('2026-04-15T08:00:00.000Z');
  });

  test('answers on local host names only, takes writes as JSON only, serves the front end with a CSP', async () => {
    // fetch() may not set Host: ask with node:http, as a DNS-rebinding page's request would arrive.
    const foreign = await new Promise<number>((ok, fail) => {
      request(
        { host: '127.0.0.1', port: wb.port, path: '/api/bootstrap', headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          ok(res.statusCode ?? 0);
        },
      )
        .on('error', fail)
        .end();
    });
    expect(foreign).toBe(421);
    const form = await fetch(`${wb.url}/api/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ms=1',
    });
    expect(form.status).toBe(415);
    const page = await fetch(`${wb.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('CCM Workbench');
    for (const path of ['/cards.js', '/app.js', '/style.css', '/logo.svg'])
      expect((await fetch(`${wb.url}${path}`)).status).toBe(200);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/.env', '/server.ts'])
      expect((await fetch(`${wb.url}${path}`)).status).toBe(404);
    expect((await api.call('GET', '/api/nothing-here')).status).toBe(404);
    expect((await api.call('GET', '/api/calendar?as=nobody@nowhere.test')).status).toBe(404);
  });
});

describe('workbench: persistence, --reset, rebuilds and crashes', () => {
  test('state survives a restart, --reset reseeds, no temporary file is left behind', async () => {
    const dir = tmp();
    const dataFile = join(dir, 'world.json');
    let wb = await startWorkbench({ port: 0, dataFile });
    let api = client(wb);
    const { editor } = await api.ok('POST', '/api/editor', { as: 'priya@lumen.test', start: '2026-04-16T16:00' });
    await api.ok('PATCH', `/api/editor/${editor.draftId}`, { changes: { title: 'Retro snacks' } });
    const saved = await api.ok('POST', `/api/editor/${editor.draftId}/save`, {});
    await api.ok('POST', '/api/clock', { ms: 3_600_000 });
    await wb.close();
    expect(readdirSync(dir)).toEqual(['world.json']);

    wb = await startWorkbench({ port: 0, dataFile });
    api = client(wb);
    expect(wb.workbench.origin).toBe('loaded');
    const week = await api.ok('GET', '/api/calendar?as=priya@lumen.test');
    expect(week.events.map((e: Json) => e.title)).toContain('Retro snacks');
    expect((await api.ok('GET', '/api/bootstrap')).clock.iso).toBe('2026-04-13T09:00:00.000Z');
    await wb.close();

    wb = await startWorkbench({ port: 0, dataFile, reset: true });
    api = client(wb);
    expect(wb.workbench.origin).toBe('seeded');
    const after = await api.ok('GET', '/api/calendar?as=priya@lumen.test');
    expect(after.events.map((e: Json) => e.id)).not.toContain(saved.eventId);
    await wb.close();
  });

  test('a data file it cannot read is refused with the way out, not overwritten', async () => {
    const dataFile = join(tmp(), 'world.json');
    writeFileSync(dataFile, '{ not json');
    await expect(startWorkbench({ port: 0, dataFile })).rejects.toThrow(/--reset/);
    expect(readFileSync(dataFile, 'utf8')).toBe('{ not json');
  });

  test('a rebuilt Code.js and manifest are picked up on the next click; a crash shows its message', async () => {
    // Seed with the real build, then run from a copy of it that this test rebuilds by hand.
    const dir = tmp();
    const dataFile = join(dir, 'world.json');
    const seeded = await startWorkbench({ port: 0, dataFile });
    await seeded.close();
    const buildDir = join(dir, 'build');
    cpSync(join(BUILD, 'addon'), join(buildDir, 'addon'), { recursive: true });
    cpSync(join(BUILD, 'gateway'), join(buildDir, 'gateway'), { recursive: true });
    const wb = await startWorkbench({ port: 0, dataFile, buildDir });
    const api = client(wb);
    try {
      const before = (await api.ok('POST', '/api/panels', { as: 'priya@lumen.test', host: 'CALENDAR' })).panel;
      expect(before.crash).toBeNull();

      // "npm run build": a new Code.js (a different mtime) whose homepage throws outside any guard.
      const code = join(buildDir, 'addon', 'Code.js');
      writeFileSync(
        code,
        `${readFileSync(code, 'utf8')}\nfunction onCalendarHomepage(e) { throw new TypeError('homepage exploded for the test'); }\n`,
      );
      const future = new Date(Date.now() + 5000);
      utimesSync(code, future, future);
      const manifestPath = join(buildDir, 'addon', 'appsscript.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.addOns.common.universalActions[0].label = 'Manager toolkit (rebuilt)';
      writeFileSync(manifestPath, JSON.stringify(manifest));
      utimesSync(manifestPath, future, future);

      const crashed = (await api.ok('POST', '/api/panels', { as: 'priya@lumen.test', host: 'CALENDAR' })).panel;
      expect(crashed.crash).toMatchObject({
        trigger: true,
        message: expect.stringMatching(/TypeError: homepage exploded for the test/),
      });
      expect(crashed.addon.universalActions).toContain('Manager toolkit (rebuilt)');
      const { executions } = await api.ok('GET', '/api/executions');
      const failed = executions.find((x: Json) => x.execId === crashed.crash.execId);
      expect(failed).toMatchObject({
        ok: false,
        fn: 'onCalendarHomepage',
        error: { name: 'TypeError', message: 'homepage exploded for the test' },
      });
    } finally {
      await wb.close();
    }
  });
});
