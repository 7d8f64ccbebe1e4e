// Shared fixtures for the add-on integration tests: a company with two engagements, and the
// coachee's usual moves through the side panel.
import { Workspace, type AddonPanel, type WorkspaceOptions } from '../../src/local/host/workspace';
import * as cal from '../../src/local/runtime/backends/calendar';
import { scenarioFormValues } from '../../src/addon/form';
import { ACTIONS } from '../../src/addon/views/names';

export const ANA = 'ana@acme.test';
export const MO = 'mo@acme.test';
export const CORA = 'cora@coaches.test';
export const TOOLKIT = 'https://docs.google.com/document/d/acme-ccm-toolkit/edit';

export const FORM = {
  goal: 'Lead the spring product launch end to end',
  agenda: ['The goal and how it serves the launch', 'Support I need from Mo'],
  actionPlan: [
    { step: 'Draft launch plan and share with Mo', owner: 'coachee', due: '2026-03-17' },
    { step: 'Introduce Ana to the sales leads', owner: 'manager', due: '2026-03-24' },
  ],
  coachRole: 'facilitate',
};

export interface Setup {
  ws: Workspace;
  sheetId: string;
}

export function setup(
  opts: {
    program?: 'six-month' | 'quarterly';
    quarters?: 'engagement' | 'calendar';
    now?: string;
    start?: string;
    end?: string;
    /** Runtime options (call latencies for races, ...). */
    workspace?: WorkspaceOptions;
  } = {},
): Setup {
  const ws = new Workspace(opts.workspace);
  ws.world.advanceTo(Date.parse(opts.now ?? '2026-02-20T14:00:00Z'));
  const seeded = ws.seedCompany({
    settings: {
      domain: 'acme.test',
      timeZone: 'America/New_York',
      admins: ['hr@acme.test'],
      toolkitUrl: TOOLKIT,
      quarters: opts.quarters ?? 'engagement',
    },
    engagements: [
      {
        coachee: ANA,
        manager: MO,
        coach: CORA,
        program: opts.program ?? 'six-month',
        start: opts.start ?? '2026-01-12',
        end: opts.end ?? '2026-07-12',
        videoLink: 'https://meet.example.test/cora-room',
      },
      {
        coachee: 'ben@acme.test',
        manager: 'lea@acme.test',
        coach: CORA,
        program: 'quarterly',
        start: '2026-01-01',
        end: '2027-01-01',
      },
    ],
  });
  return { ws, sheetId: seeded.sheetId };
}

export const tick = (ws: Workspace, minutes = 1) => ws.world.advanceTo(ws.world.now() + minutes * 60_000);

/** Creates and saves an event as the coachee, then opens its side panel. */
export async function savedEventPanel(
  ws: Workspace,
  start: string,
  opts: { minutes?: number; title?: string; description?: string; recurrence?: string[] } = {},
) {
  const startMs = Date.parse(start);
  const ev = cal.createEvent(ws.world, ANA, {
    summary: opts.title ?? 'Alignment',
    start,
    end: new Date(startMs + (opts.minutes ?? 60) * 60_000).toISOString(),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.recurrence ? { recurrence: opts.recurrence } : {}),
  });
  const panel = ws.calendarPanel(ANA, { eventId: ev.id });
  const outcome = await panel.open();
  expect(outcome.crash).toBeNull();
  return { ev, panel };
}

export async function confirm(panel: AddonPanel, form: Parameters<typeof scenarioFormValues>[0] = FORM) {
  return panel.press({ fn: ACTIONS.confirm }, scenarioFormValues(form));
}

/**
 * The panel's "Cancel the meeting" (`meeting`) or "Keep the event, stop counting it" (`counting`),
 * then the yes on the card that says what will happen. Returns both outcomes.
 */
export async function cancelThrough(panel: AddonPanel, how: 'meeting' | 'counting' = 'counting') {
  const asked = await panel.press({ fn: ACTIONS.cancel, params: { how } });
  const done = await panel.press({ fn: ACTIONS.cancel, params: { sure: '1' } });
  return { asked, done };
}

/** Every HTML string of the card's text widgets (paragraphs, decorated texts, headers). */
export function widgetHtml(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (k !== 'textInput') walk(x, k);
        else if (typeof v === 'string' && key && /^(text|topLabel|bottomLabel|title|subtitle|header)$/.test(key))
          out.push(v);
  };
  walk(card);
  return out;
}

export const calls = (p: AddonPanel, name: string) => p.last!.execution.counters.serviceCalls[name] ?? 0;

/**
 * Any sentence a message template makes, whatever its argument (a regex of the template's fixed
 * parts): tests name the message (views/messages/) instead of repeating its words.
 */
export function templatePattern(template: (arg: string) => string): RegExp {
  const mark = '\u0000';
  const parts = template(mark).split(mark);
  return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}
