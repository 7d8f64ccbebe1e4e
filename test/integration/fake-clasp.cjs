#!/usr/bin/env node
// A stand-in for clasp 3.4.1 (and npm) on PATH for test/integration/deploy.test.ts. It answers with the
// lines the real clasp prints (node_modules/@google/clasp/build/src/commands/*.js), including its
// exit-0 failures, and records every call in the JSON file named by FAKE_CLASP_STATE.
const fs = require('node:fs');
const path = require('node:path');

const stateFile = process.env.FAKE_CLASP_STATE;
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const save = () => fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
const tool = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
const mode = state.mode || {};
state.calls.push([tool, ...argv]);
save();
const done = (code, out = '', err = '') => {
  save();
  if (out) process.stdout.write(out + '\n');
  if (err) process.stderr.write(err + '\n');
  process.exit(code);
};

if (tool === 'npm') {
  const script = argv[1];
  if (mode.npmFail === script) done(2, '', `npm ERR! ${script} failed`);
  if (script === 'build' && !mode.buildWritesNothing) {
    for (const p of ['addon', 'gateway']) {
      fs.mkdirSync(path.join('build', p), { recursive: true });
      fs.writeFileSync(path.join('build', p, 'Code.js'), '// built');
      fs.writeFileSync(path.join('build', p, 'appsscript.json'), '{}');
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
  if (fs.existsSync('.clasp.json')) done(0, '', 'Project file already exists.');
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
  fs.writeFileSync('.clasp.json', JSON.stringify({ scriptId: id, rootDir: '.' }));
  done(0, `Created new script: https://script.google.com/d/${id}/edit`);
}
if (!fs.existsSync(project)) done(1, '', `Invalid --project path: ${project}. File or directory does not exist.`);
const scriptId = JSON.parse(fs.readFileSync(project, 'utf8')).scriptId;
const deployments = (state.deployments[scriptId] = state.deployments[scriptId] || []);

if (cmd === 'push') {
  if (!args.includes('--force') || mode.pushSkips) done(0, 'Skipping push.');
  const dir = JSON.parse(fs.readFileSync(project, 'utf8')).rootDir;
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
