// Issue 11 item 2: the allowance counts bookings by their DATE under the CURRENT settings. An admin
// edits the Sheet by hand (Settings / Engagements cells, typed as in the Sheets UI, no gateway), and
// the built add-on and gateway must neither free a used quarter nor cancel anything: a quarter left
// over the allowance is listed on the admin card and in Audit, and the coachee's panel says so.
import { readAudit, readLedger } from '../../src/local/host/company';
import { readRange, writeRange } from '../../src/local/runtime/backends/sheets';
import { ENGAGEMENT_HEADERS } from '../../src/gateway/schema';
import { overAllowanceMessage } from '../../src/core/allowance';
import { quarterOf } from '../../src/core/quarters';
import { ANA, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

/** An admin types `value` into the Settings row of `key` (column B), as in the Sheets UI. */
function editSetting(s: Setup, key: string, value: string) {
  const rows = readRange(s.ws.world, s.sheetId, "'Settings'!A1:A40");
  const i = rows.findIndex((r) => r[0] === key);
  if (i < 0) throw new Error(`no Settings row ${key}`);
  writeRange(s.ws.world, s.sheetId, `'Settings'!B${i + 1}`, [[value]]);
}

/** An admin types `value` into the coachee's Engagements cell of `header`. */
function editEngagement(s: Setup, coachee: string, header: (typeof ENGAGEMENT_HEADERS)[number], value: string) {
  const rows = readRange(s.ws.world, s.sheetId, "'Engagements'!A1:A200");
  const i = rows.findIndex((r) => r[0] === coachee);
  if (i < 0) throw new Error(`no Engagements row for ${coachee}`);
  const col = String.fromCharCode(65 + ENGAGEMENT_HEADERS.indexOf(header));
  writeRange(s.ws.world, s.sheetId, `'Engagements'!${col}${i + 1}`, [[value]]);
}

const active = (s: Setup) =>
  readLedger(s.ws.world, s.sheetId).filter((r) => r.status === 'confirmed' || r.status === 'pending');

/** The code the gateway refused a booking of `eventId` with (its Audit row). */
const refusal = (s: Setup, eventId: string) =>
  readAudit(s.ws.world, s.sheetId).find((r) => r.op === 'book' && r.eventId === eventId)?.outcome;

describe('the allowance after an admin edits the Sheet by hand', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test("moving an engagement's start by one day does not open a second meeting in the same quarter", async () => {
    s = setup({ program: 'quarterly', quarters: 'engagement', start: '2026-01-12', end: '2027-01-12' });
    const first = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect((await confirm(first.panel)).notification).toMatch(/^Confirmed/);
    editEngagement(s, ANA, 'Start', '2026-01-13');
    tick(s.ws);
    const second = await savedEventPanel(s.ws, '2026-03-20T11:00:00-05:00', { description: 'Mine' });
    const refused = await confirm(second.panel);
    expect(refused.crash).toBeNull();
    expect(refusal(s, second.ev.id)).toBe('ALLOWANCE_USED');
    expect(active(s).map((r) => r.eventId)).toEqual([first.ev.id]);
  });

  test('switching quarters from calendar to fiscal (start month 1, the same quarters) does not reset the allowance', async () => {
    s = setup({
      program: 'quarterly',
      quarters: 'calendar',
      now: '2026-04-06T13:00:00Z',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    const first = await savedEventPanel(s.ws, '2026-04-14T10:00:00-04:00');
    expect((await confirm(first.panel)).notification).toMatch(/^Confirmed/);
    editSetting(s, 'quarters', 'fiscal');
    editSetting(s, 'fiscalStartMonth', '1');
    tick(s.ws);
    const second = await savedEventPanel(s.ws, '2026-06-02T10:00:00-04:00', { description: 'Mine' });
    const refused = await confirm(second.panel);
    expect(refused.crash).toBeNull();
    expect(refusal(s, second.ev.id)).toBe('ALLOWANCE_USED');
    expect(active(s).map((r) => r.eventId)).toEqual([first.ev.id]);
  });

  test('an edit that leaves a quarter over the allowance cancels nothing; admin card, Audit and coachee panel say so', async () => {
    // Engagement quarters from 12 Jan: 3 Mar is in Quarter 1, 20 Apr in Quarter 2, one meeting each.
    s = setup({ program: 'quarterly', quarters: 'engagement', start: '2026-01-12', end: '2027-01-12' });
    const a = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    expect((await confirm(a.panel)).notification).toMatch(/^Confirmed/);
    tick(s.ws);
    const b = await savedEventPanel(s.ws, '2026-04-20T11:00:00-04:00');
    expect((await confirm(b.panel)).notification).toMatch(/^Confirmed/);
    // The admin moves the start to 1 Feb: Quarter 1 is now 1 Feb - 30 Apr and holds both meetings.
    editEngagement(s, ANA, 'Start', '2026-02-01');
    tick(s.ws);

    const admin = s.ws.homepage('hr@acme.test');
    await admin.open();
    expect(admin.last!.crash).toBeNull();
    const card = admin.text()!.text.join('\n');
    expect(card).toContain(ANA);
    expect(card).toMatch(/Quarter 1/);
    const audit = readAudit(s.ws.world, s.sheetId).filter((r) => r.outcome.startsWith('OVER_ALLOWANCE'));
    expect(audit.map((r) => r.outcome)).toEqual([`OVER_ALLOWANCE ${ANA} E2026-02-01#Q1 2/1`]);

    const home = s.ws.homepage(ANA);
    await home.open();
    expect(home.last!.crash).toBeNull();
    const quarter = quarterOf(Date.parse('2026-03-03T16:00:00Z'), {
      basis: 'engagement',
      engagementStart: '2026-02-01',
      timeZone: 'America/New_York',
    });
    expect(home.text()!.text.join('\n')).toContain(overAllowanceMessage({ quarter, used: 2, limit: 1 }));
    // Nothing was cancelled.
    expect(
      active(s)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual([a.ev.id, b.ev.id].sort());
  });
});
