/**
 * The manager's and the coach's homepage (issue 14 item 5): the upcoming and recent meetings of the
 * people whose engagement names the caller as manager or coach, metadata only (who, when, status,
 * the manager's support). A meeting is listed only when it falls inside THAT engagement's dates, so a
 * former manager does not see a report's meetings with their next manager.
 *
 * Bounded whatever the program's size (300,000 Ledger rows, tens of thousands of Engagements rows):
 * the caller's Engagements rows are found with one TextFinder search per role (no cells read by the
 * script), newest rows first; at most TEAM_ROWS_CAP of them are read and at most TEAM_PEOPLE_CAP
 * coachees' Index rows (one search and one 3-cell row each); the Ledger is never read. The rest is
 * counted ("and N more").
 */
import type { Role, TeamMeetingView, TeamView } from '../../core/api';
import { isActive } from '../../core/ledger';
import { civilDateOf, DAY_MS, formatCivilDate, parseIsoInstant } from '../../core/time';
import type { RequestContext } from '../context';
import type { IndexEntry } from '../store';

/** Coachees whose meetings one homepage open looks at. */
export const TEAM_PEOPLE_CAP = 20;
/** Engagements rows one open reads at most (some may have ended long ago, or have problems). */
const TEAM_ROWS_CAP = 40;
/** A meeting that ended this many days ago or less is "recent". */
const TEAM_RECENT_DAYS = 90;
/** Meetings listed at most (upcoming first). */
const TEAM_MEETINGS_CAP = 40;

export function team(ctx: RequestContext, roles: readonly Role[]): TeamView | null {
  const as = (['manager', 'coach'] as const).filter((r) => roles.includes(r));
  if (as.length === 0) return null;
  const store = ctx.store;
  const tz = ctx.settings().timeZone;
  const recentFromMs = ctx.nowMs - TEAM_RECENT_DAYS * DAY_MS;
  const recentFrom = formatCivilDate(civilDateOf(recentFromMs, tz));
  // Newest rows first: an engagement added lately is the likeliest to be current.
  const hits = as.flatMap((a) => ctx.roleRows(a).map((row) => ({ row, as: a }))).sort((x, y) => y.row - x.row);
  const entries = new Map<string, IndexEntry | null>();
  const meetings: TeamMeetingView[] = [];
  let read = 0;
  for (const hit of hits) {
    if (read >= TEAM_ROWS_CAP) break;
    const r = store.engagementRowAs(hit.row, ctx.email, hit.as);
    read++;
    if (!r) continue;
    const { check, name } = store.checkEngagementRow(r);
    // Ended before the recent window: nothing of it to list.
    if (!check.ok || check.engagement.end <= recentFrom) continue;
    const g = check.engagement;
    if (!entries.has(g.coachee)) {
      if (entries.size >= TEAM_PEOPLE_CAP) {
        read--; // not looked at after all: counted in "more"
        break;
      }
      entries.set(g.coachee, store.loadIndex(g.coachee));
    }
    for (const b of entries.get(g.coachee)?.bookings ?? []) {
      const startMs = parseIsoInstant(b.start);
      const endMs = parseIsoInstant(b.end);
      if (startMs === null || endMs === null) continue;
      const day = formatCivilDate(civilDateOf(startMs, tz));
      if (day < g.start || day >= g.end) continue; // another engagement's meeting
      const upcoming = endMs > ctx.nowMs && isActive(b);
      const recent = endMs <= ctx.nowMs && endMs >= recentFromMs && b.status === 'confirmed';
      if (!upcoming && !recent) continue;
      const m: TeamMeetingView = {
        coachee: g.coachee,
        as: hit.as,
        eventId: b.eventId,
        start: b.start,
        end: b.end,
        status: b.status,
      };
      if (name) m.coacheeName = name;
      if (b.milestone) m.milestone = b.milestone;
      if (b.supportedAt) m.supportedAt = b.supportedAt;
      meetings.push(m);
    }
  }
  const at = (m: TeamMeetingView) => parseIsoInstant(m.start) ?? 0;
  const ahead = meetings.filter((m) => parseIsoInstant(m.end)! > ctx.nowMs).sort((x, y) => at(x) - at(y));
  const past = meetings.filter((m) => !ahead.includes(m)).sort((x, y) => at(y) - at(x));
  return { meetings: [...ahead, ...past].slice(0, TEAM_MEETINGS_CAP), people: entries.size, more: hits.length - read };
}
