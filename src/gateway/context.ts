/**
 * One request's state: the verified caller, the clock, and lazily-read Sheet data, plus the
 * authorisation questions every op asks ("is the caller a coachee, and is their record usable?").
 * Roles come from the gateway's own tabs only, never from the request body.
 *
 * Engagements are read by need, never whole on a person's request: the caller's own rows (found by
 * a TextFinder search on the coachee column, then read row by row) are checked together, which gives
 * them exactly the problems the whole tab's check gives them (rows are only ever compared with rows
 * of the same coachee), so another coachee's bad row never touches the caller. The whole tab is read
 * and checked only by the admin op (problems, due list, figures) and, at most once per
 * TALLY_CACHE_SECONDS, to tally the Usage tab's derived figures for a booking (usageTally).
 */
import type { Role } from '../core/api';
import { emailKey, normalizeEmail, sameEmail } from '../core/email';
import {
  engagementFor,
  findEngagementProblems,
  isAdmin,
  type CompanySettings,
  type Engagement,
  type EngagementListCheck,
} from '../core/engagement';
import { CcmError } from '../core/errors';
import { type Quarter, quarterOfDate } from '../core/quarters';
import { callerRoles } from '../core/roles';
import { addDays, civilDateOf } from '../core/time';
import type { Caller } from './auth';
import type { GatewayConfig } from './config';
import { type EngagementRole, type EngagementsRead, type SettingsRead, SheetStore } from './store';
import { type EngagementTally, reportingOptions, tallyAll, type TallySource, usageKey } from '../core/usage';

/**
 * How long a booking may tally the Usage tab's derived figures (engaged coachees, no meeting,
 * initial missed) from a cached copy: an admin's edit of Engagements reaches the figures a booking
 * writes within this bound (the admin card always derives them afresh from the whole tab).
 */
export const TALLY_CACHE_SECONDS = 600;
/** Reporting quarters tallied around now on a cache miss (before and after the current one). */
const TALLY_QUARTERS_AROUND = 4;

export type RowEngagement = Engagement & { row: number };

export type CoacheeRecord =
  | { kind: 'none' }
  /** The caller has rows in Engagements but at least one has a problem: the admin must fix it. */
  | { kind: 'invalid'; rows: number[] }
  | { kind: 'ok'; engagements: RowEngagement[] };

export class RequestContext {
  private storeValue: SheetStore | undefined;
  private settingsValue: SettingsRead | undefined;
  private engagementsValue: EngagementsRead | undefined;
  /** Each person's own Engagements rows, checked together (by emailKey). */
  private readonly checked = new Map<string, EngagementListCheck & { rows: number[] }>();
  private readonly names = new Map<number, string>();
  private readonly tallies = new Map<string, EngagementTally>();
  /** The caller's own rows by role from one search (roles()); undefined until asked, null when unavailable. */
  private roleHits: Record<EngagementRole, number[]> | null | undefined;

  constructor(
    readonly cfg: GatewayConfig,
    readonly caller: Caller,
    readonly nowMs: number,
    readonly requestId: string,
    readonly op: string,
  ) {}

  get email(): string {
    return this.caller.email;
  }

  get store(): SheetStore {
    this.storeValue ??= new SheetStore(this.cfg);
    return this.storeValue;
  }

  settingsRead(): SettingsRead {
    if (!this.settingsValue) {
      const read = this.store.readSettings();
      // An Engagements tab whose header row was deleted or renamed says nothing about anyone: like
      // broken settings, everyone is told the program needs its admin (who sees why, at row 1),
      // rather than each coachee being told they have no engagement.
      const headerProblem = this.store.engagementHeaders().headerProblem;
      this.settingsValue = read.settings && headerProblem ? { ...read, settings: null } : read;
    }
    return this.settingsValue;
  }

  /** Valid company settings, or SETTINGS_INVALID (admins learn what is wrong from the admin op). */
  settings(): CompanySettings {
    const s = this.settingsRead().settings;
    if (!s) throw new CcmError('SETTINGS_INVALID');
    return s;
  }

  /** The whole Engagements tab, read and checked: for the admin op only (it grows with people). */
  engagements(): EngagementsRead {
    this.engagementsValue ??= this.store.readEngagements();
    return this.engagementsValue;
  }

  /**
   * One person's rows as coachee (valid or not) and their check: from the whole tab when this
   * request has read it anyway, else found and read on their own.
   */
  private coacheeCheck(email: string): EngagementListCheck & { rows: number[] } {
    const key = emailKey(email);
    const known = this.checked.get(key);
    if (known) return known;
    let out: EngagementListCheck & { rows: number[] };
    const whole = this.engagementsValue;
    if (whole) {
      const rows = [...whole.rowsByCoachee.entries()].filter(([k]) => sameEmail(k, email)).flatMap(([, r]) => r);
      out = {
        rows,
        problems: whole.problems.filter((p) => rows.includes(p.row)),
        engagements: whole.engagements.filter((g) => sameEmail(g.coachee, email)),
      };
    } else {
      const store = this.store;
      const hits = this.roleHits && sameEmail(email, this.email) ? this.roleHits.coachee : undefined;
      const found = store.engagementRowsOf(normalizeEmail(email), 'coachee', { hits });
      const { objects, names } = store.engagementObjects(found);
      for (const [row, name] of names) this.names.set(row, name);
      const check = findEngagementProblems(objects, {
        rowNumbers: found.map((r) => r.row),
        dateCellTimeZone: store.dateCellTimeZone(found),
      });
      out = { ...check, rows: found.map((r) => r.row) };
    }
    this.checked.set(key, out);
    return out;
  }

  /** The "Coachee name" cell of an Engagements row this request has read. */
  nameOfRow(row: number): string | undefined {
    return this.names.get(row) ?? this.engagementsValue?.names.get(row);
  }

  /** True when some valid Engagements row names the caller as manager (or coach). */
  hasRowAs(as: 'manager' | 'coach'): boolean {
    const whole = this.engagementsValue;
    if (whole) return whole.engagements.some((g) => sameEmail(as === 'manager' ? g.manager : g.coach, this.email));
    const store = this.store;
    const valid = store.engagementRowsOf(this.email, as, {
      hits: this.roleHits?.[as],
      limit: 1,
      accept: (r) => store.checkEngagementRow(r).check.ok,
    });
    return valid.length > 0;
  }

  /**
   * The derived Usage figures' source for a booking: the whole tab when this request has read it,
   * else per-(company, quarter) tallies from the script cache (TALLY_CACHE_SECONDS), rebuilt from
   * the whole tab on a miss. A miss costs time, never a wrong count.
   */
  usageTally(): TallySource {
    if (this.engagementsValue) return this.usableEngagements();
    const settings = this.settings();
    const prefix = this.tallyPrefix(settings);
    return (company: string, quarter: Quarter) => {
      const key = prefix + usageKey(company, quarter.key);
      const memo = this.tallies.get(key);
      if (memo) return memo;
      const cache = CacheService.getScriptCache();
      try {
        const hit = cache.get(key);
        if (hit) {
          const t = JSON.parse(hit) as EngagementTally;
          if (typeof t.engaged === 'number' && t.due && typeof t.due === 'object') {
            this.tallies.set(key, t);
            return t;
          }
        }
      } catch {
        // An unreadable entry: tally afresh below.
      }
      this.cacheTallies([company], [quarter]);
      return this.tallies.get(key)!;
    };
  }

  private tallyPrefix(settings: CompanySettings): string {
    return `etally:${settings.quarters}:${settings.fiscalStartMonth}:${settings.timeZone}:`;
  }

  /**
   * Tallies every company's reporting quarters around now (and the ones asked for) from the whole
   * tab, and puts them in the script cache for TALLY_CACHE_SECONDS. The admin op calls it too: it
   * has read the whole tab anyway, so bookings after an admin's look start warm.
   */
  cacheTallies(companies: readonly string[] = [], extra: readonly Quarter[] = []): void {
    const settings = this.settings();
    const prefix = this.tallyPrefix(settings);
    const usable = this.usableEngagements();
    const opts = reportingOptions(settings);
    const now = quarterOfDate(civilDateOf(this.nowMs, settings.timeZone), opts);
    const quarters = [...extra, now];
    for (let q = now, k = 0; k < TALLY_QUARTERS_AROUND; k++) quarters.push((q = quarterOfDate(q.end, opts)));
    for (let q = now, k = 0; k < TALLY_QUARTERS_AROUND; k++)
      quarters.push((q = quarterOfDate(addDays(q.start, -1), opts)));
    const all: Record<string, string> = {};
    for (const [k, t] of tallyAll(usable, quarters, settings, companies)) {
      this.tallies.set(prefix + k, t);
      all[prefix + k] = JSON.stringify(t);
    }
    try {
      CacheService.getScriptCache().putAll(all, TALLY_CACHE_SECONDS);
    } catch {
      // Not cached: the next booking tallies again.
    }
  }

  /**
   * Valid engagements of coachees whose records are all usable: a coachee with a broken row cannot
   * book (ENGAGEMENT_RECORD_INVALID), so they are listed as a problem, never counted.
   */
  usableEngagements(): RowEngagement[] {
    const e = this.engagements();
    const problemRows = new Set(e.problems.map((p) => p.row));
    const broken = new Set(
      [...e.rowsByCoachee].filter(([, rows]) => rows.some((r) => problemRows.has(r))).map(([k]) => k),
    );
    return e.engagements.filter((g) => !broken.has(g.coachee));
  }

  isAdmin(): boolean {
    const s = this.settingsRead();
    return s.settings ? isAdmin(s.settings, this.email) : s.admins.some((a) => sameEmail(a, this.email));
  }

  /** The caller as a coachee: none, a broken record (isolated to them), or their valid engagements. */
  coacheeRecord(email = this.email): CoacheeRecord {
    const e = this.coacheeCheck(email);
    if (e.rows.length === 0) return { kind: 'none' };
    const broken = e.rows.filter((r) => e.problems.some((p) => p.row === r));
    if (broken.length > 0) return { kind: 'invalid', rows: broken };
    return e.engagements.length > 0 ? { kind: 'ok', engagements: e.engagements } : { kind: 'none' };
  }

  /** A person's valid engagements as coachee (rows with problems left out, as the whole tab's check). */
  validEngagementsOf(email: string): RowEngagement[] {
    return this.coacheeCheck(email).engagements;
  }

  /** The caller's valid engagements, or the error a coachee-only op answers with. */
  requireCoachee(): RowEngagement[] {
    const r = this.coacheeRecord();
    if (r.kind === 'none') throw new CcmError('NO_ENGAGEMENT');
    if (r.kind === 'invalid')
      throw new CcmError(
        'ENGAGEMENT_RECORD_INVALID',
        'Your engagement record has a problem, so alignment meetings cannot be booked yet. Your coaching program admin needs to fix your engagement record.',
      );
    return r.engagements;
  }

  /** The engagement that matters for a meeting at `instantMs` (or today). */
  engagementAt(engagements: readonly RowEngagement[], instantMs: number): RowEngagement {
    const tz = this.settings().timeZone;
    const found = engagementFor(engagements, this.email, civilDateOf(instantMs, tz));
    if (!found) throw new CcmError('NO_ENGAGEMENT');
    return found;
  }

  roles(): Role[] {
    // All three roles are asked about: find the caller's rows in one search, not one per role.
    if (this.roleHits === undefined && !this.engagementsValue)
      this.roleHits = this.store.engagementHitsByRole(this.email);
    return callerRoles({
      hasCoacheeRows: this.coacheeRecord().kind !== 'none',
      isManager: this.hasRowAs('manager'),
      isCoach: this.hasRowAs('coach'),
      isAdmin: this.isAdmin(),
    });
  }

  /**
   * Engagements rows that may name the caller as `as` (TextFinder hits, each to be confirmed by a
   * read): the roles' one search when roles() made it, else a search of that column.
   */
  roleRows(as: EngagementRole): number[] {
    return this.roleHits?.[as] ?? this.store.engagementHitsOf(this.email, as);
  }

  audit(entry: { eventId?: string; bookingId?: string; outcome: string; op?: string }): void {
    this.store.audit({
      actor: this.email,
      op: entry.op ?? this.op,
      eventId: entry.eventId,
      bookingId: entry.bookingId,
      outcome: entry.outcome,
      requestId: this.requestId,
    });
  }
}
