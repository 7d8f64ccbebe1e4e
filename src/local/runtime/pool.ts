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

  async close(): Promise<void> {
    const ws = [...this.all];
    this.all.clear();
    this.idle = [];
    await Promise.all(
      ws.map((w) => {
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
      worker.once('error', (err) => {
        pw.dead = true;
        this.all.delete(pw);
        reject(err);
      });
    });
  }
}
