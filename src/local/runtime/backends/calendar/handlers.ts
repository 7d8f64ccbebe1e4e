// The Calendar advanced service's methods, each answering an armed fault first.
import type { HandlerMap } from '../../service';
import { getEvent, insertEvent, instancesHandler, listHandler, removeHandler, writeHandler } from './events-api';
import { calendarsGetHandler, freebusyHandler } from './freebusy';
import { faultable } from './faults';

const baseCalendarHandlers: HandlerMap = {
  'Calendar.Events.get': getEvent,
  'Calendar.Events.insert': insertEvent,
  'Calendar.Events.patch': writeHandler('patch'),
  'Calendar.Events.update': writeHandler('update'),
  'Calendar.Events.remove': removeHandler,
  'Calendar.Events.list': listHandler,
  'Calendar.Events.instances': instancesHandler,
  'Calendar.Freebusy.query': freebusyHandler,
  'Calendar.Calendars.get': calendarsGetHandler,
};

export const calendarHandlers: HandlerMap = Object.fromEntries(
  Object.entries(baseCalendarHandlers).map(([m, h]) => [m, faultable(m, h)]),
);
