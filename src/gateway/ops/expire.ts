/**
 * No booking stays pending forever. Homepage scheduling books `pending` first and confirms right
 * after creating the event; when that confirm fails, the coachee's next open confirms it from their
 * calendar. A booking still pending UNCONFIRMED_EXPIRY_HOURS (core/ledger.ts) after its last change
 * is expired here, by the gateway's daily job (daily.ts), ALL of them: status expired, reason
 * 'unconfirmed', the allowance given back, Usage and Audit updated. Should its event exist after all,
 * the coachee's next open books it again if there is room, or tells them why not (core/booking.ts).
 *
 * Each expiry is its own short lock section (gateway/pass.ts), with the write set of a booking.
 */
import { expiredUnconfirmed, isUnconfirmed } from '../../core/ledger';
import type { RequestContext } from '../context';
import { type PassResult, runPass } from '../pass';
import type { IndexEntry } from '../store';

/**
 * Expires every unconfirmed booking, longest waiting first, each in its own lock section, until
 * `untilMs` (Date.now()) passes. Best effort: a busy lock or a Sheet failure leaves the rest for the
 * next run.
 */
export function expireUnconfirmed(ctx: RequestContext, index: readonly IndexEntry[], untilMs = Infinity): PassResult {
  return runPass(
    ctx,
    index,
    {
      name: 'expire-unconfirmed',
      auditOp: 'expire',
      outcome: 'expired:unconfirmed',
      due: isUnconfirmed,
      order: (b) => Date.parse(b.updatedAt || b.createdAt) || 0,
      change: expiredUnconfirmed,
    },
    untilMs,
  );
}
