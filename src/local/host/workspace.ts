/**
 * A simulated Google Workspace around the BUILT add-on and gateway: the local runtime with both
 * projects registered exactly as clasp would push them (build/addon, build/gateway), a company seeded
 * into the usage Sheet, and the host apps' side of the add-on: Calendar's event editor with its side
 * panel, Gmail's contextual panel, homepages and universal actions. The scenario runner, the
 * workbench and the integration tests all act as people through this one layer.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zoneOffsetMs } from '../../core/time';
import { LocalRuntime, type ExecutionResult, type RuntimeOptions } from '../runtime/runtime';
import { World } from '../runtime/world';
import type { AppsScriptManifest } from '../runtime/protocol';
import { setScriptProperties } from '../runtime/backends/storage';
import {
  addonCalendarEventObject,
  applyEventAction,
  editEvent,
  getDraft,
  discardDraft,
  type AddonCalendarEvent,
  type EventAccess,
} from '../runtime/backends/calendar';
import { openMessage, type OpenedMessage } from '../runtime/backends/gmail';
import { installDailyTrigger } from '../runtime/backends/triggers';
import { DAILY_JOB_HANDLER, DAILY_JOB_HOUR } from '../../gateway/trigger';
import {
  applyNavigation,
  cardText,
  checkOpenLinks,
  fillForm,
  findButton,
  parseEntryResult,
  type CardJson,
  type CardText,
  type FormValue,
  type FoundButton,
} from '../cards';
import {
  DEFAULT_ADDON_CLIENT_ID,
  seedCompany,
  type EngagementSeed,
  type CompanySettingsSeed,
  type SeededCompany,
} from './company';

export const ADDON = 'addon';
export const GATEWAY = 'gateway';
/** The gateway's /exec URL in the local World (it matches the add-on's urlFetchWhitelist). */
export const GATEWAY_URL = 'https://script.google.com/macros/s/AKfycbLocalCcmGateway/exec';

const ROOT = resolve(__dirname, '..', '..', '..');

function findRoot(): string {
  // From source (src/local/host) or from a bundle (build/local/*): look for package.json upwards.
  for (const dir of [ROOT, resolve(__dirname, '..', '..'), resolve(__dirname, '..'), process.cwd()]) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ccm-alignment-addon') return dir;
    } catch {
      // keep looking
    }
  }
  return process.cwd();
}

export interface WorkspaceOptions extends RuntimeOptions {
  world?: World;
  /** Folder holding addon/ and gateway/ (default: the repository's build/). */
  buildDir?: string;
  /** The account that owns the usage Sheet and deployed the gateway. */
  serviceOwner?: string;
}

export interface CompanySpec {
  settings: CompanySettingsSeed;
  engagements: EngagementSeed[];
  serviceOwner?: string;
}

export class Workspace {
  readonly world: World;
  readonly runtime: LocalRuntime;
  /** The add-on's manifest as last built (re-read by registerProjects after a rebuild). */
  addonManifest!: AppsScriptManifest;
  readonly buildDir: string;
  serviceOwner: string;
  company?: SeededCompany;

  constructor(opts: WorkspaceOptions = {}) {
    this.world = opts.world ?? new World();
    this.runtime = new LocalRuntime(this.world, opts);
    this.buildDir = opts.buildDir ?? join(findRoot(), 'build');
    this.serviceOwner = opts.serviceOwner ?? 'ccm-service@example.test';
    this.registerProjects();
  }

  /** (Re)registers both projects; also reads the manifests again (the workbench calls it after a rebuild). */
  registerProjects(): void {
    const manifest = (p: string) =>
      JSON.parse(readFileSync(join(this.buildDir, p, 'appsscript.json'), 'utf8')) as AppsScriptManifest;
    this.addonManifest = manifest(ADDON);
    this.runtime.registerProject({
      name: ADDON,
      codePath: join(this.buildDir, ADDON, 'Code.js'),
      manifest: this.addonManifest,
      oauthClientId: DEFAULT_ADDON_CLIENT_ID,
    });
    this.runtime.registerProject({
      name: GATEWAY,
      codePath: join(this.buildDir, GATEWAY, 'Code.js'),
      manifest: manifest(GATEWAY),
      owner: this.serviceOwner,
      webAppUrl: GATEWAY_URL,
      oauthClientId: 'gateway-client.apps.googleusercontent.com',
    });
  }

  /** Seeds the usage Sheet and points the add-on at the gateway (its GATEWAY_URL script property). */
  seedCompany(spec: CompanySpec): SeededCompany {
    if (spec.serviceOwner) {
      this.serviceOwner = spec.serviceOwner;
      this.registerProjects();
    }
    this.company = seedCompany(this.world, {
      owner: this.serviceOwner,
      settings: spec.settings,
      engagements: spec.engagements,
      addonClientId: DEFAULT_ADDON_CLIENT_ID,
    });
    this.connectAddon();
    // The deployer installs the gateway's daily job once (README): its trigger runs as the owner.
    installDailyTrigger(this.world, {
      project: GATEWAY,
      owner: this.serviceOwner,
      handler: DAILY_JOB_HANDLER,
      hour: DAILY_JOB_HOUR,
      timeZone: this.runtime.project(GATEWAY).manifest.timeZone ?? 'UTC',
    });
    return this.company;
  }

  /** The add-on's script properties: where the gateway is. */
  connectAddon(): void {
    setScriptProperties(this.world, ADDON, { GATEWAY_URL });
  }

  /** A person's side panel on an event: the editor of a draft (`draftId`) or of a saved event. */
  calendarPanel(user: string, target: { draftId: string } | { eventId: string; calendarId?: string }): AddonPanel {
    return new AddonPanel(this, user, { hostApp: 'CALENDAR', target });
  }

  /** A person's Gmail panel on one of their messages (opening it issues the per-message token). */
  gmailPanel(user: string, messageId: string): AddonPanel {
    return new AddonPanel(this, user, { hostApp: 'GMAIL', message: openMessage(this.world, user, messageId) });
  }

  /** The add-on's homepage in a host app (no event or message open). */
  homepage(user: string, hostApp: 'CALENDAR' | 'GMAIL' = 'CALENDAR'): AddonPanel {
    return new AddonPanel(this, user, { hostApp });
  }

  /** Opens the editor on a saved event (as a click on it in the calendar grid does) and returns its draft id. */
  openEditor(user: string, eventId: string, calendarId?: string): string {
    return editEvent(this.world, user, eventId, calendarId).draftId;
  }

  closeEditor(draftId: string): void {
    discardDraft(this.world, draftId);
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }
}

export interface PanelContext {
  hostApp: 'CALENDAR' | 'GMAIL';
  target?: { draftId: string } | { eventId: string; calendarId?: string };
  message?: OpenedMessage;
}

/** What happened when the panel ran something: for the scenario runner's output and the workbench. */
export interface PanelOutcome {
  ok: boolean;
  /** The add-on crashed (the host would show its generic error): the error text. */
  crash: string | null;
  notification: string | null;
  openLink: string | null;
  /** Problems the host would refuse to render (an OpenLink outside the allowlist...). */
  renderProblems: string[];
  /** For a CalendarEventActionResponse: what was added to the open editor. */
  eventChanges: { addAttendees: string[]; addAttachments: { title: string; url: string }[] } | null;
  execution: ExecutionResult;
}

/**
 * One add-on side panel as a host app shows it: a stack of cards, the last notification, and the
 * event object the host builds for each trigger and each button press.
 */
export class AddonPanel {
  stack: CardJson[] = [];
  outcomes: PanelOutcome[] = [];

  constructor(
    readonly ws: Workspace,
    readonly user: string,
    readonly ctx: PanelContext,
  ) {}

  get card(): CardJson | undefined {
    return this.stack[this.stack.length - 1];
  }

  get last(): PanelOutcome | undefined {
    return this.outcomes[this.outcomes.length - 1];
  }

  text(): CardText | null {
    return this.card ? cardText(this.card) : null;
  }

  private manifestFunction(kind: 'open' | 'homepage' | 'update'): string {
    const addOns = this.ws.addonManifest.addOns as Record<string, any>;
    if (kind === 'homepage') {
      const host = this.ctx.hostApp === 'CALENDAR' ? addOns.calendar : addOns.gmail;
      return host?.homepageTrigger?.runFunction ?? addOns.common.homepageTrigger.runFunction;
    }
    if (this.ctx.hostApp === 'GMAIL') return addOns.gmail.contextualTriggers[0].onTriggerFunction;
    return kind === 'update'
      ? addOns.calendar.eventUpdateTrigger.runFunction
      : addOns.calendar.eventOpenTrigger.runFunction;
  }

  /** The host opens the panel: eventOpen (Calendar), the contextual trigger (Gmail) or the homepage. */
  async open(): Promise<PanelOutcome> {
    const fn = this.ctx.target || this.ctx.message ? this.manifestFunction('open') : this.manifestFunction('homepage');
    return this.run(fn, {}, {}, true);
  }

  /** Calendar's eventUpdate trigger (attendees or conferencing changed in the editor). */
  async update(): Promise<PanelOutcome> {
    return this.run(this.manifestFunction('update'), {}, {}, true);
  }

  /** Runs a universal action from the add-on's menu by its label. */
  async universal(label: string): Promise<PanelOutcome> {
    const addOns = this.ws.addonManifest.addOns as Record<string, any>;
    const ua = (addOns.common.universalActions as { label: string; runFunction?: string }[]).find(
      (u) => u.label === label,
    );
    if (!ua?.runFunction) throw new Error(`The add-on has no universal action "${label}"`);
    return this.run(ua.runFunction, {}, {}, false);
  }

  /**
   * A person fills inputs of the current card (`values` by field name) and presses the button with
   * this label, or the button whose action calls `{ fn }`.
   */
  async press(
    button: string | { fn: string; params?: Record<string, string> },
    values: Record<string, FormValue> = {},
  ): Promise<PanelOutcome> {
    const card = this.card;
    if (!card) throw new Error('The panel shows no card');
    const found =
      typeof button === 'string' ? findButton(card, button) : findButtonByFunction(card, button.fn, button.params);
    if (!found) {
      const labels = cardText(card).buttons;
      throw new Error(
        `No button ${typeof button === 'string' ? `"${button}"` : `calling ${button.fn}`} on the card "${cardText(card).title ?? ''}" (buttons: ${labels.join(', ') || 'none'})`,
      );
    }
    if (found.disabled) throw new Error(`The button "${found.label}" is disabled`);
    if (found.openLink) {
      const outcome = this.record({
        ok: true,
        crash: null,
        notification: null,
        openLink: found.openLink.url,
        renderProblems: [],
        eventChanges: null,
        execution: emptyExecution(),
      });
      return outcome;
    }
    const action = found.action ?? found.openDynamicLinkAction;
    if (!action) throw new Error(`The button "${found.label}" has no action`);
    const formInputs = fillForm(card, values);
    return this.run(action.function, formInputs, action.parameters, false);
  }

  /**
   * Runs one widget's action exactly as the host does when that widget is used (a click, or an
   * input's onChangeAction): the workbench resolves the widget itself, so two buttons with the same
   * label or the same function never get mixed up.
   */
  async runAction(
    action: { function: string; parameters?: Record<string, string> },
    values: Record<string, FormValue> = {},
  ): Promise<PanelOutcome> {
    const card = this.card;
    if (!card) throw new Error('The panel shows no card');
    return this.run(action.function, fillForm(card, values), action.parameters ?? {}, false);
  }

  /** Whether the current card offers a button calling this function (with these action parameters). */
  hasButtonFor(fn: string, params?: Record<string, string>): boolean {
    return !!(this.card && findButtonByFunction(this.card, fn, params));
  }

  /** The event object the host app sends (V8 shape: commonEventObject plus the host's part). */
  eventObject(formInputs: Record<string, unknown>, parameters: Record<string, string>): Record<string, unknown> {
    const world = this.ws.world;
    const person = world.userOrGuest(this.user);
    const tz = person.timeZone || 'UTC';
    const offset = zoneOffsetMs(world.now(), tz);
    const common: Record<string, unknown> = {
      hostApp: this.ctx.hostApp,
      platform: 'WEB',
      userLocale: person.locale ?? 'en',
      timeZone: { id: tz, offset },
    };
    if (Object.keys(formInputs).length) common.formInputs = formInputs;
    if (Object.keys(parameters).length) common.parameters = parameters;
    const e: Record<string, unknown> = { commonEventObject: common };
    if (this.ctx.hostApp === 'CALENDAR' && this.ctx.target) {
      const calendar = this.calendarObject();
      if (calendar) e.calendar = calendar;
    }
    if (this.ctx.hostApp === 'GMAIL' && this.ctx.message) e.gmail = { ...this.ctx.message };
    return e;
  }

  private calendarObject(): AddonCalendarEvent | undefined {
    const access = (this.ws.addonManifest.addOns as Record<string, any>)?.calendar?.currentEventAccess as
      EventAccess | undefined;
    return addonCalendarEventObject(this.ws.world, this.user, this.ctx.target!, access);
  }

  private record(o: PanelOutcome): PanelOutcome {
    this.outcomes.push(o);
    return o;
  }

  private async run(
    fn: string,
    formInputs: Record<string, unknown>,
    parameters: Record<string, string>,
    isTrigger: boolean,
  ): Promise<PanelOutcome> {
    const e = this.eventObject(formInputs, parameters);
    const execution = await this.ws.runtime.execute({ project: ADDON, fn, args: [e], user: this.user });
    const base: PanelOutcome = {
      ok: false,
      crash: null,
      notification: null,
      openLink: null,
      renderProblems: [],
      eventChanges: null,
      execution,
    };
    if (!execution.ok) {
      // Google shows its own generic error for a crashed add-on; keep the text for the developer panel.
      return this.record({
        ...base,
        crash: `${execution.error?.name ?? 'Error'}: ${execution.error?.message ?? 'unknown error'}`,
      });
    }
    let result;
    try {
      result = parseEntryResult(execution.value);
    } catch (err) {
      return this.record({
        ...base,
        crash: `The add-on returned something the host cannot render: ${(err as Error).message}`,
      });
    }
    base.renderProblems = checkOpenLinks(execution.value, this.ws.addonManifest).map((p) => `${p.where}: ${p.message}`);
    switch (result.kind) {
      case 'cards':
        if (!isTrigger && result.cards.length) {
          return this.record({
            ...base,
            crash: `${fn} is a card action but returned cards instead of an ActionResponse`,
          });
        }
        this.stack = result.cards.slice(0, 1);
        return this.record({ ...base, ok: true });
      case 'action':
        if (isTrigger) return this.record({ ...base, crash: `${fn} is a trigger but returned an ActionResponse` });
        this.stack = applyNavigation(this.stack, result.navigations);
        return this.record({
          ...base,
          ok: true,
          notification: result.notification ?? null,
          openLink: result.openLink?.url ?? null,
        });
      case 'universal':
        if (result.cards?.length) this.stack = [...result.cards];
        return this.record({ ...base, ok: true, openLink: result.openLink?.url ?? null });
      case 'calendarEvent': {
        const target = this.ctx.target;
        if (
          this.ctx.hostApp !== 'CALENDAR' ||
          !target ||
          !('draftId' in target) ||
          !getDraft(this.ws.world, target.draftId)
        ) {
          return this.record({
            ...base,
            crash: 'A CalendarEventActionResponse needs an event open in the Calendar editor',
          });
        }
        try {
          applyEventAction(this.ws.world, target.draftId, {
            addAttendees: result.addAttendees,
            addAttachments: result.addAttachments.map((a) => ({
              resourceUrl: a.resourceUrl,
              title: a.title,
              mimeType: a.mimeType,
              iconUrl: a.iconUrl,
            })),
          });
        } catch (err) {
          return this.record({ ...base, crash: (err as Error).message });
        }
        return this.record({
          ...base,
          ok: true,
          eventChanges: {
            addAttendees: result.addAttendees,
            addAttachments: result.addAttachments.map((a) => ({ title: a.title, url: a.resourceUrl })),
          },
        });
      }
    }
  }
}

/** The first button calling `fn` (and, when given, with these action parameters). */
function findButtonByFunction(card: CardJson, fn: string, params?: Record<string, string>): FoundButton | undefined {
  for (const label of cardText(card).buttons) {
    const b = findButton(card, label);
    if (b?.action?.function !== fn) continue;
    if (params && !Object.entries(params).every(([k, v]) => b.action?.parameters?.[k] === v)) continue;
    return b;
  }
  return undefined;
}

function emptyExecution(): ExecutionResult {
  return {
    execId: '',
    project: ADDON,
    fn: '',
    user: '',
    ok: true,
    logs: [],
    cpuMs: 0,
    wallMs: 0,
    timedOut: false,
    localCalls: {},
    counters: { serviceCalls: {}, totalServiceCalls: 0, cellsRead: 0, cellsWritten: 0, callsInLock: {} },
  };
}
