// The runtime's real-time clock for what Apps Script bounds by time (an execution's deadline, a lock's
// wait) and for the scripts' own Date: real time plus whatever a test skipped. skip(ms) makes `ms`
// pass at once, as if the machine had paused: timers that come due fire, in time order, and every
// running script's Date jumps with it. A test of a 6 s deadline then asserts the same facts without
// spending 6 s (or a core spinning) on it.

export interface ClockTimer {
  dueMs: number;
  fn: () => void;
  handle: ReturnType<typeof setTimeout>;
}

export class RuntimeClock {
  /** The milliseconds skipped so far, shared with the worker threads (a script's Date reads it). */
  readonly skewBuffer = new SharedArrayBuffer(8);
  private readonly skew = new BigInt64Array(this.skewBuffer);
  private readonly timers = new Set<ClockTimer>();

  /** Real time plus the skipped milliseconds: the same reader the worker threads use. */
  readonly now = clockReader(this.skewBuffer);

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const t: ClockTimer = { dueMs: this.now() + ms, fn, handle: setTimeout(() => this.fire(t), ms) };
    this.timers.add(t);
    return t;
  }

  clearTimeout(t: ClockTimer | undefined): void {
    if (!t) return;
    clearTimeout(t.handle);
    this.timers.delete(t);
  }

  /** Moves the clock `ms` forward at once; every timer now due fires, the earliest first. */
  skip(ms: number): void {
    Atomics.add(this.skew, 0, BigInt(Math.max(0, Math.trunc(ms))));
    const now = this.now();
    const due = [...this.timers].filter((t) => t.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs);
    for (const t of due) this.fire(t);
  }

  private fire(t: ClockTimer): void {
    if (!this.timers.delete(t)) return;
    clearTimeout(t.handle);
    t.fn();
  }
}

/** What a worker thread reads of a clock: real time plus the skipped milliseconds. */
export function clockReader(skewBuffer: SharedArrayBuffer): () => number {
  const skew = new BigInt64Array(skewBuffer);
  return () => Date.now() + Number(Atomics.load(skew, 0));
}
