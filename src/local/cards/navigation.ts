// The add-on's card stack, as the host keeps it: the trigger's cards at the bottom, pushed cards on
// top, the top card the one shown. Navigations apply in order.
import type { CardJson, NavigationJson } from './card-json';

/**
 * The stack after `navigations` (a new array; the input is not changed).
 * - pushCard: shows a new card on top.
 * - pop (popCard): back one card; the root card is never popped.
 * - popToRoot: back to the first card.
 * - popToCard (popToNamedCard): back to the topmost card with that name; an Error if none has it
 *   (Google's behaviour is not documented; a host should surface the add-on's mistake).
 * - updateCard: replaces the top card in place.
 */
export function applyNavigation(stack: readonly CardJson[], navigations: readonly NavigationJson[]): CardJson[] {
  const out = [...stack];
  for (const nav of navigations) {
    if (nav.pushCard) out.push(nav.pushCard);
    else if (nav.updateCard) {
      if (out.length) out[out.length - 1] = nav.updateCard;
      else out.push(nav.updateCard);
    } else if (nav.pop) {
      if (out.length > 1) out.pop();
    } else if (nav.popToRoot) out.splice(1);
    else if (nav.popToCard !== undefined) {
      const name = nav.popToCard;
      let i = out.length - 1;
      while (i >= 0 && out[i]!.name !== name) i--;
      if (i < 0) throw new Error(`popToNamedCard("${name}"): no card named "${name}" is on the stack`);
      out.splice(i + 1);
    } else {
      throw new Error(`Unknown navigation step: ${JSON.stringify(nav)}`);
    }
  }
  return out;
}
