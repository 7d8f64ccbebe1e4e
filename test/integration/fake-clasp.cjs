#!/usr/bin/env node
// A stand-in for clasp 3.4.1 (and npm) on PATH for test/integration/deploy.test.ts. It answers with the
// lines the real clasp prints (node_modules/@google/clasp/build/src/commands/*.js), including its
// exit-0 failures, and records every call in the JSON file named by FAKE_CLASP_STATE.
// The same answers are also exported as a function, so most deploy tests run it in-process: a node
// start per clasp call was most of that file's time.
const fs = require('node:fs');
const path = require('node:path');

/** Ends a fake command: thrown by `done`, caught by fakeClasp. */
class Done {
  constructor(code, out, err) {
    Object.assign(this, { code, out, err });
  }
}

/** One clasp or npm call in `cwd`: { code, out, err } as the process would exit and print them. */
function fakeClasp(tool, argv, cwd, stateFile) {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const save = () => fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  try {
    answer(tool, argv, (p) => path.resolve(cwd, p), state, save);
  } catch (e) {
    if (e instanceof Done) return e;
    throw e;
  }
  throw new Error('fake clasp: no answer');
}

function answer(tool, argv, at, state, save) {
  const mode = state.mode || {};
  state.calls.push([tool, ...argv]);
  save();
  const done = (code, out = '', err = '') => {
    save();
    throw new Done(code, out, err);
  };

  if (tool === 'npm') {
    const script = argv[1];
    if (mode.npmFail === script) done(2, '', `npm ERR! ${script} failed`);
    if (script === 'build' && !mode.buildWritesNothing) {
      for (const p of ['addon', 'gateway']) {
        fs.mkdirSync(at(path.join('build', p)), { recursive: true });
        fs.writeFileSync(at(path.join('build', p, 'Code.js')), '// built');
        fs.writeFileSync(at(path.join('build', p, 'appsscript.json')), '{}');
      }
    }
    done(0, `> ${script}`);
  }

  let project = '.clasp.json';
  let json = false;
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-P') project = argv[++i];
    else if (argv[i] === '--json') json = true;
    else rest.push(argv[i]);
  }
  const [cmd, ...args] = rest;
  const flag = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };

  if (cmd === 'show-authorized-user') {
    if (mode.loggedOut) done(0, 'Not logged in.');
    done(0, 'You are logged in as owner@acme.test.\nOAuth client ID: x (default).');
  }
  if (mode.loggedOut) done(1, '', 'No credentials found.');
  if (cmd === 'create') {
    if (fs.existsSync(at('.clasp.json'))) done(0, '', 'Project file already exists.');
    if (mode.apiOff) {
      done(
        1,
        '',
        'User has not enabled the Apps Script API. ' +
          'Enable it by visiting https://script.google.com/home/usersettings then retry.',
      );
    }
    const title = flag('--title');
    const id = `1${title.replace(/[^A-Za-z]/g, '')}ScriptIdAAAAAAAAAAAAAAAAAAAA`;
    fs.writeFileSync(at('.clasp.json'), JSON.stringify({ scriptId: id, rootDir: '.' }));
    done(0, `Created new script: https://script.google.com/d/${id}/edit`);
  }
  if (!fs.existsSync(at(project))) done(1, '', `Invalid --project path: ${project}. File or directory does not exist.`);
  const scriptId = JSON.parse(fs.readFileSync(at(project), 'utf8')).scriptId;
  const deployments = (state.deployments[scriptId] = state.deployments[scriptId] || []);

  if (cmd === 'push') {
    if (!args.includes('--force') || mode.pushSkips) done(0, 'Skipping push.');
    const dir = JSON.parse(fs.readFileSync(at(project), 'utf8')).rootDir;
    done(0, `Pushed 2 files at 10:00:00.\n└─ ${dir}/appsscript.json\n└─ ${dir}/Code.js`);
  }
  if (cmd === 'list-deployments') {
    if (!json) done(0, `Found ${deployments.length} deployments.`);
    done(0, JSON.stringify([{ deploymentId: `${scriptId}-head` }, ...deployments], null, 2));
  }
  if (cmd === 'deploy') {
    if (mode.deploySilent) done(0);
    let id = flag('-i');
    const description = flag('-d');
    const version = (state.versions[scriptId] = (state.versions[scriptId] || 0) + 1);
    if (id) {
      const d = deployments.find((x) => x.deploymentId === id);
      if (!d) done(1, '', 'Requested entity was not found.');
      Object.assign(d, { versionNumber: version, description });
    } else {
      id = `AKfy${scriptId.slice(1, 12)}Deployment${deployments.length + 1}`;
      deployments.push({ deploymentId: id, versionNumber: version, description });
    }
    done(0, `Deployed ${id} @${version}`);
  }
  done(1, '', `Unknown command "clasp ${cmd}"`);
}

module.exports = { fakeClasp };

if (require.main === module) {
  const r = fakeClasp(
    path.basename(process.argv[1]),
    process.argv.slice(2),
    process.cwd(),
    process.env.FAKE_CLASP_STATE,
  );
  if (r.out) process.stdout.write(r.out + '\n');
  if (r.err) process.stderr.write(r.err + '\n');
  process.exit(r.code);
}
