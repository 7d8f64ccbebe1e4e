/**
 * One request's state: the verified caller, the clock, and lazily-read Sheet data, plus the
 * authorisation questions every op asks ("is the caller a coachee, and is their record usable?").
 * Roles come from the gateway's own tabs only, never from the request body.
 */
import type { Role } from '../core/api';
import { sameEmail } from '../core/email';
import { engagementFor, isAdmin, type CompanySettings, type Engagement } from '../core/engagement';
import { CcmError } from '../core/errors';
import { callerRoles } from '../core/roles';
import { civilDateOf } from '../core/time';
import type { Caller } from './auth';
import type { GatewayConfig } from './config';
import { type EngagementsRead, type SettingsRead, SheetStore } from './store';

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
      this.settingsValue = read.settings && this.engagements().headerProblem ? { ...read, settings: null } : read;
    }
    return this.settingsValue;
  }

  /** Valid company settings, or SETTINGS_INVALID (admins learn what is wrong from the admin op). */
  settings(): CompanySettings {
    const s = this.settingsRead().settings;
    if (!s) throw new CcmError('SETTINGS_INVALID');
    return s;
  }

  engagements(): EngagementsRead {
    this.engagementsValue ??= this.store.readEngagements();
    return this.engagementsValue;
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
    const e = this.engagements();
    const rows = [...e.rowsByCoachee.entries()].filter(([k]) => sameEmail(k, email)).flatMap(([, r]) => r);
    if (rows.length === 0) return { kind: 'none' };
    const broken = rows.filter((r) => e.problems.some((p) => p.row === r));
    if (broken.length > 0) return { kind: 'invalid', rows: broken };
    const engagements = e.engagements.filter((g) => sameEmail(g.coachee, email));
    return engagements.length > 0 ? { kind: 'ok', engagements } : { kind: 'none' };
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
    return callerRoles({
      email: this.email,
      hasCoacheeRows: this.coacheeRecord().kind !== 'none',
      engagements: this.engagements().engagements,
      isAdmin: this.isAdmin(),
    });
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
