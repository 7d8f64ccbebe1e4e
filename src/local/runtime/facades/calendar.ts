// Calendar advanced service (script side): `Calendar.Events.*`, `Calendar.Freebusy.query` and
// `Calendar.Calendars.get`, with the argument order Apps Script's advanced service uses (resource
// first for writes, optional arguments, then request headers such as If-Match). Every call is one
// round trip; the backend (backends/calendar/) holds the semantics.
import type { FacadeContext } from './context';
import { strict } from './context';

/** Plain JSON of what the script passed (drops functions, turns Dates into strings, like the API client). */
function json(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

export function installCalendar(ctx: FacadeContext): unknown {
  // Apps Script checks the argument count of an advanced-service method before calling Google.
  const arity = (args: IArguments, min: number, max: number): void => {
    if (args.length < min || args.length > max) {
      throw ctx.makeError(`Invalid number of arguments provided. Expected ${min}-${max} only`, 'Exception');
    }
  };

  const Events = strict(ctx, 'Calendar.Events', {
    get(calendarId: string, eventId: string, optionalArgs?: object) {
      arity(arguments, 2, 3);
      return ctx.call('Calendar.Events.get', { calendarId, eventId, optionalArgs: json(optionalArgs) });
    },
    insert(resource: object, calendarId: string, optionalArgs?: object) {
      arity(arguments, 2, 3);
      return ctx.call('Calendar.Events.insert', {
        resource: json(resource),
        calendarId,
        optionalArgs: json(optionalArgs),
      });
    },
    patch(resource: object, calendarId: string, eventId: string, optionalArgs?: object, headers?: object) {
      arity(arguments, 3, 5);
      return ctx.call('Calendar.Events.patch', {
        resource: json(resource),
        calendarId,
        eventId,
        optionalArgs: json(optionalArgs),
        headers: json(headers),
      });
    },
    update(resource: object, calendarId: string, eventId: string, optionalArgs?: object, headers?: object) {
      arity(arguments, 3, 5);
      return ctx.call('Calendar.Events.update', {
        resource: json(resource),
        calendarId,
        eventId,
        optionalArgs: json(optionalArgs),
        headers: json(headers),
      });
    },
    remove(calendarId: string, eventId: string, optionalArgs?: object) {
      arity(arguments, 2, 3);
      ctx.call('Calendar.Events.remove', { calendarId, eventId, optionalArgs: json(optionalArgs) });
    },
    list(calendarId: string, optionalArgs?: object) {
      arity(arguments, 1, 2);
      return ctx.call('Calendar.Events.list', { calendarId, optionalArgs: json(optionalArgs) });
    },
    instances(calendarId: string, eventId: string, optionalArgs?: object) {
      arity(arguments, 2, 3);
      return ctx.call('Calendar.Events.instances', { calendarId, eventId, optionalArgs: json(optionalArgs) });
    },
    toString: () => 'Calendar.Events',
  });

  const Freebusy = strict(ctx, 'Calendar.Freebusy', {
    query(resource: object) {
      arity(arguments, 1, 2);
      return ctx.call('Calendar.Freebusy.query', { resource: json(resource) });
    },
    toString: () => 'Calendar.Freebusy',
  });

  // Calendar metadata (the time zone of a colleague whose free/busy the caller may see).
  const Calendars = strict(ctx, 'Calendar.Calendars', {
    get(calendarId: string, optionalArgs?: object, headers?: object) {
      arity(arguments, 1, 3);
      void optionalArgs; // only `fields` exists for calendars.get; the whole resource is small
      void headers;
      return ctx.call('Calendar.Calendars.get', { calendarId });
    },
    toString: () => 'Calendar.Calendars',
  });

  return strict(ctx, 'Calendar', { Events, Freebusy, Calendars, toString: () => 'Calendar' });
}
