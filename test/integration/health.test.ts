// The deployment check through the BUILT bundles: the gateway's GET (doGet) report, and the add-on's
// About card → "Check connection" saying what is wrong (configured, unconfigured, Sheet missing, a
// tab missing, the wrong client id, gateway down), plus the add-on's OAuth client id for the deployer.
import { healthMessage, HEALTH_OK, type HealthProblem, type HealthReport } from '../../src/core/health';
import { DEFAULT_ADDON_CLIENT_ID } from '../../src/local/host/company';
import { GATEWAY, GATEWAY_URL, Workspace } from '../../src/local/host/workspace';
import { getFile } from '../../src/local/runtime/backends/sheets';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { setUrlFetchFault } from '../../src/local/runtime/backends/urlfetch';
import { triggerState } from '../../src/local/runtime/backends/triggers';
import { ACTIONS } from '../../src/addon/views/names';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAdmin } from '../../src/local/admin/cli';
import { HEALTHY_SECONDS } from '../../src/gateway/health';

const ADMIN = 'hr@acme.test';

const open: Workspace[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((ws) => ws.close()));
});

function company() {
  const ws = new Workspace();
  open.push(ws);
  ws.world.advanceTo(Date.parse('2026-02-20T14:00:00Z'));
  const seeded = ws.seedCompany({
    settings: { domain: 'acme.test', timeZone: 'Europe/Berlin', admins: [ADMIN] },
    engagements: [
      {
        coachee: 'ana@acme.test',
        manager: 'mo@acme.test',
        coach: 'cora@coaches.test',
        program: 'quarterly',
        start: '2026-01-01',
        end: '2027-01-01',
      },
    ],
  });
  return { ws, sheetId: seeded.sheetId };
}

/** A browser-like GET of the gateway's /exec URL, straight into doGet as the web app runs it. */
async function get(ws: Workspace, parameter: Record<string, string> = {}) {
  const exec = await ws.runtime.execute({
    project: GATEWAY,
    fn: 'doGet',
    args: [{ parameter, parameters: {}, queryString: '' }],
    user: 'anyone@example.test',
    runAsOwner: true,
  });
  expect(exec.ok).toBe(true);
  const content = (exec.value as { content: string }).content;
  const opened = exec.counters.serviceCalls['SpreadsheetApp.openById'] ?? 0;
  return { content, body: JSON.parse(content) as { ok: boolean; data: HealthReport }, opened };
}

/** About CCM meetings → Check connection, as a person in the add-on's menu; returns the problems shown. */
async function checkConnection(ws: Workspace, user = ADMIN) {
  const home = ws.homepage(user);
  await home.universal('About CCM meetings');
  expect(home.text()!.buttons).toContain('Check connection');
  const outcome = await home.press('Check connection');
  expect(outcome.crash).toBeNull();
  const text = home.text()!;
  expect(text.title).toBe('Connection check');
  return { text: text.text.join('\n'), home };
}

const shows = (text: string, problems: HealthProblem[]) => {
  for (const p of problems) expect(text).toContain(healthMessage(p));
  expect(text).not.toContain(HEALTH_OK);
};

describe('the gateway answers GET with a deployment check', () => {
  test('configured: properties set, the Sheet opens, its tabs listed, the version; no ids or data', async () => {
    const { ws, sheetId } = company();
    const { body, content } = await get(ws);
    expect(body.ok).toBe(true);
    expect(body.data).toEqual({
      service: 'ccm-gateway',
      version: expect.stringMatching(/^\d+\.\d+\.\d+(\+[0-9a-f]+)?$/),
      configured: { SHEET_ID: true, ADDON_CLIENT_ID: true, ALLOWED_DOMAIN: true },
      sheetReachable: true,
      // A new Sheet has the tabs people fill in; the gateway adds the others when first needed.
      tabs: {
        Settings: true,
        Engagements: true,
        Usage: false,
        Ledger: false,
        Audit: false,
        Index: false,
        Overview: false,
      },
      // The workspace's deployer installed the daily job (its trigger, owned by the service owner).
      dailyJob: true,
    });
    for (const secret of [sheetId, DEFAULT_ADDON_CLIENT_ID, 'acme.test', 'ana@']) expect(content).not.toContain(secret);
  });

  test('anyone may GET: a healthy answer is kept for HEALTHY_SECONDS (no Sheet open), bad news never', async () => {
    const { ws, sheetId } = company();
    const first = await get(ws);
    expect(first.opened).toBe(1);
    const again = await get(ws);
    expect(again.opened).toBe(0);
    expect(again.body).toEqual(first.body);
    // A tab deleted now shows once the kept answer is older than the bound...
    const file = getFile(ws.world, sheetId);
    const engagements = file.sheets.find((t) => t.name === 'Engagements')!;
    file.sheets = file.sheets.filter((t) => t !== engagements);
    ws.world.advanceTo(ws.world.now() + (HEALTHY_SECONDS + 1) * 1000);
    const broken = await get(ws);
    expect(broken.opened).toBe(1);
    expect(broken.body.data.tabs.Engagements).toBe(false);
    // ...and, not kept, every check looks again: the fix shows at once.
    expect((await get(ws)).opened).toBe(1);
    file.sheets.push(engagements);
    const fixed = await get(ws);
    expect(fixed.opened).toBe(1);
    expect(fixed.body.data.tabs.Engagements).toBe(true);
  });

  test('unconfigured: no property set, the Sheet not tried', async () => {
    const { ws } = company();
    for (const k of Object.keys(scriptProperties(ws.world, GATEWAY))) delete scriptProperties(ws.world, GATEWAY)[k];
    const { body } = await get(ws);
    expect(body.data.configured).toEqual({ SHEET_ID: false, ADDON_CLIENT_ID: false, ALLOWED_DOMAIN: false });
    expect(body.data.sheetReachable).toBeNull();
    expect(body.data.tabs).toEqual({});
  });

  test('answers yes/no to "is this my audience and domain", never the values', async () => {
    const { ws } = company();
    expect((await get(ws, { aud: DEFAULT_ADDON_CLIENT_ID, hd: 'ACME.test' })).body.data).toMatchObject({
      audienceMatches: true,
      domainMatches: true,
    });
    expect((await get(ws, { aud: 'other.apps.googleusercontent.com', hd: 'other.test' })).body.data).toMatchObject({
      audienceMatches: false,
      domainMatches: false,
    });
  });
});

describe('About → Check connection', () => {
  test('configured: connected, with the add-on OAuth client id the gateway needs', async () => {
    const { ws } = company();
    const { text, home } = await checkConnection(ws);
    expect(text).toContain(HEALTH_OK);
    expect(text).toContain(DEFAULT_ADDON_CLIENT_ID);
    // "Check again" runs the same action.
    expect(home.hasButtonFor(ACTIONS.checkConnection)).toBe(true);
  });

  test('unconfigured gateway: each missing script property named', async () => {
    const { ws } = company();
    for (const k of Object.keys(scriptProperties(ws.world, GATEWAY))) delete scriptProperties(ws.world, GATEWAY)[k];
    const { text } = await checkConnection(ws);
    shows(text, [
      { code: 'PROPERTY_MISSING', detail: 'SHEET_ID' },
      { code: 'PROPERTY_MISSING', detail: 'ADDON_CLIENT_ID' },
      { code: 'PROPERTY_MISSING', detail: 'ALLOWED_DOMAIN' },
    ]);
  });

  test('Sheet missing, or a tab people fill in missing', async () => {
    const { ws, sheetId } = company();
    scriptProperties(ws.world, GATEWAY).SHEET_ID = 'no-such-sheet';
    shows((await checkConnection(ws)).text, [{ code: 'SHEET_UNREACHABLE' }]);

    scriptProperties(ws.world, GATEWAY).SHEET_ID = sheetId;
    const file = getFile(ws.world, sheetId);
    file.sheets = file.sheets.filter((s) => s.name !== 'Engagements');
    shows((await checkConnection(ws)).text, [{ code: 'TABS_MISSING', detail: 'Engagements' }]);
  });

  test('the daily job is not installed: said, with how to install it', async () => {
    const { ws } = company();
    triggerState(ws.world).triggers = {};
    expect((await get(ws)).body.data.dailyJob).toBe(false);
    shows((await checkConnection(ws)).text, [{ code: 'DAILY_JOB_MISSING' }]);
  });

  test("the gateway's ADDON_CLIENT_ID is not this add-on's", async () => {
    const { ws } = company();
    scriptProperties(ws.world, GATEWAY).ADDON_CLIENT_ID = 'someone-else.apps.googleusercontent.com';
    shows((await checkConnection(ws)).text, [{ code: 'AUDIENCE_MISMATCH' }]);
  });

  test('gateway down, an error page instead of the gateway, or no GATEWAY_URL at all', async () => {
    const { ws } = company();
    setUrlFetchFault(ws.runtime, GATEWAY_URL, { kind: 'unreachable', times: 1 });
    shows((await checkConnection(ws)).text, [{ code: 'GATEWAY_UNREACHABLE' }]);

    setUrlFetchFault(ws.runtime, GATEWAY_URL, { kind: 'status', code: 404, times: 1 });
    shows((await checkConnection(ws)).text, [{ code: 'GATEWAY_ERROR_PAGE', detail: '404' }]);

    // A JSON answer without a report: a gateway from before this check.
    const older = '{"ok":false,"error":{"code":"BAD_REQUEST","message":"x","retryable":false}}';
    setUrlFetchFault(ws.runtime, GATEWAY_URL, {
      kind: 'garbage',
      body: older,
      contentType: 'application/json',
      times: 1,
    });
    shows((await checkConnection(ws)).text, [{ code: 'GATEWAY_OUTDATED' }]);

    delete scriptProperties(ws.world, 'addon').GATEWAY_URL;
    shows((await checkConnection(ws)).text, [{ code: 'NO_GATEWAY_URL' }]);
  });
});

describe('npm run admin -- daily-job --gateway URL', () => {
  // The gateway's real doGet answer (the built bundle), served over HTTP as Google serves the /exec URL.
  async function serve(ws: Workspace) {
    const server = createServer((_req, res) => {
      void get(ws).then(({ content }) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(content);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/exec`, close: () => new Promise((r) => server.close(r)) };
  }
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  test('installed: exit 0; missing: exit 1 with how to install it', async () => {
    const { ws } = company();
    const srv = await serve(ws);
    try {
      const a = io();
      expect(await runAdmin(['daily-job', '--gateway', srv.url], a.io)).toBe(0);
      expect(a.out.join('\n')).toMatch(/daily job is installed/);
      triggerState(ws.world).triggers = {};
      const b = io();
      expect(await runAdmin(['daily-job', '--gateway', srv.url], b.io)).toBe(1);
      expect(b.err).toEqual([healthMessage({ code: 'DAILY_JOB_MISSING' })]);
    } finally {
      await srv.close();
    }
  });

  test('without --gateway: a usage error (exit 2)', async () => {
    const a = io();
    expect(await runAdmin(['daily-job'], a.io)).toBe(2);
  });
});
