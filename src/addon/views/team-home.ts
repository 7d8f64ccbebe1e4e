/**
 * The manager's and the coach's homepage sections (issue 14 item 5): their reports' or coachees'
 * upcoming and recent alignment meetings, with the manager's own prepared mark (from their user
 * properties) and the support they confirmed (from the gateway), or the coach's role in each (from the
 * coach's own copy of the event). Shown alone, or under the coachee's or admin's homepage for a
 * person who is several of these.
 */
import type { TeamMeetingView, TeamView } from '../../core/api';
import { dayOfInstant, whenText } from './view-model';
import * as HOME_TEXT from './messages/home';
import { card, html, linkAllowed, paragraph, section, type Widget } from './ui';

/** What the homepage knows of a listed meeting from the viewer's own calendar (when looked at). */
export interface TeamEvent {
  title: string;
  link: string | null;
  /** The coach's role as the coachee chose it in the notes ("Observe silently"); null: not chosen. */
  coachRole: string | null;
}

export interface TeamHomeModel {
  team: TeamView;
  timeZone: string;
  nowMs: number;
  /** The manager's "I'm prepared" mark per event id (their own user properties). */
  prepared: Record<string, boolean>;
  /** The meetings' events as the viewer's calendar shows them, by event id (the first few looked at). */
  events: Record<string, TeamEvent>;
}

export { TEAM_TITLES, managerMarks, coachRoleLine } from './messages/home';
export const moreText = HOME_TEXT.moreEngagements;

function meetingWidget(t: TeamMeetingView, m: TeamHomeModel): Widget {
  const ev = m.events[t.eventId];
  const ahead = Date.parse(t.end) > m.nowMs;
  const who = t.coacheeName ? `${t.coacheeName} (${t.coachee})` : t.coachee;
  const marks =
    t.as === 'manager'
      ? HOME_TEXT.managerMarks(
          m.prepared[t.eventId] === true,
          t.supportedAt ? dayOfInstant(t.supportedAt, m.timeZone) : null,
        )
      : HOME_TEXT.coachRoleLine(ev ? ev.coachRole : undefined);
  const w = CardService.newDecoratedText()
    .setTopLabel(
      `${whenText(t.start, m.timeZone)} · ${ahead ? (t.status === 'pending' ? HOME_TEXT.booked : HOME_TEXT.upcoming) : HOME_TEXT.tookPlace}`,
    )
    .setText(html`<b>${who}</b>${ev?.title ? ` · ${ev.title}` : ''}`.value)
    .setBottomLabel(marks)
    .setWrapText(true);
  if (ev && linkAllowed(ev.link)) w.setOpenLink(CardService.newOpenLink().setUrl(ev.link));
  return w;
}

/** One section per role the person holds; the cap's "and N more" under the last one. */
export function teamSections(m: TeamHomeModel): GoogleAppsScript.Card_Service.CardSection[] {
  const roles = (['manager', 'coach'] as const).filter((r) => m.team.meetings.some((t) => t.as === r));
  const out = roles.map((r) =>
    section(
      HOME_TEXT.TEAM_TITLES[r],
      m.team.meetings.filter((t) => t.as === r).map((t) => meetingWidget(t, m)),
      { collapsible: true, visible: 5 },
    ),
  );
  const tail: Widget[] = [];
  if (out.length === 0) tail.push(paragraph(HOME_TEXT.noTeamMeetings));
  if (m.team.more > 0) tail.push(paragraph(HOME_TEXT.moreEngagements(m.team.more)));
  if (tail.length > 0) out.push(section(out.length === 0 ? HOME_TEXT.teamTitle : null, tail));
  return out;
}

/** The homepage of a manager or coach who is neither a coachee nor an admin. */
export function teamHomeCard(m: TeamHomeModel): GoogleAppsScript.Card_Service.Card {
  return card(HOME_TEXT.teamTitle, HOME_TEXT.teamSubtitle, teamSections(m), { name: 'team' });
}
