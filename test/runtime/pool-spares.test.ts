// The local runtime parks idle execution threads for the next runtime of the same modules (pool.ts).
// A jest test file has modules of its own, so its parked threads end with the file
// (test/environment.cjs calls the global below); left to the process's exit, ending dozens of them
// took longer than jest's 500 ms and jest force-exited the worker.
import { join } from 'node:path';
import { WorkerPool } from '../../src/local/runtime/pool';

const WORKER = join(__dirname, '..', '..', 'build', 'local', 'runtime', 'worker.js');

test('threads a closed pool parked end when the test file ends', async () => {
  const pool = new WorkerPool(WORKER, 4);
  const threads = await Promise.all([pool.acquire(), pool.acquire()]);
  const ended = threads.map((t) => new Promise<number>((resolve) => t.worker.once('exit', resolve)));
  for (const t of threads) pool.release(t);
  await pool.close();
  expect(threads.map((t) => t.dead)).toEqual([false, false]); // parked, not ended

  const endSpares = (globalThis as { ccmEndSpares?: () => Promise<void> }).ccmEndSpares;
  expect(typeof endSpares).toBe('function');
  await endSpares!();
  expect(await Promise.all(ended)).toHaveLength(2);
  expect(threads.map((t) => t.dead)).toEqual([true, true]);

  // A pool made after that starts a fresh thread: nothing parked is handed out twice.
  const next = new WorkerPool(WORKER, 1);
  const fresh = await next.acquire();
  expect(threads).not.toContain(fresh);
  next.release(fresh);
  await next.close();
});
