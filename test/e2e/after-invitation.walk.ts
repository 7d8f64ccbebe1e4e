// End to end, after the invitation (issue 14's "Done when"): the workbench (`npm start`'s server, the
// BUILT bundles) in headless Chromium. Ana prepares her next alignment meeting and the form brings back
// the open steps of her February meeting (one kept, one marked done in the February notes); the clock
// moves and the daily job mails Mo his reminder about 7 days before (no plan text in it); Mo supports the
// goal and accepts the invitation from Gmail; Ana's homepage shows both; after the meeting Ana says it
// took place: no more cancel buttons, and the usage Sheet's Ledger says Held = yes.
// Screenshots: test-output/e2e-after/. The server, Chromium and the common moves: test/e2e/harness.ts;
// run by test/e2e/walks.test.ts.
import type { Locator, Page } from 'playwright-core';
import { parseBlock } from '../../src/core/description';
import { managerPrepMail } from '../../src/core/reminder-mail';
import { formatZonedDateTime } from '../../src/core/time';
import { CARRY_TITLE } from '../../src/addon/views/carry';
import { COMMITMENT_TITLE, SAVE_COMMITMENT_LABEL, SUPPORT_LABEL } from '../../src/addon/views/attendee';
import { responseText, supportText } from '../../src/addon/views/coachee-home';
import { ADD_LABEL, CANCEL_MEETING_LABEL, CONFIRM_LABEL, STOP_COUNTING_LABEL } from '../../src/addon/views/coachee';
import { HELD_QUESTION, HELD_STATUS, HELD_YES_LABEL } from '../../src/addon/views/held';
import { at, DEMO_OWNER, DEMO_TOOLKIT, DEMO_ZONE } from '../../src/local/workbench/demo';
import { chromiumSuite, Workbench } from './harness';

const suite = chromiumSuite();

const ANA = 'ana@lumen.test';
const MO = 'mo@lumen.test';
const HANA = 'hana@lumen.test';
const TITLE = 'Alignment: Ana, Mo and Cora (spring)';
const START = '2026-04-22 11:00';
const GOAL = 'Lead the onboarding squad through its next release';
const AGENDA = ['Progress since February', 'What Mo needs from the squad'];
const NEW_STEP = 'Pair with Priya on the release checklist';
const COMMITMENT = 'Block an hour a week for Ana’s release questions';
/** The February meeting the demo booked (src/local/workbench/demo.ts) and its two open steps. */
const FEBRUARY = 'CCM alignment: Ana, Mo and Cora';
const KEPT = 'Run two squad retros';
const DONE = 'Share the squad roadmap with Ana';
/** The manager's reminder as the daily job words it (core/reminder-mail.ts), for this meeting. */
const REMINDER = managerPrepMail({
  coacheeName: 'Ana Ruiz',
  when: `${formatZonedDateTime(at(START), DEMO_ZONE)} (${DEMO_ZONE})`,
  eventUrl: '',
}).subject;

suite('after the invitation: reminder, carried plan, support, held (workbench in Chromium)', () => {
  let wb: Workbench;
  let page: Page;
  let url = '';
  const panel = (): Locator => wb.panel();

  /** The description of Ana's event `title` (in the week of `week`), as her editor shows it. */
  async function descriptionOf(title: string, week: string): Promise<string> {
    await wb.openOnCalendar(ANA, title, week);
    return page.locator('#ed-description').inputValue();
  }

  /** Moves the demo clock with the top bar's button (the daily job runs once per 06:00 passed). */
  async function moveClock(step: '+1 day' | '+1 week', to: string): Promise<void> {
    await page.getByRole('button', { name: /^Now: / }).click();
    await page.getByRole('button', { name: step }).click();
    await page.waitForFunction((t) => document.getElementById('clock-text')?.textContent?.startsWith(t), to);
    await wb.viewReady();
  }

  async function inbox(as: string): Promise<void> {
    await page.goto(`${url}/#/mail?as=${encodeURIComponent(as)}`);
    await wb.viewReady();
  }

  beforeAll(async () => {
    wb = await Workbench.start('e2e-after');
    ({ page, url } = wb);
  }, 60_000);

  afterAll(async () => {
    await wb?.stop();
  });

  test('1. the next meeting’s form is pre-filled with the February steps: one kept, one marked done', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await wb.viewReady();
    await wb.panelReady();
    await page.getByRole('button', { name: 'Create' }).click();
    await wb.viewReady();
    await wb.panelReady();
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Start').fill(START.replace(' ', 'T'));
    await page.getByLabel('Start').dispatchEvent('change');
    await panel().getByRole('button', { name: ADD_LABEL }).click();
    await wb.expectVisible(page.locator('#ed-guests').getByText('Mo Chen'));
    await wb.panelReady();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await wb.viewReady();

    await wb.openOnCalendar(ANA, TITLE, '2026-04-20');
    const p = panel();
    const carried = p.getByRole('heading', { name: CARRY_TITLE });
    await wb.expectVisible(carried);
    await carried.scrollIntoViewIfNeeded();
    const kept = p.getByLabel(new RegExp(`^${KEPT}`));
    const done = p.getByLabel(new RegExp(`^${DONE}`));
    // Both open steps come back, kept by default.
    expect(await kept.inputValue()).toBe('keep');
    expect(await done.inputValue()).toBe('keep');
    await wb.shot('coachee-form-prefilled');
    await done.selectOption('done');
    await p.getByLabel('Goal').fill(GOAL);
    await p.getByLabel('Agenda').fill(AGENDA.join('\n'));
    await p.getByLabel('Step 1', { exact: true }).fill(NEW_STEP);
    await p.getByRole('button', { name: CONFIRM_LABEL }).click();
    expect(await wb.notification()).toMatch(/^Confirmed/);
    await page.waitForFunction(
      (goal) => (document.getElementById('ed-description') as HTMLTextAreaElement | null)?.value.includes(goal),
      GOAL,
    );
    const plan = parseBlock(await page.locator('#ed-description').inputValue()).meeting!.actionPlan;
    expect(plan.map((a) => [a.step, !!a.done])).toEqual([
      [KEPT, false],
      [NEW_STEP, false],
    ]);
    await wb.shot('coachee-confirmed-with-carried-step');

    // The February notes: the step marked done there, the kept one still open.
    const february = parseBlock(await descriptionOf(FEBRUARY, '2026-02-09')).meeting!.actionPlan;
    expect(february.map((a) => [a.step, !!a.done])).toEqual([
      [KEPT, false],
      [DONE, true],
    ]);
    await wb.shot('coachee-february-step-done');
  });

  test('2. about 7 days before, the daily job mails Mo a reminder without any plan text', async () => {
    await inbox(MO);
    // Tuesday 14 April: 8 days before, no reminder yet.
    await moveClock('+1 day', 'Tue 14 Apr 2026');
    expect(await page.locator('.mail-row', { hasText: REMINDER }).count()).toBe(0);
    // Wednesday 15 April: 7 days before, the reminder is in Mo's inbox, from the service owner.
    await moveClock('+1 day', 'Wed 15 Apr 2026');
    const row = page.locator('.mail-row', { hasText: REMINDER });
    expect(await row.count()).toBe(1);
    await wb.shot('manager-inbox-reminder');
    await row.click();
    await wb.viewReady();
    expect(await page.locator('.msg-head').textContent()).toContain(`<${DEMO_OWNER}>`);
    // The message as Mo reads it (its HTML part): the toolkit link, and nothing of Ana's plan.
    const mail = page.frameLocator('iframe.mail-body');
    await mail.locator(`a[href="${DEMO_TOOLKIT}"]`).waitFor();
    const body = (await mail.locator('body').textContent()) ?? '';
    for (const text of [GOAL, ...AGENDA, KEPT, DONE, NEW_STEP]) expect(body).not.toContain(text);
    await wb.shot('manager-reminder-mail');
  });

  test('3. Mo supports the goal and accepts the invitation from Gmail', async () => {
    await inbox(MO);
    await page
      .locator('.mail-row', { hasText: `Invitation: ${TITLE}` })
      .first()
      .click();
    await wb.viewReady();
    await wb.panelReady();
    const p = panel();
    await p.getByLabel(COMMITMENT_TITLE).fill(COMMITMENT);
    await p.getByRole('button', { name: SUPPORT_LABEL }).click();
    await wb.notification();
    await wb.panelReady();
    await wb.expectVisible(p.getByRole('button', { name: SAVE_COMMITMENT_LABEL }));
    expect(await p.getByLabel(COMMITMENT_TITLE).inputValue()).toBe(COMMITMENT);
    await wb.shot('manager-supports-goal');
    await page.getByRole('group', { name: 'Going?' }).getByRole('button', { name: 'Yes' }).click();
    await page.waitForSelector('.rsvp-bar button[aria-pressed="true"]:text-is("Yes")');
    await wb.viewReady();
    await wb.panelReady();
    await wb.shot('manager-accepted');
  });

  test('4. Ana’s homepage shows her manager’s support and his answer', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await wb.viewReady();
    await wb.panelReady();
    const p = panel();
    await wb.expectVisible(p.getByText(supportText('15 April 2026'), { exact: false }));
    await wb.expectVisible(p.getByText(responseText('accepted'), { exact: false }));
    // Mo's commitment stays in his own account.
    expect(await p.textContent()).not.toContain(COMMITMENT);
    await wb.shot('coachee-homepage-support');
  });

  test('5. after the meeting Ana says it took place: no cancel buttons, Held = yes in the Ledger', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await wb.viewReady();
    await moveClock('+1 week', 'Wed 22 Apr 2026');
    await moveClock('+1 day', 'Thu 23 Apr 2026');
    // Eight more daily runs since the reminder: Mo still has it once.
    const res = await fetch(`${url}/api/mail?as=${encodeURIComponent(MO)}`);
    const { messages } = (await res.json()) as { messages: { subject: string }[] };
    expect(messages.filter((m) => m.subject === REMINDER)).toHaveLength(1);
    await wb.openOnCalendar(ANA, TITLE, '2026-04-20');
    const p = panel();
    const question = p.getByText(HELD_QUESTION, { exact: true });
    await wb.expectVisible(question);
    await question.scrollIntoViewIfNeeded();
    await wb.shot('coachee-did-it-take-place');
    await p.getByRole('button', { name: HELD_YES_LABEL, exact: true }).click();
    await wb.notification();
    await wb.panelReady();

    // The panel again: no question, no way to cancel.
    await p.getByRole('button', { name: 'Run the add-on again' }).click();
    await wb.panelReady();
    await wb.expectVisible(p.getByRole('heading', { name: 'Alignment meeting' }));
    expect(await p.getByText(HELD_QUESTION, { exact: true }).count()).toBe(0);
    for (const label of [CANCEL_MEETING_LABEL, STOP_COUNTING_LABEL, HELD_YES_LABEL])
      expect(await p.getByRole('button', { name: label, exact: true }).count()).toBe(0);
    await wb.shot('coachee-panel-held');

    // The homepage lists it as held.
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await wb.viewReady();
    await wb.panelReady();
    const item = panel().locator('.w-decorated', { hasText: TITLE });
    await wb.expectVisible(item);
    expect(await item.textContent()).toContain(HELD_STATUS.yes);
    await wb.shot('coachee-homepage-held');

    // The usage Sheet: Ana's row for this meeting says Held = yes.
    await wb.actAs('Hana Sato');
    await page.goto(`${url}/#/sheet?as=${encodeURIComponent(HANA)}`);
    await wb.viewReady();
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await wb.viewReady();
    const cells = (row: Locator) => row.locator('td').allTextContents();
    const header = await cells(page.locator('table.grid tbody tr').first());
    const [heldCol, supportCol] = [header.indexOf('Held'), header.indexOf('Manager support')];
    expect(heldCol).toBeGreaterThan(-1);
    expect(supportCol).toBeGreaterThan(-1);
    const row = page.locator('table.grid tbody tr', { hasText: ANA }).filter({ hasText: '#Q2' });
    expect(await row.count()).toBe(1);
    const values = await cells(row);
    expect(values[heldCol]).toBe('yes');
    expect(values[supportCol]).toMatch(/15 Apr 2026/);
    await wb.shot('admin-ledger-held');
  });
});
