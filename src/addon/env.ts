/**
 * Small facts about the current execution: who is at the keyboard, which time zone to show times in,
 * and how much of the 30 s action budget is left.
 */
import { CcmError } from '../core/errors';
import { normalizeEmail } from '../core/email';
import type { AddonEvent } from './types';

/**
 * Google's own samples stop their work at 20 s of the 30 s an add-on action may run, so there is
 * time left to build and return a card that explains what happened.
 */
export const WORK_BUDGET_MS = 20_000;

export class Budget {
  private readonly started = Date.now();
  constructor(private readonly limitMs: number = WORK_BUDGET_MS) {}

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  /** Throws DEADLINE when the budget is spent, before starting `step` (which is never half done). */
  check(step: string): void {
    if (this.elapsedMs() > this.limitMs) {
      console.warn(`ccm: budget spent before ${step} (${this.elapsedMs()} ms)`);
      throw new CcmError('DEADLINE');
    }
  }
}

/** The user at the keyboard (an add-on runs as them), lower-cased; '' when Google hides it. */
export function currentUserEmail(): string {
  let email: string;
  try {
    email = Session.getActiveUser().getEmail();
  } catch {
    email = '';
  }
  if (!email) {
    try {
      email = Session.getEffectiveUser().getEmail();
    } catch {
      email = '';
    }
  }
  return normalizeEmail(email);
}

/** The time zone the person's host app uses (useLocaleFromApp), else the given fallback. */
export function viewerTimeZone(e: AddonEvent | undefined, fallback: string): string {
  const id = e?.commonEventObject?.timeZone?.id;
  return typeof id === 'string' && id !== '' ? id : fallback;
}

/** Action parameters (V8: commonEventObject.parameters; older hosts: e.parameters). */
export function parameters(e: AddonEvent | undefined): Record<string, string> {
  return { ...(e?.parameters ?? {}), ...(e?.commonEventObject?.parameters ?? {}) };
}
