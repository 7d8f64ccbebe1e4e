// The invited (manager, coach, anyone else) in Calendar and in Gmail, the Gmail fast path for
// ordinary mail, homepages and universal actions, through the BUILT add-on and gateway.
import type { Workspace } from '../../src/local/host/workspace';
import { GATEWAY_URL } from '../../src/local/host/workspace';
import { readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import * as gmail from '../../src/local/runtime/backends/gmail';
import { setUrlFetchFault, clearUrlFetchFaults } from '../../src/local/runtime/backends/urlfetch';
import { userProperties } from '../../src/local/runtime/backends/storage';
import { BLOCK_END } from '../../src/core/description';
import { ACTIONS, ADDON_NAME } from '../../src/addon/views/names';
import {
  ANA,
  CORA,
  FORM,
  MO,
  calls,
  cancelThrough,
  confirm,
  savedEventPanel,
  setup,
  tick,
  type Setup,
} from './addon-helpers';
import { GMAIL_TEXT } from '../../src/addon/views/messages/gmail';

const PAT = 'pat@acme.test';

/** Ana books a meeting with Mo and Cora (and, when asked, Pat as an extra guest). */
async function bookedMeeting(s: Setup, opts: { extraGuest?: boolean } = {}) {
  s.ws.world.addUser({ email: PAT, name: 'Pat', domain: 'acme.test', timeZone: 'America/New_York' });
  const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', {
    title: 'Alignment: Ana / Mo / Cora',
  });
  if (opts.extraGuest) {
    const draft = s.ws.openEditor(ANA, ev.id);
    cal.updateDraft(s.ws.world, draft, { attendees: [PAT] });
    cal.saveDraft(s.ws.world, draft);
  }
  let done = await confirm(panel);
  // Another guest would see the plan: the review card says so first, and Ana books anyway.
  if (opts.extraGuest) done = await panel.press({ fn: ACTIONS.bookAnyway });
  expect(done.notification).toMatch(/^Confirmed/);
  tick(s.ws);
  return ev;
}

/** The latest calendar mail about `eventId` in a person's mailbox. */
function inviteFor(ws: Workspace, user: string, eventId: string): gmail.StoredMessage {
  const m = gmail.mailbox(ws.world, user).find((x) => x.calendarEventId === eventId && x.kind !== 'cancellation');
  if (!m) throw new Error(`${user} has no invitation for ${eventId}`);
  return m;
}

const joined = (ws: { text(): { text: string[] } | null }) => ws.text()!.text.join('\n');

describe('manager, coach and other attendees, through the built bundles', () => {
  let s: Setup;
  afterEach(async () => {
    clearUrlFetchFaults(s.ws.runtime);
    await s?.ws.close();
  });

  test('the manager in Gmail: the plan as written, their part, preparation, not-for, when, confidentiality; one Calendar read, one gateway call', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const msg = inviteFor(s.ws, MO, ev.id);
    const panel = s.ws.gmailPanel(MO, msg.id);
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(panel.last!.renderProblems).toEqual([]);
    const t = panel.text()!;
    expect(t.title).toBe(`Alignment meeting with ${ANA}`);
    const text = t.text.join('\n');
    expect(text).toContain(FORM.goal);
    for (const item of FORM.agenda) expect(text).toContain(item);
    expect(text).toContain('Introduce Ana to the sales leads — You, by 24 Mar 2026');
    expect(text).toContain('Draft launch plan and share with Mo — Your report, by 17 Mar 2026');
    expect(t.text).toEqual(
      expect.arrayContaining([
        'Your part',
        'Before the meeting',
        'What this meeting is not for',
        'When these meetings happen',
        'Confidentiality',
        'Facilitate',
        'Initial meeting',
      ]),
    );
    expect(text).toMatch(/listen/);
    expect(text).toMatch(/accountability partner/i);
    expect(text).toMatch(/Performance improvement plan/);
    expect(t.inputs.map((i) => i.name)).toEqual(['commitment', 'prepNote', 'prepared']);
    expect(calls(panel, 'Calendar.Events.get')).toBe(1);
    expect(calls(panel, 'Calendar.Events.list')).toBe(0);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1);
  });

  test('the manager in Calendar, and their private preparation note that nobody else sees', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const panel = s.ws.calendarPanel(MO, { eventId: ev.id });
    await panel.open();
    expect(panel.text()!.title).toBe(`Alignment meeting with ${ANA}`);
    const saved = await panel.press(
      { fn: ACTIONS.savePrep },
      { prepNote: 'Ask about the Q2 targets\nBring the 360 themes', prepared: ['yes'] },
    );
    expect(saved.crash).toBeNull();
    expect(saved.notification).toBe('Saved, and marked as prepared. Only you can see this.');
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);

    // Stored in Mo's own user properties only: not the ledger, not the event, not Ana's or Cora's.
    const mine = JSON.stringify(userProperties(s.ws.world, 'addon', MO));
    expect(mine).toContain('Ask about the Q2 targets');
    for (const other of [ANA, CORA])
      expect(JSON.stringify(userProperties(s.ws.world, 'addon', other))).not.toContain('Q2 targets');
    expect(JSON.stringify(readLedger(s.ws.world, s.sheetId))).not.toContain('Q2 targets');
    expect(JSON.stringify(cal.getSharedEvent(s.ws.world, ev.id))).not.toContain('Q2 targets');

    // Back in Gmail later, the note and the mark are there.
    const g = s.ws.gmailPanel(MO, inviteFor(s.ws, MO, ev.id).id);
    await g.open();
    const inputs = g.text()!.inputs;
    expect(inputs.find((i) => i.name === 'prepNote')!.value).toBe('Ask about the Q2 targets\nBring the 360 themes');
    expect(inputs.find((i) => i.name === 'prepared')!.value).toEqual(['yes']);
    const coach = s.ws.calendarPanel(CORA, { eventId: ev.id });
    await coach.open();
    expect(JSON.stringify(coach.card)).not.toContain('Q2 targets');
  });

  test('the coach (outside the company) in Calendar and Gmail: the agreed role, the agenda, the ethics reminder', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    for (const panel of [
      s.ws.calendarPanel(CORA, { eventId: ev.id }),
      s.ws.gmailPanel(CORA, inviteFor(s.ws, CORA, ev.id).id),
    ]) {
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      const t = panel.text()!;
      expect(t.text).toEqual(expect.arrayContaining(['Your agreed role', 'Facilitate', 'Ethics reminder']));
      const text = t.text.join('\n');
      for (const item of FORM.agenda) expect(text).toContain(item);
      expect(text).toMatch(/Nothing from your coaching sessions is shared/);
      // The manager's private corner is not here.
      expect(t.inputs).toEqual([]);
    }
  });

  test('another guest sees a neutral card, in Calendar and in Gmail: nothing of the plan, the program or the allowance', async () => {
    s = setup();
    const ev = await bookedMeeting(s, { extraGuest: true });
    for (const panel of [
      s.ws.calendarPanel(PAT, { eventId: ev.id }),
      s.ws.gmailPanel(PAT, inviteFor(s.ws, PAT, ev.id).id),
    ]) {
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      const text = joined(panel);
      expect(text).toBe('CCM Alignment\nThere is nothing for you to do in this panel for this event.');
      expect(JSON.stringify(panel.card)).not.toMatch(/launch|allowance|quarter|milestone/i);
    }
  });

  test('ordinary mail returns the short card with zero Calendar and zero UrlFetch calls', async () => {
    s = setup();
    const [msg] = gmail.deliverMessage(s.ws.world, {
      to: MO,
      from: 'Ana <ana@acme.test>',
      subject: 'Lunch?',
      body: 'Shall we have lunch on Friday? https://calendar.google.com/calendar/r',
    });
    const panel = s.ws.gmailPanel(MO, msg!.id);
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(joined(panel)).toContain(GMAIL_TEXT.ordinary);
    const counted = panel.last!.execution.counters.serviceCalls;
    expect(Object.keys(counted).filter((k) => k.startsWith('Calendar.') || k.startsWith('UrlFetchApp.'))).toEqual([]);
    expect(Object.keys(counted).sort()).toEqual([
      'GmailApp.getMessageById',
      'GmailMessage.getAttachments',
      'GmailMessage.getBody',
    ]);
  });

  test("a forwarded invitation: another coachee's manager sees nothing of the meeting", async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const original = inviteFor(s.ws, MO, ev.id);
    const [fwd] = gmail.deliverMessage(s.ws.world, {
      to: 'lea@acme.test',
      from: 'Mo <mo@acme.test>',
      subject: `Fwd: ${original.subject}`,
      html: original.html,
      attachments: original.attachments,
    });
    const panel = s.ws.gmailPanel('lea@acme.test', fwd!.id);
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(joined(panel)).toMatch(/not in your calendar/);
    expect(JSON.stringify(panel.card)).not.toMatch(/launch|Support I need|Facilitate/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
  });

  test('an invitation found by its invite.ics UID when it carries no Calendar link', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const original = inviteFor(s.ws, MO, ev.id);
    expect(original.attachments.some((a) => /\.ics$/.test(a.name))).toBe(true);
    const [plain] = gmail.deliverMessage(s.ws.world, {
      to: MO,
      from: 'Ana <ana@acme.test>',
      subject: 'Our meeting',
      body: 'See the attached invitation.',
      attachments: original.attachments,
    });
    const panel = s.ws.gmailPanel(MO, plain!.id);
    await panel.open();
    expect(panel.text()!.title).toBe(`Alignment meeting with ${ANA}`);
    expect(calls(panel, 'Calendar.Events.list')).toBe(1);
  });

  test('a description block edited by hand still renders what can be read, without crashing', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const stored = cal.getCopy(s.ws.world, ANA, ev.id) as any;
    const damaged =
      (stored.description as string)
        .replace(BLOCK_END, '')
        .replace('Action plan:', 'Our plan (edited by Ana):')
        .replace(/\n/g, '<br>') + '<br><br><i>PS: coffee first</i>';
    const draft = s.ws.openEditor(ANA, ev.id);
    cal.updateDraft(s.ws.world, draft, { description: damaged });
    cal.saveDraft(s.ws.world, draft);
    tick(s.ws);
    for (const panel of [
      s.ws.calendarPanel(MO, { eventId: ev.id }),
      s.ws.gmailPanel(MO, inviteFor(s.ws, MO, ev.id).id),
    ]) {
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      const text = joined(panel);
      expect(text).toContain(FORM.goal);
      expect(text).toMatch(/edited by hand/);
    }
  });

  test('a block reduced to its first line by hand: manager and coach panels still render', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    const draft = s.ws.openEditor(ANA, ev.id);
    cal.updateDraft(s.ws.world, draft, { description: '── CCM alignment meeting ──<br>???' });
    cal.saveDraft(s.ws.world, draft);
    tick(s.ws);
    for (const panel of [s.ws.calendarPanel(MO, { eventId: ev.id }), s.ws.calendarPanel(CORA, { eventId: ev.id })]) {
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      expect(joined(panel)).toMatch(/edited by hand/);
    }
  });

  test('when the gateway cannot be reached, the invitation itself picks the panel; strangers still see nothing', async () => {
    s = setup();
    const ev = await bookedMeeting(s, { extraGuest: true });
    setUrlFetchFault(s.ws.runtime, GATEWAY_URL, { kind: 'unreachable' });
    const coach = s.ws.calendarPanel(CORA, { eventId: ev.id });
    await coach.open();
    expect(coach.last!.crash).toBeNull();
    expect(joined(coach)).toMatch(/could not be reached just now/);
    expect(coach.text()!.text).toEqual(expect.arrayContaining(['Your agreed role', 'Facilitate']));
    const pat = s.ws.calendarPanel(PAT, { eventId: ev.id });
    await pat.open();
    expect(joined(pat)).toBe('CCM Alignment\nThere is nothing for you to do in this panel for this event.');
  });

  test("a meeting cancelled for everyone: the manager gets Calendar's cancellation and sees nothing of the plan", async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel);
    tick(s.ws);
    await cancelThrough(panel, 'meeting');
    tick(s.ws);
    const notice = gmail.mailbox(s.ws.world, MO).find((m) => m.calendarEventId === ev.id && m.kind === 'cancellation');
    expect(notice).toBeDefined();
    const mo = s.ws.gmailPanel(MO, notice!.id);
    await mo.open();
    expect(joined(mo)).toBe(`${ADDON_NAME}\n${GMAIL_TEXT.cancelled}`);
  });

  test('a meeting that stops counting is an ordinary event for the manager: nothing of the plan', async () => {
    s = setup();
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    await confirm(panel);
    tick(s.ws);
    await cancelThrough(panel, 'counting');
    tick(s.ws);
    const mo = s.ws.calendarPanel(MO, { eventId: ev.id });
    await mo.open();
    expect(joined(mo)).not.toContain(FORM.goal);
    expect((cal.getCopy(s.ws.world, MO, ev.id) as any).extendedProperties?.shared ?? {}).toEqual({});
  });

  test('the cancellation email of a deleted meeting says so, and shows nothing of it', async () => {
    s = setup();
    const ev = await bookedMeeting(s);
    cal.deleteEvent(s.ws.world, ANA, ev.id);
    tick(s.ws);
    const notice = gmail.mailbox(s.ws.world, MO).find((m) => m.calendarEventId === ev.id && m.kind === 'cancellation');
    expect(notice).toBeDefined();
    const panel = s.ws.gmailPanel(MO, notice!.id);
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    expect(joined(panel)).toBe(`${ADDON_NAME}\n${GMAIL_TEXT.cancelled}`);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
  });

  test('an ordinary event opened by a guest shows what the add-on is for, without a gateway call', async () => {
    s = setup();
    const ev = cal.createEvent(s.ws.world, ANA, {
      summary: '1:1',
      start: '2026-03-04T11:00:00-05:00',
      end: '2026-03-04T11:30:00-05:00',
      attendees: [MO],
    });
    const panel = s.ws.calendarPanel(MO, { eventId: ev.id });
    await panel.open();
    expect(joined(panel)).toMatch(/What this add-on is for/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
  });
});

describe('homepages and universal actions', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('the program admin gets the usage card in one gateway call, the first time and every time', async () => {
    s = setup();
    await bookedMeeting(s);
    const first = s.ws.homepage('hr@acme.test');
    await first.open();
    expect(first.last!.crash).toBeNull();
    expect(first.text()!.title).toBe('Program usage');
    expect(joined(first)).toMatch(/Confirmed 1 · pending 0/);
    expect(first.last!.renderProblems).toEqual([]);
    expect(calls(first, 'UrlFetchApp.fetch')).toBe(1);
    for (const host of ['GMAIL', 'CALENDAR'] as const) {
      tick(s.ws);
      const again = s.ws.homepage('hr@acme.test', host);
      await again.open();
      expect(again.text()!.title).toBe('Program usage');
      expect(calls(again, 'UrlFetchApp.fetch')).toBe(1);
    }
  });

  test("an outside coach's homepage says what the add-on is for (the gateway answers only company accounts there)", async () => {
    s = setup();
    const home = s.ws.homepage(CORA, 'GMAIL');
    await home.open();
    expect(home.last!.crash).toBeNull();
    expect(joined(home)).toMatch(/What this add-on is for/);
  });

  test("a manager's homepage lists their reports' meetings (none yet); the universal actions show the toolkit and the about card", async () => {
    s = setup();
    const home = s.ws.homepage(MO);
    await home.open();
    expect(home.last!.crash).toBeNull();
    // Issue 14 item 5: the manager's own homepage (test/integration/manager-home.test.ts has the meetings).
    expect(home.text()!.title).toBe('Alignment meetings');
    const toolkit = await home.universal('Manager toolkit');
    expect(toolkit.crash).toBeNull();
    expect(home.text()!.text).toEqual(
      expect.arrayContaining([
        'Questions to think about beforehand',
        'What this meeting is not for',
        'When the meetings happen',
      ]),
    );
    const about = await home.universal('About CCM meetings');
    expect(about.crash).toBeNull();
    expect(joined(home)).toMatch(/What this add-on is for/);
    // The toolkit button on a card pushes the toolkit.
    const pushed = await home.press('Manager toolkit');
    expect(pushed.crash).toBeNull();
    expect(home.stack).toHaveLength(2);
  });
});
