// What a backend handler sees of the runtime, and the error type that becomes an Apps Script
// exception inside the script.
import type { World, UserRecord } from './world';
import type { ProjectDescriptor, UserIdentity } from './protocol';
import type { LocalRuntime, RegisteredProject } from './runtime';

export interface ExecutionCounters {
  /** Every call that crossed into the World (what would be a call to a Google service), by name. */
  serviceCalls: Record<string, number>;
  totalServiceCalls: number;
  cellsRead: number;
  cellsWritten: number;
  /**
   * Cells a server-side search looked at without returning them to the script (a TextFinder scan):
   * not client reads, but the work grows with the sheet, so the benchmark can show it.
   */
  cellsScanned?: number;
  /** Calls made while this execution held a script or user lock, by name. */
  callsInLock: Record<string, number>;
}

export interface ExecutionInfo {
  id: string;
  parentId?: string;
  project: RegisteredProject;
  fn: string;
  effectiveUser: UserIdentity;
  activeUserEmail: string;
  /** World clock at the start of the execution (real time runs on from here). */
  startedAtMs: number;
  startedAtReal: number;
  /**
   * The runtime clock (clock.ts) on the main thread when the script started running: the origin of the
   * execution's clock on both threads (Date.now() is one clock for all threads of the process, and the
   * skipped milliseconds are shared with the worker).
   */
  realStartEpochMs: number;
  counters: ExecutionCounters;
  /** Set by the lock backend while the execution holds a lock. */
  holdsLock: boolean;
  finished: boolean;
}

export interface CallContext {
  world: World;
  runtime: LocalRuntime;
  exec: ExecutionInfo;
  /** The current instant for this execution: its start on the World clock plus real elapsed time. */
  nowMs(): number;
  /** The user record of the effective user (directory entry or a guest record). */
  user(): UserRecord;
}

export type Handler = (ctx: CallContext, args: any) => unknown | Promise<unknown>;
export type HandlerMap = Record<string, Handler>;

/**
 * Thrown by a backend to raise an exception inside the script. `name` is what the script sees as
 * `e.name` ('Exception' for most Apps Script services, 'GoogleJsonResponseException' for advanced
 * services); `message` is Google's wording where known.
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    name = 'Exception',
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = name;
  }
}

/** Advanced-service failure, worded as Apps Script words it for an API error. */
export function apiError(api: string, method: string, code: number, message: string, reason?: string): ServiceError {
  // `details` becomes the script's e.details, shaped like Google's error body: {code, message, errors}.
  return new ServiceError(`API call to ${api}.${method} failed with error: ${message}`, 'GoogleJsonResponseException', {
    code,
    message,
    errors: [{ domain: 'global', reason: reason ?? 'invalid', message }],
  });
}

/**
 * Apps Script refuses a service call whose scope the manifest does not list, with this message.
 * `anyOf`: any one of these scopes is enough.
 */
export function requireScope(ctx: CallContext, method: string, anyOf: string[]): void {
  const scopes = ctx.exec.project.manifest.oauthScopes;
  // Without an explicit list Apps Script infers scopes from the code, so everything is granted.
  if (!scopes) return;
  if (anyOf.some((s) => scopes.includes(s))) return;
  throw new ServiceError(
    `You do not have permission to call ${method}. Required permissions: ${anyOf[0]}`,
    'Exception',
  );
}

export type { ProjectDescriptor };
