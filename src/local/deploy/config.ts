/**
 * What `npm run deploy` needs to know about the two Apps Script projects, in ONE committed file:
 * deploy.json holds each project's script id and the deployment id that every new version goes to
 * (a web app's URL and a Marketplace listing name a deployment id, so it must never change).
 *
 * The clasp project files (.clasp.json, .clasp-gateway.json) are generated from deploy.json and
 * git-ignored: they only repeat the script id plus a rootDir, and committed copies with placeholder ids
 * are what made `clasp create` print "Project file already exists." and do nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ProjectName = 'addon' | 'gateway';

export interface ProjectSpec {
  name: ProjectName;
  /** How people call it in messages. */
  label: string;
  /** Title of the Apps Script project `setup` creates. */
  title: string;
  /** The clasp project file, relative to the repository root. */
  claspFile: string;
  /** What clasp pushes: the built bundle and its manifest (build.mjs). */
  rootDir: string;
}

export const PROJECTS: readonly ProjectSpec[] = [
  {
    name: 'addon',
    label: 'add-on',
    title: 'CCM Alignment add-on',
    claspFile: '.clasp.json',
    rootDir: 'build/addon',
  },
  {
    name: 'gateway',
    label: 'gateway',
    title: 'CCM Alignment gateway',
    claspFile: '.clasp-gateway.json',
    rootDir: 'build/gateway',
  },
];

export const DEPLOY_FILE = 'deploy.json';

export interface ProjectIds {
  scriptId: string;
  deploymentId: string;
}

export type DeployConfig = Record<ProjectName, ProjectIds>;

/** Apps Script script and deployment ids: long URL-safe base64 strings. */
const ID_PATTERN = /^[A-Za-z0-9_-]{20,}$/;

/** An id still to be filled in: empty, or a `REPLACE_WITH_...` style placeholder. */
export function isPlaceholder(id: string | undefined): boolean {
  return !id || !ID_PATTERN.test(id) || /^REPLACE/i.test(id);
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id) && !/^REPLACE/i.test(id);
}

export class DeployConfigError extends Error {}

export function readDeployConfig(root: string): DeployConfig {
  const file = join(root, DEPLOY_FILE);
  if (!existsSync(file)) {
    throw new DeployConfigError(`${DEPLOY_FILE} is missing. Run \`npm run deploy -- setup\` to create it.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DeployConfigError(`${DEPLOY_FILE} is not valid JSON (${(err as Error).message}). Fix or delete it.`);
  }
  const out = {} as DeployConfig;
  for (const p of PROJECTS) {
    const entry = (raw as Record<string, Partial<ProjectIds> | undefined>)?.[p.name] ?? {};
    out[p.name] = {
      scriptId: typeof entry.scriptId === 'string' ? entry.scriptId.trim() : '',
      deploymentId: typeof entry.deploymentId === 'string' ? entry.deploymentId.trim() : '',
    };
  }
  return out;
}

export function writeDeployConfig(root: string, config: DeployConfig): void {
  const body: Record<string, ProjectIds> = {};
  for (const p of PROJECTS) body[p.name] = { ...config[p.name] };
  writeFileSync(join(root, DEPLOY_FILE), JSON.stringify(body, null, 2) + '\n');
}

/** The script id of an existing clasp project file, if it holds a real one. */
export function readClaspScriptId(root: string, p: ProjectSpec): string | undefined {
  const file = join(root, p.claspFile);
  if (!existsSync(file)) return undefined;
  try {
    const id = (JSON.parse(readFileSync(file, 'utf8')) as { scriptId?: unknown }).scriptId;
    return typeof id === 'string' && isValidId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function writeClaspFile(root: string, p: ProjectSpec, scriptId: string): void {
  writeFileSync(join(root, p.claspFile), JSON.stringify({ scriptId, rootDir: p.rootDir }, null, 2) + '\n');
}

/** The web app's URL for a deployment id (the `/a/macros/<domain>/` form reaches the same app). */
export function webAppUrl(deploymentId: string): string {
  return `https://script.google.com/macros/s/${deploymentId}/exec`;
}

export function scriptSettingsUrl(scriptId: string): string {
  return `https://script.google.com/home/projects/${scriptId}/settings`;
}

export function scriptEditorUrl(scriptId: string): string {
  return `https://script.google.com/d/${scriptId}/edit`;
}

export const APPS_SCRIPT_API_SETTINGS_URL = 'https://script.google.com/home/usersettings';
