// Messages between the runtime's main thread (which owns the World: calendars, mail, sheets,
// properties, locks, clock) and the worker threads that run Apps Script executions.
//
// Why workers: Apps Script executions of one project run truly at the same time, and the booking's
// correctness rests on LockService. Running each execution on its own thread, with every service call
// a synchronous round trip into the one World on the main thread, gives real concurrency and real
// mutual exclusion, while the bundle sees the same synchronous API it sees on Google's servers.

export interface ProjectDescriptor {
  name: string;
  /** Absolute path of the built Code.js (exactly the file clasp pushes). */
  codePath: string;
  manifest: AppsScriptManifest;
}

export interface AppsScriptManifest {
  timeZone?: string;
  runtimeVersion?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  dependencies?: { enabledAdvancedServices?: { userSymbol: string; serviceId: string; version: string }[] };
  webapp?: { executeAs: 'USER_DEPLOYING' | 'USER_ACCESSING'; access: string };
  addOns?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface UserIdentity {
  email: string;
  /** Workspace domain (the `hd` claim); absent for consumer accounts. */
  domain?: string;
  timeZone?: string;
  locale?: string;
}

export interface ExecRequest {
  type: 'exec';
  execId: string;
  project: ProjectDescriptor;
  fn: string;
  args: unknown[];
  /** Whose authority the script runs with (Session.getEffectiveUser). */
  effectiveUser: UserIdentity;
  /** Session.getActiveUser: empty string where Google would hide it. */
  activeUserEmail: string;
  /** The World clock when the execution starts; Date inside runs on from here in real time. */
  nowMs: number;
  /** The runtime clock when the execution started (main thread): the script's Date runs on from here. */
  realStartEpochMs: number;
  /** The runtime clock's skipped milliseconds (clock.ts), shared: the script's Date follows a skip. */
  clockSkew: SharedArrayBuffer;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Set on the script's exception as `e.details` (GoogleJsonResponseException: {code, message, errors}). */
  details?: Record<string, unknown>;
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error';
  message: string;
}

export interface ExecDone {
  type: 'done';
  execId: string;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
  logs: LogEntry[];
  /** Wall time spent running JavaScript, i.e. excluding time blocked on service round trips. */
  cpuMs: number;
  /** Calls answered inside the worker (CardService builders, Utilities...), by name. */
  localCalls: Record<string, number>;
}

export interface RpcRequest {
  type: 'rpc';
  execId: string;
  seq: number;
  method: string;
  args: unknown;
}

export interface RpcReply {
  seq: number;
  ok: boolean;
  value?: unknown;
  error?: SerializedError;
}

export type WorkerToMain = RpcRequest | ExecDone | { type: 'ready' };
export type MainToWorker = ExecRequest;

/** Marker method every facade object that can be returned from an entry point implements. */
export const TO_JSON = '__ccmToJson';
