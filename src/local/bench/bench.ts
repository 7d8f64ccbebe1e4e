/**
 * The benchmark (`npm run bench`): what each person's action costs, through the BUILT add-on and
 * gateway in the local runtime, in both dimensions a company grows in: Engagements rows (people) and
 * Ledger rows (bookings). For every engagements x ledger pair it seeds one company (the same measured
 * people each time, other valid engagements up to the count, plus history bookings), then plays
 * each handler in its steady state (warmed up once, so it measures what every later use costs) and
 * sums the add-on execution and the gateway execution(s) it started:
 *   service calls, Sheet cells read / written (and scanned by TextFinder), CPU ms in the runtime,
 *   and a modelled latency from the latency table (latency.ts: published figures, cited; the rest
 *   printed as assumptions).
 * The overview job (the gateway's `refreshOverview`, a time-driven trigger) is run before the admin
 * card, as it would have run on Google, and measured as its own row: no person waits for it.
 * Plus each bundle's size and the time to load it into a fresh V8 context.
 *
 * The targets (issue 7) are checked and any miss is printed plainly.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import { scenarioFormValues } from '../../addon/form';
import { ACTIONS } from '../../addon/views/names';
import { Workspace, GATEWAY_URL, type AddonPanel, type PanelOutcome } from '../host/workspace';
import * as cal from '../runtime/backends/calendar';
import * as gmail from '../runtime/backends/gmail';
import { urlFetchLog } from '../runtime/backends/urlfetch';
import type { ExecutionResult } from '../runtime/runtime';
import { ASSUMPTIONS, modelTerms, PUBLISHED, type ExecutionTree, type ModelTerm } from './latency';
import { seedEngagementRows, seedHistory } from './seed';

export const HANDLERS = [
  'coachee panel open',
  'coachee panel open (warm)',
  'confirm',
  'cancel',
  'manager open in Calendar',
  'Gmail open of an ordinary message',
  'Gmail open of an invitation',
  'homepage open',
  'overview job (trigger)',
  'admin card',
] as const;
export type HandlerName = (typeof HANDLERS)[number];

export const DEFAULT_SIZES = [1_000, 300_000];
export const DEFAULT_ENGAGEMENTS = [1_000, 10_000, 50_000];
/** Handlers whose cells read and gateway CPU must stay flat from the smallest company to the largest. */
export const FLAT_HANDLERS: HandlerName[] = [
  'coachee panel open',
  'confirm',
  'cancel',
  'manager open in Calendar',
  'Gmail open of an invitation',
];
/** The admin card's budget of cells read, at every size. */
export const ADMIN_MAX_CELLS = 5_000;
/** Modelled-latency budgets (ms). */
export const MODELLED_BUDGETS: Partial<Record<HandlerName, number>> = {
  'coachee panel open (warm)': 1_200,
  'coachee panel open': 2_500,
  confirm: 2_500,
  'Gmail open of an ordinary message': 500,
};
/** The add-on bundle's budget (issue 7): 150 KB. */
export const ADDON_BUDGET_BYTES = 150 * 1024;
/** At most this many Spreadsheet calls while the script lock is held. */
export const MAX_CALLS_IN_LOCK = 6;
/** Flat means within this fraction, or within the absolute slack below, whichever is larger. */
export const FLAT_TOLERANCE = 0.2;
export const FLAT_SLACK_CELLS = 20;
export const FLAT_SLACK_CPU_MS = 15;

/** The figures of the JSON, per handler and engagements x ledger size. */
export interface Figures {
  serviceCalls: number;
  cellsRead: number;
  cellsWritten: number;
  /** Cells a TextFinder looked at on the server (not client reads; they grow with the sheet). */
  cellsScanned: number;
  /** Requests from the add-on to the gateway. */
  roundTrips: number;
  /** The most Spreadsheet calls one gateway execution made while holding the lock. */
  callsInLock: number;
  gatewayCpuMs: number;
  addonCpuMs: number;
  modelledMs: number;
}

/** Everything measured for one handler at one size (the JSON keeps the figures). */
export interface Measured extends Figures {
  calendarCalls: number;
  urlFetchCalls: number;
  /** Every service call, by method, add-on and gateway together. */
  calls: Record<string, number>;
  /** What the person saw (notification or card title), to show the action did what it should. */
  outcome: string;
  /** The modelled ms term by term (`--breakdown`). */
  terms: ModelTerm[];
}

export interface BundleFigures {
  bytes: number;
  loadMs: number;
}

export interface TargetCheck {
  name: string;
  met: boolean;
  detail: string;
}

export interface BenchResult {
  engagementSizes: number[];
  ledgerSizes: number[];
  handlers: Record<HandlerName, Record<string, Measured>>;
  bundles: Record<string, BundleFigures>;
  targets: TargetCheck[];
}

export interface BenchOptions {
  sizes?: number[];
  engagements?: number[];
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  buildDir?: string;
}

const COMPANY = 'acme.test';
const COACHEE = 'ben@acme.test';
const MANAGER = 'lea@acme.test';
const COACH = 'cora@coaches.test';
const ADMIN = 'hr@acme.test';
const NOW = '2026-04-07T07:00:00Z';
const FORM = {
  goal: 'Lead the Q2 launch end to end',
  agenda: ['The goal and how it serves the launch', 'Support I need from Lea'],
  actionPlan: [{ step: 'Draft the launch plan', owner: 'coachee', due: '2026-05-20' }],
  coachRole: 'facilitate',
};
/** Current engagements besides the measured coachee's, seeded as an admin types them. */
const OTHER_ENGAGEMENTS = 40;
/** The key of one engagements x ledger pair in the results. */
export const sizeKey = (engagements: number, ledger: number) => `${engagements}x${ledger}`;

const SHEETS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder|Protection|DataValidation)\./;

function sumCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** The execution a panel action ran, with the gateway executions it started. */
function tree(ws: Workspace, exec: ExecutionResult): ExecutionTree {
  const fetches = urlFetchLog(ws.runtime).requests.filter((r) => r.execId === exec.execId);
  const children = ws.runtime.history.filter((r) => r.parentId === exec.execId).map((c) => tree(ws, c));
  return { exec, children, fetches };
}

function flatten(t: ExecutionTree): ExecutionTree[] {
  return [t, ...t.children.flatMap(flatten)];
}

function measure(ws: Workspace, outcome: PanelOutcome, panel: AddonPanel): Measured {
  if (outcome.crash) throw new Error(`benchmark: the add-on crashed: ${outcome.crash}`);
  return measureExec(ws, outcome.execution, outcome.notification ?? panel.text()?.title ?? '');
}

function measureExec(ws: Workspace, execution: ExecutionResult, outcome: string): Measured {
  const root = tree(ws, execution);
  const all = flatten(root);
  const calls: Record<string, number> = {};
  let cellsRead = 0;
  let cellsWritten = 0;
  let cellsScanned = 0;
  let gatewayCpuMs = 0;
  let addonCpuMs = 0;
  let inLock = 0;
  for (const t of all) {
    const c = t.exec.counters;
    sumCounts(calls, c.serviceCalls);
    cellsRead += c.cellsRead;
    cellsWritten += c.cellsWritten;
    cellsScanned += c.cellsScanned ?? 0;
    if (t.exec.project === 'gateway') gatewayCpuMs += t.exec.cpuMs;
    else addonCpuMs += t.exec.cpuMs;
    inLock = Math.max(
      inLock,
      Object.entries(c.callsInLock)
        .filter(([m]) => SHEETS.test(m))
        .reduce((n, [, k]) => n + k, 0),
    );
  }
  const isGateway = (url: string) => url.startsWith(GATEWAY_URL);
  const terms = modelTerms(root, isGateway);
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  return {
    serviceCalls: total,
    cellsRead,
    cellsWritten,
    cellsScanned,
    roundTrips: root.fetches.filter((f) => isGateway(f.url)).length,
    callsInLock: inLock,
    gatewayCpuMs: Math.round(gatewayCpuMs),
    addonCpuMs: Math.round(addonCpuMs),
    modelledMs: Math.round(terms.reduce((ms, t) => ms + t.ms, 0)),
    calendarCalls: Object.entries(calls)
      .filter(([m]) => m.startsWith('Calendar.'))
      .reduce((n, [, k]) => n + k, 0),
    urlFetchCalls: root.exec.counters.serviceCalls['UrlFetchApp.fetch'] ?? 0,
    calls,
    outcome,
    terms,
  };
}

const tick = (ws: Workspace, minutes = 1) => ws.world.advanceTo(ws.world.now() + minutes * 60_000);

/** A booking made before the measured ones (10:00-11:00 Berlin on `day`, confirmed on its panel), then a minute. */
async function bookAhead(ws: Workspace, who: string, summary: string, day: string, what: string): Promise<void> {
  const ev = cal.createEvent(ws.world, who, {
    summary,
    start: `${day}T10:00:00+02:00`,
    end: `${day}T11:00:00+02:00`,
  });
  const panel = ws.calendarPanel(who, { eventId: ev.id });
  await panel.open();
  const booked = await panel.press({ fn: ACTIONS.confirm }, scenarioFormValues(FORM));
  if (!/^Confirmed/.test(booked.notification ?? ''))
    throw new Error(`benchmark: ${what} failed: ${booked.notification ?? booked.crash}`);
  tick(ws);
}

/** One company: `engagements` Engagements rows, `size` history bookings, every handler measured. */
async function runSize(engagements: number, size: number, opts: BenchOptions): Promise<Record<HandlerName, Measured>> {
  const ws = new Workspace({ deadlineMs: 120_000, ...(opts.buildDir ? { buildDir: opts.buildDir } : {}) });
  try {
    ws.world.advanceTo(Date.parse(NOW));
    const others = Array.from({ length: OTHER_ENGAGEMENTS }, (_, i) => ({
      coachee: `c${i}@${COMPANY}`,
      manager: `m${i % 8}@${COMPANY}`,
      coach: COACH,
      program: 'quarterly',
      start: '2026-01-01',
      end: '2027-01-01',
    }));
    const { sheetId } = ws.seedCompany({
      settings: {
        domain: COMPANY,
        timeZone: 'Europe/Berlin',
        quarters: 'calendar',
        admins: [ADMIN],
        toolkitUrl: 'https://docs.google.com/document/d/acme-toolkit/edit',
      },
      engagements: [
        {
          coachee: COACHEE,
          manager: MANAGER,
          coach: COACH,
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
          videoLink: 'https://meet.google.com/cora-room',
        },
        ...others,
      ],
    });
    for (const email of [COACHEE, MANAGER, ADMIN]) ws.world.user(email)!.timeZone = 'Europe/Berlin';
    const t0 = Date.now();
    // Every further row a valid engagement of a distinct coachee (both programs, active and ended).
    seedEngagementRows(ws.world, sheetId, Math.max(0, engagements - 1 - OTHER_ENGAGEMENTS), { company: COMPANY });
    seedHistory(ws.world, sheetId, size, { company: COMPANY, manager: MANAGER, coach: COACH });
    opts.log?.(
      `  ${engagements.toLocaleString('en')} engagements and ${size.toLocaleString('en')} bookings seeded in ${Date.now() - t0} ms`,
    );

    const out = {} as Record<HandlerName, Measured>;
    const twice = async (open: () => AddonPanel): Promise<[AddonPanel, PanelOutcome, AddonPanel, PanelOutcome]> => {
      const first = open();
      const cold = await first.open(); // the first open: the gateway asked, the memo in user properties
      tick(ws);
      const p = open();
      return [p, await p.open(), first, cold];
    };

    // Steady state for the coachee: a meeting already booked through the add-on (next quarter), so
    // their Index row exists (a first-ever booking also creates it, in a short lock section of its
    // own) and the next panel reports it as a fact.
    await bookAhead(ws, COACHEE, 'Alignment (Q3)', '2026-08-11', 'the setup booking');

    // A colleague booked in Q2 first, as at any company past a quarter's first day: the measured
    // confirm finds the quarter's Usage row (creating it, once per company and quarter, costs a search,
    // an append and a second search more).
    const colleague = 'c0@acme.test';
    ws.world.user(colleague)!.timeZone = 'Europe/Berlin';
    await bookAhead(ws, colleague, 'Alignment', '2026-05-05', "the colleague's booking");

    // The coachee: an event saved in Q2, its panel, confirm, and (last) cancel.
    const ev = cal.createEvent(ws.world, COACHEE, {
      summary: 'Alignment: Ben / Lea / Cora',
      start: '2026-05-12T10:00:00+02:00',
      end: '2026-05-12T11:00:00+02:00',
    });
    const [panel, opened, firstPanel, firstOpened] = await twice(() => ws.calendarPanel(COACHEE, { eventId: ev.id }));
    out['coachee panel open'] = measure(ws, firstOpened, firstPanel);
    out['coachee panel open (warm)'] = measure(ws, opened, panel);
    tick(ws);
    const confirmed = await panel.press({ fn: ACTIONS.confirm }, scenarioFormValues(FORM));
    out.confirm = measure(ws, confirmed, panel);
    if (!/^Confirmed/.test(confirmed.notification ?? ''))
      throw new Error(`benchmark: confirm did not book: ${confirmed.notification}`);

    // The manager: the invitation in Calendar and in Gmail, and an ordinary message.
    tick(ws);
    const [mcal, mcalOpened] = await twice(() => ws.calendarPanel(MANAGER, { eventId: ev.id }));
    out['manager open in Calendar'] = measure(ws, mcalOpened, mcal);
    const invite = gmail
      .mailbox(ws.world, MANAGER)
      .find((m) => m.calendarEventId === ev.id && m.kind !== 'cancellation');
    if (!invite) throw new Error('benchmark: the manager got no invitation');
    tick(ws);
    const [minv, minvOpened] = await twice(() => ws.gmailPanel(MANAGER, invite.id));
    out['Gmail open of an invitation'] = measure(ws, minvOpened, minv);
    const [ordinary] = gmail.deliverMessage(ws.world, {
      to: MANAGER,
      from: `Ben <${COACHEE}>`,
      subject: 'Lunch on Friday?',
      body: 'Shall we have lunch on Friday? https://calendar.google.com/calendar/r',
    });
    tick(ws);
    const [mord, mordOpened] = await twice(() => ws.gmailPanel(MANAGER, ordinary!.id));
    out['Gmail open of an ordinary message'] = measure(ws, mordOpened, mord);

    // The coachee's homepage (allowance, next milestone, meetings), measured on its second open.
    tick(ws);
    const [home, homeOpened] = await twice(() => ws.homepage(COACHEE));
    out['homepage open'] = measure(ws, homeOpened, home);

    // The overview job (a time-driven trigger, as the owner): what the admin card shows that needs the
    // whole Engagements tab and Index. Not a person's action: no budget of cells, only its own cost.
    tick(ws);
    // Run once: its steady state already (the Overview tab exists, as `admin setup` makes it), and at
    // 50,000 x 300,000 one run is most of the benchmark's time.
    const job = await ws.runtime.execute({ project: 'gateway', fn: 'refreshOverview', user: ws.serviceOwner });
    if (!job.ok) throw new Error(`benchmark: the overview job failed: ${job.error?.message}`);
    out['overview job (trigger)'] = measureExec(ws, job, 'overview built');

    // The program admin's card (one `panel` call carrying the overview; measured on its second open, like the others).
    tick(ws);
    const [adm, admOpened] = await twice(() => ws.homepage(ADMIN));
    out['admin card'] = measure(ws, admOpened, adm);

    // Cancel, from the coachee's panel as it stands now.
    tick(ws);
    const again = ws.calendarPanel(COACHEE, { eventId: ev.id });
    await again.open();
    tick(ws);
    // "Keep the event, stop counting it", then the yes on the card that says what will happen (measured).
    await again.press({ fn: ACTIONS.cancel, params: { how: 'counting' } });
    tick(ws);
    const cancelled = await again.press({ fn: ACTIONS.cancel, params: { sure: '1' } });
    out.cancel = measure(ws, cancelled, again);
    if (!/^Cancelled/.test(cancelled.notification ?? ''))
      throw new Error(`benchmark: cancel did not cancel: ${cancelled.notification}`);
    return out;
  } finally {
    await ws.close();
  }
}

/** Size in bytes and the median time to compile and run the bundle in a fresh bare V8 context. */
export function bundleFigures(path: string, runs = 5): BundleFigures {
  const code = readFileSync(path, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    new vm.Script(code, { filename: path }).runInContext(vm.createContext({}));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { bytes: statSync(path).size, loadMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10 };
}

function checkTargets(r: BenchResult): TargetCheck[] {
  const keys = r.engagementSizes.flatMap((e) => r.ledgerSizes.map((l) => sizeKey(e, l)));
  const first = sizeKey(r.engagementSizes[0]!, r.ledgerSizes[0]!);
  const last = sizeKey(r.engagementSizes[r.engagementSizes.length - 1]!, r.ledgerSizes[r.ledgerSizes.length - 1]!);
  const flat = (h: HandlerName): TargetCheck => {
    const a = r.handlers[h][first]!;
    const b = r.handlers[h][last]!;
    const within = (x: number, y: number, slack: number) => Math.abs(y - x) <= Math.max(x * FLAT_TOLERANCE, slack);
    const cellsOk = within(a.cellsRead, b.cellsRead, FLAT_SLACK_CELLS);
    const cpuOk = within(a.gatewayCpuMs, b.gatewayCpuMs, FLAT_SLACK_CPU_MS);
    return {
      name: `${h}: cells read and gateway CPU flat (within ${FLAT_TOLERANCE * 100}% or +${FLAT_SLACK_CELLS} cells / +${FLAT_SLACK_CPU_MS} ms) from ${first} to ${last}`,
      met: cellsOk && cpuOk,
      detail: `${a.cellsRead} → ${b.cellsRead} cells${cellsOk ? '' : ' (MISSED)'}, ${a.gatewayCpuMs} → ${b.gatewayCpuMs} ms${cpuOk ? '' : ' (MISSED)'}`,
    };
  };
  const every = (pred: (m: Measured) => boolean, hs: readonly HandlerName[] = HANDLERS) =>
    hs.flatMap((h) => keys.filter((k) => !pred(r.handlers[h][k]!)).map((k) => `${h} at ${k}`));
  const max = (f: (m: Measured) => number, hs: readonly HandlerName[] = HANDLERS) =>
    Math.max(...hs.flatMap((h) => keys.map((k) => f(r.handlers[h][k]!))));
  const roundTrips = every((m) => m.roundTrips <= 1);
  const inLock = every((m) => m.callsInLock <= MAX_CALLS_IN_LOCK);
  const adminCells = every((m) => m.cellsRead <= ADMIN_MAX_CELLS, ['admin card']);
  const ordinary = keys.map((k) => r.handlers['Gmail open of an ordinary message'][k]!);
  const addon = r.bundles.addon;
  const modelled = (Object.entries(MODELLED_BUDGETS) as [HandlerName, number][]).map(([h, budget]) => {
    const misses = every((m) => m.modelledMs <= budget, [h]);
    return {
      name: `${h}: modelled at most ${budget.toLocaleString('en')} ms`,
      met: misses.length === 0,
      detail: `max ${max((m) => m.modelledMs, [h])} ms`,
    };
  });
  return [
    ...FLAT_HANDLERS.map(flat),
    {
      name: `admin card: at most ${ADMIN_MAX_CELLS.toLocaleString('en')} cells read at every size`,
      met: adminCells.length === 0,
      detail: `max ${max((m) => m.cellsRead, ['admin card']).toLocaleString('en')} cells`,
    },
    ...modelled,
    {
      name: "at most one gateway round trip per person's action",
      met: roundTrips.length === 0,
      detail: roundTrips.length === 0 ? `max ${max((m) => m.roundTrips)}` : `more in: ${roundTrips.join(', ')}`,
    },
    {
      name: `at most ${MAX_CALLS_IN_LOCK} Spreadsheet calls inside the lock`,
      met: inLock.length === 0,
      detail: inLock.length === 0 ? `max ${max((m) => m.callsInLock)}` : `more in: ${inLock.join(', ')}`,
    },
    {
      name: 'the Gmail ordinary-message path makes no Calendar or UrlFetch call',
      met: ordinary.every((m) => m.calendarCalls === 0 && m.urlFetchCalls === 0),
      detail: `Calendar ${Math.max(...ordinary.map((m) => m.calendarCalls))}, UrlFetch ${Math.max(...ordinary.map((m) => m.urlFetchCalls))}`,
    },
    {
      name: `the add-on bundle at most ${ADDON_BUDGET_BYTES / 1024} KB`,
      met: !!addon && addon.bytes <= ADDON_BUDGET_BYTES,
      detail: addon ? `${(addon.bytes / 1024).toFixed(1)} KB` : 'no build/addon/Code.js',
    },
  ];
}

export async function runBenchmark(opts: BenchOptions = {}): Promise<BenchResult> {
  const sizes = opts.sizes ?? DEFAULT_SIZES;
  const engagementSizes = opts.engagements ?? DEFAULT_ENGAGEMENTS;
  const buildDir = opts.buildDir ?? join(process.cwd(), 'build');
  const handlers = Object.fromEntries(HANDLERS.map((h) => [h, {}])) as Record<HandlerName, Record<string, Measured>>;
  for (const e of engagementSizes)
    for (const size of sizes) {
      opts.log?.(`${e.toLocaleString('en')} engagements, ledger of ${size.toLocaleString('en')} bookings`);
      const m = await runSize(e, size, { ...opts, buildDir });
      for (const h of HANDLERS) handlers[h][sizeKey(e, size)] = m[h];
    }
  const bundles: Record<string, BundleFigures> = {};
  for (const p of ['addon', 'gateway']) bundles[p] = bundleFigures(join(buildDir, p, 'Code.js'));
  const result: BenchResult = { engagementSizes, ledgerSizes: sizes, handlers, bundles, targets: [] };
  result.targets = checkTargets(result);
  return result;
}

/** The JSON's figures, in this order. */
export const FIGURES: (keyof Figures)[] = [
  'serviceCalls',
  'cellsRead',
  'cellsWritten',
  'cellsScanned',
  'roundTrips',
  'callsInLock',
  'gatewayCpuMs',
  'addonCpuMs',
  'modelledMs',
];

/** The machine-readable result, exactly the issue's shape. */
export function toJson(r: BenchResult): {
  engagementSizes: number[];
  ledgerSizes: number[];
  handlers: Record<string, Record<string, Figures>>;
  bundles: Record<string, BundleFigures>;
} {
  const handlers: Record<string, Record<string, Figures>> = {};
  for (const h of HANDLERS) {
    handlers[h] = {};
    for (const [key, m] of Object.entries(r.handlers[h]))
      handlers[h][key] = Object.fromEntries(FIGURES.map((f) => [f, m[f]])) as unknown as Figures;
  }
  return { engagementSizes: r.engagementSizes, ledgerSizes: r.ledgerSizes, handlers, bundles: r.bundles };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padL = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/**
 * Where the modelled ms of the budgeted handlers go (`--breakdown`): each term (same call in the same
 * project summed), largest first, with its source, so a miss can be traced to the calls behind it.
 */
export function formatBreakdown(r: BenchResult): string {
  const out: string[] = [];
  for (const h of Object.keys(MODELLED_BUDGETS) as HandlerName[])
    for (const [key, m] of Object.entries(r.handlers[h])) {
      const merged = new Map<string, ModelTerm>();
      for (const t of m.terms) {
        const k = `${t.where}|${t.what}`;
        const prev = merged.get(k);
        merged.set(k, prev ? { ...prev, count: prev.count + t.count, ms: prev.ms + t.ms } : { ...t });
      }
      const terms = [...merged.values()].filter((t) => t.ms > 0).sort((a, b) => b.ms - a.ms);
      out.push(`${h} at ${key}: ${m.modelledMs.toLocaleString('en')} ms modelled, ${m.roundTrips} round trip(s)`);
      for (const t of terms)
        out.push(
          `  ${pad(t.where, 9)}${pad(t.what, 34)}${padL(`x${t.count.toLocaleString('en')}`, 8)}${padL(`${Math.round(t.ms).toLocaleString('en')} ms`, 10)}  ${t.source}`,
        );
      out.push('');
    }
  return out.join('\n');
}

/** The human-readable report: one table per ledger size, bundles, targets (misses plainly), the model. */
export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  const cols = ['calls', 'read', 'written', 'scanned', 'trips', 'in lock', 'gw CPU', 'add-on CPU', 'modelled'];
  const w = 34;
  for (const e of r.engagementSizes)
    for (const size of r.ledgerSizes) {
      out.push(`${e.toLocaleString('en')} engagements, ledger of ${size.toLocaleString('en')} bookings`);
      out.push(`${pad('handler', w)}${cols.map((c) => padL(c, 11)).join('')}`);
      for (const h of HANDLERS) {
        const m = r.handlers[h][sizeKey(e, size)]!;
        const v = FIGURES.map((f) => m[f]);
        out.push(`${pad(h, w)}${v.map((x) => padL(x.toLocaleString('en'), 11)).join('')}`);
      }
      out.push('');
    }
  out.push('Bundles');
  for (const [p, b] of Object.entries(r.bundles))
    out.push(`${pad(`  ${p}`, w)}${padL(`${(b.bytes / 1024).toFixed(1)} KB`, 12)}${padL(`load ${b.loadMs} ms`, 16)}`);
  out.push('');
  out.push('Targets');
  for (const t of r.targets) out.push(`  ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.detail}`);
  const missed = r.targets.filter((t) => !t.met);
  out.push(
    missed.length === 0
      ? '  All targets met.'
      : `  ${missed.length} target(s) MISSED: ${missed.map((t) => t.name).join('; ')}`,
  );
  out.push('');
  out.push(
    'Columns: service calls, Sheet cells read and written by scripts, cells a TextFinder scanned on the server,',
  );
  out.push(
    'requests from the add-on to the gateway, most Spreadsheet calls inside the script lock, JavaScript ms in the',
  );
  out.push('runtime (gateway, add-on), modelled ms on Google (add-on + gateway, from the table below).');
  out.push(
    'Measured: calls, cells, round trips, calls in the lock and CPU ms (the local runtime). Modelled: the last column.',
  );
  out.push(
    '"coachee panel open" is the first open of the event (cold: the gateway asked, Calendar searched, the memo written); "(warm)" and the other handlers are measured on their second use (the warm panel a minute later, from the add-on\'s kept copy of the last gateway answer).',
  );
  out.push('');
  out.push('Latency model, published figures:');
  for (const p of PUBLISHED) out.push(`  ${p}`);
  out.push(
    '  [P] Peralta, ziritione.org/post/apps_script_performance; [S] Stack Overflow, "What is faster: ScriptDb or SpreadsheetApp?";',
  );
  out.push(
    '  [C] seman7277211.blogspot.com/2014/07/gas-calendarappcalendar.html; [G] developers.google.com/apps-script/guides/support/best-practices',
  );
  out.push('Assumptions:');
  for (const a of ASSUMPTIONS) out.push(`  ${a}`);
  return out.join('\n');
}
