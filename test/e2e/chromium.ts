// Where the end-to-end tests find a Chromium: CHROME_PATH when set (CCM_CHROMIUM, the older name,
// also works), else the first of chromium, chromium-browser, google-chrome on PATH. A path given
// explicitly that does not exist is reported as such, never replaced by another browser.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export type ChromiumLookup = { found: true; path: string; via: string } | { found: false; why: string };

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(
  env: Record<string, string | undefined> = process.env,
  isExecutable: (path: string) => boolean = executable,
): ChromiumLookup {
  for (const name of ['CHROME_PATH', 'CCM_CHROMIUM']) {
    const given = env[name];
    if (given === undefined || given === '') continue;
    return isExecutable(given)
      ? { found: true, path: given, via: name }
      : { found: false, why: `${name} is set to ${given}, which is not an executable file` };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return { found: true, path, via: 'PATH' };
    }
  }
  return { found: false, why: `none of ${BROWSER_NAMES.join(', ')} is on PATH and CHROME_PATH is not set` };
}
