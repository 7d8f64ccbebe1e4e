// PropertiesService, CacheService, LockService (script side). Getting a store or a lock object is
// answered in the worker; every read, write, lock or release is one call into the World
// (backends/storage.ts), where the data and the locks shared by concurrent executions live.
// Document stores and locks are null: neither project is bound to a document.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';

type Scope = 'script' | 'user';

export const installStorage: FacadeInstaller = (ctx: FacadeContext) => {
  const call = <T = unknown>(method: string, args: object): T => ctx.call<T>(method, args);

  const keyList = (method: string, keys: unknown): string[] => {
    if (!Array.isArray(keys))
      throw ctx.makeError(`The parameters (${typeof keys}) don't match the method signature for ${method}.`);
    return keys.map(String);
  };

  const plainMap = (method: string, obj: unknown): Record<string, unknown> => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj))
      throw ctx.makeError(`The parameters (${typeof obj}) don't match the method signature for ${method}.`);
    return { ...(obj as Record<string, unknown>) };
  };

  function properties(scope: Scope) {
    const args = { scope };
    const self: Record<string, (...a: any[]) => unknown> = {
      getProperty: (key: unknown) => call('Properties.getProperty', { ...args, key: String(key) }),
      setProperty: (key: unknown, value: unknown) => (
        call('Properties.setProperty', { ...args, key: String(key), value: String(value) }),
        proxy
      ),
      getProperties: () => call('Properties.getProperties', args),
      setProperties: (props: unknown, deleteAllOthers?: boolean) => {
        const map = plainMap('PropertiesService.Properties.setProperties', props);
        const strings = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
        call('Properties.setProperties', { ...args, props: strings, deleteAllOthers: !!deleteAllOthers });
        return proxy;
      },
      getKeys: () => call('Properties.getKeys', args),
      deleteProperty: (key: unknown) => (call('Properties.deleteProperty', { ...args, key: String(key) }), proxy),
      deleteAllProperties: () => (call('Properties.deleteAllProperties', args), proxy),
      toString: () => 'Properties',
    };
    const proxy: object = strict(ctx, 'Properties', self);
    return proxy;
  }

  function cache(scope: Scope) {
    const args = { scope };
    // Values are stored as strings; a null value is sent as null (it leaves no entry).
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const self: Record<string, (...a: any[]) => unknown> = {
      get: (key: unknown) => call('Cache.get', { ...args, key: String(key) }),
      getAll: (keys: unknown) => call('Cache.getAll', { ...args, keys: keyList('Cache.getAll', keys) }),
      put: (key: unknown, value: unknown, ttl?: unknown) => {
        call('Cache.put', { ...args, key: String(key), value: str(value), ttl: ttl === undefined ? undefined : ttl });
      },
      putAll: (values: unknown, ttl?: unknown) => {
        const map = plainMap('Cache.putAll', values);
        call('Cache.putAll', {
          ...args,
          values: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, str(v)])),
          ttl,
        });
      },
      remove: (key: unknown) => {
        call('Cache.remove', { ...args, key: String(key) });
      },
      removeAll: (keys: unknown) => {
        call('Cache.removeAll', { ...args, keys: keyList('Cache.removeAll', keys) });
      },
      toString: () => 'Cache',
    };
    return strict(ctx, 'Cache', self);
  }

  function lock(scope: Scope) {
    const args = { scope };
    const self: Record<string, (...a: any[]) => unknown> = {
      tryLock: (timeoutMs: unknown) => call<boolean>('Lock.tryLock', { ...args, timeoutMs: Number(timeoutMs) }),
      waitLock: (timeoutMs: unknown) => {
        call('Lock.waitLock', { ...args, timeoutMs: Number(timeoutMs) });
      },
      hasLock: () => call<boolean>('Lock.hasLock', args),
      releaseLock: () => {
        call('Lock.releaseLock', args);
      },
      toString: () => 'Lock',
    };
    return strict(ctx, 'Lock', self);
  }

  const local = <T>(name: string, value: T): T => {
    ctx.count(name);
    return value;
  };

  return {
    PropertiesService: strict(ctx, 'PropertiesService', {
      getScriptProperties: () => local('PropertiesService.getScriptProperties', properties('script')),
      getUserProperties: () => local('PropertiesService.getUserProperties', properties('user')),
      getDocumentProperties: () => local('PropertiesService.getDocumentProperties', null),
      toString: () => 'PropertiesService',
    }),
    CacheService: strict(ctx, 'CacheService', {
      getScriptCache: () => local('CacheService.getScriptCache', cache('script')),
      getUserCache: () => local('CacheService.getUserCache', cache('user')),
      getDocumentCache: () => local('CacheService.getDocumentCache', null),
      toString: () => 'CacheService',
    }),
    LockService: strict(ctx, 'LockService', {
      getScriptLock: () => local('LockService.getScriptLock', lock('script')),
      getUserLock: () => local('LockService.getUserLock', lock('user')),
      getDocumentLock: () => local('LockService.getDocumentLock', null),
      toString: () => 'LockService',
    }),
  };
};
