// Faults whose call takes effect and whose answer is lost (`lostAnswer`), for Calendar
// (setCalendarFault) and UrlFetch (setUrlFetchFault), and UrlFetch faults for one kind of request
// (`bodyIncludes`). A 5xx or a timeout tells the caller nothing about whether the work was done:
// Calendar's error guide says to retry 500/503 with backoff
// (https://developers.google.com/workspace/calendar/api/guides/errors), and a retry is only safe if the
// first attempt may have landed. That case is an assumption the runtime must be able to play.
import { scriptRuntime } from './helpers';
import {
  clearCalendarFaults,
  createEvent,
  getCopy,
  listCalendar,
  setCalendarFault,
} from '../../src/local/runtime/backends/calendar';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { clearUrlFetchFaults, setUrlFetchFault } from '../../src/local/runtime/backends/urlfetch';

const ANA = 'ana@acme.test';
const GW = 'https://script.google.com/macros/s/AKfyLostAnswer/exec';

const CODE = `
function call(svc, method, args) {
  try { return { ok: true, value: Calendar[svc][method].apply(null, args) }; }
  catch (e) { return { ok: false, name: e.name, message: e.message, code: e.details ? e.details.code : null }; }
}
function post(op) {
  var body = JSON.stringify({ op: op });
  var r = UrlFetchApp.fetch('${GW}', { method: 'post', payload: body, muteHttpExceptions: true });
  return [r.getResponseCode(), r.getContentText()];
}
`;
const GATEWAY = `
function doPost(e) {
  var p = PropertiesService.getScriptProperties();
  var op = JSON.parse(e.postData.contents).op;
  p.setProperty(op, String(Number(p.getProperty(op) || 0) + 1));
  return ContentService.createTextOutput('done ' + op);
}
`;

describe('faults after the work is done (lostAnswer)', () => {
  const { world, runtime } = scriptRuntime([
    { name: 'p', code: CODE },
    {
      name: 'gw',
      code: GATEWAY,
      owner: 'svc@acme.test',
      webAppUrl: GW,
      manifest: { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' } },
    },
  ]);
  world.addUser({ email: ANA, name: 'Ana', domain: 'acme.test', timeZone: 'Europe/Paris' });
  afterAll(() => runtime.close());
  afterEach(() => {
    clearCalendarFaults(runtime);
    clearUrlFetchFaults(runtime);
  });

  const run = async (fn: string, args: unknown[]) => {
    const r = await runtime.execute({ project: 'p', fn, args, user: ANA });
    expect(r.error).toBeUndefined();
    return r.value as any;
  };
  const insert = (summary: string) =>
    run('call', [
      'Events',
      'insert',
      [
        { summary, start: { dateTime: '2026-03-03T11:00:00+01:00' }, end: { dateTime: '2026-03-03T12:00:00+01:00' } },
        'primary',
      ],
    ]);
  const titles = () => listCalendar(world, ANA).map((e) => e.summary);

  test('Calendar: an insert whose answer is lost exists (the caller saw 503); without lostAnswer none', async () => {
    setCalendarFault(runtime, 'Calendar.Events.insert', { code: 503, times: 1, lostAnswer: true });
    const lost = await insert('landed');
    expect(lost).toMatchObject({ ok: false, name: 'GoogleJsonResponseException', code: 503 });
    expect(titles()).toContain('landed');

    setCalendarFault(runtime, 'Calendar.Events.insert', { code: 503, times: 1 });
    expect(await insert('refused')).toMatchObject({ ok: false, code: 503 });
    expect(titles()).not.toContain('refused');
    // `times` spent: the next insert answers normally.
    expect(await insert('normal')).toMatchObject({ ok: true });
  });

  test('Calendar: a patch whose answer is lost is written', async () => {
    const ev = createEvent(world, ANA, {
      summary: 'Patched',
      start: '2026-03-04T11:00:00+01:00',
      end: '2026-03-04T12:00:00+01:00',
    });
    setCalendarFault(runtime, '*', { code: 500, times: 1, lostAnswer: true });
    const r = await run('call', ['Events', 'patch', [{ description: 'written anyway' }, 'primary', ev.id]]);
    expect(r).toMatchObject({ ok: false, code: 500 });
    expect((getCopy(world, ANA, ev.id) as { description?: string }).description).toBe('written anyway');
  });

  test('UrlFetch: the web app runs, its answer replaced by the status; without lostAnswer it never runs', async () => {
    const counts = () => scriptProperties(world, 'gw');
    setUrlFetchFault(runtime, GW, { kind: 'status', code: 503, times: 1, lostAnswer: true });
    expect((await run('post', ['book']))[0]).toBe(503);
    expect(counts().book).toBe('1');

    setUrlFetchFault(runtime, GW, { kind: 'status', code: 503, times: 1 });
    expect((await run('post', ['book']))[0]).toBe(503);
    expect(counts().book).toBe('1');
    expect(await run('post', ['book'])).toEqual([200, 'done book']);
    expect(counts().book).toBe('2');
  });

  test('UrlFetch: a fault for one kind of request (bodyIncludes) leaves the others alone', async () => {
    setUrlFetchFault(runtime, GW, { kind: 'status', code: 502, times: 1, bodyIncludes: '"op":"cancel"' });
    expect(await run('post', ['panel'])).toEqual([200, 'done panel']);
    expect((await run('post', ['cancel']))[0]).toBe(502);
    expect(await run('post', ['cancel'])).toEqual([200, 'done cancel']);
  });
});
