// Calendar API v3 semantics over the World (placeholder until its owner lands it).
import type { HandlerMap } from '../service';

export interface CalendarState {
  events: Record<string, unknown>;
}
export const initialCalendarState = (): CalendarState => ({ events: {} });
export const calendarHandlers: HandlerMap = {};
