/**
 * The workbench's state and everything a person can do in it, over the host layer (Workspace): open
 * editors (World drafts), open add-on panels (card stacks, in memory), the inbox, the Sheet, the
 * clock, and the executions the add-on ran. The HTTP layer (http.ts) only translates requests.
 *
 * Every change ends with `save()` (called by the HTTP layer after each mutating request), so the data
 * file always holds the latest state. Panels are not persisted: after a restart the browser opens
 * them again, which runs the add-on's trigger again, exactly as reopening a side panel does.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  deleteEvent,
  discardDraft,
  editEvent,
  getCopy,
  getDraft,
  getSharedEvent,
  newDraft,
  respondToEvent,
  saveDraft,
  updateDraft,
  type CreateEventInput,
  type EditorDraft,
} from '../runtime/backends/calendar';
import type { RuntimeOptions } from '../runtime/runtime';
import { Workspace, type AddonPanel, type PanelOutcome } from '../host/workspace';
import type { FormValue } from '../cards';
import { DEMO_COMPANY, DEMO_VERSION, demoWorld, seedDemo } from './demo';
import { loadData, saveData, type WorkbenchMeta } from './store';
import {
  editorView,
  eventView,
  executionView,
  fromLocalInput,
  inbox,
  localInput,
  messageView,
  mondayOf,
  isoDate,
  people,
  sheetView,
  wallText,
  weekView,
  zoneAbbreviation,
} from './page-data';
import { resolveRef, type WidgetRef } from './refs';
import type {
  AddonInfo,
  BootstrapView,
  ClockView,
  EditorChanges,
  EditorView,
  EventView,
  ExecutionView,
  PanelResponse,
  PanelView,
} from './views';

export type { AddonInfo, EditorChanges, PanelResponse, PanelView } from './views';

/** An error the person caused (bad input, a stale card...): shown as is, with an HTTP status. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface WorkbenchOptions {
  dataFile: string;
  /** Start from the demo company even if the data file exists. */
  reset?: boolean;
  /** Folder holding addon/ and gateway/ (default: the repository's build/). */
  buildDir?: string;
  runtime?: RuntimeOptions;
}

export type PanelTarget = { draftId: string } | { eventId: string } | { messageId: string } | null;

interface PanelEntry {
  id: string;
  user: string;
  host: 'CALENDAR' | 'GMAIL';
  target: PanelTarget;
  panel: AddonPanel;
  /** Bumped whenever the card stack changes: a click on an older card is refused. */
  rev: number;
  queue: Promise<unknown>;
  touched: number;
}

const MAX_PANELS = 60;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export class Workbench {
  ws!: Workspace;
  meta!: WorkbenchMeta;
  /** How the state was obtained when the workbench started: loaded from the data file, or seeded. */
  origin: 'loaded' | 'seeded' = 'loaded';
  seedMs = 0;
  private readonly panels = new Map<string, PanelEntry>();
  private readonly execInfo = new Map<string, { seq: number; at: string; cause: string }>();
  private execSeq = 0;
  private manifestStamp = '';

  private constructor(readonly opts: WorkbenchOptions) {}

  static async open(opts: WorkbenchOptions): Promise<Workbench> {
    const wb = new Workbench(opts);
    const loaded = opts.reset ? null : loadData(opts.dataFile);
    if (loaded) {
      wb.ws = new Workspace({
        ...opts.runtime,
        world: loaded.world,
        serviceOwner: loaded.meta.serviceOwner,
        ...(opts.buildDir ? { buildDir: opts.buildDir } : {}),
      });
      wb.ws.company = loaded.meta.company;
      wb.meta = loaded.meta;
    } else {
      await wb.seed();
    }
    wb.manifestStamp = wb.buildStamp();
    wb.track('workbench start');
    wb.save();
    return wb;
  }

  private async seed(): Promise<void> {
    const t0 = performance.now();
    const ws = new Workspace({
      ...this.opts.runtime,
      world: demoWorld(),
      ...(this.opts.buildDir ? { buildDir: this.opts.buildDir } : {}),
    });
    try {
      await seedDemo(ws);
    } catch (err) {
      await ws.close();
      throw err;
    }
    this.ws = ws;
    this.meta = {
      company: ws.company!,
      serviceOwner: ws.serviceOwner,
      companyName: DEMO_COMPANY,
      demoVersion: DEMO_VERSION,
    };
    this.origin = 'seeded';
    this.seedMs = performance.now() - t0;
    this.track('demo seed');
  }

  /** Replaces everything with a fresh demo company (the UI's "Reset demo data"). */
  async reset(): Promise<void> {
    const old = this.ws;
    this.panels.clear();
    await this.seed();
    await old.close();
    this.save();
  }

  save(): void {
    saveData(this.opts.dataFile, this.meta, this.ws.world);
  }

  async close(): Promise<void> {
    await this.ws.close();
  }

  get world() {
    return this.ws.world;
  }

  private get domain(): string | null {
    return this.meta.company.scriptProperties.ALLOWED_DOMAIN ?? null;
  }

  // ---- build pick-up ----------------------------------------------------------------------------

  /** The manifests' modification times: `npm run build` changes them (Code.js is re-read by the worker itself). */
  private buildStamp(): string {
    return ['addon', 'gateway']
      .map((p) => {
        try {
          return String(statSync(join(this.ws.buildDir, p, 'appsscript.json')).mtimeMs);
        } catch {
          return 'missing';
        }
      })
      .join('|');
  }

  /** Before running the add-on: re-register the projects when a rebuild changed their manifests. */
  private refreshBuild(): void {
    const stamp = this.buildStamp();
    if (stamp !== this.manifestStamp) {
      this.ws.registerProjects();
      this.manifestStamp = stamp;
    }
  }

  // ---- executions ---------------------------------------------------------------------------------

  /** Stamps executions that ended since the last call with the time and what caused them. */
  private track(cause: string): void {
    const at = new Date().toISOString();
    for (const r of this.ws.runtime.history) {
      if (!this.execInfo.has(r.execId)) this.execInfo.set(r.execId, { seq: ++this.execSeq, at, cause });
    }
    if (this.execInfo.size > 2000) {
      const live = new Set(this.ws.runtime.history.map((r) => r.execId));
      for (const id of this.execInfo.keys()) if (!live.has(id)) this.execInfo.delete(id);
    }
  }

  /**
   * Executions after `afterSeq`, oldest first (nested gateway calls carry their parent's id). One
   * still being stamped by the request that runs it shows up on the next call, with its cause.
   */
  executions(afterSeq = 0): ExecutionView[] {
    const out: ExecutionView[] = [];
    for (const r of this.ws.runtime.history) {
      const info = this.execInfo.get(r.execId);
      if (info && info.seq > afterSeq) out.push(executionView(r, info.seq, info.at, info.cause));
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  // ---- people, clock --------------------------------------------------------------------------------

  person(email: unknown): string {
    const e = typeof email === 'string' ? email.trim().toLowerCase() : '';
    if (!e || !this.world.user(e)) throw new UserError(`Unknown person: ${String(email)}`, 404);
    return e;
  }

  bootstrap(): BootstrapView {
    const now = this.world.now();
    const company = this.meta.company;
    const zone = this.world.state.users[this.meta.serviceOwner]?.timeZone ?? 'UTC';
    return {
      company: { name: this.meta.companyName, domain: this.domain, sheetUrl: company.sheetUrl, timeZone: zone },
      people: people(this.world, company.sheetId, this.meta.serviceOwner, this.meta.companyName),
      clock: this.clock(),
      addon: this.addonInfo(),
      now,
    };
  }

  clock(user?: string): ClockView {
    const zone = user
      ? this.world.userOrGuest(user).timeZone
      : (this.world.state.users[this.meta.serviceOwner]?.timeZone ?? 'UTC');
    const now = this.world.now();
    return { ms: now, text: wallText(now, zone), zone: zoneAbbreviation(now, zone), iso: new Date(now).toISOString() };
  }

  /**
   * Moves the World clock forward by `ms`, or to a wall time in the person's zone. Never back. The
   * gateway's daily trigger runs for every day passed (its reminders land in the inboxes).
   */
  async advanceClock(input: { ms?: unknown; to?: unknown; user?: string }) {
    const now = this.world.now();
    let target: number;
    if (input.to !== undefined) {
      const zone = this.world.userOrGuest(input.user ?? this.meta.serviceOwner).timeZone;
      const t = fromLocalInput(input.to, zone);
      if (t === null) throw new UserError('Give the time as YYYY-MM-DDTHH:mm');
      target = t;
    } else if (typeof input.ms === 'number' && Number.isFinite(input.ms) && input.ms > 0) {
      target = now + Math.round(input.ms);
    } else {
      throw new UserError('Say how far to move the clock');
    }
    if (target < now) throw new UserError(`The clock only moves forward (it is ${new Date(now).toISOString()})`);
    await this.ws.runtime.advanceClock(target);
    return this.clock(input.user);
  }

  // ---- calendar --------------------------------------------------------------------------------------

  week(user: string, start?: string) {
    return weekView(this.world, user, start);
  }

  /** "Create" (or a click on an empty slot): a new editor. One open editor per person. */
  newEditor(user: string, startLocal?: unknown): EditorView {
    this.closeEditorsOf(user);
    const zone = this.world.userOrGuest(user).timeZone;
    const init: Partial<CreateEventInput> = {};
    if (startLocal !== undefined) {
      const start = fromLocalInput(startLocal, zone);
      if (start === null) throw new UserError('Give the start as YYYY-MM-DDTHH:mm');
      init.start = start;
      init.end = start + 3_600_000;
    }
    const d = newDraft(this.world, user, init);
    return editorView(this.world, d.draftId, this.domain)!;
  }

  /** A click on an event: its organizer gets the editor, everyone else (and recurring events) the event view. */
  openEvent(user: string, eventId: string): { editor: EditorView } | { event: EventView } {
    const copy = getCopy(this.world, user, eventId);
    if (!copy) throw new UserError(`${user} has no event ${eventId}`, 404);
    const organizer = (copy.organizer as { email?: string } | undefined)?.email;
    const recurring = !!copy.recurringEventId || !!(copy.recurrence as unknown[] | undefined)?.length;
    if (organizer === user && !recurring && copy.status !== 'cancelled') {
      this.closeEditorsOf(user);
      const d = editEvent(this.world, user, eventId);
      return { editor: editorView(this.world, d.draftId, this.domain)! };
    }
    return { event: eventView(this.world, user, eventId, this.domain)! };
  }

  event(user: string, eventId: string): EventView {
    const v = eventView(this.world, user, eventId, this.domain);
    if (!v) throw new UserError(`${user} has no event ${eventId}`, 404);
    return v;
  }

  editor(draftId: string): EditorView {
    const v = editorView(this.world, draftId, this.domain);
    if (!v) throw new UserError('This editor is closed (the event was saved or discarded)', 404);
    return v;
  }

  private draftOrThrow(draftId: string): EditorDraft {
    const d = getDraft(this.world, draftId);
    if (!d) throw new UserError('This editor is closed (the event was saved or discarded)', 404);
    return d;
  }

  private closeEditorsOf(user: string): void {
    for (const d of Object.values(this.world.state.calendar.drafts)) {
      if (d.user === user) this.discard(d.draftId);
    }
  }

  /**
   * The person typed in the editor. When the guest list changed and a panel is open on this editor,
   * Calendar fires the add-on's eventUpdate trigger; so do we.
   */
  async updateEditor(
    draftId: string,
    changes: EditorChanges,
    panelId?: string,
  ): Promise<{ editor: EditorView; panel?: PanelView }> {
    const d = this.draftOrThrow(draftId);
    const zone = d.start.timeZone ?? this.world.userOrGuest(d.user).timeZone;
    const patch: Parameters<typeof updateDraft>[2] = {};
    if (typeof changes.title === 'string') patch.summary = changes.title;
    if (typeof changes.description === 'string') patch.description = changes.description;
    if (typeof changes.location === 'string') patch.location = changes.location;
    for (const k of ['start', 'end'] as const) {
      if (changes[k] === undefined) continue;
      const ms = fromLocalInput(changes[k], zone);
      if (ms === null) throw new UserError(`The ${k} time is not a valid date and time`);
      patch[k] = ms;
    }
    if ((patch.start ?? d.start.ms) > (patch.end ?? d.end.ms)) throw new UserError('The event ends before it starts');
    let guestsChanged = false;
    if (Array.isArray(changes.guests)) {
      const guests = [...new Set(changes.guests.map((g) => String(g).trim().toLowerCase()).filter(Boolean))];
      const bad = guests.filter((g) => !EMAIL.test(g));
      if (bad.length) throw new UserError(`Not an email address: ${bad.join(', ')}`);
      const before = d.attendees
        .map((a) => a.email)
        .sort()
        .join(',');
      guestsChanged = before !== [...guests].sort().join(',');
      patch.attendees = guests.map((email) => ({
        email,
        ...(d.attendees.find((a) => a.email === email)?.optional ? { optional: true } : {}),
      }));
    }
    if (typeof changes.repeatsWeekly === 'boolean')
      patch.recurrence = changes.repeatsWeekly ? ['RRULE:FREQ=WEEKLY'] : [];
    updateDraft(this.world, draftId, patch);
    const out: { editor: EditorView; panel?: PanelView } = { editor: this.editor(draftId) };
    if (guestsChanged && panelId) {
      const entry = this.panels.get(panelId);
      if (entry && entry.target && 'draftId' in entry.target && entry.target.draftId === draftId) {
        out.panel = await this.serial(entry, async () => {
          const o = await this.runHost(
            entry,
            () => entry.panel.update(),
            `${entry.user}: guests changed (eventUpdate)`,
          );
          return this.panelView(entry, o, true);
        });
      }
    }
    return out;
  }

  /** Save: the event is created or updated (invitations go out) and the editor closes. */
  saveEditor(draftId: string): { eventId: string; weekStart: string } {
    const d = this.draftOrThrow(draftId);
    let saved;
    try {
      saved = saveDraft(this.world, draftId);
    } catch (err) {
      throw new UserError(`Calendar refused to save: ${(err as Error).message}`);
    }
    this.closePanelsOn(draftId);
    const zone = this.world.userOrGuest(d.user).timeZone;
    return { eventId: saved.id, weekStart: isoDate(mondayOf(d.start.ms, zone)) };
  }

  discard(draftId: string): void {
    discardDraft(this.world, draftId);
    this.closePanelsOn(draftId);
  }

  /** Deletes the event; for an occurrence of a series, the whole series (the workbench edits no single occurrence). */
  deleteEvent(user: string, eventId: string): void {
    const copy = getCopy(this.world, user, eventId);
    if (!copy) throw new UserError(`${user} has no event ${eventId}`, 404);
    const d = getDraft(this.world, eventId);
    if (d) this.discard(eventId);
    const series = typeof copy.recurringEventId === 'string' ? copy.recurringEventId : eventId;
    try {
      deleteEvent(this.world, user, series);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  }

  respond(user: string, eventId: string, response: unknown): EventView {
    if (response !== 'accepted' && response !== 'declined' && response !== 'tentative')
      throw new UserError('Answer accepted, declined or tentative');
    try {
      respondToEvent(this.world, user, eventId, response);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    return this.event(user, eventId);
  }

  private closePanelsOn(draftId: string): void {
    for (const [id, p] of this.panels)
      if (p.target && 'draftId' in p.target && p.target.draftId === draftId) this.panels.delete(id);
  }

  // ---- mail and Sheet ----------------------------------------------------------------------------------

  inbox(user: string) {
    return inbox(this.world, user);
  }

  message(user: string, id: string) {
    const v = messageView(this.world, user, id);
    if (!v) throw new UserError(`No message ${id} in ${user}'s mailbox`, 404);
    return v;
  }

  sheet(user: string) {
    return sheetView(this.world, user, this.meta.company.sheetId, this.meta.company.sheetUrl);
  }

  // ---- the add-on's side panel -------------------------------------------------------------------------

  addonInfo(): AddonInfo {
    const common = (this.ws.addonManifest.addOns as Record<string, any> | undefined)?.common ?? {};
    return {
      name: String(common.name ?? 'Add-on'),
      logoUrl: String(common.logoUrl ?? ''),
      primaryColor: String(common.layoutProperties?.primaryColor ?? '#1a73e8'),
      secondaryColor: String(common.layoutProperties?.secondaryColor ?? '#1a73e8'),
      universalActions: ((common.universalActions ?? []) as { label: string }[]).map((u) => u.label),
    };
  }

  /** Opens the side panel (runs eventOpen, the Gmail contextual trigger, or the homepage). */
  async openPanel(user: string, host: 'CALENDAR' | 'GMAIL', target: PanelTarget): Promise<PanelResponse> {
    let panel: AddonPanel;
    if (target && 'draftId' in target) {
      const d = this.draftOrThrow(target.draftId);
      if (d.user !== user) throw new UserError('This editor belongs to someone else', 403);
      panel = this.ws.calendarPanel(user, { draftId: target.draftId });
    } else if (target && 'eventId' in target) {
      if (!getCopy(this.world, user, target.eventId))
        throw new UserError(`${user} has no event ${target.eventId}`, 404);
      panel = this.ws.calendarPanel(user, { eventId: target.eventId });
    } else if (target && 'messageId' in target) {
      if (!messageView(this.world, user, target.messageId))
        throw new UserError(`No message ${target.messageId} in ${user}'s mailbox`, 404);
      panel = this.ws.gmailPanel(user, target.messageId);
    } else {
      panel = this.ws.homepage(user, host);
    }
    const entry: PanelEntry = {
      id: randomUUID(),
      user,
      host,
      target,
      panel,
      rev: 0,
      queue: Promise.resolve(),
      touched: Date.now(),
    };
    this.panels.set(entry.id, entry);
    this.evictPanels();
    const what =
      target && 'messageId' in target
        ? 'opened a message'
        : target
          ? 'opened the side panel on an event'
          : 'opened the homepage';
    const outcome = await this.runHost(entry, () => panel.open(), `${user}: ${what}`);
    return { panel: this.panelView(entry, outcome, true) };
  }

  private evictPanels(): void {
    if (this.panels.size <= MAX_PANELS) return;
    const oldest = [...this.panels.values()]
      .sort((a, b) => a.touched - b.touched)
      .slice(0, this.panels.size - MAX_PANELS);
    for (const p of oldest) this.panels.delete(p.id);
  }

  private entry(id: string, rev?: unknown): PanelEntry {
    const e = this.panels.get(id);
    if (!e) throw new UserError('This side panel has expired (the workbench restarted): open it again', 410);
    if (rev !== undefined && rev !== e.rev) throw new UserError('The card changed since you clicked: look again', 409);
    e.touched = Date.now();
    return e;
  }

  /** One thing at a time per panel (a double click must not run two actions on one card). */
  private serial<T>(e: PanelEntry, fn: () => Promise<T>): Promise<T> {
    const next = e.queue.then(fn, fn);
    e.queue = next.catch(() => undefined);
    return next;
  }

  private async runHost(e: PanelEntry, fn: () => Promise<PanelOutcome>, cause: string): Promise<PanelOutcome> {
    this.refreshBuild();
    const before = e.panel.stack;
    try {
      return await fn();
    } finally {
      // A new array holding the same cards (a notification-only response) is not a new card.
      const after = e.panel.stack;
      if (after.length !== before.length || after.some((c, i) => c !== before[i])) e.rev++;
      this.track(cause);
    }
  }

  /** `trigger`: the outcome of a trigger (open, update, reload): a crash replaces the card, as the host shows an error instead. */
  private panelView(e: PanelEntry, o: PanelOutcome | null, trigger = false): PanelView {
    return {
      id: e.id,
      rev: e.rev,
      host: e.host,
      depth: e.panel.stack.length,
      card: e.panel.card ?? null,
      notification: o?.notification ?? null,
      openLink: o?.openLink ?? null,
      crash: o?.crash ? { message: o.crash, execId: o.execution.execId || null, trigger } : null,
      renderProblems: o?.renderProblems ?? [],
      addon: this.addonInfo(),
    };
  }

  /** The person used a widget of the card on top: a button, a clickable text, or an input with an onChange action. */
  async panelAction(
    id: string,
    rev: unknown,
    ref: WidgetRef,
    values: Record<string, FormValue>,
  ): Promise<PanelResponse> {
    const e = this.entry(id, rev);
    return this.serial(e, async () => {
      if (e.rev !== rev) throw new UserError('The card changed since you clicked: look again', 409);
      const card = e.panel.card;
      if (!card) throw new UserError('The panel shows no card');
      const found = resolveRef(card, ref);
      if (!found) throw new UserError('That widget is not on the card (it may have changed): look again', 409);
      if (found.what === 'click' && found.disabled) throw new UserError(`"${found.label}" is disabled`);
      if (found.what === 'click' && found.onClick.openLink) {
        // A plain link: the host opens it; no add-on code runs.
        return { panel: { ...this.panelView(e, null), openLink: found.onClick.openLink.url } };
      }
      const action =
        found.what === 'change' ? found.action : (found.onClick.action ?? found.onClick.openDynamicLinkAction);
      if (!action) throw new UserError(`"${found.label}" does nothing`);
      const params: Record<string, string> = {};
      for (const p of action.parameters ?? []) params[p.key] = p.value;

      const before = this.savedEventSnapshot(e);
      const verb = found.what === 'change' ? 'changed' : 'pressed';
      let outcome: PanelOutcome;
      try {
        outcome = await this.runHost(
          e,
          () => e.panel.runAction({ function: action.function, parameters: params }, values),
          `${e.user}: ${verb} “${found.label}”`,
        );
      } catch (err) {
        // fillForm refused a value the card cannot hold.
        throw new UserError((err as Error).message);
      }
      const response: PanelResponse = { panel: this.panelView(e, outcome) };
      if (outcome.eventChanges && e.target && 'draftId' in e.target) {
        // Calendar fires eventUpdate after the add-on changed the guests of the open event.
        const update = await this.runHost(
          e,
          () => e.panel.update(),
          `${e.user}: the add-on changed the guests (eventUpdate)`,
        );
        response.panel = {
          ...this.panelView(e, update, true),
          notification: outcome.notification ?? update.notification,
        };
        response.editor = editorView(this.world, e.target.draftId, this.domain);
      } else if (before) {
        const changed = this.afterSavedEventChange(e, before);
        if (changed) Object.assign(response, changed);
      }
      return response;
    });
  }

  async panelBack(id: string, rev: unknown): Promise<PanelResponse> {
    const e = this.entry(id, rev);
    return this.serial(e, async () => {
      if (e.panel.stack.length > 1) {
        e.panel.stack = e.panel.stack.slice(0, -1);
        e.rev++;
      }
      return { panel: this.panelView(e, null) };
    });
  }

  async panelUniversal(id: string, label: unknown): Promise<PanelResponse> {
    const e = this.entry(id);
    if (typeof label !== 'string' || !this.addonInfo().universalActions.includes(label))
      throw new UserError(`The add-on has no menu item ${String(label)}`);
    return this.serial(e, async () => {
      const o = await this.runHost(e, () => e.panel.universal(label), `${e.user}: chose “${label}” in the add-on menu`);
      return { panel: this.panelView(e, o) };
    });
  }

  async panelReload(id: string): Promise<PanelResponse> {
    const e = this.entry(id);
    return this.serial(e, async () => {
      const o = await this.runHost(e, () => e.panel.open(), `${e.user}: reloaded the side panel`);
      return { panel: this.panelView(e, o, true) };
    });
  }

  /** The panel as it stands (no add-on code runs): after a refused stale click. */
  panelState(id: string): PanelResponse {
    return { panel: this.panelView(this.entry(id), null) };
  }

  /** A message's HTML for the inbox's sandboxed frame. */
  messageHtml(user: string, id: string): string {
    return this.message(user, id).html;
  }

  closePanel(id: string): void {
    this.panels.delete(id);
  }

  // ---- keeping an open editor in step with its saved event -------------------------------------------

  /** The saved event behind the panel's editor (or event view), before an action runs. */
  private savedEventSnapshot(
    e: PanelEntry,
  ): { eventId: string; updated: number; draftId: string | null; edits: EditorChanges } | null {
    if (!e.target) return null;
    if ('eventId' in e.target) {
      const ev = getSharedEvent(this.world, e.target.eventId.replace(/_\d{8}(T\d{6}Z)?$/, ''));
      return ev ? { eventId: e.target.eventId, updated: ev.updatedMs, draftId: null, edits: {} } : null;
    }
    if (!('draftId' in e.target)) return null;
    const d = getDraft(this.world, e.target.draftId);
    const ev = d?.eventId ? getSharedEvent(this.world, d.eventId) : undefined;
    if (!d || !ev) return null;
    // What the person changed in the editor and has not saved: kept when the editor reloads.
    const edits: EditorChanges = {};
    if ((d.summary ?? '') !== (ev.summary ?? '')) edits.title = d.summary ?? '';
    if ((d.description ?? '') !== (ev.description ?? '')) edits.description = d.description ?? '';
    if ((d.location ?? '') !== (ev.location ?? '')) edits.location = d.location ?? '';
    const zone = d.start.timeZone ?? this.world.userOrGuest(d.user).timeZone;
    if (d.start.ms !== ev.start.ms || d.end.ms !== ev.end.ms) {
      Object.assign(edits, { start: localInput(d.start.ms, zone), end: localInput(d.end.ms, zone) });
    }
    const guests = (list: { email: string }[]) =>
      list
        .map((a) => a.email)
        .sort()
        .join(',');
    if (guests(d.attendees) !== guests(ev.attendees)) edits.guests = d.attendees.map((a) => a.email);
    return { eventId: ev.id, updated: ev.updatedMs, draftId: d.draftId, edits };
  }

  /**
   * The add-on wrote to the saved event (confirm writes the plan into the description): an editor
   * open on it would show stale fields, so it reloads from the event (as Calendar does), keeping the
   * person's unsaved edits on top.
   */
  private afterSavedEventChange(
    e: PanelEntry,
    before: NonNullable<ReturnType<Workbench['savedEventSnapshot']>>,
  ): Partial<PanelResponse> | null {
    const ev = getSharedEvent(this.world, before.eventId.replace(/_\d{8}(T\d{6}Z)?$/, ''));
    if (ev && ev.updatedMs === before.updated) return null;
    if (!before.draftId) return { event: eventView(this.world, e.user, before.eventId, this.domain) };
    discardDraft(this.world, before.draftId);
    if (!ev || !getCopy(this.world, e.user, ev.id) || ev.status === 'cancelled') return { editor: null };
    editEvent(this.world, e.user, ev.id);
    const edits = before.edits;
    if (Object.keys(edits).length) {
      const zone = this.world.userOrGuest(e.user).timeZone;
      updateDraft(this.world, before.draftId, {
        ...(edits.title !== undefined ? { summary: edits.title } : {}),
        ...(edits.description !== undefined ? { description: edits.description } : {}),
        ...(edits.location !== undefined ? { location: edits.location } : {}),
        ...(edits.start !== undefined ? { start: fromLocalInput(edits.start, zone)! } : {}),
        ...(edits.end !== undefined ? { end: fromLocalInput(edits.end, zone)! } : {}),
        ...(edits.guests !== undefined ? { attendees: edits.guests } : {}),
      });
    }
    return { editor: editorView(this.world, before.draftId, this.domain) };
  }
}
