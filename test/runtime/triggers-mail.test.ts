// The runtime's fidelity to Google for time-driven triggers (ScriptApp) and MailApp. Each fact is
// pinned with the page it comes from.
import { ALL_TEST_SCOPES, scriptRuntime } from './helpers';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { mailState } from '../../src/local/runtime/backends/mail';
import { scriptProperties } from '../../src/local/runtime/backends/storage';

const SCRIPTAPP = 'https://www.googleapis.com/auth/script.scriptapp';
const SEND_MAIL = 'https://www.googleapis.com/auth/script.send_mail';
const OWNER = 'svc@acme.test';
const DAY = 86_400_000;

const CODE = `
function install(hour) {
  var t = ScriptApp.newTrigger('tick').timeBased().everyDays(1).atHour(hour).create();
  return { uid: t.getUniqueId(), handler: t.getHandlerFunction(), type: String(t.getEventType()),
           isClock: t.getEventType() === ScriptApp.EventType.CLOCK };
}
function list() {
  return ScriptApp.getProjectTriggers().map(function (t) { return t.getHandlerFunction(); });
}
function removeAll() {
  ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
  return ScriptApp.getProjectTriggers().length;
}
function tick(e) {
  PropertiesService.getScriptProperties().setProperty('run-' + e['day-of-month'],
    JSON.stringify({ e: e, as: Session.getEffectiveUser().getEmail() }));
}
function send(to, n) {
  for (var i = 0; i < (n || 1); i++)
    MailApp.sendEmail({ to: to, subject: 'Hello ' + i, body: 'Plain words', htmlBody: '<p>Plain words</p>', name: 'CCM' });
  return MailApp.getRemainingDailyQuota();
}
function quota() { return MailApp.getRemainingDailyQuota(); }
`;

function setup(scopes: string[] = [...ALL_TEST_SCOPES, SCRIPTAPP, SEND_MAIL]) {
  const rt = scriptRuntime([{ name: 'p', code: CODE, owner: OWNER, manifest: { oauthScopes: scopes } }]);
  rt.world.addUser({ email: OWNER, name: 'Service', domain: 'acme.test' });
  rt.world.addUser({ email: 'lea@acme.test', name: 'Lea', domain: 'acme.test' });
  rt.world.addUser({ email: 'gus@gmail.test', name: 'Gus' });
  rt.world.advanceTo(Date.parse('2026-03-02T09:00:00Z'));
  const run = async (fn: string, args: unknown[] = [], user = OWNER) => {
    const r = await rt.runtime.execute({ project: 'p', fn, args, user });
    return r;
  };
  return { ...rt, run };
}

describe('ScriptApp time-driven triggers', () => {
  test('a trigger belongs to its creator and project: listed for them, not for another user; deleted', async () => {
    const { runtime, run } = setup();
    const made = await run('install', [6]);
    expect(made.ok).toBe(true);
    expect(made.value).toMatchObject({ handler: 'tick', type: 'CLOCK', isClock: true });
    expect((await run('list')).value).toEqual(['tick']);
    // getProjectTriggers: "Gets all installable triggers associated with the current project and current user."
    // https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()
    expect((await run('list', [], 'lea@acme.test')).value).toEqual([]);
    expect((await run('removeAll')).value).toBe(0);
    await runtime.close();
  });

  test('runs once per day passed at its hour, as its creator, with the time-driven event object', async () => {
    const { runtime, world, run } = setup();
    const made = (await run('install', [6])).value as { uid: string };
    // From Mon 2 March 09:00 UTC to Thu 5 March 07:00: at 06:00 on the 3rd, 4th and 5th, each at its instant.
    const runs = await runtime.advanceClock(Date.parse('2026-03-05T07:00:00Z'));
    expect(runs.map((r) => [r.ok, r.user, r.fn])).toEqual([
      [true, OWNER, 'tick'],
      [true, OWNER, 'tick'],
      [true, OWNER, 'tick'],
    ]);
    expect(world.now()).toBe(Date.parse('2026-03-05T07:00:00Z'));
    const props = scriptProperties(world, 'p');
    expect(Object.keys(props).sort()).toEqual(['run-3', 'run-4', 'run-5']);
    const stored = JSON.parse(props['run-3']!) as { e: Record<string, unknown>; as: string };
    expect(stored.as).toBe(OWNER);
    // https://developers.google.com/apps-script/guides/triggers/events#time-driven_events
    expect(stored.e).toEqual({
      authMode: 'FULL',
      'day-of-month': 3,
      'day-of-week': 2, // Tuesday (1 = Monday)
      hour: 6,
      minute: 0,
      month: 3,
      second: 0,
      timezone: 'UTC',
      triggerUid: made.uid,
      'week-of-year': 10,
      year: 2026,
    });
    // Passing no new 06:00 runs nothing.
    expect(await runtime.advanceClock(Date.parse('2026-03-05T07:30:00Z'))).toEqual([]);
    await runtime.close();
  });

  test('a deleted trigger never runs', async () => {
    const { runtime, run } = setup();
    await run('install', [6]);
    await run('removeAll');
    expect(await runtime.advanceClock(Date.parse('2026-03-09T07:00:00Z'))).toEqual([]);
    await runtime.close();
  });

  test('without script.scriptapp in the manifest, trigger calls are refused', async () => {
    const { runtime, run } = setup(ALL_TEST_SCOPES);
    const r = await run('install', [6]);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(
      `You do not have permission to call ScriptApp.newTrigger. Required permissions: ${SCRIPTAPP}`,
    );
    expect((await run('list')).ok).toBe(false);
    await runtime.close();
  });

  test('at most 20 triggers per user per script (https://developers.google.com/apps-script/guides/services/quotas)', async () => {
    const { runtime, run } = setup();
    for (let i = 0; i < 20; i++) expect((await run('install', [i])).ok).toBe(true);
    const r = await run('install', [21 % 24]);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/too many triggers/);
    await runtime.close();
  });
});

describe('MailApp', () => {
  test('sendEmail delivers from the executing user to the recipient inbox, text and HTML', async () => {
    const { runtime, world, run } = setup();
    const r = await run('send', ['lea@acme.test']);
    expect(r.ok).toBe(true);
    const [m] = mailbox(world, 'lea@acme.test');
    expect(m).toMatchObject({
      subject: 'Hello 0',
      from: `CCM <${OWNER}>`,
      plain: 'Plain words',
      html: '<p>Plain words</p>',
    });
    await runtime.close();
  });

  test('the quota counts recipients: 1,500 a day for Workspace, 100 for consumer accounts, reset 24 h after the first send', async () => {
    // https://developers.google.com/apps-script/guides/services/quotas ("Email recipients per day":
    // 100 consumer / 1,500 Workspace; "Quotas are per user and reset 24 hours after the first request").
    const { runtime, world, run } = setup();
    expect((await run('quota')).value).toBe(1500);
    expect((await run('send', ['lea@acme.test', 2])).value).toBe(1498);
    expect((await run('quota', [], 'gus@gmail.test')).value).toBe(100);
    world.advanceTo(world.now() + DAY + 60_000); // 24 hours after the first send (made during that run)
    expect((await run('quota')).value).toBe(1500);
    await runtime.close();
  });

  test('over the quota, sendEmail throws Google\'s "Service invoked too many times for one day: email."', async () => {
    const { runtime, world, run } = setup();
    mailState(world).dailyLimitOverride = 1;
    expect((await run('send', ['lea@acme.test'])).value).toBe(0);
    const r = await run('send', ['lea@acme.test']);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe('Service invoked too many times for one day: email.');
    expect(mailbox(world, 'lea@acme.test')).toHaveLength(1);
    await runtime.close();
  });

  test('without script.send_mail in the manifest, MailApp is refused', async () => {
    const { runtime, run } = setup([...ALL_TEST_SCOPES, SCRIPTAPP]);
    const r = await run('send', ['lea@acme.test']);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(
      `You do not have permission to call MailApp.sendEmail. Required permissions: ${SEND_MAIL}`,
    );
    await runtime.close();
  });
});
