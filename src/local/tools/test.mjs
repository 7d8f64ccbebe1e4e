// `npm test`: type-check the three trees (Apps Script, Node, the workbench's browser code), build the
// bundles, run jest (unit, runtime, integration, e2e),
// then print the one line CI reads: `tests: N passed, N failed` (plus `, N skipped` when any were).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
const bin = (n) => join(root, 'node_modules/.bin', n);

let failedSteps = 0;
for (const p of ['tsconfig.json', 'tsconfig.node.json', 'tsconfig.web.json']) {
  const r = run(bin('tsc'), ['-p', p]);
  console.log(`typecheck ${p}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failedSteps++;
}
const b = run('node', ['src/local/tools/build.mjs']);
if (b.status !== 0) failedSteps++;

mkdirSync(join(root, 'test-output'), { recursive: true });
const out = join(root, 'test-output/jest.json');
const extra = process.argv.slice(2);
run(bin('jest'), ['--json', `--outputFile=${out}`, ...extra]);

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
failed += failedSteps;
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
