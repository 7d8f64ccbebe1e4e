// The synchronous channel between an execution's worker thread and the main thread (pool.ts,
// worker.ts), driven by hand so the timing a busy machine produces can be replayed exactly.
//
// The main thread answers a call in three steps: post the reply, set the signal, notify. When it is
// descheduled between the last two while the worker (not yet asleep) sees the signal, reads the reply
// and posts its NEXT call, the late notify wakes the worker before the next reply exists. The worker
// then reported "Local runtime lost the answer to <method>", a failure Google never produces; when the
// method was the gateway's Lock.waitLock it surfaced as LOCK_TIMEOUT ("Many bookings are happening at
// once") on an uncontended booking, elsewhere as a random INTERNAL error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ExecDone, ExecRequest, RpcRequest, WorkerToMain } from '../../src/local/runtime/protocol';
import { scriptRuntime } from './helpers';

const WORKER = join(__dirname, '..', '..', 'build', 'local', 'runtime', 'worker.js');
const CODE = `function twoReads() {
  var p = PropertiesService.getScriptProperties();
  return [p.getProperty('first'), p.getProperty('second')];
}`;

function start() {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-worker-'));
  const codePath = join(dir, 'Code.js');
  writeFileSync(codePath, CODE);
  const sab = new SharedArrayBuffer(4);
  const signal = new Int32Array(sab);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { signal: sab, replyPort: port2 }, transferList: [port2] });
  const inbox: WorkerToMain[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (m: WorkerToMain) => {
    inbox.push(m);
    wake?.();
  });
  const next = async <T extends WorkerToMain['type']>(type: T) => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0] as Extract<WorkerToMain, { type: T }>;
      await new Promise<void>((r) => (wake = r));
    }
  };
  const exec: ExecRequest = {
    type: 'exec',
    execId: 'e1',
    project: { name: 'p', codePath, manifest: { timeZone: 'Etc/UTC', runtimeVersion: 'V8' } },
    fn: 'twoReads',
    args: [],
    effectiveUser: { email: 'ana@acme.test' },
    activeUserEmail: 'ana@acme.test',
    nowMs: Date.UTC(2026, 2, 2, 9),
    realStartEpochMs: Date.now(),
    clockSkew: new SharedArrayBuffer(8),
  };
  const answer = (rpc: RpcRequest, value: unknown) => {
    port1.postMessage({ seq: rpc.seq, ok: true, value });
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  return { worker, signal, next, exec, answer, close: () => worker.terminate() };
}

describe('the worker channel', () => {
  test('a late wake-up (the previous answer\u2019s notify) does not lose the next answer', async () => {
    const w = start();
    try {
      await w.next('ready');
      w.worker.postMessage(w.exec);
      const first = (await w.next('rpc')) as RpcRequest;
      expect(first.method).toBe('Properties.getProperty');
      w.answer(first, 'one');
      const second = (await w.next('rpc')) as RpcRequest;
      // The worker goes to sleep waiting for the second answer; then the previous answer's notify
      // arrives late (until it wakes someone: the worker may not be asleep yet).
      let woken = 0;
      for (let i = 0; i < 200 && woken === 0; i++) {
        woken = Atomics.notify(w.signal, 0);
        if (woken === 0) await new Promise((r) => setTimeout(r, 10));
      }
      expect(woken).toBe(1);
      await new Promise((r) => setTimeout(r, 100));
      w.answer(second, 'two');
      const done = (await w.next('done')) as ExecDone;
      expect(done.error).toBeUndefined();
      expect(done.ok).toBe(true);
      expect(done.value).toEqual(['one', 'two']);
    } finally {
      await w.close();
    }
  });
});

// One execution, one clock: the script's Date and the World's idea of "now" during its service calls
// must agree. They once started from different instants (the main thread's before the worker thread
// was started, the script's after), so on a busy machine a cache entry written "for the token's
// remaining life" outlived the token by the seconds a thread took to start.
describe('the execution clock', () => {
  const CLOCK = `function stamp() {
    var before = Date.now();
    CacheService.getScriptCache().put('k', 'v', 100);
    return [before, Date.now()];
  }`;

  test("a service call sees the script's own Date.now(), even on a freshly started thread", async () => {
    const { world, runtime } = scriptRuntime([{ name: 'p', code: CLOCK }]);
    try {
      world.advanceTo(Date.UTC(2026, 2, 2, 9));
      const r = await runtime.execute({ project: 'p', fn: 'stamp', user: 'ana@acme.test' });
      expect(r.error).toBeUndefined();
      const [before, after] = r.value as [number, number];
      const entry = Object.values(world.state.storage.cache['script:p'] ?? {})[0] as { expiresMs: number };
      expect(entry.expiresMs).toBeGreaterThanOrEqual(before + 100_000);
      expect(entry.expiresMs).toBeLessThanOrEqual(after + 100_000);
    } finally {
      await runtime.close();
    }
  });
});
