// ScriptApp's trigger methods (script side): the builder chain is answered in the worker; create,
// list and delete are one call each into the World (backends/triggers.ts), where the scope is checked.
import type { FacadeContext } from './context';
import { strict } from './context';
import { checkClockSpec, type ClockSpec, type TriggerView } from '../backends/triggers';

function enumOf(names: string[]): Readonly<Record<string, string>> {
  const o: Record<string, string> = {};
  for (const n of names) o[n] = n;
  return Object.freeze(o);
}

export const EVENT_TYPES = enumOf(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED']);
export const TRIGGER_SOURCES = enumOf(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR']);

export function triggerMethods(ctx: FacadeContext) {
  const uids = new WeakMap<object, string>();

  const triggerObject = (t: TriggerView) => {
    const obj = strict(ctx, 'Trigger', {
      getHandlerFunction: () => t.handler,
      getUniqueId: () => t.uid,
      getEventType: () => EVENT_TYPES[t.eventType],
      getTriggerSource: () => TRIGGER_SOURCES.CLOCK,
      getTriggerSourceId: () => null,
      toString: () => 'Trigger',
    });
    uids.set(obj, t.uid);
    return obj;
  };

  const clockBuilder = (spec: ClockSpec) => {
    const set = (key: keyof ClockSpec, value: unknown, method: string) => {
      const next = { ...spec, [key]: value } as ClockSpec;
      const problem = checkClockSpec(next);
      if (problem) throw ctx.makeError(problem);
      ctx.count(`ClockTriggerBuilder.${method}`);
      Object.assign(spec, next);
      return builder;
    };
    const builder: object = strict(ctx, 'ClockTriggerBuilder', {
      everyDays: (n: unknown) => set('everyDays', n, 'everyDays'),
      atHour: (h: unknown) => set('atHour', h, 'atHour'),
      nearMinute: (m: unknown) => set('nearMinute', m, 'nearMinute'),
      inTimezone: (tz: unknown) => set('timeZone', String(tz), 'inTimezone'),
      create: () => triggerObject(ctx.call<TriggerView>('ScriptApp.newTrigger.create', { ...spec })),
      toString: () => 'ClockTriggerBuilder',
    });
    return builder;
  };

  return {
    newTrigger: (fn: unknown) => {
      if (typeof fn !== 'string' || fn === '') throw ctx.makeError('Invalid argument: functionName');
      ctx.count('ScriptApp.newTrigger');
      return strict(ctx, 'TriggerBuilder', {
        timeBased: () => clockBuilder({ handler: fn }),
        toString: () => 'TriggerBuilder',
      });
    },
    getProjectTriggers: () => ctx.call<TriggerView[]>('ScriptApp.getProjectTriggers').map(triggerObject),
    deleteTrigger: (trigger: unknown) => {
      const uid = trigger && typeof trigger === 'object' ? uids.get(trigger) : undefined;
      if (!uid)
        throw ctx.makeError(
          'The parameters (' + typeof trigger + ") don't match the method signature for ScriptApp.deleteTrigger.",
        );
      ctx.call('ScriptApp.deleteTrigger', { uid });
    },
    EventType: EVENT_TYPES,
    TriggerSource: TRIGGER_SOURCES,
  };
}
