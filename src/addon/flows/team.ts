/**
 * The manager's and coach's homepage (issue 14 item 5): the gateway's list of their people's meetings
 * (PanelData.team, in the homepage's one round trip), with the manager's own prepared marks (their
 * user properties, one read) and, for the first few upcoming meetings, the event as the viewer's own
 * calendar shows it (title, link, and the coach's role from the notes block), read in one batch.
 */
import type { PanelData } from '../../core/api';
import { parseBlock } from '../../core/description';
import { eventsReader } from '../adapters/calendar';
import { readPreparedMarks } from '../adapters/properties';
import type { Budget } from '../env';
import { planView, titleText } from '../views/view-model';
import type { TeamEvent, TeamHomeModel } from '../views/team-home';

/** Upcoming meetings whose event is read from the viewer's calendar, at most this many per open. */
const MAX_TEAM_LOOKUPS = 5;

export function teamModel(data: PanelData, timeZone: string, nowMs: number, budget: Budget): TeamHomeModel | null {
  const team = data.team;
  if (!team) return null;
  const prepared = readPreparedMarks(team.meetings.filter((m) => m.as === 'manager').map((m) => m.eventId));
  const events: Record<string, TeamEvent> = {};
  const ahead = team.meetings.filter((m) => Date.parse(m.end) > nowMs).slice(0, MAX_TEAM_LOOKUPS);
  // The viewer's own copies (their primary calendar), all in one batch.
  const read = eventsReader(ahead);
  for (const m of ahead) {
    try {
      budget.check('team meetings');
      const ev = read(m);
      if (!ev) continue;
      const role = planView(parseBlock(ev.description ?? ''), 'coach').coachRole;
      events[m.eventId] = { title: titleText(ev.summary), link: ev.htmlLink ?? null, coachRole: role?.label ?? null };
    } catch {
      break; // Calendar not answering: the lines stay without titles, nothing else
    }
  }
  return { team, timeZone, nowMs, prepared, events };
}
