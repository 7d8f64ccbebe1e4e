// Injected Calendar faults (tests, benchmark, workbench).
import type { LocalRuntime } from '../../runtime';
import { type CallContext, type Handler, ServiceError } from '../../service';
import { calendarHandlers } from './handlers';
import type { EventArgs } from './events-api';
import { key } from './model';

// ---------------------------------------------------------------------------------------------
// Fault injection (tests, benchmark, workbench): Calendar answering an error instead of doing the
// call, the way Google's front end does under load or on a conflict. Runtime-wide, not persisted.

/**
 * An error Calendar answers (Calendar API "Handle API errors" guide; the quota guide says a rate
 * limit is answered `403 usageLimits` or `429 usageLimits`). Defaults per code:
 * 403 rateLimitExceeded "Rate Limit Exceeded" (use reason 'forbiddenForNonOrganizer' for the other
 * 403), 404 notFound, 409 duplicate, 410 deleted, 412 conditionNotMet "Precondition Failed",
 * 429 rateLimitExceeded, 500 backendError "Backend Error", 503 backendError "Service Unavailable".
 */
export interface CalendarFault {
  code: 403 | 404 | 409 | 410 | 412 | 429 | 500 | 503;
  /** errors[0].reason in Google's error body; default per code (above). */
  reason?: string;
  /** Google's message; default per code (above). */
  message?: string;
  /** Apply this many times, then the fault is gone (default: until cleared). */
  times?: number;
  /** Only calls about this event id. */
  eventId?: string;
  /** Only calls by this user (the effective user of the execution). */
  user?: string;
  /**
   * The call takes effect, then its answer is lost: the caller gets this error all the same (a
   * timeout or a 5xx after Google did the work; an insert can then exist without its caller knowing).
   */
  lostAnswer?: boolean;
}

const FAULT_DEFAULTS: Record<CalendarFault['code'], { reason: string; message: string; domain: string }> = {
  403: { reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded', domain: 'usageLimits' },
  404: { reason: 'notFound', message: 'Not Found', domain: 'global' },
  409: { reason: 'duplicate', message: 'The requested identifier already exists.', domain: 'global' },
  410: { reason: 'deleted', message: 'Resource has been deleted', domain: 'global' },
  412: { reason: 'conditionNotMet', message: 'Precondition Failed', domain: 'global' },
  429: { reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded', domain: 'usageLimits' },
  500: { reason: 'backendError', message: 'Backend Error', domain: 'global' },
  503: { reason: 'backendError', message: 'Service Unavailable', domain: 'global' },
};

interface ArmedFault {
  /** A handler name ('Calendar.Events.patch') or '*' for every Calendar call. */
  method: string;
  fault: CalendarFault;
  remaining: number;
}

const calendarFaults = new WeakMap<LocalRuntime, ArmedFault[]>();

/**
 * Makes Calendar calls named `method` (as counted: 'Calendar.Events.patch', or '*' for all) answer
 * this error. The latest fault for a method wins; `times` makes it pass after that many failures.
 */
export function setCalendarFault(runtime: LocalRuntime, method: string, fault: CalendarFault): void {
  if (method !== '*' && !(method in calendarHandlers))
    throw new Error(
      `setCalendarFault: no Calendar method ${method} (one of ${Object.keys(calendarHandlers).join(', ')}, or '*')`,
    );
  const list = (calendarFaults.get(runtime) ?? []).filter((f) => f.method !== method);
  list.push({ method, fault, remaining: fault.times ?? Infinity });
  calendarFaults.set(runtime, list);
}

/** Removes the faults for one method, or all of them. */
export function clearCalendarFaults(runtime: LocalRuntime, method?: string): void {
  calendarFaults.set(
    runtime,
    method === undefined ? [] : (calendarFaults.get(runtime) ?? []).filter((f) => f.method !== method),
  );
}

function takeCalendarFault(ctx: CallContext, method: string, a: EventArgs): CalendarFault | undefined {
  const list = calendarFaults.get(ctx.runtime);
  if (!list || list.length === 0) return undefined;
  const armed = list.find(
    (f) =>
      (f.method === method || f.method === '*') &&
      f.remaining > 0 &&
      (f.fault.eventId === undefined || a?.eventId === f.fault.eventId) &&
      (f.fault.user === undefined || key(f.fault.user) === key(ctx.exec.effectiveUser.email)),
  );
  if (!armed) return undefined;
  armed.remaining--;
  return armed.fault;
}

/** The handler, answering an injected fault instead when one is armed for it. */
export function faultable(method: string, handler: Handler): Handler {
  return (ctx, a) => {
    const fault = takeCalendarFault(ctx, method, a as EventArgs);
    if (!fault) return handler(ctx, a);
    if (!fault.lostAnswer) throw faultError(method, fault);
    const done = handler(ctx, a);
    if (done instanceof Promise)
      return done.then(() => {
        throw faultError(method, fault);
      });
    throw faultError(method, fault);
  };
}

/** The error Calendar answers for an injected fault. */
function faultError(method: string, fault: CalendarFault): ServiceError {
  const d = FAULT_DEFAULTS[fault.code];
  const message = fault.message ?? d.message;
  // Shaped like apiError (e.details = Google's error body), with the quota errors' own domain.
  // 'Calendar.Events.remove' is the REST method events.delete.
  const api = method
    .replace(/^Calendar\./, '')
    .toLowerCase()
    .replace(/\.remove$/, '.delete');
  return new ServiceError(`API call to calendar.${api} failed with error: ${message}`, 'GoogleJsonResponseException', {
    code: fault.code,
    message,
    errors: [{ domain: d.domain, reason: fault.reason ?? d.reason, message }],
  });
}
