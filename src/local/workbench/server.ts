/**
 * `npm start`: the local workbench, the whole add-on in a browser without a Google account.
 *
 *   npm start                     serve http://127.0.0.1:8787 (PORT to change it; PORT=0 picks a free one)
 *   npm start -- --reset          start again from the demo company
 *   npm start -- --data FILE      keep the state in FILE (default .workbench/world.json)
 *   npm start -- --build-dir DIR  run the bundles in DIR/addon and DIR/gateway (default build/)
 *
 * The state is saved after every change and on Ctrl-C. `npm run build` in another terminal is picked
 * up on the next click (the runtime re-reads Code.js, the workbench the manifests).
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHandler } from './http';
import { Workbench } from './workbench';
import { parseCommandLine } from '../args';

export interface StartOptions {
  port?: number;
  dataFile?: string;
  reset?: boolean;
  buildDir?: string;
}

export interface RunningWorkbench {
  url: string;
  port: number;
  workbench: Workbench;
  server: Server;
  close(): Promise<void>;
}

/** The repository root (package.json of this project), from the source tree or from build/local/workbench. */
export function repoRoot(): string {
  for (const dir of [resolve(__dirname, '..', '..', '..'), process.cwd()]) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'local', 'workbench'))) return dir;
  }
  return process.cwd();
}

export async function startWorkbench(opts: StartOptions = {}): Promise<RunningWorkbench> {
  const dataFile = resolve(opts.dataFile ?? join(repoRoot(), '.workbench', 'world.json'));
  const workbench = await Workbench.open({
    dataFile,
    reset: opts.reset,
    ...(opts.buildDir ? { buildDir: resolve(opts.buildDir) } : {}),
  });
  const server = createServer(createHandler(() => workbench));
  // Keep-alive connections from the browser must not hold `close()` up.
  server.keepAliveTimeout = 2000;
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? 8787, '127.0.0.1', () => ok());
    });
  } catch (err) {
    await workbench.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 8787);
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    workbench,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      workbench.save();
      await workbench.close();
    },
  };
}

function parseArgs(argv: string[]): StartOptions & { help?: boolean } {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      reset: { type: 'boolean' },
      data: { type: 'string' },
      'build-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const out: StartOptions & { help?: boolean } = {};
  if (values.reset) out.reset = true;
  if (values.data !== undefined) out.dataFile = values.data;
  if (values['build-dir'] !== undefined) out.buildDir = values['build-dir'];
  if (values.port !== undefined) out.port = Number(values.port);
  if (values.help) out.help = true;
  return out;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (args.help) {
    console.log(
      'Usage: npm start [-- --reset] [-- --data FILE] [-- --port N] [-- --build-dir DIR]   (PORT env also sets the port; 0 = any free port)',
    );
    return;
  }
  const envPort = process.env.PORT !== undefined && process.env.PORT !== '' ? Number(process.env.PORT) : undefined;
  const port = args.port ?? envPort ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Not a port: ${String(args.port ?? process.env.PORT)}`);
    process.exit(2);
  }
  let running: RunningWorkbench;
  try {
    running = await startWorkbench({ ...args, port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      console.error(
        `Port ${port} is in use: is the workbench already running? (PORT=8788 npm start to use another port)`,
      );
    else console.error(e.message);
    process.exit(1);
  }
  const wb = running.workbench;
  const how =
    wb.origin === 'seeded'
      ? `seeded the demo company ${wb.meta.companyName} in ${(wb.seedMs / 1000).toFixed(1)} s`
      : `loaded ${wb.meta.companyName}`;
  const ms = performance.now() - t0;
  console.log(
    `CCM workbench ready in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}: ${running.url}`,
  );
  console.log(`  ${how}; state in ${wb.opts.dataFile} (npm start -- --reset to start again). Ctrl-C to stop.`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => {
        console.log(`\nSaved. Workbench stopped (${signal}).`);
        process.exit(0);
      },
      (err: Error) => {
        console.error(`Stopping failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();
