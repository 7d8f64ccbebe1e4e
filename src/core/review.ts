/**
 * What the coachee should look at BEFORE anything is booked or written (DESIGN rule 7: warnings never
 * block, they come first). One list for the panel's Confirm and the homepage's Schedule: the plan
 * reading like a not-for topic, a length far from about 60 minutes, and guests other than coachee,
 * manager and coach (they would see the plan in the invitation and in their panel). A missing goal never gets
 * here: the form's parsing refuses it (core/meeting.ts). Checks that need the engagement (timing in
 * the program) stay with the gateway's decision and are shown after booking, as before.
 */
import { meetingWarnings, type WarningCode } from './allowance';
import { sameEmail } from './email';
import { meetingTexts, type Meeting } from './meeting';
import { MINUTE_MS } from './time';

export interface ReviewItem {
  code: WarningCode | 'EXTRA_GUESTS';
  /** Plain words: what reads like what, and why it matters. */
  message: string;
}

/** The review items for this plan on an event from startMs to endMs (empty: book in one press). */
export function reviewItems(
  meeting: Pick<Meeting, 'goal' | 'agenda' | 'actionPlan'>,
  event: { startMs: number; endMs: number },
  guests?: { attendees: readonly string[]; coachee: string; manager: string; coach: string },
): ReviewItem[] {
  const minutes = (event.endMs - event.startMs) / MINUTE_MS;
  const items: ReviewItem[] = meetingWarnings({
    minutes: Number.isFinite(minutes) ? minutes : undefined,
    texts: meetingTexts(meeting),
  }).map((w) => ({ code: w.code, message: w.message }));
  const others = guests ? extraGuests(guests) : [];
  if (others.length > 0) items.push({ code: 'EXTRA_GUESTS', message: extraGuestsMessage(others) });
  return items;
}

/** Guests other than coachee, manager and coach (each once, as listed). */
export function extraGuests(g: { attendees: readonly string[]; coachee: string; manager: string; coach: string }) {
  const known = [g.coachee, g.manager, g.coach];
  const out: string[] = [];
  for (const a of g.attendees)
    if (a && !known.some((k) => sameEmail(k, a)) && !out.some((o) => sameEmail(o, a))) out.push(a);
  return out;
}

export function extraGuestsMessage(others: readonly string[]): string {
  const names =
    others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
  return `Also invited: ${names}. Every guest sees your goal, agenda and action plan (in the invitation and in their panel). Remove them from the event first if the plan is not for them.`;
}
