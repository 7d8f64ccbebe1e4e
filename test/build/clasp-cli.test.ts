// Every clasp command and flag that the deploy tool (src/local/deploy), the package.json scripts and
// the README use, checked against the PINNED clasp, offline: a clasp upgrade that renames or drops one
// fails here instead of in a deployer's terminal.
//
// The commands and flags come from clasp's own command definitions (makeProgram(), the commander
// program that `npx clasp <cmd> --help` prints), read in ONE child process: starting clasp costs
// seconds of CPU (it loads googleapis), so a process per command would not fit a busy 2-core machine.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { claspArgs } from '../../src/local/deploy/deploy';

const root = resolve(__dirname, '../..');
const run = promisify(execFile);
// The module `npx clasp` runs (package.json "bin": build/src/index.js) builds its CLI from this one.
const PROGRAM = pathToFileURL(join(root, 'node_modules/@google/clasp/build/src/commands/program.js')).href;

interface ClaspCli {
  version: string;
  /** flag -> takes a value, for clasp's global options */
  global: Record<string, boolean>;
  /** what `clasp --help` prints */
  help: string;
  /** every command name and alias -> its flags (flag -> takes a value) and what `clasp <cmd> --help` prints */
  commands: Record<string, { name: string; flags: Record<string, boolean>; help: string }>;
}

/** Asks the installed clasp (node_modules/@google/clasp) for its version, commands, aliases and flags. */
const DESCRIBE = `
const { makeProgram, getVersion } = await import(process.argv[1]);
const flags = (cmd) => {
  const out = {};
  for (const o of cmd.options) for (const f of [o.short, o.long]) if (f) out[f] = Boolean(o.required || o.optional);
  out['-h'] = out['--help'] = false;
  return out;
};
const program = makeProgram();
const commands = {};
for (const c of program.commands) {
  const entry = { name: c.name(), flags: flags(c), help: c.helpInformation() };
  for (const n of [c.name(), ...c.aliases()]) commands[n] = entry;
}
const help = program.helpInformation();
console.log(JSON.stringify({ version: getVersion(), global: flags(program), help, commands }));
`;

async function describeClasp(): Promise<ClaspCli> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', DESCRIBE, PROGRAM], { cwd: root });
  return JSON.parse(stdout) as ClaspCli;
}

/** Splits a shell command line: words, "double" and 'single' quoted strings. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** `clasp ...` invocations inside a text: up to the end, or a shell separator or comment. */
function claspLines(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/\bclasp((?:\s+(?:"[^"]*"|'[^']*'|[^\s&|;#`]+))*)/g)) out.push(words(m[1]!));
  return out;
}

function readmeCode(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const fenced = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const rest = readme.replace(/```[a-z]*\n[\s\S]*?```/g, '');
  const inline = [...rest.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...fenced, ...inline];
}

function invocations(): { source: string; args: string[] }[] {
  const list: { source: string; args: string[] }[] = [];
  const f = '.clasp-gateway.json';
  for (const args of [
    claspArgs.whoami(),
    claspArgs.create('CCM Alignment add-on'),
    claspArgs.push(f),
    claspArgs.listDeployments(f),
    claspArgs.deploy(f, 'ccm abc1234', 'AKfyDeployment'),
    claspArgs.deploy(f, 'ccm abc1234'),
  ]) {
    list.push({ source: 'src/local/deploy', args });
  }
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  for (const [name, line] of Object.entries(scripts)) {
    for (const args of claspLines(line)) list.push({ source: `package.json "${name}"`, args });
  }
  for (const code of readmeCode()) {
    for (const args of claspLines(code)) if (args.length) list.push({ source: 'README.md', args });
  }
  return list;
}

describe('the pinned clasp knows every command and flag we use', () => {
  const uses = invocations();
  let clasp: ClaspCli;

  beforeAll(async () => {
    clasp = await describeClasp();
  });

  test('the installed clasp is the pinned version', async () => {
    const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies['@google/clasp'];
    expect(clasp.version).toBe(pinned);
    expect(clasp.commands.deploy!.name).toBe('create-deployment');
    expect(clasp.commands.deploy!.help).toContain('-i, --deploymentId <id>');
    expect(Object.keys(clasp.commands.deploy!.flags)).toEqual(
      expect.arrayContaining(['-i', '--deploymentId', '-d', '--description', '-V', '--versionNumber']),
    );
  });

  test('each command line parses: a known command, flags it or clasp itself accepts', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { source, args } of uses) {
      let command: string | undefined;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        const flag = a.split('=')[0]!;
        if (a.startsWith('-')) {
          const own = command ? clasp.commands[command]?.flags[flag] : undefined;
          const takesValue = own ?? clasp.global[flag];
          const help = own !== undefined ? clasp.commands[command!]!.help : clasp.help;
          if (takesValue === undefined) problems.push(`${source}: clasp ${args.join(' ')}: unknown flag ${flag}`);
          else if (!new RegExp(`(^|[\\s,])${flag}[\\s,]`, 'm').test(help)) problems.push(`${flag} not in --help`);
          else seen.add(`${command ?? ''} ${flag}`.trim());
          if (takesValue && !a.includes('=')) i++;
        } else if (!command) {
          if (!clasp.commands[a]) {
            problems.push(`${source}: clasp ${args.join(' ')}: unknown command ${a}`);
            break;
          }
          command = a;
          if (!clasp.help.includes(a)) problems.push(`${a} not in clasp --help`);
          seen.add(a);
        }
      }
    }
    expect(problems).toEqual([]);
    // The extraction itself must find what the deploy relies on, or this test would pass on nothing.
    expect([...seen]).toEqual(
      expect.arrayContaining(['push --force', 'deploy -i', 'deploy -d', 'create --title', 'list-deployments', '-P']),
    );
  });

  test('the extraction sees the README and the package.json scripts too', () => {
    const sources = new Set(uses.map((u) => u.source.split(' ')[0]));
    expect([...sources].sort()).toEqual(['README.md', 'package.json', 'src/local/deploy']);
  });
});
