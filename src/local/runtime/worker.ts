// Worker thread: runs one Apps Script execution at a time in a fresh, bare vm context (no Node
// globals: only what V8 gives and what the facades install), exactly as Apps Script gives each
// execution fresh global state. Service calls are synchronous round trips to the main thread.
import { parentPort, workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import * as vm from 'node:vm';
import type { ExecDone, ExecRequest, LogEntry, RpcReply, SerializedError } from './protocol';
import { TO_JSON } from './protocol';
import { installFacades } from './facades';
import { clockReader } from './clock';
import type { FacadeContext, Realm } from './facades/context';

const signal = new Int32Array(workerData.signal as SharedArrayBuffer);
const replyPort = workerData.replyPort as MessagePort;
const scripts = new Map<string, { mtimeMs: number; script: vm.Script }>();
let seq = 0;

function compiled(path: string): vm.Script {
  const mtimeMs = statSync(path).mtimeMs;
  const hit = scripts.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.script;
  const script = new vm.Script(readFileSync(path, 'utf8'), { filename: path });
  scripts.set(path, { mtimeMs, script });
  return script;
}

// The context's global is an ordinary object, not a "contextified" sandbox: through a sandbox every
// global lookup (Number, Math, JSON...) crosses an interceptor, about 35 times slower (the gateway's
// overview job over 20,000 Engagements rows took a third more CPU through it). Same globals either way.
// (vm.constants.DONT_CONTEXTIFY, in recent Node 20 and 22 releases; a Node without it gets a sandbox, a
// fresh one each execution: createContext given an object it has seen returns the same context.)
const ORDINARY_GLOBAL = (vm.constants as unknown as { DONT_CONTEXTIFY?: vm.Context } | undefined)?.DONT_CONTEXTIFY;

// Runs inside the context: a Date whose clock starts at the World's time and runs on in real time.
const DATE_PRELUDE = `(function (startMs, realNow, t0) {
  var RealDate = Date;
  function now() { return startMs + Math.max(0, realNow() - t0); }
  // FakeDate.prototype is RealDate's, so a RealDate is already a FakeDate: no copy, no setPrototypeOf
  // (the script makes dates by the hundred thousand; those two were a tenth of a large job's CPU).
  function FakeDate(a) {
    if (!new.target) return new RealDate(now()).toString();
    var n = arguments.length;
    var d = n === 0 ? new RealDate(now()) : n === 1 ? new RealDate(a) : Reflect.construct(RealDate, arguments);
    if (new.target !== FakeDate) Object.setPrototypeOf(d, new.target.prototype);
    return d;
  }
  FakeDate.prototype = RealDate.prototype;
  FakeDate.now = now; FakeDate.UTC = RealDate.UTC; FakeDate.parse = RealDate.parse;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FakeDate, writable: true, configurable: true });
  globalThis.Date = FakeDate;
  return now;
})`;

function run(req: ExecRequest): ExecDone {
  const logs: LogEntry[] = [];
  const localCalls: Record<string, number> = {};
  let waitMs = 0;
  const t0 = performance.now();
  const context = vm.createContext(ORDINARY_GLOBAL ?? {});
  const realm = vm.runInContext(
    '({ Error: Error, TypeError: TypeError, Array: Array, Object: Object, Date: Date, JSON: JSON })',
    context,
  ) as Realm;
  const startNow = vm.runInContext(DATE_PRELUDE, context) as (s: number, r: () => number, t0: number) => () => number;
  // The same origin and clock as the main thread's view of this execution (runtime.ts CallContext.nowMs).
  const nowFn = startNow(req.nowMs, clockReader(req.clockSkew), req.realStartEpochMs);

  const makeError = (message: string, name = 'Exception'): Error => {
    const e = new realm.Error(message);
    e.name = name;
    return e;
  };
  const intoRealm = <T>(v: T): T => toRealm(v, realm) as T;

  const ctx: FacadeContext = {
    project: req.project,
    manifest: req.project.manifest,
    effectiveUser: req.effectiveUser,
    activeUserEmail: req.activeUserEmail,
    realm,
    nowMs: nowFn,
    makeError,
    intoRealm,
    count(name: string) {
      localCalls[name] = (localCalls[name] ?? 0) + 1;
    },
    log(level, message) {
      logs.push({ level, message });
    },
    call(method: string, args?: unknown): any {
      const mySeq = ++seq;
      Atomics.store(signal, 0, 0);
      parentPort!.postMessage({
        type: 'rpc',
        execId: req.execId,
        seq: mySeq,
        method,
        args: args === undefined ? null : args,
      });
      const t = performance.now();
      // Sleep until THIS call's answer is on the port. A wake-up alone proves nothing: the main thread
      // posts an answer, sets the signal and notifies in three steps, and on a busy machine the notify
      // of the previous answer can arrive after this call was posted (test/runtime/worker-protocol).
      let received = receiveMessageOnPort(replyPort);
      while (!received) {
        Atomics.wait(signal, 0, 0);
        received = receiveMessageOnPort(replyPort);
      }
      waitMs += performance.now() - t;
      const reply = received.message as RpcReply;
      if (reply.seq !== mySeq) throw makeError(`Local runtime answered ${method} out of order`);
      if (!reply.ok) {
        const e = makeError(reply.error!.message, reply.error!.name);
        // Advanced services' GoogleJsonResponseException carries the HTTP status as e.details.code.
        if (reply.error!.details) (e as Error & { details?: unknown }).details = intoRealm(reply.error!.details);
        throw e;
      }
      return intoRealm(reply.value);
    },
    sleep(ms: number) {
      const t = performance.now();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      waitMs += performance.now() - t;
    },
  };

  const finish = (ok: boolean, value?: unknown, error?: SerializedError): ExecDone => ({
    type: 'done',
    execId: req.execId,
    ok,
    value,
    error,
    logs,
    localCalls,
    cpuMs: Math.max(0, performance.now() - t0 - waitMs),
  });

  try {
    const globals = installFacades(ctx);
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: false });
    }
    compiled(req.project.codePath).runInContext(context);
    const fn = (context as Record<string, unknown>)[req.fn];
    if (typeof fn !== 'function') {
      return finish(false, undefined, { name: 'Exception', message: `Script function not found: ${req.fn}` });
    }
    const value = (fn as (...a: unknown[]) => unknown)(...req.args.map(intoRealm));
    return finish(true, serializeReturn(value));
  } catch (err) {
    const e = err as Error;
    const message = e && typeof e === 'object' && 'message' in e ? String(e.message) : String(err);
    return finish(false, undefined, {
      name: (e && e.name) || 'Error',
      message,
      stack: e && e.stack ? String(e.stack) : undefined,
    });
  }
}

/** Turns what an entry point returned into JSON: facade objects (cards, responses, text output) by their own rule. */
function serializeReturn(v: unknown): unknown {
  if (v === undefined || v === null) return v ?? null;
  if (Array.isArray(v)) return v.map(serializeReturn);
  if (typeof v === 'object' && typeof (v as Record<string, unknown>)[TO_JSON] === 'function') {
    return (v as Record<string, () => unknown>)[TO_JSON]!();
  }
  return JSON.parse(JSON.stringify(v));
}

/** Copies host data into the context's realm so `instanceof Array/Date/Object` hold inside the script. */
function toRealm(v: unknown, realm: Realm): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return new realm.Date(v.getTime());
  if (Array.isArray(v)) {
    const out = new realm.Array();
    for (const x of v) out.push(toRealm(x, realm));
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v; // facade objects stay as they are
  const out = new realm.Object() as Record<string, unknown>;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toRealm(x, realm);
  return out;
}

parentPort!.on('message', (req: ExecRequest) => {
  parentPort!.postMessage(run(req));
});
parentPort!.postMessage({ type: 'ready' });
