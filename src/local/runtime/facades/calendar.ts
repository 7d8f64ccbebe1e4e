// Calendar advanced service (script side). Placeholder until its owner lands it: the runtime answers nothing, so any
// use fails loudly with the service's name.
import type { FacadeContext } from './context';
import { strict } from './context';

export function installCalendar(ctx: FacadeContext): unknown {
  return strict(ctx, 'Calendar', {});
}
