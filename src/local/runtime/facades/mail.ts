// MailApp (script side): both call forms of sendEmail are turned into one message object and sent
// with one call into the World (backends/mail.ts: scope, quota, delivery).
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import type { SendEmailArgs } from '../backends/mail';

const FIELDS = ['to', 'cc', 'bcc', 'subject', 'body', 'htmlBody', 'name', 'replyTo', 'noReply'] as const;

export const installMail: FacadeInstaller = (ctx: FacadeContext) => {
  const signature = () => ctx.makeError("The parameters don't match the method signature for MailApp.sendEmail.");
  const pick = (o: Record<string, unknown>): SendEmailArgs => {
    const out: Record<string, unknown> = {};
    for (const k of FIELDS) {
      const v = o[k];
      if (v === undefined || v === null) continue;
      out[k] = k === 'noReply' ? Boolean(v) : String(v);
    }
    return out as unknown as SendEmailArgs;
  };
  const mailApp = {
    sendEmail: (...args: unknown[]) => {
      let message: SendEmailArgs;
      if (args.length === 1 && args[0] && typeof args[0] === 'object') {
        message = pick(args[0] as Record<string, unknown>);
      } else if (args.length >= 3 && args.length <= 4 && typeof args[0] === 'string') {
        const [to, subject, body, options] = args as [string, unknown, unknown, unknown];
        const extra = options && typeof options === 'object' ? (options as Record<string, unknown>) : {};
        message = pick({ ...extra, to, subject, body });
      } else {
        throw signature();
      }
      if (!message.to || message.subject === undefined) throw signature();
      ctx.call('MailApp.sendEmail', message);
    },
    getRemainingDailyQuota: () => ctx.call<number>('MailApp.getRemainingDailyQuota'),
    toString: () => 'MailApp',
  };
  return { MailApp: strict(ctx, 'MailApp', mailApp) };
};
