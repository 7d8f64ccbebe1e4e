/**
 * The gateway's critical sections. One script lock serialises every execution of the gateway
 * project, whoever the caller (the web app runs as its owner, so a user lock would be useless).
 * Inside: Sheet reads and writes only, never Calendar, Gmail or UrlFetch (a slow network call would
 * make everyone else wait). SpreadsheetApp.flush() before releasing, so the next holder reads what
 * this one wrote.
 */
import { CcmError } from '../core/errors';

// releaseLock() releases the lock however many times waitLock() was called, so a nested section
// must not release it: it just runs inside the outer one.
let depth = 0;

export function withScriptLock<T>(waitMs: number, fn: () => T): T {
  if (depth > 0) return fn();
  const lock = LockService.getScriptLock();
  try {
    lock.waitLock(waitMs);
  } catch {
    // "Lock timeout: another process was holding the lock for too long." Nothing was changed.
    throw new CcmError('LOCK_TIMEOUT');
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    try {
      SpreadsheetApp.flush();
    } finally {
      lock.releaseLock();
    }
  }
}
