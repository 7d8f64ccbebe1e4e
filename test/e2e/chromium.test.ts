// The end-to-end suite's browser lookup (test/e2e/chromium.ts), on made-up file systems.
import { delimiter } from 'node:path';
import { findChromium } from './chromium';

const fs =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);
const PATH = ['/opt/bin', '/usr/bin'].join(delimiter);

describe('finding Chromium for the end-to-end tests', () => {
  test('CHROME_PATH comes first, then the older CCM_CHROMIUM', () => {
    const files = fs('/usr/bin/chromium', '/x/chrome', '/y/chromium');
    expect(findChromium({ PATH, CHROME_PATH: '/x/chrome', CCM_CHROMIUM: '/y/chromium' }, files)).toEqual({
      found: true,
      path: '/x/chrome',
      via: 'CHROME_PATH',
    });
    expect(findChromium({ PATH, CCM_CHROMIUM: '/y/chromium' }, files)).toEqual({
      found: true,
      path: '/y/chromium',
      via: 'CCM_CHROMIUM',
    });
  });

  test('a CHROME_PATH that is not there is reported, not replaced by another browser', () => {
    const r = findChromium({ PATH, CHROME_PATH: '/nope/chrome' }, fs('/usr/bin/chromium'));
    expect(r).toEqual({ found: false, why: expect.stringContaining('CHROME_PATH is set to /nope/chrome') });
  });

  test('on PATH: chromium, then chromium-browser, then google-chrome, in PATH order', () => {
    expect(findChromium({ PATH }, fs('/usr/bin/chromium', '/opt/bin/google-chrome'))).toMatchObject({
      path: '/usr/bin/chromium',
      via: 'PATH',
    });
    expect(findChromium({ PATH }, fs('/usr/bin/chromium-browser', '/opt/bin/google-chrome'))).toMatchObject({
      path: '/usr/bin/chromium-browser',
    });
    expect(findChromium({ PATH }, fs('/opt/bin/google-chrome'))).toMatchObject({ path: '/opt/bin/google-chrome' });
    expect(findChromium({ PATH }, fs('/opt/bin/chromium', '/usr/bin/chromium'))).toMatchObject({
      path: '/opt/bin/chromium',
    });
  });

  test('none found: the reason names what was looked for', () => {
    const r = findChromium({ PATH }, fs());
    expect(r.found).toBe(false);
    expect(!r.found && r.why).toMatch(/chromium, chromium-browser, google-chrome.*CHROME_PATH/);
  });
});
