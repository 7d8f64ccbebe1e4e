// The daily job's reminder rules (src/core/reminders.ts) and words (src/core/reminder-mail.ts).
import {
  bookingRemindersDue,
  digestKey,
  milestoneReminderDue,
  planWritten,
  reminderSwitches,
  type ReminderBooking,
} from '../../src/core/reminders';
import {
  adminDigestMail,
  coacheePlanMail,
  eventLink,
  managerPrepMail,
  milestoneOpenMail,
} from '../../src/core/reminder-mail';
import { EngagementSchema, type Engagement } from '../../src/core/engagement';

const DAY = 86_400_000;
const START = Date.parse('2026-03-20T09:00:00Z');
const booking = (over: Partial<ReminderBooking> = {}): ReminderBooking => ({
  bookingId: 'b1',
  status: 'confirmed',
  start: new Date(START).toISOString(),
  ...over,
});
const kinds = (b: ReminderBooking, now: number) => bookingRemindersDue(b, now, 'UTC').map((r) => r.kind);
const SETTINGS = { timeZone: 'Europe/Berlin', quarters: 'calendar' as const, fiscalStartMonth: 1, perQuarter: 1 };
const engagement = (over: Partial<Engagement> = {}): Engagement =>
  EngagementSchema.parse({
    coachee: 'ben@acme.test',
    manager: 'lea@acme.test',
    coach: 'cora@coaches.test',
    company: 'acme.test',
    program: 'quarterly',
    start: '2026-01-01',
    end: '2027-01-01',
    sessionsInProgram: 10,
    status: 'active',
    ...over,
  });

describe('booking reminders', () => {
  test('the manager from the day 7 days before (and later, when booked late), never after the start', () => {
    expect(kinds(booking(), START - 8 * DAY)).toEqual([]);
    expect(kinds(booking(), Date.parse('2026-03-12T23:59:00Z'))).toEqual([]);
    // A run at 06:00 on the 13th: the meeting (the 20th, 09:00) is 7 calendar days ahead.
    expect(kinds(booking(), Date.parse('2026-03-13T06:00:00Z'))).toEqual(['manager-prep']);
    expect(kinds(booking(), START - DAY)).toEqual(['manager-prep']);
    expect(kinds(booking(), START)).toEqual([]);
  });

  test('the coachee from 2 days before, only when the plan is known to be empty', () => {
    expect(kinds(booking({ planWritten: false }), Date.parse('2026-03-18T06:00:00Z'))).toEqual([
      'manager-prep',
      'coachee-plan',
    ]);
    expect(kinds(booking({ planWritten: false }), START - 3 * DAY)).toEqual(['manager-prep']);
    expect(kinds(booking({ planWritten: true }), START - DAY)).toEqual(['manager-prep']);
    expect(kinds(booking(), START - DAY)).toEqual(['manager-prep']); // unknown: no nagging
  });

  test('only confirmed bookings; the key is kind + booking, so each goes once', () => {
    for (const status of ['pending', 'cancelled', 'expired'] as const)
      expect(kinds(booking({ status }), START - DAY)).toEqual([]);
    expect(bookingRemindersDue(booking(), START - DAY, 'UTC')[0]!.key).toBe('manager-prep:b1');
  });

  test('plan written: a step with words', () => {
    expect(planWritten({ actionPlan: [] })).toBe(false);
    expect(planWritten({ actionPlan: [{ step: '  ' }] })).toBe(false);
    expect(planWritten({ actionPlan: [{ step: 'Weekly check-in' }] })).toBe(true);
  });
});

describe('milestone reminders', () => {
  test('quarterly: once a quarter, in its first 14 days, when nothing is booked in it', () => {
    const g = engagement();
    const q2 = Date.parse('2026-04-02T08:00:00Z');
    expect(milestoneReminderDue(g, SETTINGS, q2, [])).toMatchObject({
      kind: 'quarter-open',
      key: 'quarter-open:ben@acme.test:2026-01-01:2026-Q2',
    });
    expect(milestoneReminderDue(g, SETTINGS, q2 + 14 * DAY, [])).toBeNull();
    const booked = [{ eventId: 'e', status: 'confirmed' as const, start: '2026-05-05T08:00:00Z' }];
    expect(milestoneReminderDue(g, SETTINGS, q2, booked)).toBeNull();
    expect(milestoneReminderDue(engagement({ status: 'paused' }), SETTINGS, q2, [])).toBeNull();
  });

  test('six-month: the initial meeting in month 2, the wrap-up in the last month, each once', () => {
    const g = engagement({ program: 'six-month', start: '2026-01-05', end: '2026-07-05' });
    expect(milestoneReminderDue(g, SETTINGS, Date.parse('2026-01-20T08:00:00Z'), [])).toBeNull();
    expect(milestoneReminderDue(g, SETTINGS, Date.parse('2026-02-06T08:00:00Z'), [])).toMatchObject({
      kind: 'milestone-open',
      key: 'milestone-open:ben@acme.test:2026-01-05:initial',
    });
    const initial = [
      { eventId: 'e', status: 'confirmed' as const, start: '2026-02-20T08:00:00Z', milestone: 'initial' },
    ];
    expect(milestoneReminderDue(g, SETTINGS, Date.parse('2026-06-10T08:00:00Z'), initial)).toMatchObject({
      key: 'milestone-open:ben@acme.test:2026-01-05:wrap-up',
    });
  });
});

describe('switches and the digest key', () => {
  test('every kind is on unless its Settings key says off / no / false / 0', () => {
    expect(Object.values(reminderSwitches({})).every(Boolean)).toBe(true);
    const s = reminderSwitches({ RemindManagers: 'Off', adminDigest: 'no', remindCoacheePlan: 'on' });
    expect(s).toMatchObject({ 'manager-prep': false, 'admin-digest': false, 'coachee-plan': true });
  });

  test('one digest per admin per ISO week (keyed by the Monday, company time)', () => {
    const mon = Date.parse('2026-03-02T08:00:00Z');
    expect(digestKey('HR@acme.test', mon, 'Europe/Berlin')).toBe('admin-digest:hr@acme.test:2026-03-02');
    expect(digestKey('hr@acme.test', mon + 6 * DAY, 'Europe/Berlin')).toBe('admin-digest:hr@acme.test:2026-03-02');
    expect(digestKey('hr@acme.test', mon + 7 * DAY, 'Europe/Berlin')).toBe('admin-digest:hr@acme.test:2026-03-09');
  });
});

describe('mail words', () => {
  test('the event link is Calendar\'s eid link: base64url of "<event id> <calendar>"', () => {
    const url = eventLink('abc123', 'lea@acme.test');
    const eid = url.split('eid=')[1]!;
    expect(Buffer.from(eid, 'base64url').toString('utf8')).toBe('abc123 lea@acme.test');
  });

  test('names are escaped in the HTML; every mail has text and HTML and no "undefined"', () => {
    const mails = [
      managerPrepMail({
        coacheeName: 'Ben <b>',
        when: 'Fri 20 Mar',
        eventUrl: 'https://x.test/e',
        toolkitUrl: 'https://t.test/',
      }),
      coacheePlanMail({ when: 'Fri 20 Mar', eventUrl: 'https://x.test/e' }),
      milestoneOpenMail({ label: 'Initial meeting', windowLabel: '5 Feb – 4 Mar 2026', quarterly: false }),
      adminDigestMail({ weekOf: '2 March 2026', lines: [{ name: 'Ben', company: 'acme', overdue: true }] }),
    ];
    expect(mails[0]!.htmlBody).toContain('Ben &lt;b&gt;');
    for (const m of mails) {
      expect(m.subject && m.body && m.htmlBody).toBeTruthy();
      expect(`${m.subject}${m.body}${m.htmlBody}`).not.toMatch(/undefined|null/);
    }
  });
});
