/**
 * Homepage cards (no event open): the coachee's status, the program admin's usage card.
 */
import type { AdminData, AllowanceView, BookingView, EngagementView, ReconcileChange } from '../../core/api';
import { dayText, rangeText, whenText } from './model';
import { bullets, card, labeled, linkAllowed, linkButton, buttons, paragraph, present, section, sectionIf, button, type Widget } from './ui';

export interface CoacheeHomeModel {
  engagement: EngagementView;
  allowance: AllowanceView | null;
  bookings: BookingView[];
  reconciled: ReconcileChange[];
  timeZone: string;
  engagementProblem?: string | null;
}

const MAX_LIST = 15;

function capped(items: string[], what: string): string[] {
  if (items.length <= MAX_LIST) return items;
  return [...items.slice(0, MAX_LIST), `… and ${items.length - MAX_LIST} more ${what}`];
}

export function coacheeHomeCard(m: CoacheeHomeModel): GoogleAppsScript.Card_Service.Card {
  const a = m.allowance;
  const upcoming = m.bookings.filter((b) => b.status === 'confirmed' || b.status === 'pending');
  const allowance: Widget[] = present([
    a?.quarter ? labeled(`This quarter: ${a.quarter.label}`, `${a.used} of ${a.limit} used`, rangeText(a.quarter.start, a.quarter.end)) : null,
    a?.nextQuarterOpens ? labeled('Next quarter opens', dayText(a.nextQuarterOpens)) : null,
    a?.nextMilestone ? labeled('Next milestone', a.nextMilestone.label, `Recommended ${rangeText(a.nextMilestone.from, a.nextMilestone.to)}`) : null,
  ]);
  return card('Your alignment meetings', `Engagement ${rangeText(m.engagement.start, m.engagement.end)}`, [
    sectionIf(null, m.reconciled.map((r) => paragraph(r.message))),
    section('Who', [labeled('Manager', m.engagement.manager), labeled('Coach', m.engagement.coach)]),
    sectionIf('Allowance', allowance),
    sectionIf(
      'Booked',
      upcoming.length > 0
        ? [paragraph(bullets(capped(upcoming.map((b) => `${whenText(b.start, m.timeZone)}${b.milestone ? ` · ${b.milestone}` : ''}${b.status === 'pending' ? ' (not finished: open the event and confirm)' : ''}`), 'meetings')))]
        : [],
    ),
    section('How to book', [
      paragraph('Create an event in Google Calendar for you, your manager and your coach (about 60 minutes, online), open this add-on’s panel on it, and follow the steps there.'),
      buttons([button('What the meeting is for', 'showToolkit', { doc: 'coachee' })])!,
    ]),
  ], { name: 'home' });
}

/**
 * The program admin's card: this quarter's figures per company (the Usage tab's, as the gateway
 * derived them just now), who is overdue or due, what to fix in the Sheet, and a link to it.
 */
export function adminCard(d: AdminData): GoogleAppsScript.Card_Service.Card {
  const figures = d.figures.slice(0, 20).map((f) =>
    labeled(
      `${f.company}: ${f.engaged} engaged coachee${f.engaged === 1 ? '' : 's'}`,
      `${f.met} with a meeting · ${f.noMeeting} with none`,
      [
        `Confirmed ${f.confirmed} · pending ${f.pending} · cancelled ${f.cancelled} · expired ${f.expired}`,
        `Coaching sessions used ${f.sessions}`,
        f.initialMissed > 0 ? `Six-month initial meeting not held by end of month 2: ${f.initialMissed}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
  const overdue = d.due.filter((x) => x.overdue).map((x) => `${x.coachee} (${x.company}): ${x.reason}`);
  const due = d.due.filter((x) => !x.overdue).map((x) => `${x.coachee} (${x.company}): ${x.reason}`);
  const problems = d.problems.map((p) => (p.row > 0 ? `Row ${p.row}: ${p.message}`.replace(/^Row (\d+): Row \1: /, 'Row $1: ') : p.message));
  return card('Program usage', `${d.quarter.label} · ${rangeText(d.quarter.start, d.quarter.end)}`, [
    section('This quarter', figures.length > 0 ? figures : [paragraph('No engaged coachees and no meetings this quarter.')]),
    sectionIf('Overdue', overdue.length > 0 ? [paragraph(bullets(capped(overdue, 'coachees')))] : []),
    section('Due for a meeting', [paragraph(due.length > 0 ? bullets(capped(due, 'coachees')) : 'Nobody is due right now.')]),
    sectionIf('Engagement records to fix', problems.length > 0 ? [paragraph(bullets(capped(problems, 'problems')))] : []),
    sectionIf(null, present([linkAllowed(d.sheetUrl) ? buttons([linkButton('Open the usage Sheet', d.sheetUrl)]) : null])),
  ], { name: 'admin' });
}
