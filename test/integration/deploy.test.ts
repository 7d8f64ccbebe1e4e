// `npm run deploy` and `npm run deploy -- setup` (src/local/deploy/), driven as a deployer runs them:
// the BUILT CLI (build/local/deploy/cli.js) in a scratch repository, with a fake clasp and npm first on
// PATH (./fake-clasp.cjs, which prints what clasp 3.4.1 prints, including its exit-0 failures) and the
// real git. Each refusal must exit 1 with its sentence and run nothing after the check that refused.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../build/local/deploy/cli.js');
const FAKE = resolve(__dirname, 'fake-clasp.cjs');
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

  const run = (args: string[], mode: Mode = {}) => {
    const s = JSON.parse(readFileSync(state, 'utf8'));
    s.mode = mode;
    s.calls = [];
    writeFileSync(state, JSON.stringify(s));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      FAKE_CLASP_STATE: state,
      PATH: `${bin}${delimiter}${process.env.PATH}`,
    };
    delete env.clasp_config_auth;
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, env, encoding: 'utf8' });
    const after = JSON.parse(readFileSync(state, 'utf8'));
    return { code: r.status, out: r.stdout, err: r.stderr, calls: after.calls as string[][], state: after };
  };
  const json = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8'));
  return { root, run, git, json };
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

  test('takes existing script (and deployment) ids without creating anything', () => {
    const s = scratch();
    const r = s.run([
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

  test('refuses a malformed id before calling clasp', () => {
    const s = scratch();
    const r = s.run(['setup', '--gateway-script-id', 'REPLACE_WITH_GATEWAY_SCRIPT_ID']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--gateway-script-id "REPLACE_WITH_GATEWAY_SCRIPT_ID" is not an Apps Script script id');
    expect(r.calls).toEqual([]);
  });

  test('refuses with the settings page when the Apps Script API is off', () => {
    const s = scratch();
    const r = s.run(['setup'], { apiOff: true });
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
  test('refuses while a script id is still a placeholder, calling nothing', () => {
    const s = scratch({
      deployJson: { ...configured, gateway: { scriptId: 'REPLACE_WITH_GATEWAY_SCRIPT_ID', deploymentId: '' } },
    });
    const r = s.run([]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`The gateway's script id in deploy.json is not set`);
    expect(r.err).toContain('npm run deploy -- setup');
    expect(r.calls).toEqual([]);
  });

  test('refuses when not logged in: no credentials file, or clasp saying "Not logged in." with exit 0', () => {
    const noFile = scratch({ deployJson: configured, login: false }).run([]);
    expect(noFile.code).toBe(1);
    expect(noFile.err).toContain('Not logged in to clasp');
    expect(noFile.calls).toEqual([]);

    const loggedOut = scratch({ deployJson: configured }).run([], { loggedOut: true });
    expect(loggedOut.code).toBe(1);
    expect(loggedOut.err).toContain('Not logged in to clasp');
    expect(lines(loggedOut.calls)).toEqual(['clasp show-authorized-user']);
  });

  test('refuses when a check fails: nothing is pushed or deployed', () => {
    const s = scratch({ deployJson: configured });
    const r = s.run([], { npmFail: 'test' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('`npm run test` failed (exit 2); nothing was pushed or deployed');
    expect(lines(r.calls).filter((c) => / push| deploy/.test(c))).toEqual([]);
  });

  test('refuses when the build leaves no bundle to push', () => {
    const r = scratch({ deployJson: configured }).run([], { buildWritesNothing: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('did not produce build/addon/Code.js');
    expect(lines(r.calls).filter((c) => / push/.test(c))).toEqual([]);
  });

  test('refuses when clasp skips the push with exit 0 ("Skipping push."): nothing is deployed', () => {
    const r = scratch({ deployJson: configured }).run([], { pushSkips: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('exited 0 but did not push the gateway (it printed: Skipping push.)');
    expect(lines(r.calls).filter((c) => / deploy/.test(c))).toEqual([]);
  });

  test('refuses when clasp deploy exits 0 without reporting a deployment', () => {
    const r = scratch({ deployJson: configured }).run([], { deploySilent: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('exited 0 but did not deploy a new gateway version');
  });

  test('refuses a deployment id the project does not have, before building', () => {
    const s = scratch({
      deployJson: { ...configured, addon: { scriptId: ADDON_ID, deploymentId: 'AKfyUnknownDeploymentDDDDDDDDDD' } },
    });
    const r = s.run([]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('deploy.json names add-on deployment AKfyUnknownDeploymentDDDDDDDDDD');
    expect(lines(r.calls).filter((c) => c.startsWith('npm'))).toEqual([]);
  });

  test('first deploy creates the deployments and records them; the next one reuses the SAME ids', () => {
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
    const second = s.run([]);
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
