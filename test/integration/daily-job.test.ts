// Through the BUILT gateway in the local runtime: the daily job (a time-driven trigger running as the
// service owner). It expires every stale pending booking, sends each reminder once (manager ~7 days
// before, coachee ~2 days before with an empty plan, milestone windows, the admins' weekly digest),
// stops at the mail quota and resumes, honours the Settings switches, and never mails plan text.
import { readAudit, readLedger } from '../../src/local/host/company';
import { mailbox, type StoredMessage } from '../../src/local/runtime/backends/gmail';
import { mailState } from '../../src/local/runtime/backends/mail';
import { triggerState } from '../../src/local/runtime/backends/triggers';
import { readSheet, writeRange } from '../../src/local/runtime/backends/sheets';
import { UNCONFIRMED_EXPIRY_HOURS } from '../../src/core/ledger';
import { event, gatewayHarness, OWNER, type Harness } from './gateway-harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario } from '../../src/local/scenario/runner';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEN = 'ben@acme.test';
const LEA = 'lea@acme.test';
const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const ADMIN = 'hr@acme.test';
const QUARTERLY = (coachee: string, manager: string) => ({
  coachee,
  manager,
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
});
const ENGAGEMENTS = [QUARTERLY(BEN, LEA), QUARTERLY(ANA, MO)];

const ok = <T>(r: { res: { ok: boolean; data?: T } }): T => {
  expect(r.res).toMatchObject({ ok: true });
  return r.res.data as T;
};
const later = (h: Harness, ms: number) => h.world.advanceTo(h.world.now() + ms);
const inbox = (h: Harness, who: string) => mailbox(h.world, who);
const reminderRows = (h: Harness) =>
  readSheet(h.world, h.company.sheetId, 'Reminders')
    .slice(1)
    .map((r) => String(r[1]));
const setSetting = (h: Harness, key: string, value: string) => {
  const rows = readSheet(h.world, h.company.sheetId, 'Settings');
  const i = rows.findIndex((r) => String(r[0]) === key);
  const row = i >= 0 ? i + 1 : rows.length + 1;
  writeRange(h.world, h.company.sheetId, `Settings!A${row}:B${row}`, [[key, value]]);
};

let h: Harness;
afterEach(() => h.close());

describe('the daily job, through the built gateway', () => {
  test('the manager gets one reminder about 7 days before, with the toolkit and event links; never twice', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    ok(await h.call(BEN, 'book', { event: event('m1', '2026-03-20T10:00:00+01:00'), status: 'confirmed' }));
    await h.dailyJob(); // 18 days ahead: nothing yet
    expect(inbox(h, LEA)).toEqual([]);

    later(h, 11 * DAY); // 13 March: 7 days before
    await h.dailyJob();
    const [mail] = inbox(h, LEA);
    expect(inbox(h, LEA)).toHaveLength(1);
    expect(mail!.from).toContain(`<${OWNER}>`); // from the service owner, who runs the trigger
    expect(mail!.plain).toContain('https://docs.google.com/document/d/toolkit/edit');
    expect(mail!.plain).toMatch(/https:\/\/www\.google\.com\/calendar\/event\?eid=[A-Za-z0-9_-]+/);
    expect(mail!.html).toContain('<a href="https://docs.google.com/document/d/toolkit/edit">');
    expect(reminderRows(h).filter((k) => k !== 'admin-digest')).toEqual(['manager-prep']);
    // The Reminders tab is the record of what went (above); Audit has the run's count, not a row per mail.
    const audit = readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'dailyJob');
    expect(audit.filter((a) => a.outcome.startsWith('reminder'))).toEqual([]);
    expect(audit.some((a) => / sent=[1-9]/.test(a.outcome))).toBe(true);

    later(h, DAY);
    await h.dailyJob();
    expect(inbox(h, LEA)).toHaveLength(1); // idempotent by booking + kind
  });

  test('a meeting booked less than 7 days ahead: the manager hears at the next run', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    ok(await h.call(BEN, 'book', { event: event('m1', '2026-03-05T10:00:00+01:00'), status: 'confirmed' }));
    await h.dailyJob();
    expect(inbox(h, LEA)).toHaveLength(1);
  });

  test('the coachee is reminded 2 days before only when the plan is empty; the mails never carry plan text', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    ok(
      await h.call(BEN, 'book', {
        event: event('m1', '2026-03-20T10:00:00+01:00'),
        status: 'confirmed',
        planWritten: false,
      }),
    );
    ok(
      await h.call(ANA, 'book', {
        event: event('a1', '2026-03-20T12:00:00+01:00'),
        status: 'confirmed',
        planWritten: true,
      }),
    );
    later(h, 16 * DAY); // 18 March
    await h.dailyJob();
    expect(inbox(h, BEN).map((m) => m.subject)).toEqual([expect.stringMatching(/action plan/)]);
    expect(inbox(h, ANA)).toEqual([]);
    expect(inbox(h, MO)).toHaveLength(1);
  });

  test('expires EVERY stale pending booking (no cap of 5), and the admin card no longer does', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    const starts = ['2026-03-10', '2026-05-12', '2026-08-11', '2026-11-10'];
    for (const who of [BEN, ANA])
      for (const [i, d] of starts.entries()) {
        ok(await h.call(who, 'book', { event: event(`${who[0]}${i}`, `${d}T10:00:00+01:00`), status: 'pending' }));
        later(h, 60_000);
      }
    later(h, UNCONFIRMED_EXPIRY_HOURS * HOUR);
    ok(await h.call(ADMIN, 'admin', {}));
    expect(readLedger(h.world, h.company.sheetId).filter((r) => r.status === 'expired')).toHaveLength(0);
    await h.dailyJob();
    expect(readLedger(h.world, h.company.sheetId).map((r) => r.status)).toEqual(Array(8).fill('expired'));
    expect(readAudit(h.world, h.company.sheetId).filter((a) => a.op === 'expire')).toHaveLength(8);
  });

  test('stops at the mail quota and resumes at the next run, without repeating what went out', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    ok(await h.call(BEN, 'book', { event: event('m1', '2026-03-05T10:00:00+01:00'), status: 'confirmed' }));
    ok(await h.call(ANA, 'book', { event: event('a1', '2026-03-05T12:00:00+01:00'), status: 'confirmed' }));
    setSetting(h, 'adminDigest', 'off');
    mailState(h.world).dailyLimitOverride = 1;
    await h.dailyJob();
    expect(inbox(h, LEA).length + inbox(h, MO).length).toBe(1);
    expect(reminderRows(h)).toHaveLength(1);
    later(h, DAY + HOUR); // the quota's 24 hours (from the first send) are over
    await h.dailyJob();
    expect([inbox(h, LEA).length, inbox(h, MO).length]).toEqual([1, 1]);
  });

  test('each kind can be switched off in Settings', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    setSetting(h, 'remindManagers', 'off');
    setSetting(h, 'adminDigest', 'off');
    ok(await h.call(BEN, 'book', { event: event('m1', '2026-03-05T10:00:00+01:00'), status: 'confirmed' }));
    await h.dailyJob();
    expect(inbox(h, LEA)).toEqual([]);
    expect(inbox(h, ADMIN)).toEqual([]);
    setSetting(h, 'remindManagers', 'on');
    later(h, HOUR);
    await h.dailyJob();
    expect(inbox(h, LEA)).toHaveLength(1);
  });

  test('quarterly coachees with nothing booked hear when a quarter starts; admins get one digest a week', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-04-01T09:00:00Z' });
    ok(await h.call(ANA, 'book', { event: event('a1', '2026-05-20T10:00:00+02:00'), status: 'confirmed' }));
    await h.dailyJob();
    expect(inbox(h, BEN).map((m) => m.subject)).toEqual([expect.stringMatching(/Q2 2026/)]);
    expect(inbox(h, ANA)).toEqual([]); // booked already
    const digest = inbox(h, ADMIN);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.plain).toContain('ben'); // names and counts only
    later(h, DAY);
    await h.dailyJob();
    expect(inbox(h, BEN)).toHaveLength(1);
    expect(inbox(h, ADMIN)).toHaveLength(1);
    later(h, 7 * DAY);
    await h.dailyJob();
    expect(inbox(h, ADMIN)).toHaveLength(2);
  });

  test('a six-month coachee hears once when the initial window (month 2) opens with nothing booked', async () => {
    const SIX = { ...QUARTERLY(BEN, LEA), program: 'six-month', start: '2026-01-05', end: '2026-07-05' };
    h = gatewayHarness({ engagements: [SIX], allTabs: true }, { now: '2026-01-20T09:00:00Z' });
    setSetting(h, 'adminDigest', 'off');
    await h.dailyJob();
    expect(inbox(h, BEN)).toEqual([]); // month 1
    later(h, 17 * DAY); // 6 February: month 2
    await h.dailyJob();
    later(h, DAY);
    await h.dailyJob();
    expect(inbox(h, BEN).map((m) => m.subject)).toEqual([expect.stringMatching(/initial meeting/i)]);
  });
});

describe('installing the daily job', () => {
  test('a program admin installs it through the dailyJob op (once); the trigger belongs to the owner; others are refused', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    expect(ok(await h.call(ADMIN, 'dailyJob', {}))).toEqual({ installed: false, created: false, hour: 6 });
    expect((await h.call(BEN, 'dailyJob', { install: true })).res).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(ok(await h.call(ADMIN, 'dailyJob', { install: true }))).toEqual({ installed: true, created: true, hour: 6 });
    expect(ok(await h.call(ADMIN, 'dailyJob', { install: true }))).toEqual({
      installed: true,
      created: false,
      hour: 6,
    });
    const triggers = Object.values(triggerState(h.world).triggers);
    expect(triggers.map((t) => [t.owner, t.handler, t.hour])).toEqual([[OWNER, 'dailyJob', 6]]);
    // The runtime runs it as the clock passes 06:00 (the gateway's time zone is UTC).
    ok(await h.call(BEN, 'book', { event: event('m1', '2026-03-05T10:00:00+01:00'), status: 'confirmed' }));
    const runs = await h.runtime.advanceClock(Date.parse('2026-03-03T07:00:00Z'));
    expect(runs.map((r) => [r.fn, r.ok])).toEqual([['dailyJob', true]]);
    expect(inbox(h, LEA)).toHaveLength(1);
  });
});

describe('under the scenario clock (test/scenarios/manager-reminder.json)', () => {
  test('the clock passing days runs the job: the reminder arrives 7 days before, once, without the plan words', async () => {
    const file = join(__dirname, '..', 'scenarios', 'manager-reminder.json');
    const o = await runScenario(parseScenario(JSON.parse(readFileSync(file, 'utf8'))));
    const reminders = o.mail.filter((m) => m.from === 'ccm-service@acme.test');
    expect(reminders.map((m) => [m.to, m.at.slice(0, 10)])).toEqual([['lea@acme.test', '2026-03-13']]);
    // The coachee's plan and goal reach the event (the invitations carry the block), never a reminder.
    for (const words of ['Lisbon', 'Shadow the', 'burning out'])
      for (const m of reminders) expect(`${m.subject} ${m.text}`).not.toContain(words);
    expect(o.mail.some((m) => m.from === 'ben@acme.test' && m.text.includes('Lisbon'))).toBe(true);
  });
});

describe('the mails carry no plan text', () => {
  test('no reminder contains words the coachee wrote', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    ok(
      await h.call(BEN, 'book', {
        event: event('m1', '2026-03-04T10:00:00+01:00'),
        status: 'confirmed',
        planWritten: false,
      }),
    );
    await h.dailyJob();
    const all: StoredMessage[] = [LEA, BEN, ADMIN].flatMap((p) => inbox(h, p));
    expect(all.length).toBeGreaterThanOrEqual(3);
    // The gateway never receives plan text, so this guards the words module: nothing beyond names,
    // dates, links and counts. The full round trip through the add-on is in the scenario test.
    for (const m of all) expect(`${m.subject} ${m.plain} ${m.html}`).not.toMatch(/undefined|null|\[object/);
  });

  test('the morning run rebuilds the Overview for a program too large for the card to build it', async () => {
    // 600 coachees: a whole read of Engagements is past what the card builds live (overview.ts).
    const many = Array.from({ length: 600 }, (_, i) => QUARTERLY(`c${i}@acme.test`, MO));
    h = gatewayHarness({ engagements: [...ENGAGEMENTS, ...many], allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    expect(readSheet(h.world, h.company.sheetId, 'Overview').length).toBeLessThanOrEqual(1);
    await h.dailyJob();
    const rows = readSheet(h.world, h.company.sheetId, 'Overview');
    // A summary row and one row per item: every coachee is due a meeting this quarter.
    expect(rows.length).toBeGreaterThan(600);
    expect(rows.map((r) => r.join(' ')).join('\n')).toContain(BEN);
  });

  test('a small program: the morning run leaves the overview to the card (built live on open)', async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    await h.dailyJob();
    expect(readSheet(h.world, h.company.sheetId, 'Overview').length).toBeLessThanOrEqual(1);
  });
});
