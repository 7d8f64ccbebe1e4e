/**
 * Running the commands a deploy is made of (npm scripts, clasp, git). One small seam: the CLI spawns
 * real processes; the tests put a fake `clasp` and `npm` first on PATH, so the same code runs.
 */
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';

export interface ExecResult {
  code: number;
  /** stdout and stderr together, in arrival order (empty when streamed). */
  out: string;
}

export interface ExecOptions {
  cwd: string;
  /** Show the output live instead of capturing it (the long steps: type-check, lint, tests). */
  stream?: boolean;
}

export type Exec = (cmd: string, args: string[], opts: ExecOptions) => Promise<ExecResult>;

/**
 * PATH for children: the caller's PATH first (so a fake clasp in tests, or a global one, wins), then
 * the repository's node_modules/.bin, so `node build/local/deploy/cli.js` also finds the pinned clasp.
 */
export function childPath(root: string, path: string | undefined): string {
  return [path, join(root, 'node_modules', '.bin')].filter(Boolean).join(delimiter);
}

export function processExec(root: string, env: NodeJS.ProcessEnv = process.env): Exec {
  const childEnv = { ...env, PATH: childPath(root, env.PATH) };
  return (cmd, args, opts) =>
    new Promise((resolve) => {
      const child = spawn(cmd, args, {
        cwd: opts.cwd,
        env: childEnv,
        stdio: opts.stream ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', (err: NodeJS.ErrnoException) => {
        resolve({ code: 127, out: `${cmd}: ${err.code === 'ENOENT' ? 'command not found' : err.message}` });
      });
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
    });
}
