/**
 * The scenario steps added after the first format (docs/scenarios.md, "Additions"), kept apart from
 * runner.ts so the runner's core stays small: an admin editing the usage Sheet by hand, faults armed
 * on Calendar or the gateway, the people's own time zones and calendars, and the mail output.
 */
import { ENGAGEMENT_HEADERS, TABS } from '../../gateway/schema';
import { a1Of, getFile, readSheet, roleOf, writeRange, type InputValue } from '../runtime/backends/sheets';
import { setCalendarFault, setFreeBusyVisibility, type CalendarFault } from '../runtime/backends/calendar';
import { allMessages, emailOf } from '../runtime/backends/gmail';
import { setUrlFetchFault } from '../runtime/backends/urlfetch';
import { GATEWAY_URL } from '../host/workspace';
import type { LocalRuntime } from '../runtime/runtime';
import type { World } from '../runtime/world';
import type { ENGAGEMENT_EDIT_FIELDS, Scenario, ScenarioFault, ScenarioStep } from './format';

export interface MailOutput {
  to: string;
  from: string;
  subject: string;
  at: string;
  text: string;
}

/** How much of each message's plain body the output carries. */
export const MAIL_TEXT_LIMIT = 2000;

type EditEngagement = Extract<ScenarioStep, { do: 'editEngagement' }>;
type EditSettings = Extract<ScenarioStep, { do: 'editSettings' }>;
type Cell = string | number | boolean | null;

/** `engagements[]` names of the Engagements columns (the gateway's headers, schema.ts). */
const ENGAGEMENT_COLUMNS: Record<(typeof ENGAGEMENT_EDIT_FIELDS)[number], string> = {
  coachee: 'Coachee',
  manager: 'Manager',
  coach: 'Coach',
  company: 'Company',
  program: 'Program',
  start: 'Start',
  end: 'End',
  sessions: 'Sessions in program',
  videoLink: 'Coach video link',
  status: 'Status',
};

// ---- people ----

/**
 * Adds the `people` of a scenario to the directory before the company is seeded (seeding keeps
 * people already there): their own time zone (default the company's) and, for `calendar`, whether
 * others (the coachee) may see their free/busy.
 */
export function addPeople(world: World, s: Scenario): void {
  const domain = s.company.domain.toLowerCase();
  for (const p of s.people ?? []) {
    const email = p.email.toLowerCase();
    if (!world.user(email))
      world.addUser({
        email,
        name: email.split('@')[0]!,
        timeZone: p.timeZone ?? s.company.timeZone,
        ...(email.endsWith(`@${domain}`) ? { domain } : {}),
      });
    setFreeBusyVisibility(world, email, (p.calendar ?? 'visible') === 'visible' ? 'public' : 'none');
  }
}

// ---- an admin edits the usage Sheet by hand ----

/**
 * What a person typing into the Sheets UI can do: only with edit access to the file, values entered
 * as typed (USER_ENTERED: dates and numbers parsed, the tab's formats kept), no other check; the
 * gateway learns of it the next time it reads.
 */
function typeInto(world: World, sheetId: string, as: string, tab: string, cells: [number, number, Cell][]): void {
  const role = roleOf(getFile(world, sheetId), as);
  if (role !== 'owner' && role !== 'writer')
    throw new Error(`${as} cannot edit the usage Sheet: it is not shared with them as an editor`);
  const quoted = `'${tab.replace(/'/g, "''")}'`;
  for (const [row, col, value] of cells)
    writeRange(world, sheetId, `${quoted}!${a1Of(row, col)}`, [[value === null ? null : (value as InputValue)]]);
}

export function editEngagementByHand(world: World, sheetId: string, step: EditEngagement): void {
  const tab = TABS.engagements.name;
  const rows = readSheet(world, sheetId, tab);
  const headers = (rows[0] ?? []).map((h) => String(h ?? '').trim());
  const column = (header: string) => {
    const i = headers.indexOf(header);
    if (i < 0) throw new Error(`The ${tab} tab has no "${header}" column`);
    return i + 1;
  };
  const coacheeCol = column(ENGAGEMENT_HEADERS[0]);
  const wanted = step.coachee.trim().toLowerCase();
  const index = rows.findIndex(
    (r, i) =>
      i > 0 &&
      String(r[coacheeCol - 1] ?? '')
        .trim()
        .toLowerCase() === wanted,
  );
  if (index < 0) throw new Error(`The ${tab} tab has no row for ${step.coachee}`);
  const cells = Object.entries(step.set).map(
    ([field, value]) =>
      [index + 1, column(ENGAGEMENT_COLUMNS[field as keyof typeof ENGAGEMENT_COLUMNS]), value] as [
        number,
        number,
        Cell,
      ],
  );
  typeInto(world, sheetId, step.as.toLowerCase(), tab, cells);
}

export function editSettingsByHand(world: World, sheetId: string, step: EditSettings): void {
  const tab = TABS.settings.name;
  const rows = readSheet(world, sheetId, tab);
  let next = rows.length + 1;
  const cells: [number, number, Cell][] = [];
  for (const [key, value] of Object.entries(step.set)) {
    const index = rows.findIndex((r, i) => i > 0 && String(r[0] ?? '').trim() === key);
    // A key without a row gets one below the others, as a person would add it.
    if (index < 0) cells.push([next, 1, key], [next++, 2, value]);
    else cells.push([index + 1, 2, value]);
  }
  typeInto(world, sheetId, step.as.toLowerCase(), tab, cells);
}

// ---- faults ----

const CALENDAR_METHODS: Record<string, string> = {
  insert: 'Calendar.Events.insert',
  get: 'Calendar.Events.get',
  patch: 'Calendar.Events.patch',
  list: 'Calendar.Events.list',
  any: '*',
};

/** Arms the runtime's own fault hooks: the next `times` matching calls answer `status`. */
export function armFault(runtime: LocalRuntime, step: ScenarioFault): void {
  const times = step.times ?? 1;
  const status = step.status ?? 503;
  const lostAnswer = step.lostAnswer ?? false;
  if (step.service === 'calendar') {
    setCalendarFault(runtime, CALENDAR_METHODS[step.method ?? 'any'] ?? '*', {
      code: status as CalendarFault['code'],
      times,
      lostAnswer,
    });
  } else {
    // A gateway operation is told apart by the request body the add-on sends ({"op":"book",...}).
    const method = step.method ?? 'any';
    setUrlFetchFault(runtime, GATEWAY_URL, {
      kind: 'status',
      code: status,
      times,
      lostAnswer,
      ...(method === 'any' ? {} : { bodyIncludes: `"op":${JSON.stringify(method)}` }),
    });
  }
}

// ---- mail ----

/** Ids of the messages already delivered (before the story starts). */
export function deliveredIds(world: World): Set<string> {
  return new Set(allMessages(world).map((m) => m.id));
}

/** Every message delivered since `before`, one entry per recipient's copy, in delivery order. */
export function mailOutput(world: World, before: Set<string>): MailOutput[] {
  return allMessages(world)
    .filter((m) => !before.has(m.id))
    .map((m) => ({
      to: m.owner,
      from: emailOf(m.from),
      subject: m.subject,
      at: new Date(m.dateMs).toISOString(),
      text: m.plain.slice(0, MAIL_TEXT_LIMIT),
    }));
}
