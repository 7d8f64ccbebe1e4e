/**
 * Homepages (Calendar, Gmail, common): no event open. Coachees see their status (allowance, next
 * milestone, upcoming and past meetings; their rows reconciled with their calendar on the way) and
 * "Find a time" (flows/schedule.ts), program admins the usage card, everyone else what the add-on is
 * for.
 *
 * One gateway round trip, `panel`, for everyone, the first time too: for a program admin with no
 * engagement of their own the gateway puts the program overview in the same answer.
 */
import type { PanelArgs, PanelData } from '../core/api';
import { CcmError } from '../core/errors';
import { callGateway } from './adapters/gateway';
import { readMemo } from './adapters/properties';
import { Budget, currentUserEmail, viewerTimeZone } from './env';
import { collectFacts, rememberPanel } from './flows/facts';
import type { AddonEvent } from './types';
import { declinedFind, homeFind } from './flows/offers';
import { managerDeclined, managerResponse } from '../core/roles';
import { eventsReader, type CalEvent } from './adapters/calendar';
import { coacheeHomeCard, type HomeEvent } from './views/coachee-home';
import { titleText } from './views/view-model';
import { adminCard } from './views/home';
import { aboutCard } from './views/info';
import { teamModel } from './flows/team';
import { teamHomeCard, teamSections } from './views/team-home';

export function homepageCards(e: AddonEvent): GoogleAppsScript.Card_Service.Card[] {
  const budget = new Budget();
  const memo = readMemo();
  const args: PanelArgs = {};
  // The events looked at for the facts also give the meeting list its titles and links.
  const seen = new Map<string, CalEvent>();
  const report = memo.coachee === true ? collectFacts(currentUserEmail(), null, budget, memo, seen) : undefined;
  if (report) args.facts = report.facts;
  let data: PanelData;
  try {
    data = callGateway('panel', args, budget);
  } catch (err) {
    // Outside the company (an outside coach's own account): nothing of the program to show here.
    if (err instanceof CcmError && err.code === 'FORBIDDEN') return [aboutCard()];
    throw err;
  }
  rememberPanel(data, undefined, report);
  // A manager's or coach's people's meetings: their own card, or sections under the coachee's or admin's.
  const team = teamModel(data, viewerTimeZone(e, data.companyTimeZone), Date.now(), budget);
  const extra = team ? teamSections(team) : [];
  if (data.engagement) {
    const timeZone = viewerTimeZone(e, data.companyTimeZone);
    const nowMs = Date.now();
    const find = homeFind(data, timeZone, nowMs);
    const manager = data.engagement.manager;
    titlesOfUnmarked(data, seen, nowMs, budget);
    const events: Record<string, HomeEvent> = {};
    for (const [id, ev] of seen) {
      const declined = managerDeclined(ev.attendees, manager);
      const booking = declined ? data.bookings.find((b) => b.eventId === id) : undefined;
      events[id] = {
        title: titleText(ev.summary),
        link: ev.htmlLink ?? null,
        cancelled: ev.status === 'cancelled',
        managerDeclined: declined,
        managerResponse: managerResponse(ev.attendees, manager),
        // "Find another time" moves THIS meeting inside its own quarter (flows/offers.ts declinedFind).
        findAgain: booking ? declinedFind(data, booking, ev, timeZone, nowMs) : null,
      };
    }
    return [
      coacheeHomeCard({
        engagement: data.engagement,
        allowance: data.allowance,
        bookings: data.bookings,
        reconciled: data.reconciled,
        timeZone,
        nowMs,
        engagementProblem: data.engagementProblem ?? null,
        notices: data.notices ?? [],
        find,
        events,
        extra,
      }),
    ];
  }
  if (data.admin) return [adminCard(data.admin, extra)];
  if (team) return [teamHomeCard(team)];
  return [aboutCard(data.engagementProblem ?? null)];
}

/** Upcoming bookings whose event the search cannot find (no longer marked) asked for by id, at most this many. */
const MAX_TITLE_LOOKUPS = 5;

/**
 * A meeting no longer counted ("keep the event, stop counting it") has lost its marker, so the
 * search does not see it; its event still has the title and link the list shows, so the few upcoming
 * ones are asked for by id. Calendar not answering leaves the line without a title, nothing else.
 */
function titlesOfUnmarked(data: PanelData, seen: Map<string, CalEvent>, nowMs: number, budget: Budget): void {
  const missing = data.bookings
    .filter((b) => !seen.has(b.eventId) && Date.parse(b.end) > nowMs)
    .slice(0, MAX_TITLE_LOOKUPS);
  const read = eventsReader(missing);
  for (const b of missing) {
    try {
      budget.check('meeting titles');
      const ev = read(b);
      if (ev) seen.set(b.eventId, ev);
    } catch {
      return;
    }
  }
}
