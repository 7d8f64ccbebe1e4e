/**
 * The gateway's critical sections. One script lock serialises every execution of the gateway
 * project, whoever the caller (the web app runs as its owner, so a user lock would be useless).
 * Inside: Sheet reads and writes only, never Calendar, Gmail or UrlFetch (a slow network call would
 * make everyone else wait). SpreadsheetApp.flush() before releasing, so the next holder reads what
 * this one wrote.
 */
import { CcmError } from '../core/errors';

/**
 * Google's words when waitLock gives up ("Lock timeout: another process was holding the lock for too
 * long."; https://developers.google.com/apps-script/reference/lock/lock: waitLock times out "with an
 * exception"). Only that is a busy lock; any other failure is what it is (the router answers INTERNAL
 * and logs the request id, op and the error's name), never "many bookings at once".
 */
const LOCK_TIMEOUT = /^(?:Exception: )?Lock timeout: another process was holding the lock for too long/;

// releaseLock() releases the lock however many times waitLock() was called, so a nested section
// must not release it: it just runs inside the outer one.
let depth = 0;

/** `flush: false` for a section that writes no Sheet (e.g. a Script Property): nothing to flush. */
export function withScriptLock<T>(waitMs: number, fn: () => T, opts: { flush?: boolean } = {}): T {
  if (depth > 0) return fn();
  const lock = LockService.getScriptLock();
  try {
    lock.waitLock(waitMs);
  } catch (err) {
    // Nothing was changed either way: the section never started.
    if (err instanceof Error && LOCK_TIMEOUT.test(err.message)) throw new CcmError('LOCK_TIMEOUT');
    throw err;
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    try {
      if (opts.flush !== false) SpreadsheetApp.flush();
    } finally {
      lock.releaseLock();
    }
  }
}
