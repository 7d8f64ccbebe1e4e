/**
 * The alignment meeting the coachee writes (DESIGN rule 5): goal, agenda, action plan, the coach's
 * role and the video link. Only the coachee edits it; everyone else reads it from the description
 * block (description.ts). Nothing here is ever written to the ledger (rule 8).
 *
 * Form text conventions (for multi-line text inputs on the card):
 * - Agenda: one item per line; leading bullets ("-", "*", "•") and numbering ("1.", "2)") are dropped.
 * - Action plan: one action per line, `step | owner | due`, where owner (coachee, manager or coach;
 *   "me" = coachee) and due (YYYY-MM-DD) are both optional and read from the right, so
 *   `Draft the plan | 2026-03-17` and `Draft the plan` work too. Owner defaults to coachee.
 *   A step cannot contain "|" in this text form (actionPlanToText writes it as "/").
 */
import * as c from './check';
import { cleanLine, cleanLines, codePointLength, httpsUrlProblem } from './text';
import { civilDateProblem } from './time';
import { Problem } from './validation';

/**
 * Sized so the whole block fits Google Calendar's description limit (about 8,192 characters,
 * description.ts DESCRIPTION_MAX_CHARS) with the context lines and some of the coachee's own text:
 * a block at every limit is about 4,300 characters of plain text (test/unit/description.test.ts).
 * Text that escapes to more (<, &, quotes) is caught by the size check before anything is booked.
 */
export const MEETING_LIMITS = {
  goal: 300,
  agendaItems: 10,
  agendaItem: 150,
  actionItems: 10,
  actionStep: 150,
} as const;

export const COACH_ROLES = ['observe', 'facilitate', 'clarify'] as const;
export type CoachRole = (typeof COACH_ROLES)[number];

/** What the coachee agrees with their coach before the meeting (seed: observe, facilitate, clarify). */
export const COACH_ROLE_INFO: Record<CoachRole, { label: string; description: string }> = {
  observe: {
    label: 'Observe silently',
    description: 'The coach listens and stays silent, unless the coachee invites them in.',
  },
  facilitate: {
    label: 'Facilitate',
    description: 'The coach guides the conversation and keeps it on the agenda and the goal.',
  },
  clarify: {
    label: 'Ask clarifying questions',
    description: 'The coach asks questions that help the coachee and manager understand each other and align.',
  },
};

/** Used when the form leaves the role unset. Observing is the least intrusive choice. */
export const DEFAULT_COACH_ROLE: CoachRole = 'observe';

/** Who does an action: the coachee, the manager, the coach, or all three together. */
export const OWNERS = ['coachee', 'manager', 'coach', 'together'] as const;
export type Owner = (typeof OWNERS)[number];

export interface ActionItem {
  step: string;
  owner: Owner;
  /** YYYY-MM-DD */
  due?: string;
  /**
   * Marked done later (core/carry.ts: the next meeting's form): the block says so in the step's line.
   * Progress, not what was agreed: the notes digest leaves it out. The card's form never sets it.
   */
  done?: boolean;
}

/** The same step: its text, owner and due date (whether it is marked done aside). */
export const sameStep = (a: ActionItem, b: ActionItem): boolean =>
  a.step === b.step && a.owner === b.owner && (a.due ?? '') === (b.due ?? '');

export interface Meeting {
  goal: string;
  agenda: string[];
  actionPlan: ActionItem[];
  coachRole: CoachRole;
  /** The coachee's chosen https link; undefined = the coach's own link (the default). */
  videoLink?: string;
}

// Schema messages finish a sentence whose subject comes from the field (see labelFor).
const within = (max: number) =>
  c.refine<string>(
    (s) => codePointLength(s) <= max,
    (s) => `is ${codePointLength(s)} characters long; keep it to ${max} or fewer.`,
  );
const notEmpty = (what: string) => c.refine<string>((s) => s.trim() !== '', `is empty: ${what}`);

export const ActionItemSchema = c.object({
  step: c.string('must be text.').check(notEmpty('write what will be done.'), within(MEETING_LIMITS.actionStep)),
  owner: c.oneOf(OWNERS, (input) => `"${String(input ?? '')}" is not one of coachee, manager, coach or together.`),
  due: c.optional(
    c.string('must be a date (YYYY-MM-DD).').check(
      c.refine(
        (s) => civilDateProblem(s) === null,
        (s) => `${civilDateProblem(s)}.`,
      ),
    ),
  ),
});

export const MeetingSchema = c.object({
  goal: c
    .string('is missing.')
    .check(notEmpty("write what you want to work on with your manager's support."), within(MEETING_LIMITS.goal)),
  agenda: c
    .array(
      c.string('must be text.').check(notEmpty('write the item or remove it.'), within(MEETING_LIMITS.agendaItem)),
      'is missing.',
    )
    .check(
      c.minLength(1, 'is empty: add at least one item.'),
      c.maxLength(
        MEETING_LIMITS.agendaItems,
        (a) => `has ${a.length} items; keep it to ${MEETING_LIMITS.agendaItems} or fewer.`,
      ),
    ),
  actionPlan: c
    .array(ActionItemSchema, 'must be a list of actions.')
    .check(
      c.maxLength(
        MEETING_LIMITS.actionItems,
        (a) => `has ${a.length} actions; keep it to ${MEETING_LIMITS.actionItems} or fewer.`,
      ),
    ),
  coachRole: c.oneOf(COACH_ROLES, 'must be one of: observe silently, facilitate, or ask clarifying questions.'),
  videoLink: c.optional(
    c.string('must be a link.').check(
      c.refine(
        (s) => httpsUrlProblem(s) === null,
        (s) => `"${s}" ${httpsUrlProblem(s)}.`,
      ),
    ),
  ),
});

/** The sentence subject for a field path: `agenda.2` → "Agenda item 3". */
export function labelFor(field: string): string {
  const [head, index, sub] = field.split('.');
  const n = index !== undefined ? Number(index) + 1 : undefined;
  switch (head) {
    case 'goal':
      return 'The goal';
    case 'agenda':
      return n === undefined ? 'The agenda' : `Agenda item ${n}`;
    case 'actionPlan':
      if (n === undefined) return 'The action plan';
      if (sub === 'step') return `Action ${n}: the step`;
      if (sub === 'owner') return `Action ${n}: the owner`;
      if (sub === 'due') return `Action ${n}: the due date`;
      return `Action ${n}`;
    case 'coachRole':
      return "The coach's role";
    case 'videoLink':
      return 'The video link';
    default:
      return 'The form';
  }
}

export type MeetingParse = { ok: true; meeting: Meeting } | { ok: false; problems: Problem[] };

/** Lower-cases and maps the owner words people write: "me", "I", "my manager", "Coach". */
export function normaliseOwner(value: unknown): string | undefined {
  const s = cleanLine(value).toLowerCase();
  if (s === '') return undefined;
  if (['coachee', 'me', 'i', 'myself', 'self', 'mine'].includes(s)) return 'coachee';
  if (['manager', 'my manager', 'boss', 'mgr'].includes(s)) return 'manager';
  if (['coach', 'my coach'].includes(s)) return 'coach';
  if (['together', 'all', 'all of us', 'everyone', 'we', 'us'].includes(s)) return 'together';
  return s;
}

const BULLET = /^(?:[-*•·▪●◦‣–—]|\d{1,2}[.)])\s+/u;

/** Agenda from a multi-line text input: one item per line, bullets and numbering removed. */
export function agendaFromText(text: unknown): string[] {
  return cleanLines(text)
    .map((line) => line.replace(BULLET, '').trim())
    .filter((line) => line !== '');
}

export function agendaToText(agenda: readonly string[]): string {
  return agenda.join('\n');
}

const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const LOOKS_LIKE_A_DATE = /^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$/;

/**
 * Action plan from a multi-line text input (see the file header). Lines that cannot be read are
 * reported with their line number and left out of `items`.
 */
export function actionPlanFromText(text: unknown): { items: ActionItem[]; problems: Problem[] } {
  const items: ActionItem[] = [];
  const problems: Problem[] = [];
  const lines = text === null || text === undefined ? [] : String(text).split(/\r\n|[\n\r\u2028\u2029]/);
  let n = 0;
  lines.forEach((raw, i) => {
    const line = cleanLine(raw).replace(BULLET, '');
    if (line === '') return;
    n++;
    const lineNo = i + 1;
    const parts = line.split('|').map((p) => p.trim());
    let due: string | undefined;
    let owner: string | undefined;
    let lineOk = true;
    // Read optional fields from the right: a date, then an owner, in either order.
    for (let k = 0; k < 2 && parts.length > 1; k++) {
      const last = parts[parts.length - 1]!;
      if (last === '') {
        parts.pop();
        continue;
      }
      if (due === undefined && (DATE_LIKE.test(last) || LOOKS_LIKE_A_DATE.test(last))) {
        if (!DATE_LIKE.test(last)) {
          problems.push({
            field: `actionPlan.${n - 1}.due`,
            message: `Action plan line ${lineNo}: write the date "${last}" as YYYY-MM-DD (for example 2026-03-17).`,
          });
          lineOk = false;
        } else {
          const [y, m, d] = last.split('-');
          due = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
          const problem = civilDateProblem(due);
          if (problem) {
            problems.push({
              field: `actionPlan.${n - 1}.due`,
              message: `Action plan line ${lineNo}: the due date ${problem}.`,
            });
            lineOk = false;
          }
        }
        parts.pop();
        continue;
      }
      const o = normaliseOwner(last);
      if (owner === undefined && o !== undefined && (OWNERS as readonly string[]).includes(o)) {
        owner = o;
        parts.pop();
        continue;
      }
      break;
    }
    if (parts.length > 1) {
      problems.push({
        field: `actionPlan.${n - 1}`,
        message: `Action plan line ${lineNo}: "${parts[parts.length - 1]}" is not an owner (coachee, manager, coach or together) or a date (YYYY-MM-DD). Write each action as: step | owner | due date.`,
      });
      return;
    }
    const step = parts[0] ?? '';
    if (step === '') {
      problems.push({
        field: `actionPlan.${n - 1}.step`,
        message: `Action plan line ${lineNo} has no step: write what will be done before the "|".`,
      });
      return;
    }
    if (!lineOk) return;
    const item: ActionItem = { step, owner: (owner ?? 'coachee') as Owner };
    if (due) item.due = due;
    items.push(item);
  });
  return { items, problems };
}

export function actionPlanToText(plan: readonly ActionItem[]): string {
  return plan.map((a) => [a.step.replace(/\|/g, '/'), a.owner, a.due].filter((x) => x).join(' | ')).join('\n');
}

function normaliseActionItem(raw: unknown): Record<string, unknown> | null {
  if (typeof raw === 'string') {
    const step = cleanLine(raw);
    return step === '' ? null : { step, owner: 'coachee' };
  }
  if (typeof raw !== 'object' || raw === null) return { step: raw };
  const r = raw as Record<string, unknown>;
  const step = typeof r.step === 'string' ? cleanLine(r.step) : r.step;
  const owner =
    r.owner === null || r.owner === undefined || r.owner === '' ? 'coachee' : (normaliseOwner(r.owner) ?? r.owner);
  const due =
    r.due === null || r.due === undefined || (typeof r.due === 'string' && r.due.trim() === '')
      ? undefined
      : typeof r.due === 'string'
        ? r.due.trim()
        : r.due;
  // A row left completely empty on the card is no action at all.
  if (
    (step === '' || step === undefined) &&
    due === undefined &&
    (r.owner === undefined || r.owner === null || r.owner === '')
  )
    return null;
  const out: Record<string, unknown> = { step: step ?? '', owner };
  if (due !== undefined) out.due = due;
  return out;
}

/**
 * Validates and normalises the form. Accepts `agenda` and `actionPlan` as arrays (JSON, scenario
 * forms) or as multi-line text (card text inputs, see the file header). Text is cleaned (cleanLine):
 * trimmed, control characters and runs of spaces collapsed, non-Latin text kept. `coachRole`
 * unset → DEFAULT_COACH_ROLE; `videoLink` empty or null → the coach's link. Never throws.
 */
export function parseMeetingForm(input: unknown): MeetingParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ field: '', message: 'The form is empty: write a goal and at least one agenda item.' }],
    };
  }
  const src = input as Record<string, unknown>;
  const problems: Problem[] = [];

  let agenda: unknown = src.agenda;
  if (typeof agenda === 'string') agenda = agendaFromText(agenda);
  else if (Array.isArray(agenda))
    agenda = agenda.map((a) => (typeof a === 'string' ? cleanLine(a) : a)).filter((a) => a !== '');
  else if (agenda === null || agenda === undefined) agenda = [];

  let actionPlan: unknown = src.actionPlan;
  if (typeof actionPlan === 'string') {
    const parsed = actionPlanFromText(actionPlan);
    problems.push(...parsed.problems);
    actionPlan = parsed.items;
  } else if (Array.isArray(actionPlan)) {
    actionPlan = actionPlan.map(normaliseActionItem).filter((a) => a !== null);
  } else if (actionPlan === null || actionPlan === undefined) {
    actionPlan = [];
  }

  const role =
    src.coachRole === null || src.coachRole === undefined || src.coachRole === ''
      ? DEFAULT_COACH_ROLE
      : typeof src.coachRole === 'string'
        ? src.coachRole.trim().toLowerCase()
        : src.coachRole;
  const link = typeof src.videoLink === 'string' ? src.videoLink.trim() : src.videoLink;

  const candidate: Record<string, unknown> = {
    goal:
      typeof src.goal === 'string' ? cleanLine(src.goal) : src.goal === null || src.goal === undefined ? '' : src.goal,
    agenda,
    actionPlan,
    coachRole: role,
  };
  if (link !== undefined && link !== null && link !== '') candidate.videoLink = link;

  const parsed = MeetingSchema.safeParse(candidate);
  if (parsed.success && problems.length === 0) {
    const m = parsed.data;
    const meeting: Meeting = {
      goal: m.goal,
      agenda: m.agenda,
      actionPlan: m.actionPlan.map((a) =>
        a.due ? { step: a.step, owner: a.owner, due: a.due } : { step: a.step, owner: a.owner },
      ),
      coachRole: m.coachRole,
    };
    if (m.videoLink !== undefined) meeting.videoLink = m.videoLink;
    return { ok: true, meeting };
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      const tail = !issue.message || issue.message === 'Invalid input' ? 'is not valid.' : issue.message;
      const message = `${labelFor(field)} ${tail}`;
      if (!problems.some((p) => p.field === field && p.message === message)) problems.push({ field, message });
    }
  }
  return { ok: false, problems };
}

/** The link people join with: the coachee's choice, else the coach's link from the engagement. */
export function resolveVideoLink(
  meeting: Pick<Meeting, 'videoLink'>,
  coachVideoLink: string | undefined,
): string | undefined {
  return meeting.videoLink ?? coachVideoLink;
}

/** All the free text of a meeting, for the guardrails check. */
export function meetingTexts(meeting: Pick<Meeting, 'goal' | 'agenda' | 'actionPlan'>): string[] {
  return [meeting.goal, ...meeting.agenda, ...meeting.actionPlan.map((a) => a.step)];
}
