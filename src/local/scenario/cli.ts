// `npm run scenario -- FILE.json`: plays one scenario through the built add-on and gateway and
// prints the result as JSON. Exit 0 when it ran (whatever the add-on answered); exit 2 with a clear
// message when the file is not a valid scenario.
import { readFileSync } from 'node:fs';
import { ArgsError, parseCommandLine } from '../args';
import { parseScenario, ScenarioFormatError } from './format';
import { runScenario } from './runner';

async function main(): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals, values } = parseCommandLine({
      args: process.argv.slice(2),
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write('Usage: npm run scenario -- FILE.json\n');
      return 0;
    }
    if (positionals.length > 1) throw new ArgsError(`One scenario file at a time, not ${positionals.length}`);
    file = positionals[0];
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (!file) {
    process.stderr.write('Usage: npm run scenario -- FILE.json\n');
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`}\n`,
    );
    return 2;
  }
  let scenario;
  try {
    scenario = parseScenario(input);
  } catch (err) {
    if (err instanceof ScenarioFormatError) {
      process.stderr.write(`${file}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const output = await runScenario(scenario);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`The scenario could not be run: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
