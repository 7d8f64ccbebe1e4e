// The workbench driven in headless Chromium, shared by the end-to-end walks: starts `npm start`'s
// server on a copy of build/ (so a walk may "rebuild" a broken add-on) with its own World file, opens a
// fresh browser context in the run's one Chromium (started once for every walk: test/e2e/walks.test.ts),
// and offers the few moves every story needs (act as a persona, wait for a view or the panel, read the
// add-on's notification, take a numbered screenshot).
//
// A Chromium driven by playwright-core: CHROME_PATH, else chromium, chromium-browser or google-chrome
// on PATH (test/e2e/chromium.ts). Without one a suite is SKIPPED, loudly: never counted as passed.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { findChromium } from './chromium';

export const ROOT = resolve(__dirname, '..', '..');
const BROWSER = findChromium();

/** `describe` when a Chromium is found, else `describe.skip` with a banner nobody can miss. */
export function chromiumSuite(): jest.Describe {
  if (BROWSER.found) return describe;
  console.warn(
    [
      '',
      '################################################################################',
      `#  E2E SKIPPED: no Chromium (${BROWSER.why}).`,
      '#  The workbench end-to-end suite did NOT run. Install it: apt-get install chromium',
      '#  (or set CHROME_PATH to a Chromium or Chrome binary). CI always runs it.',
      '################################################################################',
      '',
    ].join('\n'),
  );
  return describe.skip;
}

let browser: Promise<Browser> | undefined;

/** The run's one headless Chromium, launched by the first walk that needs it. */
function chromiumBrowser(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: BROWSER.found ? BROWSER.path : '',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

/** Closes the run's Chromium once every walk is done (test/e2e/walks.test.ts). */
export async function closeChromium(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

export class Workbench {
  private step = 0;
  private constructor(
    readonly server: ChildProcess,
    readonly url: string,
    readonly tmp: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly shots: string,
  ) {}

  /**
   * Starts a server on a fresh demo company and a fresh browser context (its own storage) in the run's
   * one Chromium, both at once; screenshots go to test-output/<shotsFolder>/.
   */
  static async start(shotsFolder: string): Promise<Workbench> {
    if (!BROWSER.found) throw new Error(`no Chromium: ${BROWSER.why}`);
    const shots = join(ROOT, 'test-output', shotsFolder);
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    const tmp = mkdtempSync(join(tmpdir(), 'ccm-e2e-'));
    const t0 = Date.now();
    for (const p of ['addon', 'gateway']) cpSync(join(ROOT, 'build', p), join(tmp, 'build', p), { recursive: true });
    const server = spawn(
      process.execPath,
      [
        join(ROOT, 'build/local/workbench/server.js'),
        '--data',
        join(tmp, 'world.json'),
        '--build-dir',
        join(tmp, 'build'),
      ],
      { cwd: ROOT, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const started = new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`The workbench did not start:\n${output}`)), 30_000);
      server.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(m[0]);
        }
      });
      server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      server.on('exit', (code) => fail(new Error(`The workbench exited (${code}):\n${output}`)));
    });
    // The server seeds its demo company while Chromium starts (each is seconds on a busy machine).
    const opened = (async () => {
      const context = await (
        await chromiumBrowser()
      ).newContext({
        viewport: { width: 1440, height: 900 },
        // The workbench drops its transitions for prefers-reduced-motion (style.css): a notification is
        // fully shown at once instead of after its 0.15 s fade, and nothing animates between steps.
        reducedMotion: 'reduce',
      });
      return { context, page: await context.newPage() };
    })();
    const [url, browsing] = await Promise.allSettled([started, opened]);
    if (url.status === 'rejected' || browsing.status === 'rejected') {
      if (browsing.status === 'fulfilled') await browsing.value.context.close();
      if (server.exitCode === null) server.kill('SIGTERM');
      throw url.status === 'rejected' ? url.reason : (browsing as PromiseRejectedResult).reason;
    }
    console.log(`workbench and browser ready in ${Date.now() - t0} ms at ${url.value}`);
    const { context, page } = browsing.value;
    page.setDefaultTimeout(15_000);
    // A page error is a bug in the workbench: fail loudly rather than limp on.
    page.on('pageerror', (err) => {
      throw err;
    });
    return new Workbench(server, url.value, tmp, context, page, shots);
  }

  /** Closes this walk's browser context and server (Chromium stays for the next walk: closeChromium). */
  async stop(): Promise<void> {
    await this.context.close();
    if (this.server.exitCode === null) {
      const exited = new Promise((ok) => this.server.once('exit', ok));
      this.server.kill('SIGTERM');
      await exited;
    }
    rmSync(this.tmp, { recursive: true, force: true });
  }

  async shot(name: string): Promise<void> {
    this.step++;
    await this.page.screenshot({ path: join(this.shots, `${String(this.step).padStart(2, '0')}-${name}.png`) });
  }

  /** The page finished drawing its view (calendar, editor, inbox...). */
  async viewReady(): Promise<void> {
    await this.page.waitForSelector('#view[data-ready="true"]');
  }

  /** The add-on panel is open and idle. */
  async panelReady(): Promise<void> {
    await this.page.waitForSelector('#addon-panel[data-state="ready"]');
  }

  panel(): Locator {
    return this.page.locator('#addon-panel');
  }

  /** The add-on's notification, once it is fully shown. */
  async notification(): Promise<string> {
    const toast = this.page.locator('#addon-toast.show');
    await toast.waitFor({ state: 'visible' });
    await this.page.waitForFunction(() => getComputedStyle(document.getElementById('addon-toast')!).opacity === '1');
    return (await toast.textContent()) ?? '';
  }

  async actAs(name: string): Promise<void> {
    await this.page.getByRole('button', { name: /^Acting as/ }).click();
    await this.page.getByRole('menuitemradio', { name: new RegExp(`^${name}`) }).click();
    await this.page.waitForFunction((n) => document.getElementById('persona-button')?.textContent?.includes(n), name);
    await this.viewReady();
  }

  async expectVisible(l: Locator): Promise<void> {
    await l.first().waitFor({ state: 'visible' });
  }

  /** Opens `title` on `as`'s calendar in the week of `week` (yyyy-mm-dd), with its panel. */
  async openOnCalendar(as: string, title: string, week: string): Promise<void> {
    await this.page.goto(`${this.url}/#/calendar?as=${encodeURIComponent(as)}&week=${week}`);
    await this.viewReady();
    await this.page.locator('.ev', { hasText: title }).click();
    await this.viewReady();
    await this.panelReady();
  }
}
