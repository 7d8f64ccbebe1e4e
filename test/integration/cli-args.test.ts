// The local tools read their command lines with util.parseArgs (src/local/args.ts): an unknown option
// or a missing value is one clear line and exit code 2, before anything starts. The BUILT tools run.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const tool = (path: string, ...args: string[]) => {
  const r = spawnSync('node', [join(root, 'build/local', path), ...args], { encoding: 'utf8', timeout: 30000 });
  return { code: r.status, err: r.stderr.trim(), out: r.stdout.trim() };
};

describe('command lines of the local tools', () => {
  test.each([['workbench/server.js'], ['bench/cli.js'], ['scenario/cli.js']])(
    '%s: an unknown option is exit 2',
    (path) => {
      expect(tool(path, '--nope')).toMatchObject({ code: 2, err: 'Unknown option --nope (try --help)' });
    },
  );

  test('a value that is missing or not allowed is named', () => {
    expect(tool('workbench/server.js', '--port')).toMatchObject({ code: 2, err: '--port needs a value' });
    expect(tool('bench/cli.js', '--json=yes')).toMatchObject({ code: 2, err: '--json takes no value' });
    expect(tool('workbench/server.js', 'extra')).toMatchObject({
      code: 2,
      err: 'Unexpected argument extra (try --help)',
    });
  });

  test('--help answers with the usage and exit 0', () => {
    expect(tool('bench/cli.js', '-h')).toMatchObject({ code: 0, out: expect.stringMatching(/^npm run bench/) });
    expect(tool('scenario/cli.js', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/FILE\.json/) });
    expect(tool('workbench/server.js', '--help')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Usage: npm start/),
    });
  });
});
