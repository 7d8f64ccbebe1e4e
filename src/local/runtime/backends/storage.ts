// PropertiesService, CacheService and LockService over the World (server side).
//
// Properties and cache entries live in the World (plain JSON), keyed by store:
//   'script:<project>'            shared by every user of one project
//   'user:<project>:<email>'      one user's store in one project
// Document stores and locks do not exist: neither project is bound to a document.
//
// Locks are runtime state, not World state (a lock belongs to running executions): real mutual
// exclusion between executions running at the same time on different worker threads. A waiting
// waitLock / tryLock is a handler that returns a Promise, resolved FIFO when the holder releases (or
// ends, or is killed at its deadline), or rejected / false when its real-time timeout passes.
import type { LocalRuntime } from '../runtime';
import type { ClockTimer } from '../clock';
import type { World } from '../world';
import { ServiceError, type CallContext, type ExecutionInfo, type HandlerMap } from '../service';

export interface CacheEntry {
  value: string;
  /** World-clock instant after which the entry is gone. */
  expiresMs: number;
}

export interface StorageState {
  /** Property stores by store key (see the header), each a plain string map. */
  properties: Record<string, Record<string, string>>;
  /** Cache stores by the same keys. */
  cache: Record<string, Record<string, CacheEntry>>;
}

export const initialStorageState = (): StorageState => ({ properties: {}, cache: {} });

// Google's limits and wording (pinned in the tests).
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;
export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_S = 600;
export const CACHE_MAX_TTL_S = 21_600;
export const MSG = {
  valueTooLarge: 'Argument too large: value',
  keyTooLarge: 'Argument too large: key',
  propertyQuota: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  notInt: (v: unknown) => `Cannot convert '${String(v)}' to int.`,
};

export type StoreScope = 'script' | 'user';

export function storeKey(scope: StoreScope, project: string, email?: string): string {
  return scope === 'script' ? `script:${project}` : `user:${project}:${(email ?? '').trim().toLowerCase()}`;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function storeBytes(store: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(store)) n += bytes(k) + bytes(v);
  return n;
}

// ---------------------------------------------------------------------------------------------------
// Node-side helpers (scenario runner, workbench, tests): set up or inspect stores directly
// ---------------------------------------------------------------------------------------------------

/** A project's script properties (live object: edits persist in the World). */
export function scriptProperties(world: World, project: string): Record<string, string> {
  return (world.state.storage.properties[storeKey('script', project)] ??= {});
}

/** One user's properties in a project (live object). */
export function userProperties(world: World, project: string, email: string): Record<string, string> {
  return (world.state.storage.properties[storeKey('user', project, email)] ??= {});
}

/** Sets script properties, e.g. the gateway's configuration, checking Google's limits. */
export function setScriptProperties(world: World, project: string, props: Record<string, string>): void {
  writeProperties(scriptProperties(world, project), props, false);
}

/** Drops every cache entry of every store now (Google may evict at any time). */
export function evictCache(world: World): void {
  world.state.storage.cache = {};
}

function writeProperties(store: Record<string, string>, props: Record<string, string>, deleteAllOthers: boolean): void {
  const next: Record<string, string> = deleteAllOthers ? {} : { ...store };
  for (const [k, v] of Object.entries(props)) {
    const value = String(v);
    if (bytes(value) > PROPERTY_VALUE_MAX_BYTES) throw new ServiceError(MSG.valueTooLarge);
    next[String(k)] = value;
  }
  if (storeBytes(next) > PROPERTY_STORE_MAX_BYTES) throw new ServiceError(MSG.propertyQuota);
  // Applied only once the whole batch fits: a refused write changes nothing.
  for (const k of Object.keys(store)) delete store[k];
  Object.assign(store, next);
}

// ---------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------

interface StoreArgs {
  scope: StoreScope;
}

function propertyStore(ctx: CallContext, a: StoreArgs): Record<string, string> {
  const key = storeKey(a.scope, ctx.exec.project.name, ctx.exec.effectiveUser.email);
  return (ctx.world.state.storage.properties[key] ??= {});
}

function cacheStore(ctx: CallContext, a: StoreArgs): Record<string, CacheEntry> {
  const key = storeKey(a.scope, ctx.exec.project.name, ctx.exec.effectiveUser.email);
  const store = (ctx.world.state.storage.cache[key] ??= {});
  if (ctx.runtime.options.cacheEvictsAll) {
    for (const k of Object.keys(store)) delete store[k];
  }
  // Expired entries are dropped as they are met, so the World does not keep growing.
  const now = ctx.nowMs();
  for (const [k, e] of Object.entries(store)) if (e.expiresMs <= now) delete store[k];
  return store;
}

function cacheKey(k: unknown): string {
  const key = String(k);
  if (key.length > CACHE_KEY_MAX_CHARS) throw new ServiceError(MSG.keyTooLarge);
  return key;
}

/** Apps Script converts the expiration to an int and keeps it within 1 s .. 6 h. */
function ttlSeconds(v: unknown): number {
  if (v === undefined || v === null) return CACHE_DEFAULT_TTL_S;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new ServiceError(MSG.notInt(v));
  return Math.min(CACHE_MAX_TTL_S, Math.max(1, Math.trunc(n)));
}

function cachePut(ctx: CallContext, store: Record<string, CacheEntry>, k: unknown, v: unknown, ttl: number): void {
  const key = cacheKey(k);
  // A null value leaves no entry.
  if (v === null || v === undefined) {
    delete store[key];
    return;
  }
  const value = String(v);
  if (bytes(value) > CACHE_VALUE_MAX_BYTES) throw new ServiceError(MSG.valueTooLarge);
  store[key] = { value, expiresMs: ctx.nowMs() + ttl * 1000 };
}

const propertiesHandlers: HandlerMap = {
  'Properties.getProperty': (ctx, a: StoreArgs & { key: string }) => propertyStore(ctx, a)[String(a.key)] ?? null,
  'Properties.setProperty': (ctx, a: StoreArgs & { key: string; value: string }) => {
    writeProperties(propertyStore(ctx, a), { [String(a.key)]: String(a.value) }, false);
    return null;
  },
  'Properties.getProperties': (ctx, a: StoreArgs) => ({ ...propertyStore(ctx, a) }),
  'Properties.setProperties': (ctx, a: StoreArgs & { props: Record<string, string>; deleteAllOthers?: boolean }) => {
    writeProperties(propertyStore(ctx, a), a.props ?? {}, !!a.deleteAllOthers);
    return null;
  },
  'Properties.getKeys': (ctx, a: StoreArgs) => Object.keys(propertyStore(ctx, a)),
  'Properties.deleteProperty': (ctx, a: StoreArgs & { key: string }) => {
    delete propertyStore(ctx, a)[String(a.key)];
    return null;
  },
  'Properties.deleteAllProperties': (ctx, a: StoreArgs) => {
    const store = propertyStore(ctx, a);
    for (const k of Object.keys(store)) delete store[k];
    return null;
  },
};

const cacheHandlers: HandlerMap = {
  'Cache.get': (ctx, a: StoreArgs & { key: string }) => {
    const key = cacheKey(a.key);
    return cacheStore(ctx, a)[key]?.value ?? null;
  },
  'Cache.getAll': (ctx, a: StoreArgs & { keys: string[] }) => {
    const store = cacheStore(ctx, a);
    const out: Record<string, string> = {};
    for (const k of a.keys ?? []) {
      const key = cacheKey(k);
      const e = store[key];
      if (e) out[key] = e.value;
    }
    return out;
  },
  'Cache.put': (ctx, a: StoreArgs & { key: string; value: unknown; ttl?: unknown }) => {
    const ttl = ttlSeconds(a.ttl);
    cachePut(ctx, cacheStore(ctx, a), a.key, a.value, ttl);
    return null;
  },
  'Cache.putAll': (ctx, a: StoreArgs & { values: Record<string, unknown>; ttl?: unknown }) => {
    const ttl = ttlSeconds(a.ttl);
    const store = cacheStore(ctx, a);
    for (const [k, v] of Object.entries(a.values ?? {})) cachePut(ctx, store, k, v, ttl);
    return null;
  },
  'Cache.remove': (ctx, a: StoreArgs & { key: string }) => {
    delete cacheStore(ctx, a)[cacheKey(a.key)];
    return null;
  },
  'Cache.removeAll': (ctx, a: StoreArgs & { keys: string[] }) => {
    const store = cacheStore(ctx, a);
    for (const k of a.keys ?? []) delete store[cacheKey(k)];
    return null;
  },
};

// ---------------------------------------------------------------------------------------------------
// Locks
// ---------------------------------------------------------------------------------------------------

interface Waiter {
  exec: ExecutionInfo;
  grant: () => void;
  timer: ClockTimer;
}

interface LockSlot {
  holder?: ExecutionInfo;
  queue: Waiter[];
}

export interface StorageBackend {
  handlers: HandlerMap;
  /** Drops every cache entry now. */
  evictCache(): void;
  /** Who holds a project's script lock (execution id), for tests and the workbench. */
  scriptLockHolder(project: string): string | undefined;
  /** How many executions are waiting for a project's script lock. */
  scriptLockWaiting(project: string): number;
  /** Who holds one user's lock of a project (execution id), for tests. */
  userLockHolder(project: string, email: string): string | undefined;
}

export function createStorageBackend(runtime: LocalRuntime): StorageBackend {
  const slots = new Map<string, LockSlot>();
  /** Lock keys each running execution holds (for hasLock, release at the end, and holdsLock). */
  const held = new Map<string, Set<string>>();

  const lockKey = (ctx: CallContext, scope: StoreScope) =>
    storeKey(scope, ctx.exec.project.name, ctx.exec.effectiveUser.email);
  const slotOf = (key: string) => {
    let s = slots.get(key);
    if (!s) {
      s = { queue: [] };
      slots.set(key, s);
    }
    return s;
  };

  const markHeld = (exec: ExecutionInfo, key: string) => {
    let set = held.get(exec.id);
    if (!set) {
      set = new Set();
      held.set(exec.id, set);
    }
    set.add(key);
    exec.holdsLock = true;
  };

  const unmarkHeld = (exec: ExecutionInfo, key: string) => {
    const set = held.get(exec.id);
    set?.delete(key);
    if (!set || set.size === 0) {
      held.delete(exec.id);
      exec.holdsLock = false;
    }
  };

  /** Hands the lock to the first waiter still running (FIFO), or frees it. */
  const handOver = (key: string) => {
    const slot = slotOf(key);
    slot.holder = undefined;
    while (slot.queue.length) {
      const next = slot.queue.shift()!;
      runtime.clock.clearTimeout(next.timer);
      if (next.exec.finished || !runtime.isRunning(next.exec.id)) continue;
      slot.holder = next.exec;
      markHeld(next.exec, key);
      next.grant();
      return;
    }
    slots.delete(key);
  };

  const release = (exec: ExecutionInfo, key: string) => {
    const slot = slots.get(key);
    if (runtime.options.locksDisabled || !slot || slot.holder?.id !== exec.id) {
      unmarkHeld(exec, key);
      return;
    }
    unmarkHeld(exec, key);
    handOver(key);
  };

  /** Resolves true once the lock is ours, false when `timeoutMs` passes first (the runtime clock: real time). */
  const acquire = (ctx: CallContext, scope: StoreScope, timeoutMs: unknown): boolean | Promise<boolean> => {
    const key = lockKey(ctx, scope);
    const exec = ctx.exec;
    if (held.get(exec.id)?.has(key)) return true; // re-entrant: the holder asking again just succeeds
    if (runtime.options.locksDisabled) {
      markHeld(exec, key);
      return true;
    }
    const slot = slotOf(key);
    if (!slot.holder && slot.queue.length === 0) {
      slot.holder = exec;
      markHeld(exec, key);
      return true;
    }
    const ms = Math.max(0, Math.trunc(Number(timeoutMs) || 0));
    if (ms === 0) return false;
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        exec,
        grant: () => resolve(true),
        timer: runtime.clock.setTimeout(() => {
          slot.queue = slot.queue.filter((w) => w !== waiter);
          if (!slot.holder && slot.queue.length === 0) slots.delete(key);
          resolve(false);
        }, ms),
      };
      slot.queue.push(waiter);
    });
  };

  // However an execution ends (returns, throws, is killed at its deadline), its locks go and its
  // place in any queue with them.
  runtime.onExecutionEnd((exec) => {
    for (const [key, slot] of slots) {
      const mine = slot.queue.filter((w) => w.exec.id === exec.id);
      for (const w of mine) runtime.clock.clearTimeout(w.timer);
      if (mine.length) slot.queue = slot.queue.filter((w) => w.exec.id !== exec.id);
      if (slot.holder?.id === exec.id) {
        unmarkHeld(exec, key);
        handOver(key);
      } else if (!slot.holder && slot.queue.length === 0) slots.delete(key);
    }
    held.delete(exec.id);
    exec.holdsLock = false;
  });

  const lockHandlers: HandlerMap = {
    'Lock.tryLock': (ctx, a: StoreArgs & { timeoutMs: number }) => acquire(ctx, a.scope, a.timeoutMs),
    'Lock.waitLock': async (ctx, a: StoreArgs & { timeoutMs: number }) => {
      if (!(await acquire(ctx, a.scope, a.timeoutMs))) throw new ServiceError(MSG.lockTimeout);
      return null;
    },
    'Lock.hasLock': (ctx, a: StoreArgs) => held.get(ctx.exec.id)?.has(lockKey(ctx, a.scope)) ?? false,
    'Lock.releaseLock': (ctx, a: StoreArgs) => {
      release(ctx.exec, lockKey(ctx, a.scope));
      return null;
    },
  };

  return {
    handlers: { ...propertiesHandlers, ...cacheHandlers, ...lockHandlers },
    evictCache: () => evictCache(runtime.world),
    scriptLockHolder: (project) => slots.get(storeKey('script', project))?.holder?.id,
    scriptLockWaiting: (project) => slots.get(storeKey('script', project))?.queue.length ?? 0,
    userLockHolder: (project, email) => slots.get(storeKey('user', project, email))?.holder?.id,
  };
}
