/**
 * One daily run at a time. The trigger fires once a day, but an admin may run `dailyJob` from the
 * editor meanwhile, or a slow run may still be going when the next fires; two runs would read the
 * Reminders tab before either wrote to it and send the same reminder twice. The script lock cannot
 * be held for a whole run (bookings wait behind it), so a run takes a LEASE: a Script Property
 * holding when the run ends at the latest, read and written inside the script lock (a few ms). A run
 * that dies without releasing it blocks the next ones only until it expires (Google stops a trigger
 * run at 6 minutes, so a lease of 7 minutes covers any run).
 */
import { withScriptLock } from './lock';

export const DAILY_LEASE_KEY = 'DAILY_JOB_RUNNING_UNTIL';
/** Longer than any trigger run can last (Google stops it at 6 minutes). */
export const DAILY_LEASE_MS = 7 * 60_000;

/** Takes the lease unless another run holds it; true when this run may go on. */
export function takeDailyLease(lockWaitMs: number, nowMs: number): boolean {
  const props = PropertiesService.getScriptProperties();
  return withScriptLock(
    lockWaitMs,
    () => {
      const until = Number(props.getProperty(DAILY_LEASE_KEY) ?? '0');
      if (Number.isFinite(until) && until > nowMs) return false;
      props.setProperty(DAILY_LEASE_KEY, String(nowMs + DAILY_LEASE_MS));
      return true;
    },
    { flush: false }, // no Sheet was written
  );
}

/** Gives the lease back at the end of the run (best effort: it expires on its own). */
export function releaseDailyLease(): void {
  PropertiesService.getScriptProperties().deleteProperty(DAILY_LEASE_KEY);
}
