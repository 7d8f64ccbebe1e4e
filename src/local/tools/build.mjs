// Builds everything `npm run build` promises, in one process (esbuild is fast enough that a full
// build takes well under a second):
//   build/addon/   Code.js + appsscript.json  -> pushed by `clasp push` (.clasp.json)
//   build/gateway/ Code.js + appsscript.json  -> pushed by `clasp -P .clasp-gateway.json push`
//   build/local/   Node tools (runtime worker, workbench server, scenario runner, admin CLI, bench)
//   build/local/workbench/public/app.js  the workbench's front end, for the browser (buildWorkbenchWeb)
//
// Apps Script bundles: esbuild IIFE under a private global name, plus a footer of plain top-level
// function stubs, one per export of the entry file. Apps Script only sees top-level function
// declarations as callable entry points (manifest triggers, setFunctionName callbacks, doPost), so
// every export must become such a global. The export list comes from esbuild's own metafile of an
// in-memory ESM pass, so it can never drift from the source.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, copyFileSync, writeFileSync, existsSync, statSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let quiet = process.argv.includes('--quiet');
const log = (...a) => {
  if (!quiet) console.log(...a);
};

export const appsScriptProjects = [
  { name: 'addon', entry: 'src/addon/main.ts', manifest: 'appsscript.json', globalName: '__ccmAddon' },
  {
    name: 'gateway',
    entry: 'src/gateway/main.ts',
    manifest: 'src/gateway/appsscript.json',
    globalName: '__ccmGateway',
  },
];

const localTools = [
  'src/local/runtime/worker.ts',
  'src/local/workbench/server.ts',
  'src/local/scenario/cli.ts',
  'src/local/admin/cli.ts',
  'src/local/bench/cli.ts',
  'src/local/deploy/cli.ts',
];

/** package.json's version and the commit (src/core/health.ts reports it): which code a deployment runs. */
let version;
function buildVersion() {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    version = `${pkg}+${sha.toString().trim()}`;
  } catch {
    version = pkg;
  }
  return version;
}

async function exportNames(entry) {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    metafile: true,
    platform: 'neutral',
    logLevel: 'silent',
    mainFields: ['module', 'main'],
  });
  const out = Object.values(result.metafile.outputs)[0];
  return [...out.exports].sort();
}

/**
 * The guides of src/core/toolkit.ts (about 9 KB of text) as gzip in base64 (about 4 KB): the add-on
 * reads them back with Utilities.ungzip when a guide is shown (src/addon/guides.ts), which keeps the
 * bundle inside its 150 KB budget. Built from the same source, so the text cannot drift.
 */
async function guidesGzipped() {
  const r = await esbuild.build({
    entryPoints: [join(root, 'src/core/toolkit.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', r.outputFiles[0].text)(mod, mod.exports);
  return gzipSync(Buffer.from(JSON.stringify(mod.exports.TOOLKITS)), { level: 9 }).toString('base64');
}

async function buildAppsScript(p) {
  const names = await exportNames(p.entry);
  const guides = p.name === 'addon' ? { CCM_GUIDES_GZ: JSON.stringify(await guidesGzipped()) } : {};
  // Apps Script calls each add-on entry point with one event object, so the add-on's stubs pass just
  // that (about 0.5 KB less than `.apply(this,arguments)` across its entry points).
  const [args, call] = p.name === 'addon' ? ['e', '(e)'] : ['', '.apply(this,arguments)'];
  const footer = names.map((n) => `function ${n}(${args}){return ${p.globalName}.${n}${call}}`).join('\n');
  const outDir = join(root, 'build', p.name);
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, p.entry)],
    bundle: true,
    outfile: join(outDir, 'Code.js'),
    format: 'iife',
    globalName: p.globalName,
    platform: 'neutral',
    target: 'es2020',
    // Minified to stay inside the add-on's 150 KB budget (whitespace, syntax and every local name).
    // No keepNames: its name-keeping wrappers cost the add-on 9 KB, and nothing prints a frame's name
    // (the entry points' guards log the error's name, its first words and the frames' positions). A
    // position in Code.js maps back to the source file, line and name through the source map written
    // beside the build, never pushed: `npm run stack -- <project> 1:2345 ...` (src/local/tools/stack.mjs).
    mainFields: ['module', 'main'],
    minifySyntax: true,
    minifyWhitespace: true,
    minifyIdentifiers: true,
    sourcemap: 'external',
    sourcesContent: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    banner: { js: `// Built by \`npm run build\` from ${p.entry}. Do not edit: edit the source and rebuild.` },
    footer: { js: `// Apps Script entry points (top-level globals):\n${footer}\n` },
    define: {
      'process.env.NODE_ENV': '"production"',
      CCM_BUILD_VERSION: JSON.stringify(buildVersion()),
      ...guides,
    },
  });
  // The map goes to build/maps/, outside the folder clasp pushes.
  mkdirSync(join(root, 'build', 'maps'), { recursive: true });
  renameSync(join(outDir, 'Code.js.map'), join(root, 'build', 'maps', `${p.name}.Code.js.map`));
  copyFileSync(join(root, p.manifest), join(outDir, 'appsscript.json'));
  const bytes = statSync(join(outDir, 'Code.js')).size;
  log(`  build/${p.name}/Code.js  ${(bytes / 1024).toFixed(1)} KB  (${names.length} entry points)`);
  return { name: p.name, bytes, exports: names };
}

async function buildLocal() {
  const entries = localTools.filter((f) => existsSync(join(root, f)));
  await esbuild.build({
    entryPoints: entries.map((f) => join(root, f)),
    bundle: true,
    outdir: join(root, 'build/local'),
    outbase: join(root, 'src/local'),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  log(`  build/local/  ${entries.length} Node tools`);
}

// The workbench's front end (src/local/workbench/web, TypeScript) for the browser: app.js, the page's
// one script, and cards.js, the card renderer alone as an ES module (the e2e suite draws a card with it
// in isolation). The server sends them next to the static files in src/local/workbench/public.
async function buildWorkbenchWeb() {
  const web = (entry, outfile, format) =>
    esbuild.build({
      entryPoints: [join(root, 'src/local/workbench/web', entry)],
      bundle: true,
      outfile: join(root, 'build/local/workbench/public', outfile),
      platform: 'browser',
      target: 'es2022',
      format,
      sourcemap: 'inline',
      logLevel: 'warning',
    });
  await Promise.all([web('main.ts', 'app.js', 'iife'), web('cards.ts', 'cards.js', 'esm')]);
  log('  build/local/workbench/public/  app.js and cards.js (the workbench front end)');
}

export async function build(opts = {}) {
  if (opts.quiet) quiet = true;
  log('Building Apps Script projects and local tools');
  const projects = [];
  for (const p of appsScriptProjects) projects.push(await buildAppsScript(p));
  await buildLocal();
  await buildWorkbenchWeb();
  writeFileSync(join(root, 'build/manifest.json'), JSON.stringify({ projects }, null, 2));
  return projects;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  build().catch((err) => {
    console.error(err.message || err);
    process.exit(1);
  });
}
