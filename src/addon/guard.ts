/**
 * Every entry point runs inside one of these guards, which turn anything thrown into the shape the
 * entry point must return, with words a person can act on (never a stack trace). Logs carry the
 * error's code or name, never card or event content.
 */
import { CcmError } from '../core/errors';
import { errorCard } from './views/info';
import { notify } from './views/ui';

/** Anything thrown → a CcmError (unknown errors become INTERNAL, their text kept out of the card). */
export function asCcmError(err: unknown): CcmError {
  if (err instanceof CcmError) return err;
  const e = err as { name?: unknown; message?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : typeof err;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/Exceeded maximum execution time|timed out/i.test(message)) return new CcmError('DEADLINE');
  // The name, the first words and where (positions in the minified Code.js; `npm run stack` maps them
  // back to the source): enough to find the bug, not enough to leak content.
  const stack = typeof (e as { stack?: unknown } | null)?.stack === 'string' ? (e as { stack: string }).stack : '';
  const at = [...stack.matchAll(/:(\d+:\d+)\)?$/gm)].slice(0, 5).map((m) => m[1]);
  console.error(`ccm: unexpected ${name}: ${message.slice(0, 120)}${at.length ? ` [at ${at.join(' ')}]` : ''}`);
  return new CcmError('INTERNAL');
}

/** For triggers (homepage, eventOpen, contextual): Card[]; a failure is an error card with a retry. */
export function guardCards(
  where: string,
  fn: () => GoogleAppsScript.Card_Service.Card[],
): GoogleAppsScript.Card_Service.Card[] {
  try {
    return fn();
  } catch (err) {
    const ccm = asCcmError(err);
    console.warn(`ccm: ${where} failed: ${ccm.code}`);
    return [errorCard(ccm, { fn: 'retry' })];
  }
}

/** For card actions: ActionResponse; a failure is a notification (the card stays as the person left it). */
export function guardAction<T>(where: string, fn: () => T): T | GoogleAppsScript.Card_Service.ActionResponse {
  try {
    return fn();
  } catch (err) {
    const ccm = asCcmError(err);
    console.warn(`ccm: ${where} failed: ${ccm.code}`);
    return notify(ccm.message);
  }
}

/** For universal actions: UniversalActionResponse showing an error card. */
export function guardUniversal(
  where: string,
  fn: () => GoogleAppsScript.Card_Service.UniversalActionResponse,
): GoogleAppsScript.Card_Service.UniversalActionResponse {
  try {
    return fn();
  } catch (err) {
    const ccm = asCcmError(err);
    console.warn(`ccm: ${where} failed: ${ccm.code}`);
    return CardService.newUniversalActionResponseBuilder()
      .displayAddOnCards([errorCard(ccm)])
      .build();
  }
}
