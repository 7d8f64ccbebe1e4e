/**
 * The gateway's daily job: a time-driven trigger of the gateway project (installed by trigger.ts),
 * running as the service owner with no request and no token. Each run:
 * 1. expires every booking still pending a day after its last change (ops/expire.ts), each in its
 *    own short lock section; then presumes held every meeting 7 days past its end without the
 *    coachee's answer (ops/held.ts), the same way;
 * 2. sends the reminders that are due (rules: core/reminders.ts; words: core/reminder-mail.ts) with
 *    MailApp, from the service owner: names, dates, links and counts only, never plan text.
 *
 * Never twice: every reminder has a key (kind + booking, milestone or week) written to the Reminders
 * tab BEFORE its mail goes out, a batch at a time; a key already there is never sent again. (A run
 * that dies between writing a batch and sending it loses those reminders rather than repeating them.)
 * Bounded: the run stops starting new work after RUN_BUDGET_MS (Google stops a trigger at 6 minutes)
 * and when MailApp.getRemainingDailyQuota() cannot cover the next mail; what is left goes out at the
 * next run. Audit gets one row per reminder (ids and the kind only) and one per run.
 * 3. trims the oldest Audit and Reminders rows past their retention bounds (trim.ts; issue 12: the
 *    Sheet's 10,000,000 cells), a bounded number a run.
 * One run at a time: a second run while one is going does nothing (lease.ts).
 */
import { engagementFor } from '../core/engagement';
import { emailKey } from '../core/email';
import { CcmError } from '../core/errors';
import {
  adminDigestMail,
  coacheePlanMail,
  eventLink,
  managerPrepMail,
  MAIL_SENDER_NAME,
  milestoneOpenMail,
  type MailContent,
} from '../core/reminder-mail';
import {
  bookingRemindersDue,
  digestKey,
  milestoneReminderDue,
  reminderSwitches,
  type ReminderKind,
} from '../core/reminders';
import { civilDateOf, formatDateLong, formatZonedDateTime, parseIsoInstant } from '../core/time';
import type { Caller } from './auth';
import { readConfig } from './config';
import { RequestContext } from './context';
import { releaseDailyLease, takeDailyLease } from './lease';
import { trimTabs, type TrimResult } from './trim';
import { errorText } from './log';
import { expireUnconfirmed } from './ops/expire';
import { presumeHeld } from './ops/held';
import { bookingsByCoachee, coacheesDue, runOverviewJob } from './ops/overview';
import { cellString, REMINDER_HEADERS, safeCell } from './schema';
import { growGrid, type IndexEntry } from './store';

/** Stop starting new work after this long (a trigger run is stopped by Google at 6 minutes). */
export const RUN_BUDGET_MS = 4 * 60_000;
/** Reminders recorded (one Sheet write) and then sent together. */
export const REMINDER_BATCH = 20;

export interface DailyJobResult {
  expired: number;
  /** Bookings presumed held this run (7 days past their end without an answer: core/held.ts). */
  presumed: number;
  sent: number;
  /** Reminders due but left for the next run (quota or time). */
  left: number;
  stoppedBy: 'quota' | 'time' | null;
  /** Old Audit and Reminders rows deleted this run (null: no time left for it). */
  trimmed: TrimResult | null;
}

interface Reminder {
  kind: ReminderKind;
  key: string;
  to: string;
  bookingId?: string;
  eventId?: string;
  mail: MailContent;
}

/** The trigger's handler (main.ts exports it as `dailyJob`). Never throws: a failed run logs and returns. */
/**
 * The morning run: the daily job, then the admin card's overview (ops/overview.ts; only for a program
 * too large for the card to build it live) when enough of the trigger's 6 minutes is left (a large
 * program's overview takes a minute or more). A failed overview is logged; the card says its age.
 */
export function runMorning(): void {
  const started = Date.now();
  runDailyJob();
  if (Date.now() - started > OVERVIEW_LATEST_MS) {
    console.warn(JSON.stringify({ event: 'overview-skipped', reason: 'time' }));
    return;
  }
  try {
    runOverviewJob(Date.now(), true);
  } catch (err) {
    console.warn(JSON.stringify({ event: 'overview-failed', error: errorText(err) }));
  }
}

/** Past this much of the run, the overview waits for the next morning (or its own trigger). */
const OVERVIEW_LATEST_MS = 3 * 60_000;

export function runDailyJob(): DailyJobResult | null {
  const started = Date.now();
  const log: Record<string, unknown> = { event: 'daily-job' };
  try {
    const cfg = readConfig();
    const owner = Session.getEffectiveUser().getEmail();
    const caller: Caller = { email: owner, hd: cfg.allowedDomain, inDomain: true };
    const ctx = new RequestContext(cfg, caller, started, `daily-${started}`, 'dailyJob');
    if (!takeDailyLease(cfg.lockWaitMs, started)) {
      log.outcome = 'ALREADY_RUNNING'; // another run is sending: this one would only repeat it
      return null;
    }
    try {
      const result = dailyRun(ctx, started + RUN_BUDGET_MS);
      Object.assign(log, result, { outcome: 'OK' });
      ctx.audit({
        outcome: `OK expired=${result.expired} presumed=${result.presumed} sent=${result.sent} left=${result.left}`,
      });
      return result;
    } finally {
      releaseDailyLease();
    }
  } catch (err) {
    log.outcome = err instanceof CcmError ? err.code : 'INTERNAL';
    if (!(err instanceof CcmError)) log.error = errorText(err);
    return null;
  } finally {
    log.ms = Date.now() - started;
    console.log(JSON.stringify(log));
  }
}

function dailyRun(ctx: RequestContext, untilMs: number): DailyJobResult {
  ctx.settings(); // SETTINGS_INVALID: nothing is expired or sent until an admin fixes them
  const store = ctx.store;
  const expiry = expireUnconfirmed(ctx, store.readAllIndex(), untilMs);
  const held = presumeHeld(ctx, expiry.index, untilMs);
  const result: DailyJobResult = {
    expired: expiry.changed.length,
    presumed: held.changed.length,
    sent: 0,
    left: 0,
    stoppedBy: null,
    trimmed: null,
  };

  const switches = reminderSwitches(ctx.settingsRead().values);
  const sheet = store.tab('reminders');
  const keys = sheet.getDataRange().getValues().slice(1); // also what the trim below goes by
  const sent = new Set(keys.map((r) => cellString(r[0])));
  const due = dueReminders(ctx, held.index).filter((r) => switches[r.kind] && !sent.has(r.key));

  for (let i = 0; i < due.length;) {
    if (Date.now() >= untilMs) {
      result.stoppedBy = 'time';
      break;
    }
    const room = MailApp.getRemainingDailyQuota(); // one recipient per reminder
    const batch = due.slice(i, i + Math.min(REMINDER_BATCH, room));
    if (batch.length === 0) {
      result.stoppedBy = 'quota';
      break;
    }
    // Recorded first: a key in the tab is never sent again, even if this run dies mid-batch.
    const nowIso = new Date().toISOString();
    const rows = batch.map((r) => [r.key, r.kind, r.bookingId ?? '', nowIso].map(safeCell));
    // The grid grown first when the rows would pass it (a full grid, or one the trim shrank).
    const at = sheet.getLastRow() + 1;
    growGrid(sheet, at + rows.length - 1);
    sheet.getRange(at, 1, rows.length, REMINDER_HEADERS.length).setValues(rows);
    SpreadsheetApp.flush();
    for (const r of batch) {
      try {
        MailApp.sendEmail({
          to: r.to,
          subject: r.mail.subject,
          body: r.mail.body,
          htmlBody: r.mail.htmlBody,
          name: MAIL_SENDER_NAME,
        });
        // No Audit row per reminder: the Reminders tab holds its key (booking and kind) and the run's
        // Audit row counts what went (two rows a booking less for 400 days: README, the Sheet's size).
        result.sent++;
      } catch (err) {
        console.warn(JSON.stringify({ event: 'reminder-failed', kind: r.kind, error: errorText(err) }));
        ctx.audit({ bookingId: r.bookingId, eventId: r.eventId, outcome: `reminder-failed:${r.kind}` });
      }
    }
    i += batch.length;
  }
  result.left = due.length - result.sent;
  // Last: the reminders read the Reminders tab whole above; a trim must not delay them.
  if (Date.now() < untilMs) result.trimmed = trimTabs(ctx, untilMs, { reminders: keys });
  return result;
}

/** Every reminder due now, before switches and what was sent: bookings first, then milestones, digests. */
function dueReminders(ctx: RequestContext, index: readonly IndexEntry[]): Reminder[] {
  const settings = ctx.settings();
  const tz = settings.timeZone;
  const usable = ctx.usableEngagements();
  const nameOf = (g: { row: number; coachee: string }) => ctx.nameOfRow(g.row) || g.coachee.split('@')[0]!;
  const out: Reminder[] = [];
  const bookingsOf = bookingsByCoachee(index);

  for (const [coachee, bookings] of bookingsOf) {
    for (const b of bookings) {
      const kinds = bookingRemindersDue(b, ctx.nowMs, tz);
      if (!kinds.length) continue;
      const startMs = parseIsoInstant(b.start)!;
      const g = engagementFor(usable, coachee, civilDateOf(startMs, tz));
      if (!g) continue; // no usable engagement (a broken row): the admin card lists it
      const when = `${formatZonedDateTime(startMs, tz)} (${tz})`;
      for (const k of kinds) {
        const to = k.kind === 'manager-prep' ? g.manager : g.coachee;
        const eventUrl = eventLink(b.eventId, to);
        const mail =
          k.kind === 'manager-prep'
            ? managerPrepMail({ coacheeName: nameOf(g), when, eventUrl, toolkitUrl: settings.toolkitUrl })
            : coacheePlanMail({ when, eventUrl });
        out.push({ kind: k.kind, key: k.key, to, bookingId: b.bookingId, eventId: b.eventId, mail });
      }
    }
  }
  for (const g of usable) {
    const m = milestoneReminderDue(g, settings, ctx.nowMs, bookingsOf.get(emailKey(g.coachee)) ?? []);
    if (!m) continue;
    const mail = milestoneOpenMail({
      label: m.label,
      windowLabel: m.windowLabel,
      quarterly: m.kind === 'quarter-open',
    });
    out.push({ kind: m.kind, key: m.key, to: g.coachee, mail });
  }
  if (settings.admins.length) {
    const byCoachee = new Map(usable.map((g) => [emailKey(g.coachee), g]));
    const lines = coacheesDue(ctx, settings, usable, bookingsOf).map((d) => {
      const g = byCoachee.get(emailKey(d.coachee));
      return { name: g ? nameOf(g) : d.coachee, company: d.company, overdue: d.overdue };
    });
    const weekOf = formatDateLong(civilDateOf(ctx.nowMs, tz));
    for (const admin of settings.admins) {
      const mail = adminDigestMail({ weekOf, lines, sheetUrl: ctx.store.url });
      out.push({ kind: 'admin-digest', key: digestKey(admin, ctx.nowMs, tz), to: admin, mail });
    }
  }
  return out;
}
