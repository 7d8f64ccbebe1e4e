/**
 * The benchmark's latency model: what one execution would take on Google, from the service calls
 * the local runtime counted (every call that would be a round trip to a Google service) and the
 * JavaScript time it measured. Published figures where they exist (cited); the rest are assumptions,
 * printed with the results so nobody mistakes them for measurements.
 *
 * Sources (each term checked against its source; the figures are the source's averages):
 * - [P] Luis Peralta, "Google Apps Script APIs performance" (ziritione.org/post/apps_script_performance):
 *   100 runs each; averages: getProperty 30 ms (script store) / 34 ms (user store), setProperty 62 / 64 ms;
 *   CacheService get 3 / 4 ms, put 93 / 92 ms. The runtime's counters do not tell the stores apart, so the
 *   higher of each pair is used (the add-on uses the user stores, the gateway the script stores).
 * - [G] Google, Apps Script "Best practices" (developers.google.com/apps-script/guides/support/best-practices):
 *   batch reads and writes; a cell-by-cell loop is about 70x slower than one getValues/setValues.
 * - [S] Stack Overflow, "What is faster: ScriptDb or SpreadsheetApp?" (answer with timings; mirrored at
 *   ruby-bash.developreference.com/article/29263774): one setValues of 4,000 cells under 50 ms; 400
 *   one-row writes each followed by flush() took about 12 s, so a flush of one row's writes is about 30 ms
 *   (a flush after a 4,000-cell write added about 560 ms). Earlier versions cited a Tanaike gist for the
 *   50 ms figure; the figure is this answer's.
 * - [C] "[GAS] CalendarApp、Calendarのパフォーマンス比較" (seman7277211.blogspot.com, 2014-07): a script
 *   whose one advanced Calendar.Events.list call lists three events ran in 0.34 s (CalendarApp.getEvents:
 *   about 1.8 s). The whole 0.34 s is priced to the call (it was 300 ms here before: rounded down).
 */
import type { ExecutionResult } from '../runtime/runtime';
import type { RecordedRequest } from '../runtime/backends/urlfetch';

export interface LatencyRule {
  /** Service calls this rule prices (matched against the method name the runtime counts). */
  match: RegExp;
  ms: number;
  /** A citation key above, or 'assumption'. */
  source: string;
  note: string;
}

/** First match wins. */
export const LATENCY_TABLE: LatencyRule[] = [
  { match: /^Properties\.(getProperty|getProperties|getKeys)$/, ms: 34, source: 'P', note: 'PropertiesService get' },
  {
    match: /^Properties\.(setProperty|setProperties|deleteProperty|deleteAllProperties)$/,
    ms: 64,
    source: 'P',
    note: 'PropertiesService set',
  },
  { match: /^Cache\.(get|getAll)$/, ms: 4, source: 'P', note: 'CacheService get' },
  {
    match: /^Cache\.(put|putAll|remove|removeAll)$/,
    ms: 93,
    source: 'P',
    note: 'CacheService put (remove priced like put: a write)',
  },
  { match: /^Calendar\.Events\.list$/, ms: 340, source: 'C', note: 'Calendar.Events.list' },
  {
    match: /^Calendar\./,
    ms: 340,
    source: 'assumption',
    note: 'other Calendar API calls (get, patch, insert, free/busy): priced like Events.list',
  },
  {
    match: /^Range\.(getValues|getValue|getDisplayValues|getDisplayValue|setValues|setValue|getFormulas)$/,
    ms: 50,
    source: 'S',
    note: 'one batch read or write of a range (up to ~4,000 cells)',
  },
  {
    match: /^SpreadsheetApp\.flush$/,
    ms: 50,
    source: 'assumption',
    note: 'flush after the batch writes in the lock (a few rows: [S] measured about 30 ms for one row)',
  },
  {
    match: /^TextFinder\./,
    ms: 100,
    source: 'assumption',
    note: 'a server-side TextFinder search (grows with the sheet; not client cells)',
  },
  { match: /^SpreadsheetApp\.openById$/, ms: 150, source: 'assumption', note: 'opening the usage Sheet' },
  {
    match: /^(Spreadsheet|Sheet|Range|SpreadsheetApp|Protection|DataValidation)\./,
    ms: 10,
    source: 'assumption',
    note: 'Sheet metadata calls (getSheetByName, getLastRow, formats)',
  },
  { match: /^Lock\./, ms: 20, source: 'assumption', note: 'LockService, uncontended' },
  {
    match: /^(GmailApp|GmailMessage|GmailThread|GmailAttachment)\./,
    ms: 150,
    source: 'assumption',
    note: 'reading the open message',
  },
  { match: /^ScriptApp\.getIdentityToken$/, ms: 20, source: 'assumption', note: 'minting the identity token' },
  {
    match: /^UrlFetchApp\./,
    ms: 0,
    source: 'model',
    note: 'priced per request below (round trip, plus the gateway when it is the gateway)',
  },
  {
    match: /./,
    ms: 10,
    source: 'assumption',
    note: 'any other service call (Session, ScriptApp, Utilities that cross to Google)',
  },
];

/** UrlFetch round trip to a Google endpoint (tokeninfo) or to the gateway's front end. */
export const URLFETCH_ROUND_TRIP_MS = 150;
/** A web app starting a fresh execution of the gateway project (no warm instance to reuse). */
export const WEBAPP_COLD_START_MS = 800;
/**
 * A Calendar API request the add-on sends over UrlFetch (REST, with its OAuth token), priced like the
 * advanced service's call [C] (both are one HTTPS request to the same API); an assumption.
 */
export const CALENDAR_REST_MS = 340;
const CALENDAR_REST = 'https://www.googleapis.com/calendar/v3/';
/** A TextFinder search costs more on a bigger sheet: this much per cell it looks at, on top of the call. */
export const SCAN_MS_PER_CELL = 0.001;

export const ASSUMPTIONS = [
  `UrlFetch round trip: ${URLFETCH_ROUND_TRIP_MS} ms per request (assumption), plus the gateway's own modelled time when the request is the gateway`,
  `web-app cold start: ${WEBAPP_COLD_START_MS} ms per gateway request (assumption, worst case: every request starts the project afresh)`,
  `Calendar API over UrlFetch (REST): ${CALENDAR_REST_MS} ms a request, priced like the advanced service's call (assumption)`,
  'UrlFetchApp.fetchAll: its requests run at the same time, so a batch costs its slowest request (Tanaike, gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728)',
  `TextFinder scan: ${SCAN_MS_PER_CELL * 1000} ms per 1,000 cells searched on the server, on top of the call (assumption)`,
  ...LATENCY_TABLE.filter((r) => r.source === 'assumption').map((r) => `${r.note}: ${r.ms} ms a call (assumption)`),
  "JavaScript time: the CPU ms measured in the local runtime, taken as is (Google's V8 is assumed no slower)",
  'not modelled: the host app showing the card, network to the user, contention for the script lock',
];

export const PUBLISHED = LATENCY_TABLE.filter((r) => r.source !== 'assumption' && r.source !== 'model').map(
  (r) => `${r.note}: ${r.ms} ms a call [${r.source}]`,
);

export function callMs(method: string): number {
  return (LATENCY_TABLE.find((r) => r.match.test(method)) ?? { ms: 0 }).ms;
}

export interface ExecutionTree {
  exec: ExecutionResult;
  /** Executions it started (the gateway, through UrlFetch), with theirs. */
  children: ExecutionTree[];
  /** Requests it made with UrlFetch (from the runtime's request log). */
  fetches: RecordedRequest[];
}

/** One term of the model: what it prices, where, how many times, and its total. */
export interface ModelTerm {
  /** 'add-on' or 'gateway' (the project whose execution made the call). */
  where: string;
  /** A service method, 'JavaScript', 'TextFinder scan', 'UrlFetch round trip' or 'web-app cold start'. */
  what: string;
  count: number;
  ms: number;
  /** A citation key, 'assumption', or 'measured'. */
  source: string;
}

/** The modelled time of an execution and everything it waited for, term by term (`--breakdown`). */
export function modelTerms(t: ExecutionTree, isWebApp: (url: string) => boolean): ModelTerm[] {
  const where = t.exec.project;
  const terms: ModelTerm[] = [{ where, what: 'JavaScript', count: 1, ms: t.exec.cpuMs, source: 'measured' }];
  const scanned = t.exec.counters.cellsScanned ?? 0;
  if (scanned > 0)
    terms.push({
      where,
      what: 'TextFinder scan',
      count: scanned,
      ms: scanned * SCAN_MS_PER_CELL,
      source: 'assumption',
    });
  for (const [method, n] of Object.entries(t.exec.counters.serviceCalls)) {
    const rule = LATENCY_TABLE.find((r) => r.match.test(method));
    terms.push({ where, what: method, count: n, ms: (rule?.ms ?? 0) * n, source: rule?.source ?? 'model' });
  }
  const children = [...t.children];
  const nested: ModelTerm[] = [];
  // The requests of one fetchAll run at the same time: the batch costs its slowest request. A single
  // fetch is a group of its own (keyed by itself); groups keep the order of their first request.
  const groups = new Map<number | RecordedRequest, RecordedRequest[]>();
  for (const f of t.fetches) groups.set(f.batch ?? f, [...(groups.get(f.batch ?? f) ?? []), f]);
  for (const group of groups.values()) {
    const priced = group.map((f) => {
      const own: ModelTerm[] = [];
      const sub: ModelTerm[] = [];
      if (f.url.startsWith(CALENDAR_REST)) {
        own.push({ where, what: 'Calendar REST (UrlFetch)', count: 1, ms: CALENDAR_REST_MS, source: 'assumption' });
        return { own, sub };
      }
      own.push({ where, what: 'UrlFetch round trip', count: 1, ms: URLFETCH_ROUND_TRIP_MS, source: 'assumption' });
      if (isWebApp(f.url)) {
        own.push({ where, what: 'web-app cold start', count: 1, ms: WEBAPP_COLD_START_MS, source: 'assumption' });
        const child = children.shift();
        if (child) sub.push(...modelTerms(child, isWebApp));
      }
      return { own, sub };
    });
    const total = (p: { own: ModelTerm[]; sub: ModelTerm[] }) => [...p.own, ...p.sub].reduce((a, x) => a + x.ms, 0);
    const slowest = priced.reduce((a, b) => (total(b) > total(a) ? b : a));
    for (const p of priced) {
      if (p === slowest) {
        terms.push(...p.own);
        nested.push(...p.sub);
      } else {
        // Counted, but its time is inside the slowest request's.
        terms.push(...p.own.map((x) => ({ ...x, what: `${x.what}, in parallel`, ms: 0 })));
        nested.push(...p.sub.map((x) => ({ ...x, ms: 0 })));
      }
    }
  }
  return [...terms, ...nested];
}
