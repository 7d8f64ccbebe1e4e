/**
 * Stable error codes shared by the gateway (which answers with them) and the add-on (which shows
 * them). Codes are part of the wire contract: add new ones, never rename. Messages are the default
 * person-facing words; a caller may replace them with a more specific message (for example the
 * allowance decision's message, which names the date the next quarter opens).
 */

export interface ErrorInfo {
  /** Default message for the person at the keyboard: what happened and what they can do. */
  readonly message: string;
  /** True when trying the same thing again later may work (network, lock, deadline). */
  readonly retryable: boolean;
}

export const ERRORS = {
  NO_ENGAGEMENT: {
    message:
      "We couldn't find an active coaching engagement for you. If you think this is wrong, ask your coaching program admin.",
    retryable: false,
  },
  ENGAGEMENT_NOT_ACTIVE: {
    message:
      'Your coaching engagement is not active at the moment (paused or ended), so alignment meetings cannot be booked.',
    retryable: false,
  },
  NOT_ORGANIZER: {
    message: 'Only the coachee who organises this event can set it up as an alignment meeting.',
    retryable: false,
  },
  RECURRING_EVENT: {
    message: 'This is a recurring event. An alignment meeting is a single meeting: create a one-off event instead.',
    retryable: false,
  },
  OUTSIDE_ENGAGEMENT: {
    message: 'This date is outside your coaching engagement. Pick a date between its start and end.',
    retryable: false,
  },
  ALLOWANCE_USED: {
    message:
      "You've already used this quarter's alignment meeting. You can book the next one when the next quarter opens.",
    retryable: false,
  },
  PROGRAM_LIMIT_REACHED: {
    message: 'Both alignment meetings of your six-month program (initial and wrap-up) are already booked.',
    retryable: false,
  },
  /**
   * Not a refusal but a notice: after an admin changed the engagement's dates or the program's
   * settings, one quarter holds more of the coachee's meetings than the allowance. Nothing is
   * cancelled; the coachee's panel, the admin card and Audit say so (allowance.ts overAllowance).
   */
  OVER_ALLOWANCE: {
    message:
      'After a change to your program, one quarter now holds more alignment meetings than the allowance. Nothing was cancelled; your coaching program admin can see it.',
    retryable: false,
  },
  EVENT_NOT_SAVED: {
    message: 'Save the event first, then open this panel again to confirm the alignment meeting.',
    retryable: true,
  },
  EVENT_NOT_FOUND: {
    message: "We couldn't find this event in your calendar. It may have been deleted.",
    retryable: false,
  },
  BOOKING_NOT_FOUND: {
    message: 'There is no alignment meeting booked for this event.',
    retryable: false,
  },
  /** Rule 9: a meeting whose end has passed took place; the panel never gives it back (booking.ts). */
  MEETING_TOOK_PLACE: {
    message:
      'This alignment meeting has already taken place, so it stays counted and the allowance is not given back. If it did not happen, answer “No” to “Did it take place?” in its panel within 7 days of its end; after that, your coaching program admin can change it in the usage Sheet.',
    retryable: false,
  },
  /** Held (the coachee said yes, or presumed 7 days after its end): never given back from the panel (held.ts). */
  MEETING_HELD: {
    message:
      'This alignment meeting took place (it is marked as held), so it stays counted and cannot be cancelled. If that is wrong, your coaching program admin can change it in the usage Sheet.',
    retryable: false,
  },
  /** "Did it take place?" is asked only once the meeting's end has passed (held.ts). */
  HELD_TOO_EARLY: {
    message: 'This alignment meeting has not ended yet. You can say whether it took place once it is over.',
    retryable: false,
  },
  /** The coachee said it did not take place: it was released, so it cannot be marked held (held.ts). */
  MEETING_NOT_HELD: {
    message:
      'You said this alignment meeting did not take place, so it no longer counts. To meet, move it to a new time or schedule a new meeting.',
    retryable: false,
  },
  GATEWAY_UNAVAILABLE: {
    message:
      "The coaching program service can't be reached right now. Nothing was changed; please try again in a minute.",
    retryable: true,
  },
  GATEWAY_TIMEOUT: {
    message: 'The coaching program service took too long to answer. Please try again; nothing is counted twice.',
    retryable: true,
  },
  /**
   * A change (book, cancel, reconcile) was sent but its answer never arrived readable (a timeout, a
   * 5xx, garbage): the gateway may or may not have acted. Never "nothing was changed"; the next open
   * of the panel reconciles and shows the truth.
   */
  GATEWAY_OUTCOME_UNKNOWN: {
    message:
      'The coaching program service did not answer clearly, so we could not confirm whether your change was made. Open the add-on again to see where things stand; trying again is safe: nothing is counted twice.',
    retryable: true,
  },
  CALENDAR_CONFLICT: {
    message: 'The event was changed somewhere else at the same time. Open it again and retry.',
    retryable: true,
  },
  INVALID_FORM: {
    message: 'Some fields need a fix before the meeting can be confirmed.',
    retryable: false,
  },
  ENGAGEMENT_RECORD_INVALID: {
    message:
      'Your engagement record has a problem (for example a missing date or email), so alignment meetings cannot be booked yet. Your coaching program admin needs to fix your engagement record.',
    retryable: false,
  },
  SETTINGS_INVALID: {
    message: "The coaching program's settings have a problem. Your coaching program admin needs to fix them.",
    retryable: false,
  },
  UNAUTHENTICATED: {
    message: "We couldn't confirm who you are. Reload the add-on and try again.",
    retryable: true,
  },
  FORBIDDEN: {
    message: "You don't have access to this.",
    retryable: false,
  },
  LOCK_TIMEOUT: {
    message: 'Many bookings are happening at once. Please try again in a few seconds.',
    retryable: true,
  },
  DEADLINE: {
    message: 'This took too long and was stopped. Please try again; nothing is counted twice.',
    retryable: true,
  },
  CALENDAR_UNCHECKED: {
    message:
      'Google Calendar did not answer, so we could not check whether your meeting was created. Your booking is held; it will be settled the next time you open the add-on. Pressing Schedule again is safe: nothing is counted twice.',
    retryable: true,
  },
  DESCRIPTION_TOO_LONG: {
    message:
      'The meeting notes do not fit in the event description (Google Calendar keeps about 8,192 characters). Shorten your own text in the event or the notes, then try again.',
    retryable: false,
  },
  BAD_REQUEST: {
    message: 'The request was not understood.',
    retryable: false,
  },
  /** Not a failure: the notes in the event no longer match the digest kept when the coachee confirmed them. */
  NOTES_CHANGED: {
    message:
      'These meeting notes were changed after the coachee wrote them, so they may not say what the coachee confirmed.',
    retryable: false,
  },
  INTERNAL: {
    message:
      'Something went wrong on our side. Please try again; if it keeps happening, tell your coaching program admin.',
    retryable: true,
  },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

export function errorInfo(code: ErrorCode): ErrorInfo {
  return ERRORS[code];
}

/**
 * What a log line says of a failure: a CcmError's code, else the error's name; never its message
 * (it may carry content, and logs carry ids only: rule 8).
 */
export function failureLabel(err: unknown): string {
  return err instanceof CcmError ? err.code : err instanceof Error ? err.name : 'error';
}

/** A domain error carrying a stable code; `message` is person-readable (defaults to the code's). */
export class CcmError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message);
    this.name = 'CcmError';
    this.code = code;
    this.retryable = ERRORS[code].retryable;
    this.details = details;
  }
}

/** The JSON shape of an error on the wire (gateway answers, add-on notifications). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details?: Record<string, unknown>;
}

/** Turns anything thrown into a payload; unknown errors become INTERNAL without leaking their text. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof CcmError) {
    const payload: ErrorPayload = { code: err.code, message: err.message, retryable: err.retryable };
    if (err.details) payload.details = err.details;
    return payload;
  }
  return { code: 'INTERNAL', message: ERRORS.INTERNAL.message, retryable: ERRORS.INTERNAL.retryable };
}
