// MailApp over the World: sendEmail delivers to the recipients' mailboxes (the Gmail backend), from the
// executing user, counting recipients against the daily quota.
//
// Platform facts modelled:
// - MailApp needs the scope script.send_mail (https://developers.google.com/apps-script/reference/mail/mail-app).
// - Mail goes out from the account the script runs as (for a trigger: its owner); `name` sets the
//   sender's display name; `noReply` sends from a no-reply address, Workspace accounts only.
// - The quota counts RECIPIENTS (to, cc and bcc each): 1,500 a day for a Workspace account, 100 for a
//   consumer account; quotas are per user and reset 24 hours after the first request
//   (https://developers.google.com/apps-script/guides/services/quotas). getRemainingDailyQuota()
//   "Returns the number of recipients you can send emails to for the rest of the day". Over the
//   quota, sendEmail throws "Service invoked too many times for one day: email.".
// - The 2,000-a-day figure for recipients within the domain is not modelled (1,500 is the lower bound).
import type { World } from '../world';
import { ServiceError, requireScope, type CallContext, type HandlerMap } from '../service';
import { deliverMessage, emailOf } from './gmail';
import { escapeHtml } from '../../../core/html';

export const SEND_MAIL_SCOPE = 'https://www.googleapis.com/auth/script.send_mail';
export const WORKSPACE_DAILY_RECIPIENTS = 1500;
export const CONSUMER_DAILY_RECIPIENTS = 100;
export const QUOTA_WINDOW_MS = 24 * 3_600_000;
export const OVER_QUOTA = 'Service invoked too many times for one day: email.';

export interface MailQuotaState {
  /** Per sender: when their 24-hour window started, and recipients counted in it. */
  used: Record<string, { windowStartMs: number; recipients: number }>;
  /** Test hook: a daily quota other than Google's (e.g. to exercise "stop and resume"). */
  dailyLimitOverride?: number;
}

export const initialMailState = (): MailQuotaState => ({ used: {} });

export function mailState(world: World): MailQuotaState {
  const s = (world.state.mail ??= initialMailState());
  s.used ??= {};
  return s;
}

function dailyLimit(ctx: CallContext): number {
  const s = mailState(ctx.world);
  if (s.dailyLimitOverride !== undefined) return s.dailyLimitOverride;
  return ctx.exec.effectiveUser.domain ? WORKSPACE_DAILY_RECIPIENTS : CONSUMER_DAILY_RECIPIENTS;
}

function usedToday(ctx: CallContext): { windowStartMs: number; recipients: number } {
  const s = mailState(ctx.world);
  const me = ctx.exec.effectiveUser.email;
  const now = ctx.nowMs();
  const u = s.used[me];
  if (!u || now - u.windowStartMs >= QUOTA_WINDOW_MS) return { windowStartMs: now, recipients: 0 };
  return u;
}

export interface SendEmailArgs {
  to: string;
  cc?: string;
  bcc?: string;
  subject: string;
  body?: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
}

const addresses = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export const mailHandlers: HandlerMap = {
  'MailApp.getRemainingDailyQuota': (ctx) => {
    requireScope(ctx, 'MailApp.getRemainingDailyQuota', [SEND_MAIL_SCOPE]);
    return Math.max(0, dailyLimit(ctx) - usedToday(ctx).recipients);
  },
  'MailApp.sendEmail': (ctx, m: SendEmailArgs) => {
    requireScope(ctx, 'MailApp.sendEmail', [SEND_MAIL_SCOPE]);
    const to = addresses(m.to);
    const cc = addresses(m.cc);
    const bcc = addresses(m.bcc);
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0) throw new ServiceError('Failed to send email: no recipient');
    for (const a of all) if (!EMAIL.test(emailOf(a))) throw new ServiceError(`Invalid email: ${a}`);
    const used = usedToday(ctx);
    if (used.recipients + all.length > dailyLimit(ctx)) throw new ServiceError(OVER_QUOTA);
    const me = ctx.user();
    if (m.noReply && !me.domain) {
      throw new ServiceError('The noReply option is only available for Google Workspace accounts.');
    }
    const address = m.noReply ? `noreply@${me.domain}` : me.email;
    const display = m.name ?? me.name;
    const from = `${display.replace(/[<>"]/g, '')} <${address}>`;
    const headers: Record<string, string> = {};
    if (m.replyTo) headers['Reply-To'] = m.replyTo;
    const body = m.body ?? '';
    const html = m.htmlBody ?? `<div dir="ltr">${escapeHtml(body).replace(/\n/g, '<br>')}</div>`;
    const dateMs = ctx.nowMs();
    // Bcc recipients get their copy without appearing in the headers of anyone's copy.
    deliverMessage(ctx.world, { to, cc, from, subject: m.subject, body, html, headers, dateMs });
    if (bcc.length) deliverMessage(ctx.world, { to: bcc, from, subject: m.subject, body, html, headers, dateMs });
    mailState(ctx.world).used[ctx.exec.effectiveUser.email] = {
      windowStartMs: used.windowStartMs,
      recipients: used.recipients + all.length,
    };
  },
};
