/**
 * Homepage cards (no event open): the program admin's usage card. The coachee's homepage is in
 * coachee-home.ts.
 */
import type { AdminData, UsageFigures } from '../../core/api';
import { rangeText } from './view-model';
import * as HOME_TEXT from './messages/home';
import { bullets, card, labeled, linkAllowed, linkButton, buttons, paragraph, present, section, sectionIf } from './ui';

const MAX_LIST = 15;

export { REPORTING_QUARTER } from './messages/home';

/** The first MAX_LIST items; the rest counted (`total`: the full count when the gateway sent fewer). */
function capped(items: string[], what: string, total = items.length): string[] {
  const shown = items.slice(0, MAX_LIST);
  const more = Math.max(total, items.length) - shown.length;
  return more > 0 ? [...shown, HOME_TEXT.andMore(more, what)] : shown;
}

/** When the lists were worked out, when that is not "now" (the overview job's snapshot). */
function checkedNote(d: AdminData) {
  return d.checked && paragraph(HOME_TEXT.checkedAsOf(d.checked.at ? d.checked.label : null));
}

/** A company's outcome figures (counts and rates only), as the overview build last worked them out. */
function outcomesWidget(f: UsageFigures): GoogleAppsScript.Card_Service.DecoratedText | null {
  const o = f.outcomes;
  if (!o) return null;
  const rate = o.supportRate === null ? '' : HOME_TEXT.supportShare(Math.round(o.supportRate * 100));
  const first =
    o.medianDaysToFirst === null
      ? HOME_TEXT.noFirstMeeting
      : HOME_TEXT.firstMeeting(HOME_TEXT.days(o.medianDaysToFirst), o.withFirst);
  return labeled(
    HOME_TEXT.outcomesTitle(f.company, o.asOf),
    HOME_TEXT.outcomesHeld(o.held, o.supported, rate),
    [first, o.withoutFirst > 0 ? HOME_TEXT.withoutFirst(o.withoutFirst) : '', HOME_TEXT.wrapUpMissed(o.wrapUpMissed)]
      .filter(Boolean)
      .join(' · '),
  );
}

/**
 * The program admin's card: this quarter's figures per company (the Usage tab's, as the gateway
 * derived them just now), who is overdue or due, what to fix in the Sheet, and a link to it.
 */
export function adminCard(
  d: AdminData,
  extra: GoogleAppsScript.Card_Service.CardSection[] = [],
): GoogleAppsScript.Card_Service.Card {
  const figures = d.figures
    .slice(0, 20)
    .flatMap((f) =>
      present([
        labeled(
          HOME_TEXT.engaged(f.company, f.engaged),
          HOME_TEXT.met(f.met, f.noMeeting),
          [
            HOME_TEXT.statuses(f.confirmed, f.pending, f.cancelled, f.expired),
            HOME_TEXT.sessions(f.sessions),
            f.initialMissed > 0 ? HOME_TEXT.initialMissed(f.initialMissed) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        outcomesWidget(f),
      ]),
    );
  const overdue = d.due.filter((x) => x.overdue).map((x) => HOME_TEXT.dueLine(x.coachee, x.company, x.reason));
  const due = d.due.filter((x) => !x.overdue).map((x) => HOME_TEXT.dueLine(x.coachee, x.company, x.reason));
  const over = (d.overAllowance ?? []).map((o) =>
    HOME_TEXT.overAllowanceLine(o.coachee, o.company, o.quarter.label, o.used, o.limit),
  );
  const t = d.totals;
  const problems = d.problems.map((p) => (p.row > 0 ? HOME_TEXT.row(p.row, p.message) : p.message));
  return card(
    HOME_TEXT.adminTitle,
    `${HOME_TEXT.REPORTING_QUARTER} ${d.quarter.label} · ${rangeText(d.quarter.start, d.quarter.end)}`,
    [
      section(
        `${HOME_TEXT.REPORTING_QUARTER} ${d.quarter.label}`,
        figures.length > 0 ? figures : [paragraph(HOME_TEXT.noFigures)],
      ),
      sectionIf(null, present([d.capacity && paragraph(HOME_TEXT.capacity(d.capacity.percent)), checkedNote(d)])),
      sectionIf(
        HOME_TEXT.overdueTitle,
        overdue.length > 0 ? [paragraph(bullets(capped(overdue, HOME_TEXT.coachees, t?.overdue)))] : [],
      ),
      section(HOME_TEXT.dueTitle, [
        paragraph(due.length > 0 ? bullets(capped(due, HOME_TEXT.coachees, t?.due)) : HOME_TEXT.nobodyDue),
        paragraph(HOME_TEXT.ownQuarterNote),
      ]),
      sectionIf(
        HOME_TEXT.overAllowanceTitle,
        over.length > 0 ? [paragraph(bullets(capped(over, HOME_TEXT.coachees, t?.overAllowance)))] : [],
      ),
      sectionIf(
        HOME_TEXT.problemsTitle,
        problems.length > 0 ? [paragraph(bullets(capped(problems, HOME_TEXT.problems, t?.problems)))] : [],
      ),
      sectionIf(
        null,
        present([linkAllowed(d.sheetUrl) ? buttons([linkButton(HOME_TEXT.openSheet, d.sheetUrl)]) : null]),
      ),
      // The admin's own reports' or coachees' meetings (views/team-home.ts), when they have any.
      ...extra,
    ],
    { name: 'admin' },
  );
}
