/**
 * Homepages (Calendar, Gmail, common): no event open. Coachees see their status (allowance, next
 * milestone, upcoming and past meetings; their rows reconciled with their calendar on the way) and
 * "Find a time" (flows/schedule.ts), program admins the usage card, everyone else what the add-on is
 * for.
 *
 * One gateway round trip: `panel`, or `admin` directly for someone the memo knows is an admin. The
 * first time an admin opens it, `panel` reveals the role and `admin` follows (a one-off second call).
 */
import type { PanelArgs, PanelData } from '../core/api';
import { CcmError } from '../core/errors';
import { callGateway } from './adapters/gateway';
import { readMemo, writeMemo } from './adapters/properties';
import { Budget, currentUserEmail, viewerTimeZone } from './env';
import { collectFacts, rememberPanel } from './flows/facts';
import type { AddonEvent } from './types';
import { homeFind } from './flows/schedule';
import { coacheeHomeCard } from './views/coachee-home';
import { adminCard } from './views/home';
import { aboutCard } from './views/info';

function adminCards(budget: Budget): GoogleAppsScript.Card_Service.Card[] {
  return [adminCard(callGateway('admin', {}, budget))];
}

export function homepageCards(e: AddonEvent): GoogleAppsScript.Card_Service.Card[] {
  const budget = new Budget();
  const memo = readMemo();
  if (memo.admin === true && memo.coachee !== true) {
    try {
      return adminCards(budget);
    } catch (err) {
      if (!(err instanceof CcmError) || err.code !== 'FORBIDDEN') throw err;
      writeMemo({ ...memo, admin: false });
    }
  }
  const args: PanelArgs = {};
  if (memo.coachee === true) {
    const { facts, window } = collectFacts(currentUserEmail(), null, budget, memo);
    args.facts = facts;
    args.factsWindow = window;
  }
  let data: PanelData;
  try {
    data = callGateway('panel', args, budget);
  } catch (err) {
    // Outside the company (an outside coach's own account): nothing of the program to show here.
    if (err instanceof CcmError && err.code === 'FORBIDDEN') return [aboutCard()];
    throw err;
  }
  rememberPanel(data);
  if (data.engagement) {
    const timeZone = viewerTimeZone(e, data.companyTimeZone);
    const nowMs = Date.now();
    return [
      coacheeHomeCard({
        engagement: data.engagement,
        allowance: data.allowance,
        bookings: data.bookings,
        reconciled: data.reconciled,
        timeZone,
        nowMs,
        engagementProblem: data.engagementProblem ?? null,
        find: homeFind(data, timeZone, nowMs),
      }),
    ];
  }
  if (data.me.roles.includes('admin')) return adminCards(budget);
  return [aboutCard(data.engagementProblem ?? null)];
}
