/**
 * `npm run bench [-- --json] [-- --engagements=1000,10000,50000] [-- --sizes=1000,300000] [-- --breakdown]`
 *
 * Prints the benchmark table (or, with --json, exactly
 * `{"engagementSizes": [...], "ledgerSizes": [...], "handlers": {...}, "bundles": {...}}` on stdout).
 * With --breakdown the report ends with the modelled ms of each budgeted handler, term by term.
 * Progress goes to stderr.
 * Exit 0 when it ran (missed targets are printed plainly, not failures of the run); 1 when the
 * benchmark itself could not run; 2 on bad arguments.
 */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ArgsError, parseCommandLine } from '../args';
import { DEFAULT_ENGAGEMENTS, DEFAULT_SIZES, formatBreakdown, formatReport, runBenchmark, toJson } from './bench';

function buildDir(): string {
  // From build/local/bench/cli.js or from the repository root.
  for (const dir of [resolve(__dirname, '..', '..'), join(process.cwd(), 'build')])
    if (existsSync(join(dir, 'addon', 'Code.js'))) return dir;
  return join(process.cwd(), 'build');
}

const USAGE = 'npm run bench [-- --json] [-- --engagements=1000,10000,50000] [-- --sizes=1000,300000] [-- --breakdown]';

const readArgs = (argv: string[]) =>
  parseCommandLine({
    args: argv,
    options: {
      json: { type: 'boolean' },
      breakdown: { type: 'boolean' },
      sizes: { type: 'string' },
      engagements: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;

async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof readArgs>;
  try {
    values = readArgs(argv);
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = values.json === true;
  let sizes = DEFAULT_SIZES;
  const list = (v: string) => v.split(',').map((x) => Number(x.replace(/_/g, '')));
  let engagements = DEFAULT_ENGAGEMENTS;
  if (values.engagements !== undefined) {
    engagements = list(values.engagements);
    if (engagements.length === 0 || engagements.some((n) => !Number.isInteger(n) || n < 1)) {
      process.stderr.write('--engagements: positive whole numbers (e.g. --engagements=1000,10000,50000)\n');
      return 2;
    }
  }
  if (values.sizes !== undefined) {
    sizes = list(values.sizes);
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || (n > 1000 && n % 1000 !== 0))) {
      process.stderr.write(
        '--sizes: positive whole numbers; above 1,000 a multiple of 1,000 (e.g. --sizes=1000,10000,100000)\n',
      );
      return 2;
    }
  }
  const result = await runBenchmark({
    sizes,
    engagements,
    buildDir: buildDir(),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const report = values.breakdown ? `${formatReport(result)}\n\n${formatBreakdown(result)}` : formatReport(result);
  process.stdout.write(json ? `${JSON.stringify(toJson(result), null, 2)}\n` : `${report}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`The benchmark could not run: ${err.message}\n`);
    process.exit(1);
  },
);
