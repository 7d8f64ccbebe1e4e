/**
 * `npm run deploy -- setup` and `npm run deploy`: the two Apps Script projects from nothing to a
 * working deployment, and every later update to the SAME deployment ids.
 *
 * clasp 3.4.1 exits 0 in several failures ("Project file already exists.", "Skipping push.",
 * "Not logged in."), so every clasp call is judged by its output as well as its exit code: each one
 * must print the line that proves it did its job, or the deploy stops with a sentence saying what to do.
 * Everything that can refuse (ids, login, the deployments named in deploy.json) is checked before the
 * first build or push.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APPS_SCRIPT_API_SETTINGS_URL,
  DEPLOY_FILE,
  DeployConfigError,
  PROJECTS,
  isPlaceholder,
  isValidId,
  readClaspScriptId,
  readDeployConfig,
  scriptEditorUrl,
  scriptSettingsUrl,
  webAppUrl,
  writeClaspFile,
  writeDeployConfig,
  type DeployConfig,
  type ProjectName,
  type ProjectSpec,
} from './config';
import type { Exec } from './exec';

/** A deploy that cannot go on; its message says what to do. The CLI prints it and exits 1. */
export class Refusal extends Error {}

export interface DeployContext {
  root: string;
  exec: Exec;
  out(line: string): void;
  /** clasp's credentials file (clasp_config_auth, else ~/.clasprc.json). */
  authFile: string;
}

export function claspAuthFile(env: NodeJS.ProcessEnv): string {
  const configured = env.clasp_config_auth;
  if (configured) return configured.endsWith('.json') ? configured : join(configured, '.clasprc.json');
  return join(homedir(), '.clasprc.json');
}

/** Every clasp command line this tool runs (the flag test checks each against the pinned clasp). */
export const claspArgs = {
  whoami: (): string[] => ['show-authorized-user'],
  create: (title: string): string[] => ['create', '--type', 'standalone', '--title', title],
  push: (file: string): string[] => ['-P', file, 'push', '--force'],
  listDeployments: (file: string): string[] => ['-P', file, '--json', 'list-deployments'],
  deploy: (file: string, description: string, deploymentId?: string): string[] => [
    '-P',
    file,
    'deploy',
    ...(deploymentId ? ['-i', deploymentId] : []),
    '-d',
    description,
  ],
};

const notLoggedIn = (authFile: string) =>
  `Not logged in to clasp (no credentials in ${authFile}). Run \`npx clasp login\`, then run this again.`;
const apiOff = () =>
  `The Apps Script API is off for your Google account. Turn it on at ${APPS_SCRIPT_API_SETTINGS_URL} ` +
  '("Google Apps Script API": On), wait a minute, then run this again.';

function tail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' / ') || 'nothing';
}

async function clasp(ctx: DeployContext, args: string[], doing: string, proof: RegExp, cwd = ctx.root) {
  const r = await ctx.exec('clasp', args, { cwd });
  const text = r.out;
  const shown = `\`clasp ${args.join(' ')}\``;
  if (/No credentials found|Not logged in/i.test(text)) throw new Refusal(notLoggedIn(ctx.authFile));
  if (/Apps Script API/i.test(text) && /usersettings|not enabled|has not been used|disabled/i.test(text)) {
    throw new Refusal(apiOff());
  }
  if (r.code !== 0) throw new Refusal(`${shown} failed (exit ${r.code}) while ${doing}: ${tail(text)}`);
  if (!proof.test(text)) {
    throw new Refusal(`${shown} exited 0 but did not ${doing} (it printed: ${tail(text)}). Nothing after it was run.`);
  }
  return text;
}

async function requireLogin(ctx: DeployContext): Promise<void> {
  if (!existsSync(ctx.authFile)) throw new Refusal(notLoggedIn(ctx.authFile));
  const text = await clasp(ctx, claspArgs.whoami(), 'confirm who is logged in', /You are logged in/);
  ctx.out(text.trim().split('\n')[0] ?? '');
}

function loadConfig(root: string): DeployConfig {
  try {
    return readDeployConfig(root);
  } catch (err) {
    if (err instanceof DeployConfigError) throw new Refusal(err.message);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// setup

export interface SetupOptions {
  scriptIds: Partial<Record<ProjectName, string>>;
  deploymentIds: Partial<Record<ProjectName, string>>;
}

async function createProject(ctx: DeployContext, p: ProjectSpec): Promise<string> {
  // clasp create refuses (exit 0) wherever a .clasp.json is found, and writes one where it runs:
  // create in an empty folder and take the id from its answer; our own project file is written after.
  const dir = mkdtempSync(join(tmpdir(), 'ccm-clasp-create-'));
  try {
    const text = await clasp(
      ctx,
      claspArgs.create(p.title),
      `create the ${p.label} project`,
      /Created new script/,
      dir,
    );
    const id = /script\.google\.com\/d\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
    if (!id || !isValidId(id)) {
      throw new Refusal(`clasp created the ${p.label} project but printed no script id I can read: ${tail(text)}`);
    }
    return id;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function setup(ctx: DeployContext, opts: SetupOptions): Promise<DeployConfig> {
  for (const p of PROJECTS) {
    for (const [kind, given] of [
      ['script', opts.scriptIds[p.name]],
      ['deployment', opts.deploymentIds[p.name]],
    ] as const) {
      if (given !== undefined && !isValidId(given)) {
        throw new Refusal(
          `--${p.name}-${kind}-id "${given}" is not an Apps Script ${kind} id ` +
            (kind === 'script' ? '(Project Settings → IDs → Script ID).' : '(Deploy → Manage deployments).'),
        );
      }
    }
  }
  ctx.out(`Before anything else: the Apps Script API must be On at ${APPS_SCRIPT_API_SETTINGS_URL}.`);
  await requireLogin(ctx);
  const config: DeployConfig = existsSync(join(ctx.root, DEPLOY_FILE))
    ? loadConfig(ctx.root)
    : { addon: { scriptId: '', deploymentId: '' }, gateway: { scriptId: '', deploymentId: '' } };
  for (const p of PROJECTS) {
    const given = opts.scriptIds[p.name];
    const current = config[p.name].scriptId;
    const fromClaspFile = readClaspScriptId(ctx.root, p);
    let id: string;
    if (given) {
      id = given;
      ctx.out(`${p.label}: using script ${id} (--${p.name}-script-id).`);
    } else if (!isPlaceholder(current)) {
      id = current;
      ctx.out(`${p.label}: already set up in ${DEPLOY_FILE} (script ${id}).`);
    } else if (fromClaspFile) {
      id = fromClaspFile;
      ctx.out(`${p.label}: using script ${id} from ${p.claspFile}.`);
    } else {
      id = await createProject(ctx, p);
      ctx.out(`${p.label}: created "${p.title}", script ${id}.`);
    }
    if (id !== current) config[p.name].deploymentId = ''; // another project: its deployments are not ours
    config[p.name].scriptId = id;
    const deploymentId = opts.deploymentIds[p.name];
    if (deploymentId) config[p.name].deploymentId = deploymentId;
    // Written after each project, so a failure on the second keeps the first.
    writeDeployConfig(ctx.root, config);
    writeClaspFile(ctx.root, p, id);
  }
  ctx.out(`Wrote ${DEPLOY_FILE}, ${PROJECTS.map((p) => p.claspFile).join(' and ')}. Commit ${DEPLOY_FILE}.`);
  printChecklist(ctx, config);
  return config;
}

function printChecklist(ctx: DeployContext, config: DeployConfig): void {
  const addon = config.addon.scriptId;
  const gateway = config.gateway.scriptId;
  const lines = [
    '',
    'What clasp cannot do for you (README "Deploying" has the details):',
    `1. Link BOTH projects to your Google Cloud project: open each settings page, "Google Cloud Platform (GCP)`,
    `   Project" → Change project → your project NUMBER → Set project.`,
    `     add-on:  ${scriptSettingsUrl(addon)}`,
    `     gateway: ${scriptSettingsUrl(gateway)}`,
    '2. Gateway script properties (gateway settings page → Script properties → Add script property):',
    '     SHEET_ID, ALLOWED_DOMAIN, ADDON_CLIENT_ID (printed by `npm run admin -- setup`; the add-on client id',
    '     is shown on the add-on\'s "About CCM meetings" card → "Show setup details").',
    '3. `npm run deploy`: pushes both projects and deploys a new version. The first run creates the',
    `   deployments and writes their ids into ${DEPLOY_FILE}: commit it, so later deploys keep the same ids.`,
    '   The gateway web app runs "Execute as: Me" with "Who has access: Anyone" (src/gateway/appsscript.json,',
    '   "webapp"); check it under Deploy → Manage deployments in the gateway editor.',
    `4. Authorise the gateway once, as its owner: open ${scriptEditorUrl(gateway)}, pick doGet, Run, Allow.`,
    '5. Add-on script property GATEWAY_URL = the gateway URL that `npm run deploy` prints',
    `   (${scriptSettingsUrl(addon)} → Script properties).`,
  ];
  for (const l of lines) ctx.out(l);
}

// ---------------------------------------------------------------------------------------------------
// deploy

interface DeploymentInfo {
  deploymentId: string;
  versionNumber?: number;
  description?: string;
}

function parseDeployments(text: string, label: string): DeploymentInfo[] {
  const start = text.indexOf('[');
  try {
    const list = JSON.parse(text.slice(start)) as DeploymentInfo[];
    if (!Array.isArray(list)) throw new Error('not a list');
    return list;
  } catch {
    throw new Refusal(`clasp listed the ${label}'s deployments in a form I cannot read: ${tail(text)}`);
  }
}

/** The commit a deployment was made from, as this tool writes it into the description. */
const DESCRIPTION_COMMIT = /\bccm ([0-9a-f]{7,40})\b/;

async function git(ctx: DeployContext, args: string[]): Promise<string | undefined> {
  const r = await ctx.exec('git', args, { cwd: ctx.root });
  return r.code === 0 ? r.out.trim() : undefined;
}

export interface DeployResult {
  config: DeployConfig;
  versions: Record<ProjectName, { before?: number; after: number }>;
  gatewayUrl: string;
}

export async function deploy(ctx: DeployContext): Promise<DeployResult> {
  const config = loadConfig(ctx.root);
  for (const p of PROJECTS) {
    const { scriptId, deploymentId } = config[p.name];
    if (isPlaceholder(scriptId)) {
      throw new Refusal(
        `The ${p.label}'s script id in ${DEPLOY_FILE} is not set ("${scriptId}"). ` +
          'Run `npm run deploy -- setup` first.',
      );
    }
    if (deploymentId && isPlaceholder(deploymentId)) {
      throw new Refusal(
        `The ${p.label}'s deployment id in ${DEPLOY_FILE} ("${deploymentId}") is not a deployment id. ` +
          'Copy it from Deploy → Manage deployments, or empty it to create a new deployment.',
      );
    }
  }
  await requireLogin(ctx);
  for (const p of PROJECTS) writeClaspFile(ctx.root, p, config[p.name].scriptId);

  // The deployments deploy.json names must exist before anything is built or pushed.
  const previous: Partial<Record<ProjectName, DeploymentInfo>> = {};
  for (const p of PROJECTS) {
    const text = await clasp(ctx, claspArgs.listDeployments(p.claspFile), `list the ${p.label}'s deployments`, /\[/);
    const wanted = config[p.name].deploymentId;
    if (!wanted) continue;
    const found = parseDeployments(text, p.label).find((d) => d.deploymentId === wanted);
    if (!found) {
      throw new Refusal(
        `${DEPLOY_FILE} names ${p.label} deployment ${wanted}, which script ${config[p.name].scriptId} does not ` +
          `have (\`npx clasp -P ${p.claspFile} list-deployments\`). Fix the id in ${DEPLOY_FILE}, or empty it to ` +
          'create a new deployment.',
      );
    }
    previous[p.name] = found;
  }

  const scripts = (JSON.parse(readFileSync(join(ctx.root, 'package.json'), 'utf8')) as { scripts?: object }).scripts;
  const steps = ['typecheck', ...(scripts && 'lint' in scripts ? ['lint'] : []), 'test', 'build'];
  for (const step of steps) {
    ctx.out(`\n> npm run ${step}`);
    const r = await ctx.exec('npm', ['run', step], { cwd: ctx.root, stream: true });
    if (r.code !== 0) {
      throw new Refusal(
        `\`npm run ${step}\` failed (exit ${r.code}); nothing was pushed or deployed. ` +
          'Fix it, then run `npm run deploy` again.',
      );
    }
  }
  for (const p of PROJECTS) {
    for (const f of ['Code.js', 'appsscript.json']) {
      if (!existsSync(join(ctx.root, p.rootDir, f))) {
        throw new Refusal(`\`npm run build\` did not produce ${p.rootDir}/${f}; nothing was pushed.`);
      }
    }
  }

  // Gateway first: a new add-on may call what only the new gateway answers; the old add-on keeps
  // working against a newer gateway in the minutes between.
  const order = [...PROJECTS].sort((a, b) => (a.name === 'gateway' ? -1 : b.name === 'gateway' ? 1 : 0));
  const pushed: string[] = [];
  for (const p of order) {
    const text = await clasp(
      ctx,
      claspArgs.push(p.claspFile),
      `push the ${p.label}`,
      // Not "Skipping push." (a changed manifest without --force) and not "Pushed no files".
      /Pushed (one file|\d+ files)|Script is already up to date/,
    );
    const files = text
      .split('\n')
      .filter((l) => l.startsWith('└─'))
      .map((l) => l.replace('└─', '').trim());
    pushed.push(`${p.label}: ${files.length ? files.join(', ') : 'already up to date'}`);
  }

  const head = (await git(ctx, ['rev-parse', '--short', 'HEAD'])) ?? 'unknown';
  const dirty = (await git(ctx, ['status', '--porcelain'])) ? ' (uncommitted changes)' : '';
  const description = `ccm ${head}${dirty} ${new Date().toISOString().slice(0, 16)}Z`;
  const versions = {} as DeployResult['versions'];
  const created: ProjectSpec[] = [];
  for (const p of order) {
    const wanted = config[p.name].deploymentId || undefined;
    const text = await clasp(
      ctx,
      claspArgs.deploy(p.claspFile, description, wanted),
      `deploy a new ${p.label} version`,
      /Deployed \S+ @\d+/,
    );
    const m = /Deployed (\S+) @(\d+)/.exec(text)!;
    if (wanted && m[1] !== wanted) {
      throw new Refusal(
        `clasp deployed the ${p.label} to ${m[1]} instead of ${wanted}; check Deploy → Manage deployments.`,
      );
    }
    if (!wanted) {
      config[p.name].deploymentId = m[1]!;
      writeDeployConfig(ctx.root, config);
      created.push(p);
    }
    versions[p.name] = { before: previous[p.name]?.versionNumber, after: Number(m[2]) };
  }

  const gatewayUrl = webAppUrl(config.gateway.deploymentId);
  ctx.out('\nDeployed:');
  for (const p of order) {
    const v = versions[p.name];
    const was = v.before !== undefined ? ` (was @${v.before})` : ' (new deployment)';
    ctx.out(`  ${p.label.padEnd(8)} ${config[p.name].deploymentId} @${v.after}${was}`);
  }
  ctx.out(`Gateway URL: ${gatewayUrl}`);
  ctx.out('Pushed:');
  for (const line of pushed) ctx.out(`  ${line}`);
  const since = DESCRIPTION_COMMIT.exec(previous.gateway?.description ?? previous.addon?.description ?? '')?.[1];
  if (since) {
    const log = await git(ctx, ['log', '--oneline', '-n', '30', `${since}..HEAD`]);
    ctx.out(`Changes since the last deployment (${since} → ${head}${dirty}):`);
    ctx.out(log === undefined ? '  (git cannot compare them here)' : log ? indent(log) : '  no new commits');
  } else {
    ctx.out(`Deployed from ${head}${dirty}; the previous deployment named no commit to compare with.`);
  }
  if (created.length) {
    ctx.out(
      `\nNew deployment ids for the ${created.map((p) => p.label).join(' and ')} were written to ${DEPLOY_FILE}: ` +
        'commit it, so the next deploy updates the same deployments.',
    );
    if (created.some((p) => p.name === 'gateway')) {
      ctx.out(`Set the add-on's script property GATEWAY_URL to ${gatewayUrl}`);
      const editor = scriptEditorUrl(config.gateway.scriptId);
      ctx.out(`and authorise the gateway once: ${editor} → doGet → Run → Allow.`);
    }
  }
  return { config, versions, gatewayUrl };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
