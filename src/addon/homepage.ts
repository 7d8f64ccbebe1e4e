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
import { homeFind } from './flows/schedule';
import { managerDeclined } from '../core/roles';
import type { CalEvent } from './adapters/calendar';
import { coacheeHomeCard, type HomeEvent } from './views/coachee-home';
import { titleText } from './views/model';
import { adminCard } from './views/home';
import { aboutCard } from './views/info';

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
  if (data.engagement) {
    const timeZone = viewerTimeZone(e, data.companyTimeZone);
    const nowMs = Date.now();
    const find = homeFind(data, timeZone, nowMs);
    const manager = data.engagement.manager;
    const events: Record<string, HomeEvent> = {};
    for (const [id, ev] of seen)
      events[id] = {
        title: titleText(ev.summary),
        link: ev.htmlLink ?? null,
        cancelled: ev.status === 'cancelled',
        managerDeclined: managerDeclined(ev.attendees, manager),
      };
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
        findAgain: find?.params ?? null,
      }),
    ];
  }
  if (data.admin) return [adminCard(data.admin)];
  return [aboutCard(data.engagementProblem ?? null)];
}
