/**
 * What the homepages of people who are not (only) coachees say: the program admin's usage card
 * (views/home.ts) and the manager's and coach's meeting lists (views/team-home.ts). Imported as a
 * namespace, `HOME_TEXT`.
 */

/** Which quarter is which: the figures use the company's reporting quarter, "due" each coachee's own. */
export const REPORTING_QUARTER = 'Company reporting quarter';
export const ownQuarterNote =
  'Who is due follows each coachee\u2019s own quarter (named on each line): where quarters count from each engagement\u2019s start, it can begin and end on other days than the company reporting quarter.';
/** The tail of a capped list. */
export const andMore = (more: number, what: string) =>
  `… and ${more} more ${what}: see the Overview tab of the usage Sheet`;
/** When the lists were worked out, when that is not "now" (the overview job's snapshot; null: still preparing). */
export const checkedAsOf = (label: string | null) =>
  label
    ? `Due, overdue and records to fix as of ${label}: the daily job works them out again each morning.`
    : 'Due, overdue and records to fix are being prepared: the daily job works them out each morning.';
export const days = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} day${n === 1 ? '' : 's'}`;
export const supportShare = (percent: number) => ` (${percent}% of held)`;
export const noFirstMeeting = 'No first meeting yet among engagements started this quarter';
export const firstMeeting = (days: string, withFirst: number) =>
  `First meeting ${days} after the start (median of ${withFirst} started this quarter)`;
export const outcomesTitle = (company: string, asOf: string) => `${company}: outcomes as of ${asOf}`;
export const outcomesHeld = (held: number, supported: number, share: string) =>
  `Meetings held ${held} · manager support confirmed ${supported}${share}`;
export const withoutFirst = (n: number) => `${n} started without a meeting yet`;
export const wrapUpMissed = (n: number) => `six-month wrap-ups missed ${n}`;
export const engaged = (company: string, n: number) => `${company}: ${n} engaged coachee${n === 1 ? '' : 's'}`;
export const met = (met: number, none: number) => `${met} with a meeting · ${none} with none`;
export const statuses = (confirmed: number, pending: number, cancelled: number, expired: number) =>
  `Confirmed ${confirmed} · pending ${pending} · cancelled ${cancelled} · expired ${expired}`;
export const sessions = (n: number) => `Coaching sessions used ${n}`;
export const initialMissed = (n: number) => `Six-month initial meeting not held by end of month 2: ${n}`;
/** A due or overdue coachee: who, and why. */
export const dueLine = (coachee: string, company: string, reason: string) => `${coachee} (${company}): ${reason}`;
export const overAllowanceLine = (coachee: string, company: string, quarter: string, used: number, limit: number) =>
  `${coachee} (${company}): ${quarter} holds ${used} meetings, allowance ${limit}`;
/** A record to fix, by Sheet row (the message may already name its row). */
export const row = (n: number, message: string) => `Row ${n}: ${message}`.replace(/^Row (\d+): Row \1: /, 'Row $1: ');
/** The usage Sheet near Google's cell limit (what to do: README, "The usage Sheet's size"). */
export const capacity = (percent: number) =>
  `The usage Sheet is at ${percent}% of Google's 10,000,000-cell limit; at 100% no booking can be saved. Delete empty rows, columns and extra tabs (README).`;
export const adminTitle = 'Program usage';
export const noFigures = 'No engaged coachees and no meetings this quarter.';
export const overdueTitle = 'Overdue';
export const dueTitle = 'Due for a meeting';
export const nobodyDue = 'Nobody is due right now.';
export const overAllowanceTitle = 'Over the allowance after a change (nothing cancelled)';
export const problemsTitle = 'Engagement records to fix';
export const openSheet = 'Open the usage Sheet';
/** What a capped list counts. */
export const coachees = 'coachees';
export const problems = 'problems';

/** The manager's and the coach's homepage sections. */
export const TEAM_TITLES = {
  manager: 'Your reports’ alignment meetings',
  coach: 'Your coachees’ alignment meetings',
} as const;
export const noTeamMeetings = 'No upcoming or recent alignment meetings.';
/** The manager's own marks on one meeting: prepared (theirs only) and the support they confirmed. */
export const managerMarks = (prepared: boolean, supportedOn: string | null) =>
  `${prepared ? 'You marked yourself prepared' : 'Not marked prepared'} · ${
    supportedOn ? `you confirmed your support on ${supportedOn}` : 'support not confirmed yet'
  }`;
/** The coach's role line in one meeting (the coachee picks it in the notes; undefined: not looked at). */
export const coachRoleLine = (role: string | null | undefined) =>
  role === undefined
    ? 'Your role: open the meeting to see it'
    : role
      ? `Your role: ${role}`
      : 'Your role: not chosen yet; ask your coachee';
export const moreEngagements = (more: number) => `And ${more} more engagement${more === 1 ? '' : 's'} not shown here.`;
/** A listed meeting's state. */
export const booked = 'booked';
export const upcoming = 'upcoming';
export const tookPlace = 'took place';
export const teamTitle = 'Alignment meetings';
export const teamSubtitle = 'The people you manage or coach';
