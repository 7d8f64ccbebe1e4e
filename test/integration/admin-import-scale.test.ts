// `engagements import` of a real company's file: 10,000 rows, dry run and real, through the BUILT admin
// CLI (build/local/admin/cli.js, what `npm run admin` runs; the real googleapis client) against the
// local stand-in served by this process, each in under 5 s of the CLI's own CPU time (user + system,
// loading googleapis included; the checks group rows by coachee instead of comparing every pair: the
// pair-by-pair check alone took ~33 s), with the same per-line messages. CPU time, not wall time: on
// this shared machine the wall clock measures the other processes as much as this one.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { handleGoogleApi } from '../../src/local/admin/rest';
import { seedCompany } from '../../src/local/host/company';
import { readSheet } from '../../src/local/runtime/backends/sheets';
import { World } from '../../src/local/runtime/world';

const OWNER = 'ccm-service@acme.test';
const ROWS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'ccm-import-'));
const run = promisify(execFile);
const lines = (t: string) => t.split('\n').filter((l) => l !== '');
// Preloaded into the CLI: its own CPU time, written last to stderr.
const CPU_MARK = 'cpu-ms:';
const preload = join(dir, 'cpu.js');
writeFileSync(
  preload,
  `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\n${CPU_MARK}' + Math.round((u.user + u.system) / 1000) + '\\n'); });`,
);

const line = (i: number) =>
  `c${i}@acme.test,m${i % 500}@acme.test,k${i % 100}@coaches.test,${i % 2 ? 'quarterly' : 'six-month'},2026-01-05,2026-07-05,Person ${i}`;

function result(code: number, stdout: string, stderr: string) {
  const err = lines(stderr);
  const mark = err.findIndex((l) => l.startsWith(CPU_MARK));
  const cpuMs = mark >= 0 ? Number(err.splice(mark, 1)[0]!.slice(CPU_MARK.length)) : NaN;
  return { code, out: lines(stdout), err, cpuMs };
}

describe('engagements import at 10,000 rows', () => {
  let world: World;
  let server: Server;
  let url: string;
  let sheetId: string;
  const admin = async (...argv: string[]) => {
    const cli = join(__dirname, '../../build/local/admin/cli.js');
    try {
      const r = await run('node', ['-r', preload, cli, ...argv, '--local', url, '--as', OWNER], { encoding: 'utf8' });
      return result(0, r.stdout, r.stderr);
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return result(x.code, x.stdout, x.stderr);
    }
  };

  beforeAll(async () => {
    world = new World();
    world.advanceTo(Date.parse('2026-03-02T09:00:00Z'));
    sheetId = seedCompany(world, {
      owner: OWNER,
      settings: { domain: 'acme.test', timeZone: 'Europe/Berlin', quarters: 'calendar', admins: ['hr@acme.test'] },
      engagements: [],
    }).sheetId;
    server = createServer((req, res) => {
      if (!handleGoogleApi(req, res, world)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));

  test('a bad row among 10,000 is reported by its line, nothing written, in under 5 s', async () => {
    const file = join(dir, 'bad.csv');
    const rows = Array.from({ length: ROWS }, (_, i) => line(i));
    rows[7000] = rows[10]!; // a repeat of file line 12, on file line 7002
    writeFileSync(file, ['Coachee,Manager,Coach,Program,Start,End,Coachee name', ...rows].join('\n'));
    const r = await admin('engagements', 'import', file, '--sheet', sheetId, '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/1 of 10000 rows have problems; nothing was written/);
    expect(r.err[1]).toMatch(/^ {2}line 7002: repeats row 12/);
    expect(r.cpuMs).toBeLessThan(5_000);
  }, 60_000);

  test('10,000 good rows: the dry run and the real import each take under 5 s', async () => {
    const file = join(dir, 'good.csv');
    const rows = Array.from({ length: ROWS }, (_, i) => line(i));
    writeFileSync(file, ['Coachee,Manager,Coach,Program,Start,End,Coachee name', ...rows].join('\n'));
    const dry = await admin('engagements', 'import', file, '--sheet', sheetId, '--dry-run');
    expect(dry.err).toEqual([]);
    expect(dry.out.join('\n')).toMatch(/all 10000 rows are valid \(dry run: nothing written\)/);
    expect(readSheet(world, sheetId, 'Engagements')).toHaveLength(1);
    const real = await admin('engagements', 'import', file, '--sheet', sheetId);
    expect(real.err).toEqual([]);
    expect(real.code).toBe(0);
    expect(readSheet(world, sheetId, 'Engagements')).toHaveLength(ROWS + 1);
    expect({ dry: dry.cpuMs, real: real.cpuMs }).toEqual({ dry: expect.any(Number), real: expect.any(Number) });
    expect(Math.max(dry.cpuMs, real.cpuMs)).toBeLessThan(5_000);
  }, 120_000);
});
