// What a facade (the script-visible side of a service) gets from the worker.
import type { AppsScriptManifest, ProjectDescriptor, UserIdentity } from '../protocol';

export interface Realm {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  JSON: JSON;
}

export interface FacadeContext {
  project: ProjectDescriptor;
  manifest: AppsScriptManifest;
  effectiveUser: UserIdentity;
  activeUserEmail: string;
  realm: Realm;
  /** The execution's clock (World time at start + real elapsed). */
  nowMs(): number;
  /**
   * A synchronous call into the World on the main thread (counted as one service call). Throws, in
   * the script's realm, the exception the backend raised. Arguments must be structured-cloneable.
   */
  call<T = any>(method: string, args?: unknown): T;
  /** Counts a call answered inside the worker (no round trip), e.g. CardService builders. */
  count(name: string): void;
  makeError(message: string, name?: string): Error;
  intoRealm<T>(v: T): T;
  log(level: 'log' | 'info' | 'warn' | 'error', message: string): void;
  /** Blocks the execution for real (Utilities.sleep). */
  sleep(ms: number): void;
}

/** A facade module installs the globals of one or more services. */
export type FacadeInstaller = (ctx: FacadeContext) => Record<string, unknown>;

/**
 * Wraps a service object so that any method or property the runtime does not provide fails loudly
 * with its name, as DESIGN.md requires (instead of `undefined is not a function`).
 */
export function strict<T extends object>(ctx: FacadeContext, name: string, target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver);
      if (prop === 'then' || prop === 'toJSON' || prop === '__ccmToJson') return undefined;
      throw ctx.makeError(`The local runtime does not provide ${name}.${String(prop)}`, 'Exception');
    },
  });
}
