/**
 * dailyJob: a program admin checks whether the gateway's daily job (reminders, expiry) is installed,
 * and installs it when missing (`install: true`). The web app runs as the service owner, so the
 * trigger it creates belongs to the owner and runs as them (trigger.ts).
 */
import type { DailyJobStatus } from '../../core/api';
import { CcmError } from '../../core/errors';
import type { RequestContext } from '../context';
import { dailyJobStatus, ensureDailyJob } from '../trigger';

export function dailyJobOp(ctx: RequestContext, install: boolean): DailyJobStatus {
  if (!ctx.isAdmin()) {
    ctx.audit({ outcome: 'FORBIDDEN' });
    throw new CcmError('FORBIDDEN', 'Only coaching program admins can set up the daily reminders.');
  }
  const status = install ? ensureDailyJob() : dailyJobStatus();
  ctx.audit({ outcome: status.created ? 'INSTALLED' : status.installed ? 'OK' : 'MISSING' });
  return status;
}
