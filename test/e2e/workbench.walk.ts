// End to end: the workbench (`npm start`'s server, the BUILT bundles) driven in headless Chromium,
// the way a person clicks through the story: a coachee books an alignment meeting from a new event,
// the manager opens the invitation in Gmail and reads the agenda, the program admin sees the usage
// change, a second meeting in the same quarter is refused (its form filled with the keyboard only),
// the manager's private note works with the keyboard only, and another coachee finds a time on the
// homepage and schedules the whole meeting from it. Screenshots: test-output/e2e/.
// The server, Chromium and the common moves: test/e2e/harness.ts; run by test/e2e/walks.test.ts.
import { appendFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chromiumSuite, Workbench } from './harness';
import * as SCHEDULE_TEXT from '../../src/addon/views/messages/schedule';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';

const suite = chromiumSuite();

const ANA = 'ana@lumen.test';
const MO = 'mo@lumen.test';
const HANA = 'hana@lumen.test';
const BEN = 'ben@lumen.test';
const TITLE = 'Alignment: Ana, Mo and Cora';
const GOAL = 'Lead the onboarding squad’s next release';
const AGENDA = ['The goal and why it matters', 'Support I need from Mo', 'How we will track progress'];

suite('the workbench in Chromium', () => {
  let wb: Workbench;
  let page: Page;
  let url = '';
  let tmp = '';
  let context: BrowserContext;

  const shot = (name: string) => wb.shot(name);
  const viewReady = () => wb.viewReady();
  const panelReady = () => wb.panelReady();
  const panel = (): Locator => wb.panel();
  const notification = () => wb.notification();
  const actAs = (name: string) => wb.actAs(name);
  const expectVisible = (l: Locator) => wb.expectVisible(l);
  const openOnCalendar = (title: string, week: string) => wb.openOnCalendar(ANA, title, week);

  /** Presses Tab until `target` has the focus; fails if it takes more than `max` presses. */
  async function tabTo(target: Locator, max = 40): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  async function createAndSaveWithParticipants(title: string, start: string): Promise<void> {
    await page.getByRole('button', { name: 'Create' }).click();
    await viewReady();
    await panelReady();
    await expectVisible(panel().getByRole('heading', { name: 'Alignment meeting' }));
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Start').fill(start);
    await page.getByLabel('Start').dispatchEvent('change');
    await panel().getByRole('button', { name: 'Add manager, coach and toolkit' }).click();
    await expectVisible(page.locator('#ed-guests').getByText('Mo Chen'));
    await expectVisible(page.locator('#ed-guests').getByText('Cora Lind'));
    await expectVisible(page.getByRole('link', { name: /toolkit for managers/ }));
    await panelReady();
  }

  beforeAll(async () => {
    wb = await Workbench.start('e2e');
    ({ page, url, tmp, context } = wb);
  }, 60_000);

  afterAll(async () => {
    await wb?.stop();
  });

  test('a coachee books an alignment meeting from a new event', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await viewReady();
    await panelReady();
    await expectVisible(panel().getByRole('heading', { name: 'Your alignment meetings' }));
    await shot('coachee-calendar');

    await createAndSaveWithParticipants(TITLE, '2026-04-22T11:00');
    await shot('coachee-new-event-with-participants');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await viewReady();
    await expectVisible(page.locator('.ev', { hasText: TITLE }));
    await shot('coachee-event-saved');

    await openOnCalendar(TITLE, '2026-04-20');
    const p = panel();
    await p.getByLabel('Goal').fill(GOAL);
    await p.getByLabel('Agenda').fill(AGENDA.join('\n'));
    // The action plan as rows: step, owner (a dropdown), due date (a date picker); "Add a step" adds a row
    // and keeps what was typed.
    await p.getByLabel('Step 1', { exact: true }).fill('Draft the release plan and share it with Mo');
    await p.getByLabel('Step 1: due', { exact: true }).fill('2026-05-08');
    // The rows after the first are folded: "Show more" opens them.
    await p.locator('.collapsed-widgets:has([data-field="actionStep1"]) + button.more').click();
    await p.getByLabel('Step 2', { exact: true }).fill('Agree how we track the release');
    await p.getByLabel('Step 2: who', { exact: true }).selectOption('together');
    expect(await p.getByLabel('Step 4', { exact: true }).count()).toBe(0);
    await p.getByRole('button', { name: 'Add a step' }).click();
    await panelReady();
    await p.locator('.collapsed-widgets:has([data-field="actionStep1"]) + button.more').click();
    await expectVisible(p.getByLabel('Step 4', { exact: true }));
    expect(await p.getByLabel('Goal').inputValue()).toBe(GOAL);
    expect(await p.getByLabel('Step 1', { exact: true }).inputValue()).toBe(
      'Draft the release plan and share it with Mo',
    );
    expect(await p.getByLabel('Step 1: due', { exact: true }).inputValue()).toBe('2026-05-08');
    expect(await p.getByLabel('Step 2: who', { exact: true }).inputValue()).toBe('together');
    await shot('coachee-structured-action-plan');
    await p.getByRole('radio', { name: 'Facilitate' }).check();
    await p.getByRole('button', { name: 'Confirm alignment meeting' }).click();
    expect(await notification()).toMatch(/Confirmed/);
    // What the add-on wrote into the saved event shows in the open editor.
    await page.waitForFunction(() =>
      (document.getElementById('ed-description') as HTMLTextAreaElement | null)?.value.includes(
        'CCM alignment meeting',
      ),
    );
    const description = await page.locator('#ed-description').inputValue();
    expect(description).toContain(GOAL);
    expect(description).toContain(`1. ${AGENDA[0]}`);
    expect(description).toContain('- Draft the release plan and share it with Mo (owner: coachee, due 2026-05-08)');
    expect(description).toContain('- Agree how we track the release (owner: together)');
    await expectVisible(p.getByText('Confirmed.', { exact: true }));
    await shot('coachee-confirmed');
  });

  test('the manager opens the invitation in Gmail and sees the agenda', async () => {
    await actAs('Mo Chen');
    await page.getByRole('button', { name: 'Gmail', exact: true }).click();
    await viewReady();
    const invite = page.locator('.mail-row', { hasText: `Invitation: ${TITLE}` }).filter({ hasNotText: 'Updated' });
    await invite.first().click();
    await viewReady();
    await panelReady();
    const p = panel();
    await expectVisible(p.getByRole('heading', { name: /Alignment meeting with Ana/ }));
    for (const item of AGENDA) await expectVisible(p.getByText(item, { exact: false }));
    await expectVisible(p.getByText(GOAL, { exact: false }));
    await expectVisible(p.getByRole('heading', { name: 'Confidentiality' }));
    await shot('manager-gmail-invitation');
  });

  test('the program admin sees the usage change', async () => {
    await actAs('Hana Sato');
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    await viewReady();
    await panelReady();
    const card = panel();
    await expectVisible(card.getByRole('heading', { name: 'Program usage' }));
    const due = await card.locator('.card-section', { hasText: 'Due for a meeting' }).textContent();
    expect(due).not.toContain(ANA);
    expect(await card.textContent()).toMatch(/Confirmed 2\b/);
    await shot('admin-usage-card');

    // An open-link button opens a new tab (Google's hosts are stubbed: no network in tests).
    await context.route('https://docs.google.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Usage Sheet (stub)</title>' }),
    );
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      card.getByRole('button', { name: /Open the usage Sheet/ }).click(),
    ]);
    await tab.waitForURL(/^https:\/\/docs\.google\.com\/spreadsheets\/d\//);
    await tab.close();

    await page.getByRole('button', { name: 'Usage Sheet', exact: true }).click();
    await viewReady();
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await viewReady();
    const row = page.locator('table.grid tbody tr', { hasText: ANA }).filter({ hasText: '#Q2' });
    await expectVisible(row);
    expect(await row.textContent()).toContain('confirmed');
    await shot('admin-ledger-tab');
  });

  test('a second meeting in the same quarter is refused (form filled with the keyboard only)', async () => {
    await actAs('Ana Ruiz');
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    await viewReady();
    await createAndSaveWithParticipants('Second alignment', '2026-04-30T14:00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await viewReady();
    await openOnCalendar('Second alignment', '2026-04-27');
    const p = panel();
    // Drawn from the add-on's kept copy of the answer its draft got a moment ago (no gateway call), so
    // no decision for this event yet: Refresh asks the gateway, which says no.
    await p.getByRole('button', { name: COACHEE_TEXT.REFRESH_LABEL }).click();
    await panelReady();
    await expectVisible(p.getByText(COACHEE_TEXT.cannotBook, { exact: false }));

    // Keyboard only from here: into the panel from its header, through the form, Enter on Confirm.
    await p.getByRole('button', { name: 'Run the add-on again' }).focus();
    const goal = p.getByLabel('Goal');
    await tabTo(goal);
    await page.keyboard.type('Another try this quarter');
    await page.keyboard.press('Tab');
    expect(await p.getByLabel('Agenda').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('First item');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Second item');
    await tabTo(p.getByRole('radio', { name: 'Observe silently' }));
    await page.keyboard.press('ArrowDown');
    expect(await p.getByRole('radio', { name: 'Facilitate' }).isChecked()).toBe(true);
    const confirm = p.getByRole('button', { name: 'Confirm alignment meeting' });
    await tabTo(confirm);
    // The focus is visible on every control.
    expect(await confirm.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    const said = await notification();
    expect(said).toMatch(/quarter/i);
    expect(said).not.toMatch(/^Confirmed/);
    // A refusal only notifies: the card stays as the person left it, typed values included.
    expect(await goal.inputValue()).toBe('Another try this quarter');
    expect(await p.getByRole('radio', { name: 'Facilitate' }).isChecked()).toBe(true);
    await shot('coachee-second-meeting-refused');

    // Nothing was booked: still one active row for Ana in this quarter.
    const res = await fetch(`${url}/api/sheet?as=${encodeURIComponent(HANA)}`);
    const sheet = (await res.json()) as { tabs: { name: string; rows: string[][] }[] };
    const ledger = sheet.tabs.find((t) => t.name === 'Ledger')!.rows;
    const anaQ2 = ledger.filter((r) => r.includes(ANA) && r.some((c) => c.endsWith('#Q2')) && r.includes('confirmed'));
    expect(anaQ2).toHaveLength(1);
  });

  test('keyboard only: the manager writes and saves a private note in the side panel', async () => {
    await actAs('Mo Chen');
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(MO)}&week=2026-04-20`);
    await viewReady();
    await page.locator('.ev', { hasText: TITLE }).focus();
    await page.keyboard.press('Enter');
    await viewReady();
    await panelReady();
    const p = panel();
    const note = p.getByLabel('Private preparation note');
    await p.getByRole('button', { name: 'Run the add-on again' }).focus();
    await tabTo(note, 60);
    await page.keyboard.type('Ask Ana which release milestone matters most.');
    const prepared = p.getByRole('checkbox', { name: /prepared/ });
    await tabTo(prepared);
    await page.keyboard.press('Space');
    expect(await prepared.isChecked()).toBe(true);
    await tabTo(p.getByRole('button', { name: 'Save privately' }));
    await page.keyboard.press('Enter');
    expect(await notification()).toMatch(/saved/i);
    await shot('manager-keyboard-note-saved');

    // Run the panel again (keyboard): the note and the mark come back from the manager's own storage.
    await p.getByRole('button', { name: 'Run the add-on again' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('addon-panel')?.dataset.state === 'ready');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#addon-panel textarea')).some((t) =>
        (t as HTMLTextAreaElement).value.includes('release milestone'),
      ),
    );
    expect(await p.getByRole('checkbox', { name: /prepared/ }).isChecked()).toBe(true);
  });
  test('a panel opened twice in a row draws only the last answer, so a click never lands under a later one', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(HANA)}`);
    await viewReady();
    await panelReady();
    // A busy machine: switching to Ben opens his homepage (answered after 1 s); the new address opens
    // it again while that is under way (answered after 3 s).
    let opens = 0;
    let secondAnswered!: () => void;
    const second = new Promise<void>((resolve) => (secondAnswered = resolve));
    await page.route('**/api/panels', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const n = ++opens;
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, n === 1 ? 1000 : 3000));
      await route.fulfill({ response });
      if (n === 2) secondAnswered();
    });
    await actAs('Ben Okafor');
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(BEN)}&week=2026-04-13`);
    await viewReady();
    await panelReady();
    const p = panel();
    await p.getByRole('button', { name: 'Find times' }).click();
    await expectVisible(p.getByRole('heading', { name: /^Times when you/ }));
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    expect(opens).toBe(2);
    await panelReady();
    // The suggestions stay: the first answer was dropped, and the panel was busy until the second.
    await expectVisible(p.getByRole('heading', { name: /^Times when you/ }));
    expect(await p.getByRole('button', { name: 'Schedule', exact: true }).count()).toBe(5);
    await page.unroute('**/api/panels');
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(HANA)}`);
    await viewReady();
    await panelReady();
  });
  test('from the homepage, a coachee finds a time for all three and schedules the whole meeting in one step', async () => {
    await actAs('Ben Okafor');
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(BEN)}&week=2026-04-13`);
    await viewReady();
    await panelReady();
    const p = panel();
    await expectVisible(p.getByRole('heading', { name: 'Your alignment meetings' }));
    // The six-month program's initial meeting is recommended in month 2, and the search defaults to it.
    await expectVisible(p.getByText('Next: Initial meeting, recommended 2 Apr – 1 May 2026', { exact: false }));
    expect(await p.getByLabel('From').inputValue()).toBe('2026-04-13');
    expect(await p.getByLabel('To').inputValue()).toBe('2026-05-01');
    await shot('coachee-homepage-find-a-time');

    await p.getByRole('button', { name: 'Find times' }).click();
    // Exactly whose calendars were checked (Ben's manager and coach share theirs).
    await expectVisible(p.getByRole('heading', { name: 'Times when you, mo@lumen.test and dev@lumen.test are free' }));
    await panelReady();
    const slots = p.getByRole('button', { name: 'Schedule', exact: true });
    expect(await slots.count()).toBe(5);
    await shot('coachee-homepage-suggestions');

    // One click from a suggestion to the form, its start already set (on Ben's own clock).
    const firstTime = (await p
      .locator('.card-section', { hasText: 'Suggestions' })
      .getByText(/^\d\d:\d\d–/)
      .first()
      .textContent())!.slice(0, 5);
    await slots.first().click();
    await expectVisible(p.getByRole('heading', { name: 'Schedule the alignment meeting' }));
    await panelReady();
    const start = await p.getByLabel('Start').inputValue();
    expect(start).toMatch(/^2026-04-1[3-9]T\d\d:\d\d$/);
    expect(start.slice(11)).toBe(firstTime);
    expect(await p.getByLabel('Length (minutes)').inputValue()).toBe('60');
    expect(await p.getByLabel('Video link').inputValue()).toBe('https://meet.google.com/dev-patel-ben');
    await p.getByLabel('Goal').fill('Grow into leading the platform team');
    await p.getByLabel('Agenda').fill('The goal\nWhat Mo can support');
    await p.getByRole('radio', { name: 'Ask clarifying questions' }).check();
    await shot('coachee-homepage-schedule-form');
    await p.getByRole('button', { name: 'Schedule and invite' }).click();
    expect(String(await notification()).startsWith(SCHEDULE_TEXT.scheduled)).toBe(true);
    await expectVisible(p.getByRole('heading', { name: 'Alignment meeting scheduled' }));
    await expectVisible(p.getByText('Initial meeting', { exact: true }));
    await shot('coachee-homepage-scheduled');

    // The complete meeting appears in Ben's week under the panel, marked as a CCM meeting, at the time picked.
    const chip = page.locator('.ev.ccm', { hasText: 'CCM alignment meeting' });
    await expectVisible(chip);
    expect(await chip.getAttribute('aria-label')).toContain(start.slice(11));
    // Mo has the invitation in Gmail, with the plan on the add-on's card.
    await actAs('Mo Chen');
    await page.getByRole('button', { name: 'Gmail', exact: true }).click();
    await viewReady();
    await page.locator('.mail-row', { hasText: 'Invitation: CCM alignment meeting' }).first().click();
    await viewReady();
    await panelReady();
    await expectVisible(panel().getByText('Grow into leading the platform team', { exact: false }));
    await shot('manager-homepage-scheduled-invitation');
  });

  test('the side panel draws every card widget, escapes what cards may not hold, and reads the inputs back', async () => {
    // The card renderer itself, with a card using every widget and hostile text (the add-on uses a
    // subset today; a card change must never meet an undrawn widget in the workbench).
    const DOT =
      'data:image/svg+xml,' +
      encodeURIComponent(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#0b5394"/></svg>',
      );
    const act = (fn: string) => ({ action: { function: fn } });
    const card = {
      header: { title: 'Every <b>widget</b>', subtitle: 'Subtitle &amp; more', imageUrl: DOT, imageType: 'CIRCLE' },
      sections: [
        {
          header: 'Text',
          widgets: [
            {
              textParagraph: {
                text: '<b>bold</b> <i>italic</i> <u>under</u> <s>struck</s> <font color="#d93025">red</font> <a href="https://example.test/doc">a link</a><br>second line <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> <a href="javascript:window.__pwned=3">js link</a> <font color="red;background:url(x)">odd color</font> 1 &lt; 2',
              },
            },
            {
              decoratedText: {
                topLabel: 'Top label',
                text: 'Decorated text',
                bottomLabel: 'Bottom label',
                startIcon: { knownIcon: 'PERSON' },
                button: { text: 'Go', onClick: act('go') },
              },
            },
            {
              decoratedText: {
                text: 'A clickable row',
                onClick: act('row'),
                startIcon: { materialIcon: { name: 'event' } },
                wrapText: true,
              },
            },
            { divider: {} },
          ],
        },
        {
          header: 'Inputs',
          collapsible: true,
          uncollapsibleWidgetsCount: 3,
          widgets: [
            {
              textInput: {
                name: 'single',
                label: 'Single line',
                type: 'SINGLE_LINE',
                value: 'one',
                hintText: 'A hint',
              },
            },
            { textInput: { name: 'multi', label: 'Multiple lines', type: 'MULTIPLE_LINE', value: 'a\nb' } },
            {
              selectionInput: {
                name: 'radio',
                label: 'Radio buttons',
                type: 'RADIO_BUTTON',
                items: [
                  { text: 'Alpha', value: 'a', selected: true },
                  { text: 'Beta', value: 'b', selected: false },
                ],
              },
            },
            {
              selectionInput: {
                name: 'check',
                label: 'Check boxes',
                type: 'CHECK_BOX',
                items: [
                  { text: 'Tea', value: 'tea', selected: true },
                  { text: 'Coffee', value: 'coffee', selected: false },
                ],
              },
            },
            {
              selectionInput: {
                name: 'drop',
                label: 'Dropdown',
                type: 'DROPDOWN',
                items: [
                  { text: 'One', value: '1', selected: false },
                  { text: 'Two', value: '2', selected: true },
                ],
              },
            },
            {
              selectionInput: {
                name: 'sw',
                label: 'Switch',
                type: 'SWITCH',
                items: [{ text: 'Notify me', value: 'on', selected: false }],
              },
            },
            {
              dateTimePicker: {
                name: 'when',
                label: 'Date and time',
                type: 'DATE_AND_TIME',
                valueMsEpoch: Date.UTC(2026, 3, 22, 10, 0),
                timezoneOffsetDate: 60,
              },
            },
            { dateTimePicker: { name: 'day', label: 'Date', type: 'DATE_ONLY', valueMsEpoch: Date.UTC(2026, 3, 22) } },
            {
              dateTimePicker: { name: 'time', label: 'Time', type: 'TIME_ONLY', valueMsEpoch: (9 * 60 + 30) * 60_000 },
            },
          ],
        },
        {
          widgets: [
            {
              buttonList: {
                buttons: [
                  { text: 'Filled', type: 'FILLED', onClick: act('filled') },
                  { text: 'Text', onClick: act('text') },
                  { text: 'Docs', onClick: { openLink: { url: 'https://docs.google.com/document/d/x' } } },
                  { text: 'Off', disabled: true, onClick: act('off') },
                ],
              },
            },
            {
              grid: {
                title: 'A grid',
                columnCount: 2,
                items: [
                  { title: 'One', subtitle: 'first' },
                  { title: 'Two', subtitle: 'second' },
                ],
                onClick: act('grid'),
              },
            },
            { image: { imageUrl: DOT, altText: 'A blue dot' } },
          ],
        },
      ],
      fixedFooter: {
        primaryButton: { text: 'Primary', onClick: act('primary') },
        secondaryButton: { text: 'Secondary', onClick: act('secondary') },
      },
    };
    // Strings, not functions: ts-jest would rewrite a dynamic import() inside a function for Node.
    await page.evaluate(`(async (c) => {
      const m = await import('/cards.js');
      window.__clicks = [];
      const ctx = { run: (ref, label) => window.__clicks.push({ ref, label }), openLink: (url) => window.__clicks.push({ open: url }), offsetMinutes: () => 60 };
      document.getElementById('panel-body').replaceChildren(m.renderCard(c, ctx));
      document.getElementById('panel-footer').replaceChildren(m.renderFooter(c, ctx));
      document.getElementById('addon-toast').classList.remove('show');
    })(${JSON.stringify(card)})`);
    const p = panel();
    const body = p.locator('#panel-body');

    // Escaping: only the allowed tags became elements; the rest is visible text.
    expect(await body.locator('script, img[src="x"], iframe').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const para = body.locator('.w-text').first();
    for (const tag of ['b', 'i', 'u', 's']) expect(await para.locator(tag).count()).toBe(1);
    expect(await para.locator('br').count()).toBe(1);
    expect(await para.textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await para.textContent()).toContain('1 < 2');
    const links = para.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.test/doc');
    expect(await links.getAttribute('target')).toBe('_blank');
    expect(await links.getAttribute('rel')).toContain('noopener');
    expect(
      await para
        .locator('span', { hasText: 'red' })
        .first()
        .evaluate((el) => getComputedStyle(el).color),
    ).toBe('rgb(217, 48, 37)');
    expect(await para.locator('span', { hasText: 'odd color' }).getAttribute('style')).toBeNull();
    expect(await p.getByRole('heading', { name: 'Every widget' }).count()).toBe(1);

    // Inputs are labelled, grouped and hold their values; the collapsed ones open with "Show more".
    expect(await p.getByLabel('Single line').inputValue()).toBe('one');
    expect(await p.getByLabel('Multiple lines').inputValue()).toBe('a\nb');
    expect(
      await p.getByRole('group', { name: 'Radio buttons' }).getByRole('radio', { name: 'Alpha' }).isChecked(),
    ).toBe(true);
    const more = p.getByRole('button', { name: 'Show more' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await p.getByLabel('Dropdown').isVisible()).toBe(false);
    await more.click();
    expect(await p.getByLabel('Dropdown').isVisible()).toBe(true);
    expect(await p.getByRole('switch', { name: 'Notify me' }).isChecked()).toBe(false);
    expect(await p.getByLabel('Date and time').inputValue()).toBe('2026-04-22T11:00');
    expect(await p.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-04-22');
    expect(await p.getByLabel('Time', { exact: true }).inputValue()).toBe('09:30');
    expect(await p.getByRole('button', { name: 'Off' }).isDisabled()).toBe(true);
    expect(await p.getByRole('img', { name: 'A blue dot' }).count()).toBe(1);
    await shot('card-renderer-every-widget');

    // The values go back in the shape the host sends (fillForm): changed ones as changed.
    await p.getByRole('radio', { name: 'Beta' }).check();
    await p.getByRole('switch', { name: 'Notify me' }).check();
    await p.getByLabel('Date and time').fill('2026-04-23T09:15');
    const values = await page.evaluate(
      `import('/cards.js').then((m) => m.collectValues(document.getElementById('panel-body')))`,
    );
    expect(values).toEqual({
      single: 'one',
      multi: 'a\nb',
      radio: ['b'],
      check: ['tea'],
      drop: ['2'],
      sw: ['on'],
      when: Date.UTC(2026, 3, 23, 8, 15),
      day: Date.UTC(2026, 3, 22),
      time: (9 * 60 + 30) * 60_000,
    });

    // Each clickable names its own place in the card; a plain link opens straight away.
    await p.getByRole('button', { name: 'Go' }).click();
    await p.getByRole('button', { name: 'A clickable row' }).click();
    await p.getByRole('button', { name: /^Two/ }).click();
    await p.getByRole('button', { name: 'Docs (opens in a new tab)' }).click();
    await p.getByRole('button', { name: 'Primary' }).click();
    const clicks = await page.evaluate(() => (window as unknown as { __clicks: unknown[] }).__clicks);
    expect(clicks).toEqual([
      { ref: { kind: 'decoratedButton', section: 0, widget: 1 }, label: 'Go' },
      { ref: { kind: 'decorated', section: 0, widget: 2 }, label: 'A clickable row' },
      { ref: { kind: 'grid', section: 2, widget: 1, index: 1 }, label: 'Two' },
      { open: 'https://docs.google.com/document/d/x' },
      { ref: { kind: 'footer', which: 'primary' }, label: 'Primary' },
    ]);
  });
  test('the clock moves forward from the top bar and the week follows it', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await viewReady();
    await page.getByRole('button', { name: /^Now: Mon 13 Apr 2026/ }).click();
    await page.getByRole('button', { name: '+1 week' }).click();
    await page.waitForFunction(() => document.getElementById('clock-text')?.textContent?.startsWith('Mon 20 Apr 2026'));
    await viewReady();
    expect(await page.locator('.day-head.today .dh-day').textContent()).toBe('20');
    // The meeting booked earlier is in this week, marked as a CCM meeting.
    expect(await page.locator('.ev.ccm', { hasText: TITLE }).count()).toBe(1);
    await page.getByRole('button', { name: 'Next week' }).click();
    await viewReady();
    expect(await page.locator('.cal-toolbar h1').textContent()).toBe('Apr – May 2026');
    expect(await page.locator('.day-head.today').count()).toBe(0);
  });

  test('the open panel runs again when the demo clock moves', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}`);
    await viewReady();
    await panelReady();
    await page.evaluate(() => document.querySelector('#panel-body .card')?.setAttribute('data-before-clock', '1'));
    await page.getByRole('button', { name: /^Now: / }).click();
    await page.getByRole('button', { name: '+1 day' }).click();
    await viewReady();
    await page.waitForFunction(() => !document.querySelector('#panel-body [data-before-clock]'));
    await panelReady();
    await expectVisible(panel().getByRole('heading', { name: 'Your alignment meetings' }));
  });

  test('a notification belongs to the persona who caused it', async () => {
    await openOnCalendar(TITLE, '2026-04-20');
    await panel().getByRole('button', { name: 'Update alignment meeting' }).click();
    expect(await notification()).toMatch(/Updated/);
    // Hana (the program admin) looks at the Sheet: Ana's notification is not hers.
    await page.goto(`${url}/#/sheet?as=${encodeURIComponent(HANA)}`);
    await viewReady();
    expect(await page.locator('#addon-toast.show').count()).toBe(0);
    expect(await page.locator('#toast.show').count()).toBe(0);
  });

  test('the organizer deletes a repeating series', async () => {
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(ANA)}&week=2026-04-20`);
    await viewReady();
    expect(await page.locator('.ev', { hasText: 'Focus time' }).count()).toBeGreaterThan(0);
    await page.locator('.ev', { hasText: 'Focus time' }).first().click();
    await viewReady();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete the whole series' }).click();
    await page.waitForFunction(() => !document.querySelector('#event-view'));
    await viewReady();
    expect(await page.locator('.ev', { hasText: 'Focus time' }).count()).toBe(0);
    await shot('series-deleted');
  });

  test('the coachee cancels: two clear choices, each through a card that says what will happen', async () => {
    await openOnCalendar(TITLE, '2026-04-20');
    const p = panel();
    await expectVisible(p.getByRole('button', { name: 'Cancel the meeting' }));
    await p.getByRole('button', { name: 'Keep the event, stop counting it' }).click();
    await expectVisible(p.getByRole('heading', { name: 'Stop counting this event?' }));
    await panelReady();
    await shot('coachee-cancel-stop-counting-card');
    // "Go back" changes nothing: the panel again, still confirmed.
    await p.getByRole('button', { name: 'Go back' }).click();
    await expectVisible(p.getByText('Confirmed.', { exact: true }));
    await panelReady();
    await p.getByRole('button', { name: 'Cancel the meeting' }).click();
    await expectVisible(p.getByRole('heading', { name: 'Cancel the meeting?' }));
    await panelReady();
    await shot('coachee-cancel-meeting-card');
    await p.getByRole('button', { name: 'Yes, cancel it for everyone' }).click();
    // The event is gone, so the workbench closes its editor: Ana's week without it, the allowance back.
    await page.waitForFunction(() => !document.getElementById('ed-description'));
    await expectVisible(panel().getByText('0 of 1 used', { exact: true }));
    expect(await page.locator('.ev.ccm', { hasText: TITLE }).count()).toBe(0);
    await shot('coachee-meeting-cancelled');
    await actAs('Mo Chen');
    await page.getByRole('button', { name: 'Gmail', exact: true }).click();
    await viewReady();
    await expectVisible(page.locator('.mail-row', { hasText: `Canceled event: ${TITLE}` }));
    await shot('manager-gmail-cancellation');
  });

  test('a crash of the add-on shows its message in the panel and in the developer panel', async () => {
    // "npm run build" produced an add-on whose homepage throws outside its guards.
    const code = join(tmp, 'build', 'addon', 'Code.js');
    appendFileSync(
      code,
      "\nfunction onCalendarHomepage(e) { throw new TypeError('homepage exploded in the e2e test'); }\n",
    );
    const later = new Date(Date.now() + 5000);
    utimesSync(code, later, later);
    // The list of runs answers late, as on a busy machine: the fetch the page starts as it opens is still
    // under way when the crash is reported, and it was asked for before the crash ended.
    await page.route('**/api/executions*', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({ response });
    });
    await page.goto(`${url}/#/calendar?as=${encodeURIComponent(HANA)}`);
    await viewReady();
    await panelReady();
    const alert = panel().getByRole('alert');
    await expectVisible(alert);
    expect(await alert.textContent()).toContain('TypeError: homepage exploded in the e2e test');
    await alert.getByRole('button', { name: 'Open in the developer panel' }).click();
    const row = page.locator('#devpanel tr.bad.selected');
    await expectVisible(row);
    expect(await row.textContent()).toContain('addon.onCalendarHomepage');
    expect(await page.locator('#devpanel .dev-error').textContent()).toContain('homepage exploded in the e2e test');
    await shot('addon-crash-developer-panel');
    await page.unroute('**/api/executions*');
  });
});
