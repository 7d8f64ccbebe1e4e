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
  /** The pool that counts this worker now (a spare moves from a closed pool to the next). */
  home: Set<PooledWorker>;
}

// Workers outlive the runtime that started them: starting one costs about 80 ms of CPU (Node's own
// bootstrap, measured), and the tests make hundreds of runtimes. A closed runtime's idle workers wait
// here, unref'd so they never keep the process alive, for the next runtime of the same worker file,
// and end after SPARE_IDLE_MS unused. A worker keeps nothing of an execution: each runs in a fresh vm
// context (worker.ts), so a reused worker behaves exactly like a new one.
const SPARE_MAX = 8;
const SPARE_IDLE_MS = 2000;
const spares: { path: string; w: PooledWorker; expiry: ReturnType<typeof setTimeout> }[] = [];

function keepSpare(path: string, w: PooledWorker): boolean {
  if (spares.length >= SPARE_MAX) return false;
  w.worker.unref();
  const expiry = setTimeout(() => {
    const i = spares.findIndex((s) => s.w === w);
    if (i >= 0) spares.splice(i, 1);
    w.dead = true;
    void w.worker.terminate();
  }, SPARE_IDLE_MS);
  expiry.unref?.();
  spares.push({ path, w, expiry });
  return true;
}

function takeSpare(path: string): PooledWorker | undefined {
  for (let i = spares.length - 1; i >= 0; i--) {
    const s = spares[i]!;
    if (s.path !== path || s.w.dead) continue;
    spares.splice(i, 1);
    clearTimeout(s.expiry);
    s.w.worker.ref();
    return s.w;
  }
  return undefined;
}

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
      spare.home = this.all;
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

  /** Idle workers become spares for the next runtime (see keepSpare); busy ones are ended. */
  async close(): Promise<void> {
    const ws = [...this.all];
    const idle = new Set(this.idle);
    this.all.clear();
    this.idle = [];
    await Promise.all(
      ws.map(async (w) => {
        if (idle.has(w) && !w.dead && !w.busyWith && keepSpare(this.workerPath, w)) return;
        w.dead = true;
        await w.worker.terminate();
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
    });
    const pw: PooledWorker = {
      id: this.nextId++,
      worker,
      replyPort: port1,
      signal: new Int32Array(sab),
      dead: false,
      home: this.all,
    };
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
      worker.once('error', (err) => {
        pw.dead = true;
        pw.home.delete(pw);
        reject(err);
      });
    });
  }
}
