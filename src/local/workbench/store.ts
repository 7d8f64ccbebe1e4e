/**
 * The workbench's data file (default .workbench/world.json, git-ignored): the World plus the little
 * the workbench needs to find its way around it again (which Sheet is the usage Sheet, who owns the
 * gateway). Written after every change, atomically (a temporary file renamed over the old one), so a
 * Ctrl-C at any moment leaves either the old or the new state on disk, never half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SeededCompany } from '../host/company';
import { World, type WorldState } from '../runtime/world';

export const DATA_FORMAT = 'ccm-workbench';

export interface WorkbenchMeta {
  company: SeededCompany;
  /** Owns the usage Sheet and deployed the gateway ("execute as me"). */
  serviceOwner: string;
  /** What the company is called on screen. */
  companyName: string;
  /** Version of the demo seed that made this file (demo.ts DEMO_VERSION). */
  demoVersion: number;
}

interface DataFile {
  format: typeof DATA_FORMAT;
  version: 1;
  meta: WorkbenchMeta;
  world: WorldState;
}

export class DataFileError extends Error {
  constructor(path: string, why: string) {
    super(
      `The workbench data file ${path} cannot be used: ${why}. Start again with \`npm start -- --reset\` (this replaces it with the demo company).`,
    );
    this.name = 'DataFileError';
  }
}

/** The saved state, or null when there is no file yet. Throws DataFileError on a file it cannot read. */
export function loadData(path: string): { meta: WorkbenchMeta; world: World } | null {
  if (!existsSync(path)) return null;
  let parsed: Partial<DataFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<DataFile>;
  } catch (err) {
    throw new DataFileError(path, `it is not valid JSON (${(err as Error).message})`);
  }
  if (parsed.format !== DATA_FORMAT || parsed.version !== 1 || !parsed.meta || !parsed.world) {
    throw new DataFileError(path, 'it is not a workbench data file of a version this code knows');
  }
  try {
    return { meta: parsed.meta, world: World.fromJSON(JSON.stringify(parsed.world)) };
  } catch (err) {
    throw new DataFileError(path, (err as Error).message);
  }
}

/** Writes the file atomically: a sibling temporary file, then rename (atomic on one file system). */
export function saveData(path: string, meta: WorkbenchMeta, world: World): void {
  mkdirSync(dirname(path), { recursive: true });
  const file: DataFile = { format: DATA_FORMAT, version: 1, meta, world: world.state };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, path);
}
