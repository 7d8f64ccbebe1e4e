/**
 * Homepage cards (no event open): the program admin's usage card. The coachee's homepage is in
 * coachee-home.ts.
 */
import type { AdminData, UsageFigures } from '../../core/api';
import { rangeText } from './view-model';
import { bullets, card, labeled, linkAllowed, linkButton, buttons, paragraph, present, section, sectionIf } from './ui';

const MAX_LIST = 15;

/** Which quarter is which: the figures use the company's reporting quarter, "due" each coachee's own. */
export const REPORTING_QUARTER = 'Company reporting quarter';
const OWN_QUARTER_NOTE =
  'Who is due follows each coachee\u2019s own quarter (named on each line): where quarters count from each engagement\u2019s start, it can begin and end on other days than the company reporting quarter.';

/** The first MAX_LIST items; the rest counted (`total`: the full count when the gateway sent fewer). */
function capped(items: string[], what: string, total = items.length): string[] {
  const shown = items.slice(0, MAX_LIST);
  const more = Math.max(total, items.length) - shown.length;
  return more > 0 ? [...shown, `… and ${more} more ${what}: see the Overview tab of the usage Sheet`] : shown;
}

/** When the lists were worked out, when that is not "now" (the overview job's snapshot). */
function checkedNote(d: AdminData): string | null {
  if (!d.checked) return null;
  return d.checked.at
    ? `Due, overdue and records to fix as of ${d.checked.label}: the daily job works them out again each morning.`
    : 'Due, overdue and records to fix are being prepared: the daily job works them out each morning.';
}

const days = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} day${n === 1 ? '' : 's'}`;

/** A company's outcome figures (counts and rates only), as the overview build last worked them out. */
function outcomesWidget(f: UsageFigures): GoogleAppsScript.Card_Service.DecoratedText | null {
  const o = f.outcomes;
  if (!o) return null;
  const rate = o.supportRate === null ? '' : ` (${Math.round(o.supportRate * 100)}% of held)`;
  const first =
    o.medianDaysToFirst === null
      ? 'No first meeting yet among engagements started this quarter'
      : `First meeting ${days(o.medianDaysToFirst)} after the start (median of ${o.withFirst} started this quarter)`;
  return labeled(
    `${f.company}: outcomes as of ${o.asOf}`,
    `Meetings held ${o.held} · manager support confirmed ${o.supported}${rate}`,
    [
      first,
      o.withoutFirst > 0 ? `${o.withoutFirst} started without a meeting yet` : '',
      `six-month wrap-ups missed ${o.wrapUpMissed}`,
    ]
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
        outcomesWidget(f),
      ]),
    );
  const overdue = d.due.filter((x) => x.overdue).map((x) => `${x.coachee} (${x.company}): ${x.reason}`);
  const due = d.due.filter((x) => !x.overdue).map((x) => `${x.coachee} (${x.company}): ${x.reason}`);
  const over = (d.overAllowance ?? []).map(
    (o) => `${o.coachee} (${o.company}): ${o.quarter.label} holds ${o.used} meetings, allowance ${o.limit}`,
  );
  const t = d.totals;
  const problems = d.problems.map((p) =>
    p.row > 0 ? `Row ${p.row}: ${p.message}`.replace(/^Row (\d+): Row \1: /, 'Row $1: ') : p.message,
  );
  return card(
    'Program usage',
    `${REPORTING_QUARTER} ${d.quarter.label} · ${rangeText(d.quarter.start, d.quarter.end)}`,
    [
      section(
        `${REPORTING_QUARTER} ${d.quarter.label}`,
        figures.length > 0 ? figures : [paragraph('No engaged coachees and no meetings this quarter.')],
      ),
      sectionIf(null, present([checkedNote(d) ? paragraph(checkedNote(d)!) : null])),
      sectionIf('Overdue', overdue.length > 0 ? [paragraph(bullets(capped(overdue, 'coachees', t?.overdue)))] : []),
      section('Due for a meeting', [
        paragraph(due.length > 0 ? bullets(capped(due, 'coachees', t?.due)) : 'Nobody is due right now.'),
        paragraph(OWN_QUARTER_NOTE),
      ]),
      sectionIf(
        'Over the allowance after a change (nothing cancelled)',
        over.length > 0 ? [paragraph(bullets(capped(over, 'coachees', t?.overAllowance)))] : [],
      ),
      sectionIf(
        'Engagement records to fix',
        problems.length > 0 ? [paragraph(bullets(capped(problems, 'problems', t?.problems)))] : [],
      ),
      sectionIf(
        null,
        present([linkAllowed(d.sheetUrl) ? buttons([linkButton('Open the usage Sheet', d.sheetUrl)]) : null]),
      ),
      // The admin's own reports' or coachees' meetings (views/team-home.ts), when they have any.
      ...extra,
    ],
    { name: 'admin' },
  );
}
