// The Calendar API over UrlFetch (REST, `Authorization: Bearer ScriptApp.getOAuthToken()`), sent in one
// UrlFetchApp.fetchAll. Google's reference: fetchAll "Makes multiple requests to fetch multiple URLs"
// (developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetchAll(Object)); Tanaike's
// measurements show the requests run asynchronously, the answers in request order
// (gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728). Errors come back as Calendar's JSON
// error body with the HTTP status (developers.google.com/workspace/calendar/api/guides/errors).
import { scriptRuntime } from './helpers';
import { urlFetchLog } from '../../src/local/runtime/backends/urlfetch';

const API = 'https://www.googleapis.com/calendar/v3/calendars/';
const CODE = `
function both(id, token) {
  var h = { Authorization: 'Bearer ' + (token || ScriptApp.getOAuthToken()) };
  return UrlFetchApp.fetchAll([
    { url: '${API}primary/events/' + id, headers: h, muteHttpExceptions: true },
    { url: '${API}primary/events?maxResults=5&showDeleted=true', headers: h, muteHttpExceptions: true },
  ]).map(function (r) { return [r.getResponseCode(), JSON.parse(r.getContentText())]; });
}
function insert() { return Calendar.Events.insert({ summary: 'A', start: { dateTime: '2026-03-02T10:00:00Z' },
  end: { dateTime: '2026-03-02T11:00:00Z' } }, 'primary'); }
function advanced(id) { return Calendar.Events.get('primary', id); }
`;
const ANA = 'ana@acme.test';

describe('Calendar API v3 over UrlFetchApp.fetchAll', () => {
  const { world, runtime } = scriptRuntime([
    { name: 'p', code: CODE, manifest: { urlFetchWhitelist: ['https://www.googleapis.com/calendar/v3/'] } },
  ]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'UTC' });
  afterAll(() => runtime.close());
  const run = async (fn: string, args: unknown[] = []) => {
    const r = await runtime.execute({ project: 'p', fn, args, user: ANA });
    if (!r.ok) throw new Error(r.error?.message);
    return r.value as any;
  };

  test('events.get and events.list answer in request order, as the advanced service does, in one batch', async () => {
    const ev = await run('insert');
    const [[getCode, got], [listCode, list]] = await run('both', [ev.id]);
    expect(getCode).toBe(200);
    expect(got).toEqual(await run('advanced', [ev.id]));
    expect(listCode).toBe(200);
    expect(list.items.map((x: { id: string }) => x.id)).toContain(ev.id);
    const batches = urlFetchLog(runtime)
      .requests.slice(-2)
      .map((r) => r.batch);
    expect(batches[0]).toBeDefined();
    expect(batches[0]).toBe(batches[1]);
  });

  test('an unknown event is 404 with the JSON error body; a bad token is 401', async () => {
    const [[code, body]] = await run('both', ['nosuchevent123']);
    expect(code).toBe(404);
    expect(body.error.code).toBe(404);
    expect(body.error.errors[0].reason).toBe('notFound');
    const [[bad]] = await run('both', ['x', 'ya29.not-a-token']);
    expect(bad).toBe(401);
  });
});
