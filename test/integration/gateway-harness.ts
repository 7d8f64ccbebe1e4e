// Test harness for the gateway: a World with a seeded company, a LocalRuntime running the BUILT
// gateway bundle (build/gateway/Code.js, the file clasp pushes) as its owner, and helpers to POST a
// request with an identity token minted for a person.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayOp, GatewayResponse } from '../../src/core/api';
import {
  seedCompany,
  type SeedCompanyOptions,
  type SeededCompany,
  DEFAULT_ADDON_CLIENT_ID,
} from '../../src/local/host/company';
import { mintIdToken } from '../../src/local/runtime/backends/identity';
import { LocalRuntime, type ExecutionResult, type RuntimeOptions } from '../../src/local/runtime/runtime';
import { World } from '../../src/local/runtime/world';

const root = join(__dirname, '..', '..');
export const GATEWAY_URL = 'https://script.google.com/macros/s/AKfy-gateway/exec';
export const OWNER = 'ccm-service@acme.test';

export const ACME: Omit<SeedCompanyOptions, 'engagements'> & { engagements?: SeedCompanyOptions['engagements'] } = {
  owner: OWNER,
  settings: {
    domain: 'acme.test',
    timeZone: 'Europe/Berlin',
    quarters: 'calendar',
    admins: ['hr@acme.test'],
    toolkitUrl: 'https://docs.google.com/document/d/toolkit/edit',
  },
};

export interface Harness {
  world: World;
  runtime: LocalRuntime;
  company: SeededCompany;
  token(
    email: string,
    overrides?: Record<string, unknown>,
    opts?: { signWithWrongKey?: boolean; header?: Record<string, string> },
  ): string;
  /** POSTs one request as `email` straight into doPost (the web app runs as its owner). */
  post(body: unknown, email?: string): Promise<{ res: GatewayResponse<any>; exec: ExecutionResult }>;
  /** A well-formed request for `op` as `email`, with a fresh token. */
  call<T = any>(
    email: string,
    op: GatewayOp,
    args?: unknown,
    extra?: { token?: string },
  ): Promise<{ res: GatewayResponse<T>; exec: ExecutionResult }>;
  /** Runs the daily job's handler as the owner, as its time-driven trigger would (clockEvent). */
  dailyJob(): Promise<ExecutionResult>;
  close(): Promise<void>;
}

let requestSeq = 0;

export function gatewayHarness(
  seed: Partial<SeedCompanyOptions> & Pick<SeedCompanyOptions, 'engagements'>,
  opts: RuntimeOptions & { now?: string } = {},
): Harness {
  const world = new World();
  world.advanceTo(Date.parse(opts.now ?? '2026-03-02T09:00:00Z'));
  const company = seedCompany(world, {
    ...ACME,
    ...seed,
    settings: { ...ACME.settings, ...seed.settings },
  } as SeedCompanyOptions);
  const runtime = new LocalRuntime(world, opts);
  runtime.registerProject({
    name: 'gateway',
    codePath: join(root, 'build/gateway/Code.js'),
    manifest: JSON.parse(readFileSync(join(root, 'build/gateway/appsscript.json'), 'utf8')),
    owner: OWNER,
    webAppUrl: GATEWAY_URL,
    oauthClientId: 'gateway-client.apps.googleusercontent.com',
  });

  const token = (
    email: string,
    overrides: Record<string, unknown> = {},
    o: { signWithWrongKey?: boolean; header?: Record<string, string> } = {},
  ) => mintIdToken(world, { email, aud: DEFAULT_ADDON_CLIENT_ID, ...overrides }, { ...o, nowMs: world.now() });

  const post = async (body: unknown, email = 'anonymous@example.test') => {
    const contents = typeof body === 'string' ? body : JSON.stringify(body);
    const e = {
      parameter: {},
      parameters: {},
      queryString: '',
      contentLength: contents.length,
      contextPath: '',
      postData: { contents, length: contents.length, type: 'application/json', name: 'postData' },
    };
    const exec = await runtime.execute({ project: 'gateway', fn: 'doPost', args: [e], user: email, runAsOwner: true });
    if (!exec.ok) throw new Error(`doPost crashed: ${exec.error?.message}`);
    const out = exec.value as { $type: string; content: string; mimeType: string };
    expect(out.$type).toBe('TextOutput');
    expect(out.mimeType).toBe('application/json');
    return { res: JSON.parse(out.content) as GatewayResponse<any>, exec };
  };

  const call = (email: string, op: GatewayOp, args: unknown = {}, extra: { token?: string } = {}) =>
    post({ op, idToken: extra.token ?? token(email), requestId: `req-${++requestSeq}`, args }, email);

  const dailyJob = async () => {
    const exec = await runtime.execute({
      project: 'gateway',
      fn: 'dailyJob',
      args: [{ authMode: 'FULL' }],
      user: OWNER,
    });
    if (!exec.ok) throw new Error(`dailyJob crashed: ${exec.error?.message}`);
    return exec;
  };

  return { world, runtime, company, token, post, call, dailyJob, close: () => runtime.close() };
}

/** An event reference for `book` / `panel`: `start` ISO with offset, `minutes` long. */
export function event(eventId: string, start: string, minutes = 60, extra: Record<string, unknown> = {}) {
  const s = Date.parse(start);
  return { eventId, start: new Date(s).toISOString(), end: new Date(s + minutes * 60_000).toISOString(), ...extra };
}

/** Spreadsheet calls made while the lock was held, by method (everything else in callsInLock too). */
export function callsInLock(exec: ExecutionResult): Record<string, number> {
  return exec.counters.callsInLock;
}
