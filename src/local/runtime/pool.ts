// Worker threads that run executions, each with a synchronous channel back to the main thread.
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { ExecRequest, RpcReply, WorkerToMain } from './protocol';

export interface PooledWorker {
  id: number;
  worker: Worker;
  /** Replies to RPCs go here; the worker reads them synchronously with receiveMessageOnPort. */
  replyPort: MessagePort;
  signal: Int32Array;
  busyWith?: string;
  onMessage?: (msg: WorkerToMain) => void;
  dead: boolean;
}

// Idle threads outlive the runtime that started them: tests make a runtime per case, and starting a
// thread (a fresh Node environment plus the worker bundle) costs tens of milliseconds of CPU, hundreds
// on a busy machine, while each execution gets a fresh vm context anyway (worker.ts). close() parks
// them, unref'd, for the next runtime of this process; a parked thread unused for SPARE_IDLE_MS ends.
const SPARE_MAX = 64;
const SPARE_IDLE_MS = 2000;
interface Spare {
  w: PooledWorker;
  timer: ReturnType<typeof setTimeout>;
}
const spares = new Map<string, Spare[]>();

function takeSpare(path: string): PooledWorker | undefined {
  const list = spares.get(path) ?? [];
  for (let s = list.pop(); s; s = list.pop()) {
    clearTimeout(s.timer);
    if (s.w.dead) continue; // ended on its own while parked
    s.w.worker.ref();
    return s.w;
  }
  return undefined;
}

function park(path: string, w: PooledWorker): boolean {
  const list = spares.get(path) ?? [];
  if (list.length >= SPARE_MAX) return false;
  w.worker.unref();
  const s: Spare = {
    w,
    timer: setTimeout(() => {
      const i = list.indexOf(s);
      if (i >= 0) list.splice(i, 1);
      w.dead = true;
      void w.worker.terminate();
    }, SPARE_IDLE_MS),
  };
  s.timer.unref();
  list.push(s);
  spares.set(path, list);
  return true;
}

/**
 * Ends every parked thread now. A jest test file has modules of its own, so the threads it parked are
 * never reused by the next file; test/environment.cjs ends them with the file through this global.
 * Left to process exit, ending dozens of threads made jest force-exit its worker after 500 ms.
 */
async function endSpares(): Promise<void> {
  const parked = [...spares.values()].flat();
  spares.clear();
  await Promise.all(
    parked.map((s) => {
      clearTimeout(s.timer);
      s.w.dead = true;
      return s.w.worker.terminate();
    }),
  );
}
(globalThis as { ccmEndSpares?: () => Promise<void> }).ccmEndSpares = endSpares;

export class WorkerPool {
  private idle: PooledWorker[] = [];
  private all = new Set<PooledWorker>();
  private nextId = 1;

  constructor(
    private readonly workerPath: string,
    private readonly maxWorkers: number,
  ) {}

  get size(): number {
    return this.all.size;
  }

  async acquire(): Promise<PooledWorker> {
    const w = this.idle.pop();
    if (w && !w.dead) return w;
    if (this.all.size >= this.maxWorkers) {
      throw new Error(`The local runtime is running ${this.all.size} executions already (its limit)`);
    }
    const spare = takeSpare(this.workerPath);
    if (spare) {
      this.all.add(spare);
      return spare;
    }
    return this.spawn();
  }

  release(w: PooledWorker): void {
    w.busyWith = undefined;
    w.onMessage = undefined;
    if (!w.dead) this.idle.push(w);
  }

  /** Kills a worker (deadline exceeded); the pool spawns a fresh one next time. */
  async kill(w: PooledWorker): Promise<void> {
    w.dead = true;
    this.all.delete(w);
    this.idle = this.idle.filter((x) => x !== w);
    await w.worker.terminate();
  }

  reply(w: PooledWorker, reply: RpcReply): void {
    if (w.dead) return;
    w.replyPort.postMessage(reply);
    Atomics.store(w.signal, 0, 1);
    Atomics.notify(w.signal, 0);
  }

  run(w: PooledWorker, req: ExecRequest): void {
    w.busyWith = req.execId;
    w.worker.postMessage(req);
  }

  /** Ends the pool: idle threads are parked for the next pool, busy ones (a running execution) end. */
  async close(): Promise<void> {
    const idle = new Set(this.idle);
    const ws = [...this.all];
    this.all.clear();
    this.idle = [];
    await Promise.all(
      ws.map((w) => {
        w.onMessage = undefined;
        if (idle.has(w) && !w.dead && park(this.workerPath, w)) return undefined;
        w.dead = true;
        return w.worker.terminate();
      }),
    );
  }

  private spawn(): Promise<PooledWorker> {
    const sab = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(this.workerPath, {
      workerData: { signal: sab, replyPort: port2 },
      transferList: [port2],
      // The bundle must not see Node: the worker itself has Node, the vm context it creates does not.
      stdout: false,
      stderr: false,
      // A large read (50,000 Engagements rows, a whole Ledger) makes short-lived values by the million:
      // with a worker's default young generation the thread spent over a third of such a job in GC
      // (4.6 s of 16 s in gateway-admin-scale; 2.0 s of 12 s with this). V8 grows it only as needed.
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    const pw: PooledWorker = { id: this.nextId++, worker, replyPort: port1, signal: new Int32Array(sab), dead: false };
    this.all.add(pw);
    return new Promise((resolve, reject) => {
      const onReady = (msg: WorkerToMain) => {
        if (msg.type === 'ready') {
          worker.off('message', onReady);
          worker.on('message', (m: WorkerToMain) => pw.onMessage?.(m));
          resolve(pw);
        }
      };
      worker.on('message', onReady);
      worker.once('exit', () => {
        pw.dead = true;
      });
      worker.once('error', (err) => {
        pw.dead = true;
        this.all.delete(pw);
        reject(err);
      });
    });
  }
}
