// `npm test`: lint and type-check the three trees (Apps Script, Node, the workbench's browser code) and
// build the bundles once, all at the same time, then run jest (unit, build and runtime first, then
// integration and e2e: test/sequencer.cjs), then print the one line CI reads: `tests: N passed, N failed`
// (plus `, N skipped` when any were). Lint and type errors stop the run early: nothing after them would be
// worth the wait.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
const bin = (n) => join(root, 'node_modules/.bin', n);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

function stop(step) {
  console.log(`${step}: FAILED (${elapsed()}); nothing else was run`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

mkdirSync(join(root, 'test-output'), { recursive: true });

// Lint, the three type-checks and the build at once: they are independent, each mostly on one core
// (the build takes about a second), and a lint or type error stops the run before jest (ESLint and
// Prettier keep caches in node_modules/.cache). The build's lines are printed after the checks'.
const step = (cmd, args, quiet = false) =>
  new Promise((ok) => {
    let out = '';
    const p = spawn(cmd, args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    p.stdout?.on('data', (d) => (out += d));
    p.stderr?.on('data', (d) => (out += d));
    p.on('close', (code) => ok({ ok: code === 0, out }));
  });
// Incremental: each tree's last result is kept in test-output/tsc/, so a run re-checks only what changed
// since (about a third of the type-check's CPU when little did).
const tsc = (project) =>
  step(bin('tsc'), ['-p', project, '--incremental', '--tsBuildInfoFile', `test-output/tsc/${project}.tsbuildinfo`]);
const [lint, build, ...checks] = await Promise.all([
  step('npm', ['run', '--silent', 'lint']),
  step('node', ['src/local/tools/build.mjs'], true),
  ...['tsconfig.json', 'tsconfig.node.json', 'tsconfig.web.json'].map(tsc),
]);
if (!lint.ok) stop('lint');
if (!checks.every((c) => c.ok)) stop('typecheck');
console.log(`lint and typecheck: ok (${elapsed()})`);
process.stdout.write(build.out);
if (!build.ok) stop('build');

const out = join(root, 'test-output/jest.json');
rmSync(out, { force: true });
const extra = process.argv.slice(2);
// CCM_BUILT: jest's global setup skips its own build (the bundles were built just above).
run(bin('jest'), ['--json', `--outputFile=${out}`, ...extra], { ...process.env, CCM_BUILT: '1' });

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  failed = j.numFailedTests;
  skipped = j.numPendingTests + j.numTodoTests;
  // A suite that fails to load has no failed tests but must still count as a failure.
  failed += j.testResults.filter(
    (t) => t.status === 'failed' && t.assertionResults.every((a) => a.status !== 'failed'),
  ).length;
} else {
  failed += 1;
}
console.log(`npm test took ${elapsed()}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
