// Malformed requests to the workbench (its own routes and the Sheets/Drive stand-in the admin CLI
// uses) are the client's error: answered 400, and the process keeps serving. Before, a bad %-escape
// (URIError) or an absolute-form target with a bad port (URL parse error) escaped the handler as a
// rejected promise and ended the whole workbench.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkbench, type RunningWorkbench } from '../../src/local/workbench/server';

/** Sends one raw HTTP/1.1 request (the target exactly as given) and returns the status code. */
function rawStatus(port: number, target: string, headers = ''): Promise<number> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n${headers}\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('end', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) ok(Number(m[1]));
      else fail(new Error(`No HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
    });
    socket.on('error', fail);
  });
}

describe('workbench: malformed request targets answer 400 and the process lives on', () => {
  let wb: RunningWorkbench;
  let dir: string;
  const died: unknown[] = [];
  const onRejection = (reason: unknown) => died.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    dir = mkdtempSync(join(tmpdir(), 'ccm-wb-bad-'));
    wb = await startWorkbench({ port: 0, dataFile: join(dir, 'world.json') });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await wb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The admin CLI's stand-in wants a bearer token ("local:<email>") before it reads the path.
  const ADMIN = 'Authorization: Bearer local:admin@lumen.test\r\n';

  test.each([
    ['a malformed %-escape in a message id', '/api/mail/%E0%A4%A/body'],
    ['a malformed %-escape in an API path', '/api/events/%E0%A4%A'],
    ['an absolute-form target with a bad port', 'http://127.0.0.1:99999/api/bootstrap'],
    ['a malformed %-escape for the Sheets stand-in', '/v4/spreadsheets/%E0%A4%A', ADMIN],
    ['an absolute-form Sheets target with a bad port', 'http://127.0.0.1:99999/v4/spreadsheets/x'],
  ])('%s: 400', async (_name, target, headers = '') => {
    expect(await rawStatus(wb.port, target, headers)).toBe(400);
    // Still serving, and nothing escaped as a rejected promise.
    expect(await rawStatus(wb.port, '/api/bootstrap')).toBe(200);
    await new Promise((r) => setImmediate(r));
    expect(died).toEqual([]);
  });
});
