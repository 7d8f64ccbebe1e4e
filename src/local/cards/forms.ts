// What the host puts in `commonEventObject.formInputs` when a card's action runs: the current value of
// every input on the card, keyed by field name, in the V8 shape (no `['']` level; PLATFORM.md):
//   text / selection  -> { stringInputs: { value: string[] } }
//   DateTimePicker    -> { dateTimeInput: { msSinceEpoch: "<ms as a string>", hasDate, hasTime } }
//   DatePicker        -> { dateInput: { msSinceEpoch: "<ms as a string>" } }
//   time-only picker  -> { timeInput: { hours, minutes } }
// Inputs with nothing in them are left out (an empty text field, a check box group with nothing
// ticked, a picker without a value). A dropdown always shows a choice, so with nothing marked selected
// it sends its first item.
import { cardText, type CardInput } from './inspect';
import type { CardJson, FormInputJson, FormInputs } from './card-json';

function formInput(input: CardInput, value: CardInput['value']): FormInputJson | undefined {
  switch (input.kind) {
    case 'text':
      return typeof value === 'string' && value !== '' ? { stringInputs: { value: [value] } } : undefined;
    case 'selection': {
      let values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      if (!values.length && input.type === 'DROPDOWN' && input.items?.[0]) values = [input.items[0].value];
      return values.length ? { stringInputs: { value: [...values] } } : undefined;
    }
    case 'dateTime':
      return typeof value === 'number'
        ? { dateTimeInput: { msSinceEpoch: String(value), hasDate: true, hasTime: true } }
        : undefined;
    case 'date':
      return typeof value === 'number' ? { dateInput: { msSinceEpoch: String(value) } } : undefined;
    case 'time': {
      if (typeof value !== 'number') return undefined;
      const d = new Date(value);
      return { timeInput: { hours: d.getUTCHours(), minutes: d.getUTCMinutes() } };
    }
  }
}

/** formInputs for the card as it stands (every input at its initial value). */
export function defaultFormInputs(card: CardJson): FormInputs {
  const out: FormInputs = {};
  for (const input of cardText(card).inputs) {
    const f = formInput(input, input.value);
    if (f) out[input.name] = f;
  }
  return out;
}

export type FormValue = string | string[] | number | null;

/**
 * formInputs after a person changed some inputs: `values[name]` replaces that input's value (text:
 * a string; selection: a value or values, each one of the input's item values; pickers: ms since the
 * epoch; null: cleared). Throws on a name the card does not have or a value the input cannot hold,
 * so a scenario cannot type into a field that is not there.
 */
export function fillForm(card: CardJson, values: Record<string, FormValue>): FormInputs {
  const inputs = new Map(cardText(card).inputs.map((i) => [i.name, i]));
  for (const [name, value] of Object.entries(values)) {
    const input = inputs.get(name);
    if (!input)
      throw new Error(`The card has no input named "${name}" (it has: ${[...inputs.keys()].join(', ') || 'none'})`);
    if (value === null) {
      input.value = undefined;
      if (input.kind === 'selection') input.value = [];
      continue;
    }
    if (input.kind === 'text') {
      if (typeof value !== 'string') throw new Error(`Input "${name}" is a text input: give it a string`);
    } else if (input.kind === 'selection') {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
      if (!list) throw new Error(`Input "${name}" is a selection input: give it an item value or values`);
      const allowed = new Set((input.items ?? []).map((i) => i.value));
      const bad = list.filter((v) => !allowed.has(v));
      if (bad.length)
        throw new Error(`Input "${name}" has no item with value ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
      if (list.length > 1 && (input.type === 'RADIO_BUTTON' || input.type === 'DROPDOWN')) {
        throw new Error(`Input "${name}" (${input.type}) takes one value`);
      }
      input.value = list;
      continue;
    } else if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new Error(`Input "${name}" is a ${input.kind} picker: give it milliseconds since the epoch`);
    }
    input.value = value;
  }
  const out: FormInputs = {};
  for (const input of inputs.values()) {
    const f = formInput(input, input.value);
    if (f) out[input.name] = f;
  }
  return out;
}
