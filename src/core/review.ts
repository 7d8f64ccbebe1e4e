/**
 * What the coachee should look at BEFORE anything is booked or written (DESIGN rule 7: warnings never
 * block, they come first). One list for the panel's Confirm and the homepage's Schedule: the plan
 * reading like a not-for topic, and a length far from about 60 minutes. A missing goal never gets
 * here: the form's parsing refuses it (core/meeting.ts). Checks that need the engagement (timing in
 * the program) stay with the gateway's decision and are shown after booking, as before.
 */
import { meetingWarnings, type WarningCode } from './allowance';
import { meetingTexts, type Meeting } from './meeting';
import { MINUTE_MS } from './time';

export interface ReviewItem {
  code: WarningCode;
  /** Plain words: what reads like what, and why it matters. */
  message: string;
}

/** The review items for this plan on an event from startMs to endMs (empty: book in one press). */
export function reviewItems(
  meeting: Pick<Meeting, 'goal' | 'agenda' | 'actionPlan'>,
  event: { startMs: number; endMs: number },
): ReviewItem[] {
  const minutes = (event.endMs - event.startMs) / MINUTE_MS;
  return meetingWarnings({
    minutes: Number.isFinite(minutes) ? minutes : undefined,
    texts: meetingTexts(meeting),
  }).map((w) => ({ code: w.code, message: w.message }));
}
