/**
 * `npm run deploy [-- setup ...]`: see README "Deploying" and ./deploy.ts.
 *
 *   setup [--addon-script-id ID] [--gateway-script-id ID]
 *         [--addon-deployment-id ID] [--gateway-deployment-id ID]
 *       Creates the add-on and gateway Apps Script projects with clasp (or takes the given script ids),
 *       writes deploy.json and the clasp project files, and prints what must be clicked by hand.
 *   (no command)
 *       typecheck, lint, tests, build, `clasp push --force` for both projects, then a new version to the
 *       SAME deployment ids (deploy.json); prints the gateway URL and what changed.
 * Runs in the repository root (npm run sets it). Exit 1 with one sentence when it refuses.
 */
import { parseArgs } from 'node:util';
import { claspAuthFile, deploy, Refusal, setup, type DeployContext } from './deploy';
import { processExec, type Exec } from './exec';

const USAGE = `Usage:
  npm run deploy -- setup [--addon-script-id ID] [--gateway-script-id ID]
                          [--addon-deployment-id ID] [--gateway-deployment-id ID]
  npm run deploy          typecheck, lint, test, build, push both projects, deploy new versions`;

/** `exec` is the one seam: tests give one that answers for clasp and npm in-process. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  root: string,
  exec: Exec = processExec(root, env),
): Promise<number> {
  const ctx: DeployContext = {
    root,
    exec,
    out: (line) => console.log(line),
    authFile: claspAuthFile(env),
  };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'addon-script-id': { type: 'string' },
        'gateway-script-id': { type: 'string' },
        'addon-deployment-id': { type: 'string' },
        'gateway-deployment-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (rest.length > 0 || (command !== undefined && command !== 'setup')) {
      throw new Refusal(`Unknown command "${positionals.join(' ')}".\n${USAGE}`);
    }
    if (command === 'setup') {
      await setup(ctx, {
        scriptIds: { addon: values['addon-script-id'], gateway: values['gateway-script-id'] },
        deploymentIds: { addon: values['addon-deployment-id'], gateway: values['gateway-deployment-id'] },
      });
    } else {
      const given = Object.keys(values).filter((k) => k !== 'help');
      if (given.length) throw new Refusal(`--${given[0]} belongs to \`npm run deploy -- setup\`.\n${USAGE}`);
      await deploy(ctx);
    }
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof Refusal || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`\nDeploy stopped: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, process.cwd()).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
