/**
 * `npm run bench [-- --json] [-- --engagements=1000,10000,50000] [-- --sizes=1000,300000]`
 *
 * Prints the benchmark table (or, with --json, exactly
 * `{"engagementSizes": [...], "ledgerSizes": [...], "handlers": {...}, "bundles": {...}}` on stdout).
 * Progress goes to stderr.
 * Exit 0 when it ran (missed targets are printed plainly, not failures of the run); 1 when the
 * benchmark itself could not run; 2 on bad arguments.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { DEFAULT_ENGAGEMENTS, DEFAULT_SIZES, formatReport, runBenchmark, toJson } from './bench';

function buildDir(): string {
  // From build/local/bench/cli.js or from the repository root.
  for (const dir of [resolve(__dirname, '..', '..'), join(process.cwd(), 'build')])
    if (existsSync(join(dir, 'addon', 'Code.js'))) return dir;
  return join(process.cwd(), 'build');
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let sizes = DEFAULT_SIZES;
  let engagements = DEFAULT_ENGAGEMENTS;
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a.startsWith('--engagements=')) {
      engagements = a
        .slice('--engagements='.length)
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
      if (engagements.length === 0 || engagements.some((n) => !Number.isInteger(n) || n < 1)) {
        process.stderr.write('--engagements: positive whole numbers (e.g. --engagements=1000,10000,50000)\n');
        return 2;
      }
    } else if (a.startsWith('--sizes=')) {
      sizes = a
        .slice('--sizes='.length)
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
      if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || (n > 1000 && n % 1000 !== 0))) {
        process.stderr.write(
          '--sizes: positive whole numbers; above 1,000 a multiple of 1,000 (e.g. --sizes=1000,10000,100000)\n',
        );
        return 2;
      }
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('npm run bench [-- --json] [-- --engagements=1000,10000,50000] [-- --sizes=1000,300000]\n');
      return 0;
    } else {
      process.stderr.write(`Unknown argument: ${a}\n`);
      return 2;
    }
  }
  const result = await runBenchmark({
    sizes,
    engagements,
    buildDir: buildDir(),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(json ? `${JSON.stringify(toJson(result), null, 2)}\n` : `${formatReport(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`The benchmark could not run: ${err.message}\n`);
    process.exit(1);
  },
);
