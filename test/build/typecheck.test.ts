// What the type-check must catch, proved on fixtures in ONE tsc run (starting tsc and reading the
// Apps Script and ES libraries is most of a small run's cost, so the fixtures share one program):
// - The Apps Script trees are type-checked without Node or DOM types, so code that would fail on Apps
//   Script's bare V8 (setTimeout, process, window, URL) fails the type-check instead (sandbox/).
// - The wire contract is one table (src/core/contract.ts): a change there that breaks the gateway or
//   the add-on must fail the type-check. Two copies of the Apps Script trees are broken on purpose (one
//   break per copy where tsc would report only the first of two in the same object literal); each
//   break must be reported where it matters. (contract.types.ts beside this file pins the same on the
//   types alone, with ts-expect-error directives.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const tsc = join(root, 'node_modules/.bin/tsc');

/** Replaces `from` (which must be there) with `to` in the copy's file. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const SANDBOX_BAD = `
  export function a() { setTimeout(() => 1, 10); }
  export function b() { return process.env.HOME; }
  export function c() { return new URL('https://x.test/'); }
  export function d() { return window.location; }
`;
const SANDBOX_OK = `
  export function ok(): string {
    const cache = CacheService.getScriptCache();
    const at = Utilities.formatDate(new Date(), 'UTC', 'yyyy');
    return [cache ? 'c' : '', at, [1, 2].at(-1)].join('');
  }
`;

let out = '';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-tsc-'));
  for (const copy of ['a', 'b'])
    for (const tree of ['core', 'addon', 'gateway'])
      cpSync(join(root, 'src', tree), join(dir, copy, tree), { recursive: true });
  mkdirSync(join(dir, 'sandbox'));
  writeFileSync(join(dir, 'sandbox/bad.ts'), SANDBOX_BAD);
  writeFileSync(join(dir, 'sandbox/ok.ts'), SANDBOX_OK);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: { typeRoots: [join(root, 'node_modules/@types')] },
      include: ['a/**/*.ts', 'b/**/*.ts', 'sandbox/*.ts'],
    }),
  );
  // a: the router forgets an op's handler; the table says viewer changes the ledger (the add-on's
  // CHANGES must then list it).
  edit(dir, 'a/gateway/router.ts', '  reconcile,\n', '');
  edit(dir, 'a/core/contract.ts', 'data: answer<ViewerData>(), changes: false', 'data: answer<ViewerData>(), changes: true');
  // b: the table renames cancel's field (the gateway's op and the add-on's calls still use the old
  // name), and says viewer answers what admin answers (the router's handler and the add-on disagree).
  const cancelArgs = 'const CancelArgs = c.object({ eventId });';
  edit(dir, 'b/core/contract.ts', cancelArgs, cancelArgs.replace('{ eventId }', '{ id: eventId }'));
  edit(dir, 'b/core/contract.ts', 'data: answer<ViewerData>()', 'data: answer<AdminData>()');
  try {
    execFileSync(tsc, ['-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? err);
  }
  // One type-check of two copies of the add-on and gateway: slower than a unit test on a loaded machine.
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorsIn = (file: string) => out.split('\n').filter((l) => l.startsWith(file) && /error TS\d+/.test(l));

describe('Apps Script trees type-check like the Apps Script sandbox', () => {
  test('Node and browser globals fail the type-check', () => {
    const bad = errorsIn('sandbox/bad.ts').join('\n');
    expect(bad).toMatch(/Cannot find name 'setTimeout'/);
    expect(bad).toMatch(/Cannot find name 'process'/);
    expect(bad).toMatch(/Cannot find name 'URL'/);
    expect(bad).toMatch(/Cannot find name 'window'/);
  });

  test('Apps Script globals and ES2022 type-check', () => {
    // The run type-checked the sandbox (its other fixture failed) and every error has a place: none here.
    expect(errorsIn('sandbox/bad.ts').length).toBeGreaterThan(0);
    for (const l of out.split('\n').filter((x) => /error TS\d+/.test(x))) expect(l).toMatch(/^[^(\s]+\(\d+,\d+\): error/);
    expect(errorsIn('sandbox/ok.ts')).toEqual([]);
  });
});

describe('the wire contract: a break in the table fails the type-check where it matters', () => {
  test('the type-check fails on each break, and only in code the break concerns', () => {
    expect(out).toMatch(/error TS/);
    const files = new Set(out.split('\n').flatMap((l) => /^([^(\s]+)\(\d+,\d+\): error/.exec(l)?.[1] ?? []));
    files.delete('sandbox/bad.ts');
    expect(files.size).toBeGreaterThan(0);
    for (const f of files) expect(f).toMatch(/^(a|b)\/(gateway|addon)\//);
  });

  test('a handler missing from the router fails the type-check', () => {
    expect(errorsIn('a/gateway/router.ts').join('\n')).toMatch(/Property 'reconcile' is missing/);
  });

  test("an op the table says changes the ledger, missing from the add-on's CHANGES, fails the type-check", () => {
    expect(errorsIn('a/addon/adapters/gateway.ts').join('\n')).toMatch(/Property 'viewer' is missing/);
  });

  test("a renamed field of an op's args fails in the gateway's op and in the add-on's calls", () => {
    expect(errorsIn('b/gateway/ops/coachee.ts').join('\n')).toMatch(/Property 'eventId' does not exist/);
    const addon = out.split('\n').filter((l) => l.startsWith('b/addon/') && /'eventId' does not exist in type/.test(l));
    expect(addon.length).toBeGreaterThan(0);
  });

  test("an op's answer type changed in the table fails in the router's handler and in the add-on", () => {
    expect(errorsIn('b/gateway/router.ts').join('\n')).toMatch(/=> ViewerData' is not assignable to .*=> AdminData'/);
    expect(errorsIn('b/addon/flows/viewer.ts').length).toBeGreaterThan(0);
  });
});
