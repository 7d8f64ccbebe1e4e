/**
 * Plays a scenario (docs/scenarios.md) through the BUILT add-on and gateway in the local
 * runtime, the way people would: each step acts as one person through the host apps (Calendar's
 * editor and side panel, Gmail, the homepage) and the cards' own inputs and buttons.
 */
import {
  changeEvent,
  createEvent,
  createSecondaryCalendar,
  getSecondaryCalendar,
  deleteEvent,
  getCopy,
  getDraft,
  listCalendar,
  moveEvent,
  newDraft,
  respondToEvent,
  saveDraft,
  discardDraft,
} from '../runtime/backends/calendar';
import { mailbox } from '../runtime/backends/gmail';
import { readLedger, usageFigures } from '../host/company';
import { Workspace, type AddonPanel, type PanelOutcome, type WorkspaceOptions } from '../host/workspace';
import { cardText, type FormValue } from '../cards';
import { ACTIONS } from '../../addon/views/names';
import { FIELDS, scenarioFormValues, scenarioRowCount } from '../../addon/form';
import type { Scenario, ScenarioConcurrent, ScenarioFault, ScenarioForm, ScenarioStep } from './format';
import {
  addPeople,
  armFault,
  deliveredIds,
  editEngagementByHand,
  editSettingsByHand,
  mailOutput,
  type MailOutput,
} from './additions';

/**
 * The add-on's action functions the runner presses by name (labels are for people; names are stable).
 * The add-on's own table, so a renamed action cannot leave the runner pressing a button that is gone.
 */
export const ADDON_ACTIONS = ACTIONS;

export interface StepCard {
  title: string;
  text: string[];
  buttons: string[];
  warnings: string[];
}

export interface StepResult {
  index: number;
  do: string;
  as?: string;
  ok: boolean;
  notification: string | null;
  error: string | null;
  card: StepCard | null;
  steps?: StepResult[];
}

export interface EventOutput {
  id: string | null;
  exists: boolean;
  start: string | null;
  end: string | null;
  organizer: string;
  attendees: string[];
  description: string;
  attachments: { title: string; url: string }[];
  shared: Record<string, string>;
}

export interface LedgerOutput {
  coachee: string;
  event: string | null;
  quarter: string;
  start: string;
  status: string;
  countsAsSession: boolean;
  /** Whether the meeting took place (core/held.ts): presumed counts as true; null = no answer yet. */
  held: boolean | null;
  /** The manager confirmed "I support this goal" (the Ledger's Manager support cell is set). */
  supported: boolean;
}

export interface UsageOutput {
  company: string;
  quarter: string;
  coachees: number;
  confirmed: number;
  cancelled: number;
}

export interface ScenarioOutput {
  name: string;
  steps: StepResult[];
  events: Record<string, EventOutput>;
  ledger: LedgerOutput[];
  usage: UsageOutput[];
  /** Every message delivered during the scenario (docs/scenarios.md, "Additions"). */
  mail: MailOutput[];
}

interface EventState {
  organizer: string;
  /** The secondary calendar the event is on (createEvent.calendar); absent: the organizer's primary. */
  calendarId?: string;
  eventId?: string;
  draftId?: string;
  /** The last panel each person had open on this event (a button press needs the card it is on). */
  panels: Map<string, AddonPanel>;
}

const MINUTE = 60_000;

export async function runScenario(scenario: Scenario, opts: WorkspaceOptions = {}): Promise<ScenarioOutput> {
  const ws = new Workspace(opts);
  try {
    return await new ScenarioRun(ws, scenario).run();
  } finally {
    await ws.close();
  }
}

class ScenarioRun {
  private readonly events = new Map<string, EventState>();
  private clock: number;
  private first = true;

  constructor(
    private readonly ws: Workspace,
    private readonly s: Scenario,
  ) {
    this.clock = Date.parse(s.now);
  }

  async run(): Promise<ScenarioOutput> {
    const world = this.ws.world;
    world.advanceTo(this.clock);
    const c = this.s.company;
    addPeople(world, this.s);
    this.ws.seedCompany({
      serviceOwner: `ccm-service@${c.domain}`,
      settings: {
        domain: c.domain,
        timeZone: c.timeZone,
        quarters: c.quarters,
        fiscalStartMonth: c.fiscalStartMonth,
        perQuarter: c.perQuarter,
        admins: c.admins,
        toolkitUrl: c.toolkitUrl,
      },
      engagements: this.s.engagements.map((e) => ({
        coachee: e.coachee,
        manager: e.manager,
        coach: e.coach,
        program: e.program,
        start: e.start,
        end: e.end,
        ...(e.videoLink ? { videoLink: e.videoLink } : {}),
        ...(e.company ? { company: e.company } : {}),
        ...(e.sessions ? { sessionsInProgram: e.sessions } : {}),
      })),
    });
    // Everyone in the story works in the company's time zone unless the directory says otherwise (a
    // World given in `opts` may already hold people, e.g. a manager abroad): those are kept as they are.
    for (const email of this.people()) {
      if (!world.user(email))
        world.addUser({
          email,
          name: email.split('@')[0]!,
          timeZone: c.timeZone,
          ...(email.endsWith(`@${c.domain}`) ? { domain: c.domain } : {}),
        });
    }

    const mailBefore = deliveredIds(world);
    const results: StepResult[] = [];
    for (const [index, step] of this.s.steps.entries()) {
      await this.tick(step.at);
      if (step.do === 'concurrent') results.push(await this.concurrent(index, step));
      else if (step.do === 'fault') results.push(this.fault(index, step));
      else results.push(await this.safeStep(index, step));
    }
    return {
      name: this.s.name,
      steps: results,
      events: this.eventsOutput(),
      ledger: this.ledgerOutput(),
      usage: this.usageOutput(),
      mail: mailOutput(world, mailBefore),
    };
  }

  private people(): string[] {
    const set = new Set<string>();
    for (const e of this.s.engagements) [e.coachee, e.manager, e.coach].forEach((x) => set.add(x.toLowerCase()));
    for (const a of this.s.company.admins ?? []) set.add(a.toLowerCase());
    for (const p of this.s.people ?? []) set.add(p.email.toLowerCase());
    const visit = (st: ScenarioStep | ScenarioConcurrent | ScenarioFault) => {
      if (st.do === 'concurrent') st.steps.forEach(visit);
      else if (st.do !== 'fault') set.add(st.as.toLowerCase());
    };
    this.s.steps.forEach(visit);
    return [...set];
  }

  /** `at` moves the clock forward; otherwise each step runs one minute after the previous one. */
  private async tick(at?: string): Promise<void> {
    if (at) this.clock = Date.parse(at);
    else if (!this.first) this.clock += MINUTE;
    this.first = false;
    // Time-driven triggers (the gateway's daily job) run as the clock passes them.
    if (this.clock > this.ws.world.now()) await this.ws.runtime.advanceClock(this.clock);
  }

  /** `fault`: the runtime's hooks make the next matching Calendar or gateway calls fail. */
  private fault(index: number, step: ScenarioFault): StepResult {
    armFault(this.ws.runtime, step);
    return { index, do: 'fault', ok: true, notification: null, error: null, card: null };
  }

  /** `editEngagement` / `editSettings`: an admin types into the usage Sheet (no gateway involved). */
  private editSheet(step: Extract<ScenarioStep, { do: 'editEngagement' | 'editSettings' }>): Partial<StepResult> {
    const sheetId = this.ws.company?.sheetId;
    if (!sheetId) throw new Error('There is no usage Sheet in this scenario');
    if (step.do === 'editEngagement') editEngagementByHand(this.ws.world, sheetId, step);
    else editSettingsByHand(this.ws.world, sheetId, step);
    return { ok: true };
  }

  private async concurrent(index: number, step: ScenarioConcurrent): Promise<StepResult> {
    const inner = await Promise.all(step.steps.map((s, i) => this.safeStep(i, s)));
    return {
      index,
      do: 'concurrent',
      ok: inner.every((r) => r.ok),
      notification: null,
      error: null,
      card: null,
      steps: inner,
    };
  }

  private async safeStep(index: number, step: ScenarioStep): Promise<StepResult> {
    const base: StepResult = {
      index,
      do: step.do,
      as: step.as,
      ok: false,
      notification: null,
      error: null,
      card: null,
    };
    try {
      return { ...base, ...(await this.step(step)) };
    } catch (err) {
      return { ...base, ok: false, error: (err as Error).message };
    }
  }

  private eventState(name: string): EventState {
    const st = this.events.get(name);
    if (!st) throw new Error(`No event named "${name}" was created earlier in this scenario`);
    return st;
  }

  private async step(step: ScenarioStep): Promise<Partial<StepResult>> {
    const world = this.ws.world;
    switch (step.do) {
      case 'createEvent': {
        if (this.events.has(step.event))
          throw new Error(`An event named "${step.event}" already exists in this scenario`);
        const start = Date.parse(step.start);
        const input = {
          summary: step.title,
          start,
          end: start + step.minutes * MINUTE,
          attendees: step.attendees ?? [],
          ...(step.description !== undefined ? { description: step.description } : {}),
          ...(step.recurring ? { recurrence: ['RRULE:FREQ=WEEKLY;COUNT=8'] } : {}),
        };
        const st: EventState = { organizer: step.as.toLowerCase(), panels: new Map() };
        if (step.calendar && step.calendar !== 'primary') {
          // A secondary calendar of that person: made on first use; another person's is refused by Calendar.
          if (!getSecondaryCalendar(world, step.calendar))
            createSecondaryCalendar(world, step.as, { id: step.calendar });
          st.calendarId = step.calendar;
          Object.assign(input, { calendarId: step.calendar });
        }
        if (step.save === false) st.draftId = newDraft(world, step.as, input).draftId;
        else st.eventId = createEvent(world, step.as, input).id;
        this.events.set(step.event, st);
        return { ok: true };
      }
      case 'openPanel': {
        const { panel, outcome } = await this.openPanel(step.as, step.event);
        return this.fromOutcome(panel, outcome, outcome.ok);
      }
      case 'addParticipants': {
        const st = this.eventState(step.event);
        const panel = await this.panelFor(step.as, step.event);
        if (!panel.hasButtonFor(ADDON_ACTIONS.addParticipants))
          return this.refused(panel, 'The panel offers no button to add the manager, coach and toolkit');
        const outcome = await panel.press({ fn: ADDON_ACTIONS.addParticipants });
        // The panel's card may say more after the change (Calendar fires eventUpdate when guests change).
        if (outcome.eventChanges && st.draftId) await panel.update();
        return this.fromOutcome(panel, outcome, !!outcome.eventChanges && !outcome.crash);
      }
      case 'saveEvent': {
        const st = this.eventState(step.event);
        if (!st.draftId) throw new Error(`"${step.event}" is not open in an editor: nothing to save`);
        const saved = saveDraft(world, st.draftId);
        st.eventId = saved.id;
        st.draftId = undefined;
        st.panels.clear();
        return { ok: true };
      }
      case 'confirm': {
        const st = this.eventState(step.event);
        // The panel as the person sees it now (opening the event runs the add-on's eventOpen).
        const { panel, outcome: opened } = await this.openPanel(step.as, step.event);
        if (opened.crash) return this.fromOutcome(panel, opened, false);
        const fn = ADDON_ACTIONS.confirm;
        if (!panel.hasButtonFor(fn)) return this.refused(panel, null);
        const values = await formValues(step.form ?? {}, panel);
        let outcome = await panel.press({ fn }, values);
        outcome = await this.review(panel, outcome, step.acknowledge === true);
        this.refreshEditor(st);
        if (panel.hasButtonFor(ADDON_ACTIONS.bookAnyway)) return this.refused(panel, null);
        const status = this.bookingStatus(st);
        return this.fromOutcome(panel, outcome, (status === 'confirmed' || status === 'pending') && !outcome.crash);
      }
      case 'cancel': {
        // The panel's "Cancel the meeting" or "Keep the event, stop counting it", then the yes on the
        // card that says what will happen.
        const st = this.eventState(step.event);
        const { panel, outcome: opened } = await this.openPanel(step.as, step.event);
        if (opened.crash) return this.fromOutcome(panel, opened, false);
        const choice = { fn: ADDON_ACTIONS.cancel, params: { how: step.how ?? 'counting' } };
        if (!panel.hasButtonFor(choice.fn, choice.params)) return this.refused(panel, null);
        let outcome = await panel.press(choice);
        const sure = { fn: ADDON_ACTIONS.cancel, params: { sure: '1' } };
        if (!outcome.crash && panel.hasButtonFor(sure.fn, sure.params)) outcome = await panel.press(sure);
        this.refreshEditor(st);
        const done = this.bookingStatus(st) === 'cancelled';
        return this.fromOutcome(panel, outcome, done && !outcome.crash);
      }
      case 'markHeld': {
        // The panel's "Did it take place?" Yes / No (shown after the meeting's end).
        const st = this.eventState(step.event);
        const { panel, outcome: opened } = await this.openPanel(step.as, step.event);
        if (opened.crash) return this.fromOutcome(panel, opened, false);
        const answer = { fn: ADDON_ACTIONS.markHeld, params: { held: step.held ? 'yes' : 'no' } };
        if (!panel.hasButtonFor(answer.fn, answer.params)) return this.refused(panel, null);
        const outcome = await panel.press(answer);
        const held = this.ledgerRow(st)?.held;
        return this.fromOutcome(panel, outcome, held === answer.params.held && !outcome.crash);
      }
      case 'openInvite': {
        const st = this.eventState(step.event);
        if (!st.eventId) throw new Error(`"${step.event}" has not been saved: there is no invitation`);
        let panel: AddonPanel;
        if (step.via === 'gmail') {
          const message = mailbox(world, step.as).find(
            (m) => m.calendarEventId === st.eventId && m.kind !== 'cancellation',
          );
          if (!message) throw new Error(`${step.as} has no invitation to "${step.event}" in their inbox`);
          panel = this.ws.gmailPanel(step.as, message.id);
        } else {
          if (!getCopy(world, step.as, st.eventId)) throw new Error(`"${step.event}" is not in ${step.as}'s calendar`);
          panel = this.ws.calendarPanel(step.as, { eventId: st.eventId });
        }
        const outcome = await panel.open();
        return this.fromOutcome(panel, outcome, outcome.ok);
      }
      case 'moveEvent': {
        const st = this.eventState(step.event);
        if (!st.eventId) throw new Error(`"${step.event}" has not been saved: there is nothing to move`);
        moveEvent(world, this.calendarOf(st, step.as), st.eventId, Date.parse(step.start));
        this.refreshEditor(st);
        return { ok: true };
      }
      case 'editEvent': {
        // The person edits their copy outside the add-on; Calendar's refusal (a guest where the
        // event does not allow it) makes the step ok: false with Calendar's message.
        const st = this.eventState(step.event);
        if (!st.eventId) throw new Error(`"${step.event}" has not been saved: there is nothing to edit`);
        changeEvent(
          world,
          step.as,
          st.eventId,
          {
            ...(step.title !== undefined ? { summary: step.title } : {}),
            ...(step.description !== undefined ? { description: step.description } : {}),
            ...(step.attendees !== undefined ? { attendees: step.attendees } : {}),
            ...(step.clearShared ? { clearShared: true } : {}),
          },
          this.calendarOf(st, step.as),
        );
        this.refreshEditor(st);
        return { ok: true };
      }
      case 'deleteEvent': {
        const st = this.eventState(step.event);
        if (st.draftId && !st.eventId) {
          discardDraft(world, st.draftId);
          st.draftId = undefined;
          return { ok: true };
        }
        if (!st.eventId) throw new Error(`"${step.event}" does not exist`);
        if (st.draftId) discardDraft(world, st.draftId);
        st.draftId = undefined;
        deleteEvent(world, this.calendarOf(st, step.as), st.eventId);
        return { ok: true };
      }
      case 'openHomepage': {
        const panel = this.ws.homepage(step.as, 'CALENDAR');
        const outcome = await panel.open();
        return this.fromOutcome(panel, outcome, outcome.ok);
      }
      case 'suggestTimes': {
        // The homepage's "Find a time": the dates typed into its date pickers (both days included, as
        // a person reads "From"/"To"; without them the card's defaults: the recommended window), then its button.
        const panel = this.ws.homepage(step.as, 'CALENDAR');
        const opened = await panel.open();
        if (!opened.ok) return this.fromOutcome(panel, opened, false);
        if (!panel.hasButtonFor(ADDON_ACTIONS.suggestTimes)) return this.refused(panel, null);
        const values: Record<string, FormValue> = {};
        if (step.from) values.from = Date.parse(`${step.from}T00:00:00Z`);
        if (step.to) values.to = Date.parse(`${step.to}T00:00:00Z`);
        const depth = panel.stack.length;
        const outcome = await panel.press({ fn: ADDON_ACTIONS.suggestTimes }, values);
        const zones: Record<string, FormValue> = {};
        if (step.managerZone) zones.managerZone = step.managerZone;
        if (step.coachZone) zones.coachZone = step.coachZone;
        if (!outcome.ok || panel.stack.length <= depth || Object.keys(zones).length === 0)
          return this.fromOutcome(panel, outcome, outcome.ok && panel.stack.length > depth);
        // The suggestions card's own zone choice for a calendar it could not see, then "Find times again".
        const again = await panel.press({ fn: ADDON_ACTIONS.suggestTimes }, zones);
        return this.fromOutcome(panel, again, again.ok);
      }
      case 'support': {
        // The manager's panel on their own copy, the commitment typed, then "I support this goal".
        const st = this.eventState(step.event);
        if (!st.eventId) throw new Error(`"${step.event}" has not been saved: there is nothing to support`);
        if (!getCopy(world, step.as, st.eventId)) throw new Error(`"${step.event}" is not in ${step.as}'s calendar`);
        const panel = this.ws.calendarPanel(step.as, { eventId: st.eventId });
        const opened = await panel.open();
        if (!opened.ok) return this.fromOutcome(panel, opened, false);
        if (!panel.hasButtonFor(ADDON_ACTIONS.supportGoal)) return this.refused(panel, null);
        const values: Record<string, FormValue> = {};
        if (step.commitment !== undefined) values[FIELDS.commitment] = step.commitment;
        const outcome = await panel.press({ fn: ADDON_ACTIONS.supportGoal }, values);
        const row = this.ledgerRows().find((r) => r.eventId === st.eventId);
        return this.fromOutcome(panel, outcome, outcome.ok && !!row?.supported);
      }
      case 'respond': {
        const st = this.eventState(step.event);
        if (!st.eventId) throw new Error(`"${step.event}" has not been saved: there is no invitation`);
        respondToEvent(world, step.as, st.eventId, step.response);
        this.refreshEditor(st);
        return { ok: true };
      }
      case 'schedule':
        return this.schedule(step);
      case 'editEngagement':
      case 'editSettings':
        return this.editSheet(step);
    }
  }

  /**
   * The homepage's "Schedule a meeting": open the form, type the start, length, title and plan, press
   * the schedule button. The new event is the one that appeared in the coachee's calendar.
   */
  private async schedule(step: Extract<ScenarioStep, { do: 'schedule' }>): Promise<Partial<StepResult>> {
    if (this.events.has(step.event)) throw new Error(`An event named "${step.event}" already exists in this scenario`);
    const who = step.as.toLowerCase();
    const st: EventState = { organizer: who, panels: new Map() };
    this.events.set(step.event, st);
    const panel = this.ws.homepage(who, 'CALENDAR');
    const opened = await panel.open();
    if (!opened.ok) return this.fromOutcome(panel, opened, false);
    if (!panel.hasButtonFor(ADDON_ACTIONS.openSchedule)) return this.refused(panel, null);
    const form = await panel.press({ fn: ADDON_ACTIONS.openSchedule });
    if (!form.ok || !panel.hasButtonFor(ADDON_ACTIONS.schedule)) return this.fromOutcome(panel, form, false);
    const values: Record<string, FormValue> = {
      ...(await formValues(step.form ?? {}, panel)),
      start: Date.parse(step.start),
      minutes: String(step.minutes),
    };
    if (step.title !== undefined) values.title = step.title;
    const before = new Set(listCalendar(this.ws.world, who, { includeCancelled: true }).map((e) => e.id));
    const pressed = await panel.press({ fn: ADDON_ACTIONS.schedule }, values);
    const outcome = await this.review(panel, pressed, step.acknowledge === true);
    if (panel.hasButtonFor(ADDON_ACTIONS.bookAnyway)) return this.refused(panel, null);
    const made = listCalendar(this.ws.world, who, { includeCancelled: true }).find((e) => !before.has(e.id));
    if (made) st.eventId = made.id;
    const status = this.bookingStatus(st);
    const done = !!made && made.status !== 'cancelled' && (status === 'pending' || status === 'confirmed');
    return this.fromOutcome(panel, outcome, done && !outcome.crash);
  }

  /**
   * The review card (warnings before anything is booked): with `acknowledge` the person presses "Book
   * anyway"; without, the step ends there (nothing booked, so it is not ok; the card's text says why).
   */
  private async review(panel: AddonPanel, outcome: PanelOutcome, acknowledge: boolean): Promise<PanelOutcome> {
    if (!acknowledge || outcome.crash || !panel.hasButtonFor(ADDON_ACTIONS.bookAnyway)) return outcome;
    return panel.press({ fn: ADDON_ACTIONS.bookAnyway });
  }

  /** Opens the event as the person would: the organizer in the editor, anyone else in the event view. */
  private async openPanel(user: string, name: string): Promise<{ panel: AddonPanel; outcome: PanelOutcome }> {
    const st = this.eventState(name);
    const who = user.toLowerCase();
    let panel: AddonPanel;
    if (st.draftId) {
      panel = this.ws.calendarPanel(who, { draftId: st.draftId });
    } else if (st.eventId) {
      if (who === st.organizer) {
        st.draftId = this.ws.openEditor(who, st.eventId, st.calendarId);
        panel = this.ws.calendarPanel(who, { draftId: st.draftId });
      } else {
        panel = this.ws.calendarPanel(who, { eventId: st.eventId });
      }
    } else {
      throw new Error(`"${name}" was deleted`);
    }
    st.panels.set(who, panel);
    return { panel, outcome: await panel.open() };
  }

  /** The calendar a person acts on for this event: the event's own calendar for its organizer. */
  private calendarOf(st: EventState, user: string): string {
    return user.toLowerCase() === st.organizer && st.calendarId ? st.calendarId : user;
  }

  private async panelFor(user: string, name: string): Promise<AddonPanel> {
    const st = this.eventState(name);
    const existing = st.panels.get(user.toLowerCase());
    if (existing?.card) return existing;
    return (await this.openPanel(user, name)).panel;
  }

  /**
   * After the add-on (or the organizer elsewhere) changed a saved event, an editor left open on it
   * would hold stale fields; Calendar reloads it, and so do we.
   */
  private refreshEditor(st: EventState): void {
    if (!st.draftId || !st.eventId) return;
    if (getDraft(this.ws.world, st.draftId)) discardDraft(this.ws.world, st.draftId);
    st.draftId = undefined;
  }

  private bookingStatus(st: EventState): string | null {
    return this.ledgerRow(st)?.status ?? null;
  }

  /** The event's (latest) Ledger row. */
  private ledgerRow(st: EventState) {
    const id = st.eventId ?? st.draftId;
    if (!id) return null;
    const rows = this.ledgerRows().filter((r) => r.eventId === id);
    return rows.length ? rows[rows.length - 1]! : null;
  }

  private refused(panel: AddonPanel, message: string | null): Partial<StepResult> {
    const card = stepCard(panel);
    const why =
      message ?? (card ? [card.title, ...card.text].filter(Boolean).join(' ') : 'The panel shows nothing to press');
    return { ok: false, error: why, card };
  }

  private fromOutcome(panel: AddonPanel, outcome: PanelOutcome, ok: boolean): Partial<StepResult> {
    const card = stepCard(panel);
    let error: string | null = outcome.crash;
    if (!ok && !error)
      error = outcome.notification
        ? null
        : card
          ? [card.title, ...card.text].filter(Boolean).join(' ')
          : 'The step did not take effect';
    if (!ok && !error && !outcome.notification) error = 'The step did not take effect';
    return { ok, notification: outcome.notification, error, card };
  }

  private eventsOutput(): Record<string, EventOutput> {
    const out: Record<string, EventOutput> = {};
    for (const [name, st] of this.events) {
      const copy = st.eventId
        ? (getCopy(this.ws.world, st.calendarId ?? st.organizer, st.eventId) as Record<string, any> | undefined)
        : undefined;
      const draft = !copy && st.draftId ? getDraft(this.ws.world, st.draftId) : undefined;
      if (copy) {
        out[name] = {
          id: copy.id,
          exists: copy.status !== 'cancelled',
          start: copy.start?.dateTime ?? copy.start?.date ?? null,
          end: copy.end?.dateTime ?? copy.end?.date ?? null,
          organizer: copy.organizer?.email ?? st.organizer,
          attendees: (copy.attendees ?? []).map((a: { email: string }) => a.email),
          description: copy.description ?? '',
          attachments: (copy.attachments ?? []).map((a: { title: string; fileUrl: string }) => ({
            title: a.title,
            url: a.fileUrl,
          })),
          shared: copy.extendedProperties?.shared ?? {},
        };
      } else {
        out[name] = {
          id: st.eventId ?? null,
          exists: false,
          start: draft ? new Date(draft.start.ms).toISOString() : null,
          end: draft ? new Date(draft.end.ms).toISOString() : null,
          organizer: st.organizer,
          attendees: draft ? draft.attendees.map((a) => a.email) : [],
          description: draft?.description ?? '',
          attachments: draft ? draft.attachments.map((a) => ({ title: a.title, url: a.fileUrl })) : [],
          shared: {},
        };
      }
    }
    return out;
  }

  private ledgerRows() {
    const sheetId = this.ws.company?.sheetId;
    return sheetId ? readLedger(this.ws.world, sheetId) : [];
  }

  private ledgerOutput(): LedgerOutput[] {
    const names = new Map<string, string>();
    for (const [name, st] of this.events) {
      if (st.eventId) names.set(st.eventId, name);
    }
    return this.ledgerRows().map((r) => ({
      coachee: r.coachee,
      event: names.get(r.eventId) ?? null,
      quarter: r.quarterKey,
      start: r.start,
      status: r.status,
      countsAsSession: r.countsAsSession,
      held: r.held === 'yes' || r.held === 'presumed' ? true : r.held === 'no' ? false : null,
      supported: r.supported !== '',
    }));
  }

  /**
   * Per company and reporting quarter, from the Usage tab the gateway keeps current (the figures the
   * admin card and `npm run admin -- usage` show): engaged coachees, confirmed and cancelled meetings.
   */
  private usageOutput(): UsageOutput[] {
    const sheetId = this.ws.company?.sheetId;
    if (!sheetId) return [];
    return usageFigures(this.ws.world, sheetId).map((f) => ({
      company: f.company,
      quarter: f.quarter,
      coachees: f.engaged,
      confirmed: f.confirmed,
      cancelled: f.cancelled,
    }));
  }
}

/**
 * Maps a scenario's form onto the card's own inputs (null or missing: leave the card's value), with
 * the add-on's own mapping (form.ts); every field must be on the card the person is looking at.
 */
async function formValues(form: ScenarioForm, panel: AddonPanel): Promise<Record<string, FormValue>> {
  // A plan longer than the rows on the card: press "Add a step" as a person would.
  const rows = scenarioRowCount(form);
  const hasRow = () => panel.text()?.inputs.some((i) => i.name === `${FIELDS.actionStep}${rows - 1}`) ?? false;
  while (rows > 0 && !hasRow() && panel.hasButtonFor(ADDON_ACTIONS.addStep)) {
    const added = await panel.press({ fn: ADDON_ACTIONS.addStep });
    if (!added.ok) break;
  }
  const inputs = new Set(panel.text()?.inputs.map((i) => i.name) ?? []);
  const values = scenarioFormValues(form);
  for (const name of Object.keys(values)) {
    if (!inputs.has(name)) throw new Error(`The confirm form has no "${name}" field`);
  }
  return values;
}

/** The card as the scenario output shows it; warnings are the add-on's "worth a look" notes. */
export function stepCard(panel: AddonPanel): StepCard | null {
  const t = panel.card ? cardText(panel.card) : null;
  if (!t) return null;
  return { title: t.title ?? '', text: t.text, buttons: t.buttons, warnings: warningsOf(t.text) };
}

/** The add-on renders warnings as one paragraph: a "Worth a look" heading and one bullet per warning. */
export function warningsOf(text: string[]): string[] {
  const out: string[] = [];
  for (const t of text) {
    if (!/^Worth a look/i.test(t.trim())) continue;
    for (const line of t.split('\n').slice(1)) {
      const w = line.replace(/^\s*[•·\-*]\s*/, '').trim();
      if (w) out.push(w);
    }
  }
  return out;
}
