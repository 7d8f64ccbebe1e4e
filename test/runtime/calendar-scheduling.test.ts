// What homepage scheduling relies on in the Calendar advanced service, pinned against Google's
// reference: Calendars.get tells a colleague's time zone only when the caller may see their calendar
// (at least free/busy); free/busy needs a free/busy (or calendar) scope, and the narrowest one,
// calendar.freebusy, is enough; an event may be created with a client-chosen id (base32hex a-v/0-9,
// 5-1024 characters), a second insert with the same id is 409 duplicate. Every call goes through a script.
import { scriptRuntime, ALL_TEST_SCOPES } from './helpers';
import { setFreeBusyVisibility } from '../../src/local/runtime/backends/calendar';

const CODE = `
function call(svc, method, args) {
  try { return { ok: true, value: Calendar[svc][method].apply(null, args) }; }
  catch (e) { return { ok: false, name: e.name, message: e.message, code: e.details && e.details.code, reason: e.details && e.details.errors && e.details.errors[0] && e.details.errors[0].reason }; }
}
`;

const AUTH = 'https://www.googleapis.com/auth/';
const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CORA = 'cora@coaches.test';

type Reply = { ok: boolean; value?: any; name?: string; message?: string; code?: number; reason?: string };

describe('Calendar service: what scheduling from the homepage needs', () => {
  const { world, runtime } = scriptRuntime([
    // The add-on's Calendar scopes (appsscript.json): events + freebusy + calendars.readonly.
    {
      name: 'addon',
      code: CODE,
      manifest: { oauthScopes: [...ALL_TEST_SCOPES, `${AUTH}calendar.freebusy`, `${AUTH}calendar.calendars.readonly`] },
    },
    { name: 'eventsOnly', code: CODE, manifest: { oauthScopes: [`${AUTH}calendar.events`] } },
    { name: 'freebusyOnly', code: CODE, manifest: { oauthScopes: [`${AUTH}calendar.freebusy`] } },
  ]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'America/New_York' });
  world.addUser({ email: MO, name: 'Mo', domain: 'acme.test', timeZone: 'Europe/London' });
  world.addUser({ email: CORA, name: 'Cora', timeZone: 'Asia/Tokyo' });
  afterAll(() => runtime.close());

  async function api(project: string, user: string, svc: string, method: string, ...args: unknown[]): Promise<Reply> {
    const r = await runtime.execute({ project, fn: 'call', args: [svc, method, args], user });
    if (!r.ok) throw new Error(`execution failed: ${r.error?.message}`);
    return r.value as Reply;
  }

  test("Calendars.get: one's own calendar and a same-domain colleague's give their time zone; an outsider's is 404", async () => {
    const own = await api('addon', ANA, 'Calendars', 'get', 'primary');
    expect(own.value).toMatchObject({ kind: 'calendar#calendar', id: ANA, timeZone: 'America/New_York' });
    const mo = await api('addon', ANA, 'Calendars', 'get', MO);
    expect(mo.value).toMatchObject({ id: MO, timeZone: 'Europe/London' });
    expect(typeof mo.value.etag).toBe('string');
    // Metadata only: nothing about events.
    expect(Object.keys(mo.value).sort()).toEqual(['etag', 'id', 'kind', 'summary', 'timeZone']);
    const cora = await api('addon', ANA, 'Calendars', 'get', CORA);
    expect(cora).toMatchObject({ ok: false, code: 404, reason: 'notFound' });
    expect(cora.message).toMatch(/calendar\.calendars\.get failed with error: Not Found/);
    // The same visibility rule as free/busy: once Cora shares publicly, her zone is visible too.
    setFreeBusyVisibility(world, CORA, 'public');
    expect((await api('addon', ANA, 'Calendars', 'get', CORA)).value).toMatchObject({ timeZone: 'Asia/Tokyo' });
    setFreeBusyVisibility(world, CORA, 'none');
    setFreeBusyVisibility(world, MO, 'none');
    expect(await api('addon', ANA, 'Calendars', 'get', MO)).toMatchObject({ ok: false, code: 404 });
    setFreeBusyVisibility(world, MO, 'domain');
    expect(await api('addon', ANA, 'Calendars', 'get', 'unknown@elsewhere.test')).toMatchObject({
      ok: false,
      code: 404,
    });
  });

  test('Calendars.get needs a calendars scope (calendar.events is not one); Freebusy.query accepts calendar.freebusy alone', async () => {
    const denied = await api('eventsOnly', ANA, 'Calendars', 'get', MO);
    expect(denied).toMatchObject({ ok: false, name: 'Exception' });
    expect(denied.message).toBe(
      `You do not have permission to call Calendar.Calendars.get. Required permissions: ${AUTH}calendar.calendars.readonly`,
    );
    const fb = await api('freebusyOnly', ANA, 'Freebusy', 'query', {
      timeMin: '2026-03-02T00:00:00Z',
      timeMax: '2026-03-03T00:00:00Z',
      items: [{ id: MO }, { id: CORA }],
    });
    expect(fb.ok).toBe(true);
    expect(fb.value.calendars[MO]).toEqual({ busy: [] });
    expect(fb.value.calendars[CORA]).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] });
    // calendar.freebusy gives no event access.
    expect((await api('freebusyOnly', ANA, 'Events', 'list', 'primary', {})).ok).toBe(false);
    // Arity is checked like the advanced service does.
    expect((await api('addon', ANA, 'Calendars', 'get')).message).toBe(
      'Invalid number of arguments provided. Expected 1-3 only',
    );
  });

  test('Events.insert with a client-chosen id: base32hex only, 5 to 1024 characters; the same id twice is 409 duplicate', async () => {
    const body = (id: string) => ({
      id,
      summary: 'Alignment',
      start: { dateTime: '2026-03-10T15:00:00Z' },
      end: { dateTime: '2026-03-10T16:00:00Z' },
    });
    const id = 'ccm0123456789abcdefuv';
    const made = await api('addon', ANA, 'Events', 'insert', body(id), 'primary');
    expect(made.value.id).toBe(id);
    expect(await api('addon', ANA, 'Events', 'insert', body(id), 'primary')).toMatchObject({
      ok: false,
      code: 409,
      reason: 'duplicate',
    });
    for (const bad of ['abcd', 'ccmwxyz12345', 'CCM12345', 'ccm-1234-5678']) {
      expect([bad, (await api('addon', ANA, 'Events', 'insert', body(bad), 'primary')).code]).toEqual([bad, 400]);
    }
    expect((await api('addon', ANA, 'Events', 'get', 'primary', id)).value.summary).toBe('Alignment');
  });
});
