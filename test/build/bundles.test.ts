// The built bundles are exactly what clasp pushes. Apps Script calls entry points by name as
// top-level globals, so every function a manifest names, every action callback the add-on passes to
// setFunctionName, and the gateway's doPost must be a global of its bundle, loadable in a bare V8
// context (no Node globals, no service calls at load time).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { SourceMap } from 'node:module';
import { gunzipSync } from 'node:zlib';
import * as acorn from 'acorn';
import { TOOLKITS } from '../../src/core/toolkit';

const root = resolve(__dirname, '../..');

function loadBare(project: string): Record<string, unknown> {
  const code = readFileSync(join(root, 'build', project, 'Code.js'), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: `${project}/Code.js` });
  return context as Record<string, unknown>;
}

function manifestFunctions(manifest: any): string[] {
  const names: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && key && /^(runFunction|onTriggerFunction|onCreateFunction|createSettingsUrlFunction)$/.test(key)) names.push(v);
  };
  walk(manifest.addOns);
  return [...new Set(names)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Every setFunctionName target in the add-on source: string literals, and names read from an
 * exported constant map (`ACTIONS.confirm`) resolved through that map's string values.
 */
function setFunctionNameTargets(): string[] {
  const targets = new Set<string>();
  const files = sourceFiles(join(root, 'src/addon'));
  const constValues = new Map<string, string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(\w+)\s*:\s*'(\w+)'/g)) constValues.set(m[1]!, m[2]!);
  }
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/setFunctionName\(\s*(?:'(\w+)'|"(\w+)"|[\w.]*?\.?(\w+))\s*\)/g)) {
      const literal = m[1] ?? m[2];
      if (literal) targets.add(literal);
      else if (m[3] && constValues.has(m[3])) targets.add(constValues.get(m[3])!);
      else if (m[3]) targets.add(`<unresolved:${m[3]}>`);
    }
  }
  return [...targets];
}

describe('built bundles load in a bare V8 context', () => {
  test('the add-on: every manifest function is a top-level global', () => {
    const g = loadBare('addon');
    const manifest = JSON.parse(readFileSync(join(root, 'build/addon/appsscript.json'), 'utf8'));
    const names = manifestFunctions(manifest);
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const n of names) expect([n, typeof g[n]]).toEqual([n, 'function']);
  });

  test('the add-on: every setFunctionName target in the source is a top-level global', () => {
    const g = loadBare('addon');
    const targets = setFunctionNameTargets();
    for (const t of targets) expect([t, typeof g[t]]).toEqual([t, 'function']);
  });

  test('the gateway: doPost is a top-level global and the manifest is a web app', () => {
    const g = loadBare('gateway');
    expect(typeof g.doPost).toBe('function');
    const manifest = JSON.parse(readFileSync(join(root, 'build/gateway/appsscript.json'), 'utf8'));
    expect(manifest.webapp).toBeDefined();
  });

  test('bundles keep their code private: the only global functions are entry points', () => {
    const g = loadBare('addon');
    const manifest = JSON.parse(readFileSync(join(root, 'build/addon/appsscript.json'), 'utf8'));
    const allowed = new Set([...manifestFunctions(manifest), ...setFunctionNameTargets(), '__ccmAddon']);
    // Exported helpers that are neither triggers nor actions would be callable by name: keep none.
    // (Libraries may keep state on the global object, e.g. zod's config; only functions matter here.)
    const extra = Object.keys(g).filter((k) => typeof g[k] === 'function' && !allowed.has(k));
    expect(extra).toEqual([]);
  });

  test('identifiers are minified, and a frame of a stack trace maps back to its source through the map beside the build', () => {
    // Bare V8 has no CardService: the homepage fails inside the add-on's own code. The frames point
    // into the one-line minified Code.js; build/maps/addon.Code.js.map (never pushed) names the source.
    const g = loadBare('addon');
    let stack = '';
    try {
      (g.onCalendarHomepage as (e: object) => unknown)({});
    } catch (err) {
      stack = String((err as Error).stack);
    }
    const frames = [...stack.matchAll(/addon\/Code\.js:(\d+):(\d+)\)?$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const map = new SourceMap(JSON.parse(readFileSync(join(root, 'build/maps/addon.Code.js.map'), 'utf8')));
    // SourceMap.findEntry takes 0-based line and column; a stack prints them 1-based.
    const sources = frames.map(([line, col]) => {
      const entry = map.findEntry(line! - 1, col! - 1);
      return 'originalSource' in entry ? entry.originalSource : '';
    });
    expect(sources.every((src) => /src\/(addon|core)\/[\w/-]+\.ts$/.test(src))).toBe(true);
    // ...while the local names are minified (what buys the headroom under the 150 KB budget, which
    // test/integration/bench.test.ts checks): most declared variables have names of one or two letters.
    const code = readFileSync(join(root, 'build/addon/Code.js'), 'utf8');
    const declared = [...code.matchAll(/\b(?:const|let|var) ([\w$]+)\s*=/g)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(100);
    expect(declared.filter((n) => n.length <= 2).length / declared.length).toBeGreaterThan(0.8);
    // `npm run stack` says the same for what a guard logged ("[at 12:345 ...]").
    const [line, col] = frames[0]!;
    const said = execFileSync(process.execPath, [join(root, 'src/local/tools/stack.mjs'), 'addon', `${line}:${col}`], {
      encoding: 'utf8',
    });
    expect(said).toContain(sources[0]!.replace(/^(\.\.\/)+/, ''));
    // The map is not in the folder clasp pushes.
    expect(readdirSync(join(root, 'build/addon')).sort()).toEqual(['Code.js', 'appsscript.json']);
  });

  test('the guides ship gzipped: none of their text is in the add-on bundle, and they read back whole', () => {
    const code = readFileSync(join(root, 'build/addon/Code.js'), 'utf8');
    for (const doc of Object.values(TOOLKITS)) expect(code).not.toContain(doc.summary);
    const packed = /"(H4sI[A-Za-z0-9+/=]+)"/.exec(code);
    expect(packed?.[1]).toBeDefined();
    expect(JSON.parse(gunzipSync(Buffer.from(packed![1]!, 'base64')).toString('utf8'))).toEqual(TOOLKITS);
  });

  // A BigInt LITERAL (`0n`) has been reported to stop an Apps Script project at parse time ("Syntax error:
  // ParseError: Unexpected token ILLEGAL", github.com/enuchi/React-Google-Apps-Script/issues/236), which
  // would take every entry point down. src/gateway/jwt.ts calls BigInt() instead; this keeps it so.
  test('neither bundle holds a BigInt literal', () => {
    for (const project of ['addon', 'gateway']) {
      const code = readFileSync(join(root, 'build', project, 'Code.js'), 'utf8');
      const literals = [...acorn.tokenizer(code, { ecmaVersion: 'latest' })].filter(
        (t) => t.type === acorn.tokTypes.num && typeof (t as { value?: unknown }).value === 'bigint',
      );
      expect(literals.map((t) => code.slice(t.start - 20, t.end + 20))).toEqual([]);
    }
    expect(readFileSync(join(root, 'build/gateway/Code.js'), 'utf8')).toContain('BigInt(');
  });
});
