// The local Apps Script runtime (main thread): registers the built projects, runs executions on
// worker threads, answers their service calls from the World, and enforces the platform's limits.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeClock } from './clock';
import { WorkerPool, type PooledWorker } from './pool';
import type {
  AppsScriptManifest,
  ExecDone,
  LogEntry,
  RpcRequest,
  SerializedError,
  UserIdentity,
  WorkerToMain,
} from './protocol';
import type { World } from './world';
import { ServiceError, type CallContext, type ExecutionCounters, type ExecutionInfo, type HandlerMap } from './service';
import { allHandlers, createBackendServices, type BackendServices } from './backends';
import { clockEvent, nextDueRun, TRIGGER_RUN_MS } from './backends/triggers';

export interface RegisteredProject {
  name: string;
  codePath: string;
  manifest: AppsScriptManifest;
  /** The Google account that owns (deployed) the project. */
  owner?: string;
  /** Web app deployment: its /exec URL. Fetching it runs doGet/doPost. */
  webAppUrl?: string;
  /** The OAuth client id of the project's Cloud project: the `aud` of its identity tokens. */
  oauthClientId: string;
}

export interface ExecuteRequest {
  project: string;
  fn: string;
  args?: unknown[];
  /** The user at the keyboard (add-on) or the caller (web app). */
  user: string;
  /** For web apps deployed "execute as me": the script runs as the owner. Default: as `user`. */
  runAsOwner?: boolean;
  parentId?: string;
  /** Overrides the runtime's deadline (a time-driven trigger's run may last 6 minutes). */
  deadlineMs?: number;
}

export interface ExecutionResult {
  execId: string;
  parentId?: string;
  project: string;
  fn: string;
  user: string;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
  logs: LogEntry[];
  cpuMs: number;
  wallMs: number;
  counters: ExecutionCounters;
  localCalls: Record<string, number>;
  timedOut: boolean;
}

export interface RuntimeOptions {
  /** Apps Script's limit for an add-on action is 30 s; tests may shorten it. */
  deadlineMs?: number;
  /** Apps Script allows 30 simultaneous executions per user; nested calls need headroom. */
  maxWorkers?: number;
  workerPath?: string;
  /** Keeps the last N execution results for the benchmark and the workbench's developer panel. */
  historySize?: number;
  /** A time-driven trigger's deadline (Google: 6 minutes); tests may shorten it. */
  triggerDeadlineMs?: number;
  /** LockService grants every lock at once (no mutual exclusion): proves a concurrency test needs the lock. */
  locksDisabled?: boolean;
  /** CacheService entries vanish at once (as they may on Google): proves nothing depends on the cache. */
  cacheEvictsAll?: boolean;
  /**
   * Milliseconds each service call takes before it is answered (by method name; 0 or undefined: at
   * once). Google's services take tens of milliseconds per call; the local World answers in
   * microseconds, which makes races between executions rare. Tests that must show a race (a
   * booking without the lock) give the calls a realistic duration so the executions overlap.
   */
  callLatencyMs?: (method: string) => number;
}

const DEFAULT_WORKER = join(__dirname, '..', '..', '..', 'build', 'local', 'runtime', 'worker.js');

export class LocalRuntime {
  readonly projects = new Map<string, RegisteredProject>();
  readonly history: ExecutionResult[] = [];
  readonly services: BackendServices;
  private readonly handlers: HandlerMap;
  private readonly pool: WorkerPool;
  private readonly running = new Map<string, ExecutionInfo>();
  private readonly endListeners: ((exec: ExecutionInfo) => void)[] = [];
  readonly deadlineMs: number;
  private readonly historySize: number;

  /** Real time for deadlines, lock waits and the scripts' Date; tests may skip it forward. */
  readonly clock = new RuntimeClock();

  /** The options the runtime was made with; backends read their switches here (tests may flip them). */
  readonly options: RuntimeOptions;

  constructor(
    readonly world: World,
    opts: RuntimeOptions = {},
  ) {
    this.options = opts;
    this.deadlineMs = opts.deadlineMs ?? 30_000;
    this.historySize = opts.historySize ?? 500;
    const workerPath = opts.workerPath ?? resolveWorkerPath();
    this.pool = new WorkerPool(workerPath, opts.maxWorkers ?? 96);
    this.services = createBackendServices(this);
    this.handlers = allHandlers(this.services);
  }

  registerProject(p: RegisteredProject): void {
    this.projects.set(p.name, p);
  }

  project(name: string): RegisteredProject {
    const p = this.projects.get(name);
    if (!p) throw new Error(`No Apps Script project named "${name}" is registered`);
    return p;
  }

  /** Called when an execution ends, however it ends (locks are released here). */
  onExecutionEnd(listener: (exec: ExecutionInfo) => void): void {
    this.endListeners.push(listener);
  }

  isRunning(execId: string): boolean {
    return this.running.has(execId);
  }

  async execute(req: ExecuteRequest): Promise<ExecutionResult> {
    const project = this.project(req.project);
    const caller = this.world.userOrGuest(req.user);
    const runAs = req.runAsOwner && project.owner ? this.world.userOrGuest(project.owner) : caller;
    const effectiveUser: UserIdentity = {
      email: runAs.email,
      domain: runAs.domain,
      timeZone: runAs.timeZone,
      locale: runAs.locale,
    };
    const execId = randomUUID();
    const exec: ExecutionInfo = {
      id: execId,
      parentId: req.parentId,
      project,
      fn: req.fn,
      effectiveUser,
      // A web app running as its owner does not learn who called it (that is what identity tokens are for).
      activeUserEmail: req.runAsOwner ? '' : caller.email,
      startedAtMs: this.world.now(),
      startedAtReal: performance.now(),
      realStartEpochMs: this.clock.now(),
      counters: { serviceCalls: {}, totalServiceCalls: 0, cellsRead: 0, cellsWritten: 0, callsInLock: {} },
      holdsLock: false,
      finished: false,
    };
    this.running.set(execId, exec);
    let worker: PooledWorker | undefined;
    try {
      worker = await this.pool.acquire();
    } catch (err) {
      this.running.delete(execId);
      return this.finish(
        exec,
        {
          ok: false,
          error: { name: 'Exception', message: (err as Error).message },
          logs: [],
          cpuMs: 0,
          localCalls: {},
        },
        false,
      );
    }
    const w = worker;
    // The script's clock starts now, on both threads: the time a worker took to start is not part of
    // the execution (a service call must see the script's own Date.now()).
    exec.realStartEpochMs = this.clock.now();
    return new Promise<ExecutionResult>((resolve) => {
      let settled = false;
      const timer = this.clock.setTimeout(() => {
        if (settled) return;
        settled = true;
        void this.pool.kill(w);
        resolve(
          this.finish(
            exec,
            {
              ok: false,
              error: { name: 'Exception', message: 'Exceeded maximum execution time' },
              logs: [],
              cpuMs: req.deadlineMs ?? this.deadlineMs,
              localCalls: {},
            },
            true,
          ),
        );
      }, req.deadlineMs ?? this.deadlineMs);
      w.onMessage = (msg: WorkerToMain) => {
        if (msg.type === 'rpc') {
          void this.answer(w, exec, msg);
        } else if (msg.type === 'done' && msg.execId === execId && !settled) {
          settled = true;
          this.clock.clearTimeout(timer);
          this.pool.release(w);
          resolve(this.finish(exec, msg, false));
        }
      };
      this.pool.run(w, {
        type: 'exec',
        execId,
        project: { name: project.name, codePath: project.codePath, manifest: project.manifest },
        fn: req.fn,
        args: req.args ?? [],
        effectiveUser,
        activeUserEmail: exec.activeUserEmail,
        nowMs: exec.startedAtMs,
        realStartEpochMs: exec.realStartEpochMs,
        clockSkew: this.clock.skewBuffer,
      });
    });
  }

  /**
   * Moves the World clock forward to `toMs`, running every installed time-driven trigger whose time
   * comes on the way, in time order, once per occurrence (a jump of ten days runs a daily trigger ten
   * times), each at its own instant, as the user who installed it, with Google's event object.
   * Returns the runs. The clock never moves back.
   */
  async advanceClock(toMs: number): Promise<ExecutionResult[]> {
    const runs: ExecutionResult[] = [];
    const fromMs = this.world.now();
    for (;;) {
      const due = nextDueRun(this.world, fromMs, toMs);
      if (!due) break;
      const t = due.trigger;
      t.lastRunMs = due.atMs;
      if (due.atMs > this.world.now()) this.world.advanceTo(due.atMs);
      // A project deleted (or never registered here) keeps its trigger, which then does nothing.
      if (!this.projects.has(t.project)) continue;
      runs.push(
        await this.execute({
          project: t.project,
          fn: t.handler,
          args: [clockEvent(t, due.atMs)],
          user: t.owner,
          deadlineMs: this.options.triggerDeadlineMs ?? TRIGGER_RUN_MS,
        }),
      );
    }
    if (toMs > this.world.now()) this.world.advanceTo(toMs);
    return runs;
  }

  private finish(exec: ExecutionInfo, done: Omit<ExecDone, 'type' | 'execId'>, timedOut: boolean): ExecutionResult {
    exec.finished = true;
    this.running.delete(exec.id);
    for (const l of this.endListeners) l(exec);
    const result: ExecutionResult = {
      execId: exec.id,
      parentId: exec.parentId,
      project: exec.project.name,
      fn: exec.fn,
      user: exec.activeUserEmail || exec.effectiveUser.email,
      ok: done.ok,
      value: done.value,
      error: done.error,
      logs: done.logs,
      cpuMs: done.cpuMs,
      wallMs: performance.now() - exec.startedAtReal,
      counters: exec.counters,
      localCalls: done.localCalls,
      timedOut,
    };
    this.history.push(result);
    if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize);
    return result;
  }

  private async answer(w: PooledWorker, exec: ExecutionInfo, msg: RpcRequest): Promise<void> {
    const handler = this.handlers[msg.method];
    const c = exec.counters;
    c.serviceCalls[msg.method] = (c.serviceCalls[msg.method] ?? 0) + 1;
    c.totalServiceCalls++;
    if (exec.holdsLock) c.callsInLock[msg.method] = (c.callsInLock[msg.method] ?? 0) + 1;
    const ctx: CallContext = {
      world: this.world,
      runtime: this,
      exec,
      nowMs: () => exec.startedAtMs + Math.max(0, this.clock.now() - exec.realStartEpochMs),
      user: () => this.world.userOrGuest(exec.effectiveUser.email),
    };
    try {
      const latency = this.options.callLatencyMs?.(msg.method) ?? 0;
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      if (!handler) throw new ServiceError(`The local runtime does not provide ${msg.method}`, 'Exception');
      const value = await handler(ctx, msg.args);
      if (!exec.finished) this.pool.reply(w, { seq: msg.seq, ok: true, value });
    } catch (err) {
      if (exec.finished) return;
      const e = err as Error;
      const serialized: SerializedError =
        err instanceof ServiceError
          ? { name: e.name, message: e.message, ...(err.details ? { details: err.details } : {}) }
          : // A bug in the runtime itself: say so plainly rather than pretending Google said it.
            { name: 'Exception', message: `Local runtime error in ${msg.method}: ${e.message}`, stack: e.stack };
      this.pool.reply(w, { seq: msg.seq, ok: false, error: serialized });
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function resolveWorkerPath(): string {
  // From source (jest/ts) or from build/local/*: find build/local/runtime/worker.js upwards.
  const candidates = [
    DEFAULT_WORKER,
    join(__dirname, '..', 'runtime', 'worker.js'),
    join(__dirname, 'runtime', 'worker.js'),
    join(__dirname, 'worker.js'),
    join(process.cwd(), 'build/local/runtime/worker.js'),
  ];
  for (const c of candidates) if (existsSync(c) && !c.endsWith('.ts')) return c;
  throw new Error('build/local/runtime/worker.js is missing: run `npm run build` first');
}
