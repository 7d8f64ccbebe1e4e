// `npm run deploy` and `npm run deploy -- setup` (src/local/deploy/), driven as a deployer runs them:
// the BUILT CLI (build/local/deploy/cli.js) in a scratch repository, with a fake clasp and npm first on
// PATH (./fake-clasp.cjs, which prints what clasp 3.4.1 prints, including its exit-0 failures) and the
// real git. Each refusal must exit 1 with its sentence and run nothing after the check that refused.
// A node start per clasp call made this file slow, so most tests call the built CLI's main() in-process
// with the same fake answering through its one seam (exec); `run` (a real process, the fakes on PATH)
// stays for a setup, a refusal and the full deploy, so PATH, HOME and the exit codes are still proven.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { main as cliMain } from '../../src/local/deploy/cli';
import { processExec, type Exec } from '../../src/local/deploy/exec';

const CLI = resolve(__dirname, '../../build/local/deploy/cli.js');
const FAKE = resolve(__dirname, 'fake-clasp.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fakeClasp } = require(FAKE) as {
  fakeClasp(tool: string, argv: string[], cwd: string, stateFile: string): { code: number; out: string; err: string };
};
const ADDON_ID = '1AddonScriptIdAAAAAAAAAAAAAAAAAAAAAAA';
const GATEWAY_ID = '1GatewayScriptIdBBBBBBBBBBBBBBBBBBBBBB';

interface Mode {
  loggedOut?: boolean;
  apiOff?: boolean;
  npmFail?: string;
  pushSkips?: boolean;
  deploySilent?: boolean;
  buildWritesNothing?: boolean;
}

function scratch(opts: { login?: boolean; deployJson?: object; files?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-deploy-'));
  const root = join(dir, 'repo');
  const home = join(dir, 'home');
  const bin = join(dir, 'bin');
  for (const d of [root, home, bin]) mkdirSync(d);
  for (const tool of ['clasp', 'npm']) {
    copyFileSync(FAKE, join(bin, tool));
    chmodSync(join(bin, tool), 0o755);
  }
  if (opts.login !== false) writeFileSync(join(home, '.clasprc.json'), '{"tokens":{}}');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ scripts: { lint: 'eslint .' } }));
  if (opts.deployJson) writeFileSync(join(root, 'deploy.json'), JSON.stringify(opts.deployJson));
  for (const [f, body] of Object.entries(opts.files ?? {})) writeFileSync(join(root, f), body);
  const state = join(dir, 'state.json');
  writeFileSync(state, JSON.stringify({ calls: [], deployments: {}, versions: {}, mode: {} }));
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  };
  git('init', '-q');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'first');

  const prepare = (mode: Mode) => {
    const s = JSON.parse(readFileSync(state, 'utf8'));
    s.mode = mode;
    s.calls = [];
    writeFileSync(state, JSON.stringify(s));
  };
  const after = () => JSON.parse(readFileSync(state, 'utf8'));
  const run = (args: string[], mode: Mode = {}) => {
    prepare(mode);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      FAKE_CLASP_STATE: state,
      PATH: `${bin}${delimiter}${process.env.PATH}`,
    };
    delete env.clasp_config_auth;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, env, encoding: 'utf8' });
    const a = after();
    return { code: r.status, out: r.stdout, err: r.stderr, calls: a.calls as string[][], state: a };
  };
  /** The same run in-process: main() of the built CLI, clasp and npm answered by the fake, git real. */
  const runHere = async (args: string[], mode: Mode = {}) => {
    prepare(mode);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, clasp_config_auth: join(home, '.clasprc.json') };
    const git = processExec(root, env);
    let out = '';
    let err = '';
    const exec: Exec = async (cmd, argv, opts) => {
      if (cmd !== 'clasp' && cmd !== 'npm') return git(cmd, argv, opts);
      const f = fakeClasp(cmd, argv, opts.cwd, state);
      const line = (x: string) => (x ? `${x}\n` : '');
      // Streamed steps print straight to the terminal, as with stdio 'inherit'.
      if (!opts.stream) return { code: f.code, out: line(f.out) + line(f.err) };
      out += line(f.out);
      err += line(f.err);
      return { code: f.code, out: '' };
    };
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { main } = require(CLI) as { main: typeof cliMain };
      const code = await main(args, env, root, exec);
      const a = after();
      return { code, out, err, calls: a.calls as string[][], state: a };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };
  const json = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8'));
  return { root, run, runHere, git, json };
}

const configured = {
  addon: { scriptId: ADDON_ID, deploymentId: '' },
  gateway: { scriptId: GATEWAY_ID, deploymentId: '' },
};
/** The command lines, without the deployment description (it carries the commit and the time). */
const lines = (calls: string[][]) => calls.map((c) => c.filter((a, i) => c[i - 1] !== '-d').join(' '));

describe('npm run deploy -- setup', () => {
  test('creates both projects although stale placeholder clasp files exist, and writes deploy.json and them', () => {
    const s = scratch({
      files: { '.clasp.json': JSON.stringify({ scriptId: 'REPLACE_WITH_ADDON_SCRIPT_ID', rootDir: 'build/addon' }) },
    });
    const r = s.run(['setup']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.calls)).toEqual([
      'clasp show-authorized-user',
      'clasp create --type standalone --title CCM Alignment add-on',
      'clasp create --type standalone --title CCM Alignment gateway',
    ]);
    const addon = '1CCMAlignmentaddonScriptIdAAAAAAAAAAAAAAAAAAAA';
    const gateway = '1CCMAlignmentgatewayScriptIdAAAAAAAAAAAAAAAAAAAA';
    expect(s.json('deploy.json')).toEqual({
      addon: { scriptId: addon, deploymentId: '' },
      gateway: { scriptId: gateway, deploymentId: '' },
    });
    expect(s.json('.clasp.json')).toEqual({ scriptId: addon, rootDir: 'build/addon' });
    expect(s.json('.clasp-gateway.json')).toEqual({ scriptId: gateway, rootDir: 'build/gateway' });
    // What it cannot do, it names with the page to open.
    expect(r.out).toContain('https://script.google.com/home/usersettings');
    expect(r.out).toContain(`https://script.google.com/home/projects/${addon}/settings`);
    expect(r.out).toContain(`https://script.google.com/home/projects/${gateway}/settings`);
    expect(r.out).toMatch(/SHEET_ID.*ALLOWED_DOMAIN.*ADDON_CLIENT_ID/s);
    expect(r.out).toMatch(/Execute as: Me.*Anyone/s);
    expect(r.out).toContain('GATEWAY_URL');
  });

  test('takes existing script (and deployment) ids without creating anything', async () => {
    const s = scratch();
    const r = await s.runHere([
      'setup',
      `--addon-script-id=${ADDON_ID}`,
      '--gateway-script-id',
      GATEWAY_ID,
      '--gateway-deployment-id',
      'AKfyGatewayDeploymentCCCCCCCCCCCC',
    ]);
    expect(r.code).toBe(0);
    expect(lines(r.calls)).toEqual(['clasp show-authorized-user']);
    expect(s.json('deploy.json')).toEqual({
      addon: { scriptId: ADDON_ID, deploymentId: '' },
      gateway: { scriptId: GATEWAY_ID, deploymentId: 'AKfyGatewayDeploymentCCCCCCCCCCCC' },
    });
  });

  test('refuses a malformed id before calling clasp', async () => {
    const s = scratch();
    const r = await s.runHere(['setup', '--gateway-script-id', 'REPLACE_WITH_GATEWAY_SCRIPT_ID']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--gateway-script-id "REPLACE_WITH_GATEWAY_SCRIPT_ID" is not an Apps Script script id');
    expect(r.calls).toEqual([]);
  });

  test('refuses with the settings page when the Apps Script API is off', async () => {
    const s = scratch();
    const r = await s.runHere(['setup'], { apiOff: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('The Apps Script API is off for your Google account');
    expect(r.err).toContain('https://script.google.com/home/usersettings');
  });

  test('refuses when not logged in (no ~/.clasprc.json), calling nothing', () => {
    const s = scratch({ login: false });
    const r = s.run(['setup']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not logged in to clasp .*Run `npx clasp login`/);
    expect(r.calls).toEqual([]);
  });
});

describe('npm run deploy', () => {
  test('refuses while a script id is still a placeholder, calling nothing', async () => {
    const s = scratch({
      deployJson: { ...configured, gateway: { scriptId: 'REPLACE_WITH_GATEWAY_SCRIPT_ID', deploymentId: '' } },
    });
    const r = await s.runHere([]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`The gateway's script id in deploy.json is not set`);
    expect(r.err).toContain('npm run deploy -- setup');
    expect(r.calls).toEqual([]);
  });

  test('refuses when not logged in: no credentials file, or clasp saying "Not logged in." with exit 0', async () => {
    const noFile = await scratch({ deployJson: configured, login: false }).runHere([]);
    expect(noFile.code).toBe(1);
    expect(noFile.err).toContain('Not logged in to clasp');
    expect(noFile.calls).toEqual([]);

    const loggedOut = await scratch({ deployJson: configured }).runHere([], { loggedOut: true });
    expect(loggedOut.code).toBe(1);
    expect(loggedOut.err).toContain('Not logged in to clasp');
    expect(lines(loggedOut.calls)).toEqual(['clasp show-authorized-user']);
  });

  test('refuses when a check fails: nothing is pushed or deployed', async () => {
    const s = scratch({ deployJson: configured });
    const r = await s.runHere([], { npmFail: 'test' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('`npm run test` failed (exit 2); nothing was pushed or deployed');
    expect(lines(r.calls).filter((c) => / push| deploy/.test(c))).toEqual([]);
  });

  test('refuses when the build leaves no bundle to push', async () => {
    const r = await scratch({ deployJson: configured }).runHere([], { buildWritesNothing: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('did not produce build/addon/Code.js');
    expect(lines(r.calls).filter((c) => / push/.test(c))).toEqual([]);
  });

  test('refuses when clasp skips the push with exit 0 ("Skipping push."): nothing is deployed', async () => {
    const r = await scratch({ deployJson: configured }).runHere([], { pushSkips: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('exited 0 but did not push the gateway (it printed: Skipping push.)');
    expect(lines(r.calls).filter((c) => / deploy/.test(c))).toEqual([]);
  });

  test('refuses when clasp deploy exits 0 without reporting a deployment', async () => {
    const r = await scratch({ deployJson: configured }).runHere([], { deploySilent: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('exited 0 but did not deploy a new gateway version');
  });

  test('refuses a deployment id the project does not have, before building', async () => {
    const s = scratch({
      deployJson: { ...configured, addon: { scriptId: ADDON_ID, deploymentId: 'AKfyUnknownDeploymentDDDDDDDDDD' } },
    });
    const r = await s.runHere([]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('deploy.json names add-on deployment AKfyUnknownDeploymentDDDDDDDDDD');
    expect(lines(r.calls).filter((c) => c.startsWith('npm'))).toEqual([]);
  });

  test('first deploy creates the deployments and records them; the next one reuses the SAME ids', async () => {
    const s = scratch({ deployJson: configured });
    const first = s.run([]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.calls)).toEqual([
      'clasp show-authorized-user',
      'clasp -P .clasp.json --json list-deployments',
      'clasp -P .clasp-gateway.json --json list-deployments',
      'npm run typecheck',
      'npm run lint',
      'npm run test',
      'npm run build',
      'clasp -P .clasp-gateway.json push --force',
      'clasp -P .clasp.json push --force',
      'clasp -P .clasp-gateway.json deploy -d',
      'clasp -P .clasp.json deploy -d',
    ]);
    const ids = s.json('deploy.json');
    expect(ids.gateway.deploymentId).toMatch(/^AKfy/);
    expect(ids.addon.deploymentId).toMatch(/^AKfy/);
    expect(first.out).toContain(`Gateway URL: https://script.google.com/macros/s/${ids.gateway.deploymentId}/exec`);
    expect(first.out).toContain('written to deploy.json: commit it');

    s.git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'Coachee panel fix');
    const second = await s.runHere([]);
    expect(second.code).toBe(0);
    expect(lines(second.calls).slice(-2)).toEqual([
      `clasp -P .clasp-gateway.json deploy -i ${ids.gateway.deploymentId} -d`,
      `clasp -P .clasp.json deploy -i ${ids.addon.deploymentId} -d`,
    ]);
    expect(s.json('deploy.json')).toEqual(ids);
    expect(second.out).toContain(`${ids.gateway.deploymentId} @2 (was @1)`);
    expect(second.out).toContain(`Gateway URL: https://script.google.com/macros/s/${ids.gateway.deploymentId}/exec`);
    expect(second.out).toMatch(/Changes since the last deployment[^\n]*\n\s+[0-9a-f]+ Coachee panel fix/);
    expect(second.out).toContain('build/gateway/Code.js');
    // The description records the commit, which is how the next deploy knows what changed.
    const description = second.calls.at(-1)!.at(-1)!;
    expect(description).toMatch(new RegExp(`^ccm ${s.git('rev-parse', '--short', 'HEAD')} `));
  });
});
