// The Apps Script trees are type-checked without Node or DOM types, so code that would fail on
// Apps Script's bare V8 (setTimeout, process, window, URL) fails the type-check instead.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');

function typecheck(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-tsc-'));
  writeFileSync(join(dir, 'probe.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { typeRoots: [join(root, 'node_modules/@types')] },
    include: [join(dir, 'probe.ts')],
  }));
  try {
    execFileSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

describe('Apps Script trees type-check like the Apps Script sandbox', () => {
  test('Node and browser globals fail the type-check', () => {
    const out = typecheck(`
      export function a() { setTimeout(() => 1, 10); }
      export function b() { return process.env.HOME; }
      export function c() { return new URL('https://x.test/'); }
      export function d() { return window.location; }
    `);
    expect(out).toMatch(/Cannot find name 'setTimeout'/);
    expect(out).toMatch(/Cannot find name 'process'/);
    expect(out).toMatch(/Cannot find name 'URL'/);
    expect(out).toMatch(/Cannot find name 'window'/);
  });

  test('Apps Script globals and ES2022 type-check', () => {
    const out = typecheck(`
      export function ok(): string {
        const cache = CacheService.getScriptCache();
        const at = Utilities.formatDate(new Date(), 'UTC', 'yyyy');
        return [cache ? 'c' : '', at, [1, 2].at(-1)].join('');
      }
    `);
    expect(out).toBe('');
  });
});
