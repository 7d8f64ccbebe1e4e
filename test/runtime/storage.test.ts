// PropertiesService and CacheService in the local runtime: who shares which store, Google's limits
// and wording, cache expiry on the World clock, and the switch that evicts every cache entry.
import { scriptRuntime } from './helpers';
import {
  scriptProperties,
  setScriptProperties,
  userProperties,
  evictCache,
} from '../../src/local/runtime/backends/storage';

const CODE = String.raw`
function err(f) { try { f(); return null; } catch (e) { return e.message; } }
function props(scope) { return scope === 'user' ? PropertiesService.getUserProperties() : PropertiesService.getScriptProperties(); }
function setProp(scope, k, v) { props(scope).setProperty(k, v); return true; }
function getProp(scope, k) { return props(scope).getProperty(k); }
function all(scope) { var p = props(scope); return { props: p.getProperties(), keys: p.getKeys().sort() }; }
function propertiesApi() {
  var p = PropertiesService.getScriptProperties();
  p.deleteAllProperties();
  p.setProperty('a', 1).setProperty('b', true);
  p.setProperties({ c: 'three', d: 4 });
  var out = { afterSet: p.getProperties() };
  p.setProperties({ e: 'only' }, true);
  out.afterReplace = p.getProperties();
  p.deleteProperty('e');
  out.afterDelete = p.getKeys();
  out.missing = p.getProperty('nope');
  out.document = PropertiesService.getDocumentProperties();
  out.isObject = p.getProperties() instanceof Object;
  return out;
}
function propertyLimits() {
  var p = PropertiesService.getUserProperties();
  p.deleteAllProperties();
  var out = {};
  out.exact = err(function () { p.setProperty('ok', new Array(9 * 1024 + 1).join('x')); });
  out.tooBig = err(function () { p.setProperty('big', new Array(9 * 1024 + 2).join('x')); });
  out.bigStored = p.getProperty('big');
  var n = 0;
  out.quota = err(function () { for (;;) { p.setProperty('k' + n, new Array(9000).join('y')); n++; } });
  out.count = n;
  out.batch = err(function () { var m = {}; for (var i = 0; i < 60; i++) m['b' + i] = new Array(9000).join('z'); p.setProperties(m); });
  out.batchKeys = p.getKeys().filter(function (k) { return k.charAt(0) === 'b'; }).length;
  out.overwriteSmaller = err(function () { p.setProperty('k0', 'small'); });
  return out;
}

function cache(scope) { return scope === 'user' ? CacheService.getUserCache() : CacheService.getScriptCache(); }
function put(scope, k, v, ttl) { if (ttl === undefined) cache(scope).put(k, v); else cache(scope).put(k, v, ttl); return true; }
function get(scope, k) { return cache(scope).get(k); }
function cacheApi() {
  var c = CacheService.getScriptCache();
  var out = {};
  c.put('n', 42);
  c.put('o', { x: 1 });
  c.put('e', '');
  c.put('gone', 'x');
  c.put('gone', null);
  out.values = [c.get('n'), c.get('o'), c.get('e'), c.get('gone'), c.get('missing')];
  c.putAll({ a: '1', b: 2 });
  out.all = c.getAll(['a', 'b', 'missing']);
  c.removeAll(['a', 'b']);
  c.remove('n');
  out.afterRemove = [c.get('a'), c.get('n')];
  out.longKey = err(function () { c.put(new Array(252).join('k'), 'v'); });
  out.longKeyGet = err(function () { c.get(new Array(252).join('k')); });
  out.key250 = err(function () { c.put(new Array(251).join('k'), 'v'); });
  out.bigValue = err(function () { c.put('big', new Array(100 * 1024 + 2).join('v')); });
  out.value100k = err(function () { c.put('big', new Array(100 * 1024 + 1).join('v')); });
  out.badTtl = err(function () { c.put('t', 'x', 'abc'); });
  out.document = CacheService.getDocumentCache();
  return out;
}
`;

function setup(opts: Parameters<typeof scriptRuntime>[1] = {}) {
  const { world, runtime } = scriptRuntime(
    [
      { name: 'gw', code: CODE, owner: 'svc@acme.test' },
      { name: 'other', code: CODE },
    ],
    opts,
  );
  const ok = async (fn: string, args: unknown[] = [], user = 'ana@acme.test', project = 'gw') => {
    const r = await runtime.execute({ project, fn, args, user });
    if (!r.ok) throw new Error(`${fn} failed: ${r.error?.message}`);
    return r.value;
  };
  return { world, runtime, ok };
}

describe('PropertiesService', () => {
  const t = setup();
  afterAll(() => t.runtime.close());

  test('script properties are shared by the users of one project, not across projects', async () => {
    await t.ok('setProp', ['script', 'sheetId', 'abc'], 'ana@acme.test');
    expect(await t.ok('getProp', ['script', 'sheetId'], 'bo@acme.test')).toBe('abc');
    expect(await t.ok('getProp', ['script', 'sheetId'], 'ana@acme.test', 'other')).toBeNull();
    expect(scriptProperties(t.world, 'gw')).toEqual({ sheetId: 'abc' });
  });

  test('user properties belong to one user in one project', async () => {
    await t.ok('setProp', ['user', 'pref', 'ana'], 'ana@acme.test');
    await t.ok('setProp', ['user', 'pref', 'bo'], 'bo@acme.test');
    expect(await t.ok('getProp', ['user', 'pref'], 'ana@acme.test')).toBe('ana');
    expect(await t.ok('getProp', ['user', 'pref'], 'ANA@acme.test')).toBe('ana');
    expect(await t.ok('getProp', ['user', 'pref'], 'ana@acme.test', 'other')).toBeNull();
    expect(userProperties(t.world, 'gw', 'bo@acme.test')).toEqual({ pref: 'bo' });
  });

  test('the Properties API: strings in, copies out, setProperties(…, deleteAllOthers), no document store', async () => {
    expect(await t.ok('propertiesApi')).toEqual({
      afterSet: { a: '1', b: 'true', c: 'three', d: '4' },
      afterReplace: { e: 'only' },
      afterDelete: [],
      missing: null,
      document: null,
      isObject: true,
    });
  });

  test("limits: 9 KB per value, 500 KB per store, with Google's messages; refused writes change nothing", async () => {
    const v = (await t.ok('propertyLimits')) as Record<string, unknown>;
    expect(v.exact).toBeNull();
    expect(v.tooBig).toBe('Argument too large: value');
    expect(v.bigStored).toBeNull();
    expect(v.quota).toBe('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(v.count).toBeGreaterThan(50);
    expect(v.count).toBeLessThan(58);
    expect(v.batch).toBe('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(v.batchKeys).toBe(0);
    expect(v.overwriteSmaller).toBeNull();
  });

  test('Node-side setup writes what scripts then read, with the same limits', async () => {
    setScriptProperties(t.world, 'other', { gatewayUrl: 'https://script.google.com/macros/s/x/exec' });
    expect(await t.ok('getProp', ['script', 'gatewayUrl'], 'x@acme.test', 'other')).toBe(
      'https://script.google.com/macros/s/x/exec',
    );
    expect(() => setScriptProperties(t.world, 'other', { big: 'x'.repeat(9 * 1024 + 1) })).toThrow(
      'Argument too large: value',
    );
  });
});

describe('CacheService', () => {
  const t = setup();
  afterAll(() => t.runtime.close());

  test("the Cache API: values become strings, null leaves no entry, getAll skips misses, Google's limits", async () => {
    expect(await t.ok('cacheApi')).toEqual({
      values: ['42', '[object Object]', '', null, null],
      all: { a: '1', b: '2' },
      afterRemove: [null, null],
      longKey: 'Argument too large: key',
      longKeyGet: 'Argument too large: key',
      key250: null,
      bigValue: 'Argument too large: value',
      value100k: null,
      badTtl: "Cannot convert 'abc' to int.",
      document: null,
    });
  });

  test('entries expire on the World clock: default 10 minutes, at most 6 hours', async () => {
    const t0 = t.world.now();
    await t.ok('put', ['script', 'short', 'v', 60]);
    await t.ok('put', ['script', 'default', 'v']);
    await t.ok('put', ['script', 'long', 'v', 99999]);
    t.world.advanceTo(t0 + 59_000);
    expect(await t.ok('get', ['script', 'short'])).toBe('v');
    t.world.advanceTo(t0 + 61_000);
    expect(await t.ok('get', ['script', 'short'])).toBeNull();
    expect(await t.ok('get', ['script', 'default'])).toBe('v');
    t.world.advanceTo(t0 + 601_000);
    expect(await t.ok('get', ['script', 'default'])).toBeNull();
    expect(await t.ok('get', ['script', 'long'])).toBe('v');
    t.world.advanceTo(t0 + 21_601_000);
    expect(await t.ok('get', ['script', 'long'])).toBeNull();
    // Expired entries do not linger in the World.
    expect(Object.keys(t.world.state.storage.cache['script:gw'] ?? {})).not.toContain('short');
  });

  test('script and user caches are separate; user caches are per user', async () => {
    await t.ok('put', ['user', 'k', 'ana'], 'ana@acme.test');
    await t.ok('put', ['script', 'k', 'shared'], 'ana@acme.test');
    expect(await t.ok('get', ['user', 'k'], 'bo@acme.test')).toBeNull();
    expect(await t.ok('get', ['user', 'k'], 'ana@acme.test')).toBe('ana');
    expect(await t.ok('get', ['script', 'k'], 'bo@acme.test')).toBe('shared');
  });

  test('entries can vanish early: evictCache now, or the cacheEvictsAll switch', async () => {
    await t.ok('put', ['script', 'k', 'v']);
    evictCache(t.world);
    expect(await t.ok('get', ['script', 'k'])).toBeNull();
    await t.ok('put', ['script', 'k', 'v']);
    t.runtime.services.storage.evictCache();
    expect(await t.ok('get', ['script', 'k'])).toBeNull();
    const evicting = setup({ cacheEvictsAll: true });
    try {
      await evicting.ok('put', ['script', 'k', 'v']);
      expect(await evicting.ok('get', ['script', 'k'])).toBeNull();
    } finally {
      await evicting.runtime.close();
    }
  });
});
