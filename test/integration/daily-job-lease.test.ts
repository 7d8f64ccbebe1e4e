// Through the BUILT gateway: one daily run at a time (src/gateway/lease.ts). A run that finds another
// run's lease does nothing (it would read the Reminders tab before the other wrote to it and send the
// same reminders again); a lease left by a run that died stops nobody once it has expired; a run gives
// its lease back when it ends.
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { scriptProperties } from '../../src/local/runtime/backends/storage';
import { DAILY_LEASE_KEY, DAILY_LEASE_MS } from '../../src/gateway/lease';
import { event, gatewayHarness, type Harness } from './gateway-harness';

const DAY = 24 * 3_600_000;
const BEN = 'ben@acme.test';
const LEA = 'lea@acme.test';
const ENGAGEMENTS = [
  {
    coachee: BEN,
    manager: LEA,
    coach: 'cora@coaches.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
  },
];

let h: Harness;
afterEach(() => h.close());

const lease = () => scriptProperties(h.world, 'gateway')[DAILY_LEASE_KEY];
const logged = (exec: { logs: { message: string }[] }) =>
  exec.logs.map((l) => l.message).find((m) => m.includes('"event":"daily-job"')) ?? '';

describe('the daily job runs one at a time', () => {
  beforeEach(async () => {
    h = gatewayHarness({ engagements: ENGAGEMENTS, allTabs: true }, { now: '2026-03-02T09:00:00Z' });
    const r = await h.call(BEN, 'book', { event: event('m1', '2026-03-06T10:00:00+01:00'), status: 'confirmed' });
    expect(r.res.ok).toBe(true);
  });

  test("a run that finds another run's lease sends nothing", async () => {
    scriptProperties(h.world, 'gateway')[DAILY_LEASE_KEY] = String(h.world.now() + 60_000);
    const exec = await h.dailyJob();
    expect(JSON.parse(logged(exec))).toMatchObject({ outcome: 'ALREADY_RUNNING' });
    expect(mailbox(h.world, LEA)).toEqual([]);
    expect(lease()).toBe(String(h.world.now() + 60_000)); // the other run's lease is left alone
  });

  test('an expired lease (a run that died) stops nobody; a run gives its lease back', async () => {
    scriptProperties(h.world, 'gateway')[DAILY_LEASE_KEY] = String(h.world.now() - DAY);
    const exec = await h.dailyJob();
    expect(JSON.parse(logged(exec))).toMatchObject({ outcome: 'OK' });
    expect(mailbox(h.world, LEA)).toHaveLength(1); // the manager's reminder, 4 days before
    expect(lease()).toBeUndefined();
    expect(DAILY_LEASE_MS).toBeGreaterThan(6 * 60_000); // longer than Google lets a trigger run
  });
});
