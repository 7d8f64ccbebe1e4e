// Node-side card utilities: the card/response JSON types, reading an entry point's result, reading a
// card as a person would, the form inputs a host sends back, the card stack, and the OpenLink allowlist.
export * from './card-json';
export { parseEntryResult, EntryResultError, type EntryResult } from './parse';
export {
  cardText,
  findButton,
  cardInputs,
  type CardText,
  type CardInput,
  type CardInputKind,
  type FoundButton,
} from './inspect';
export { defaultFormInputs, fillForm, type FormValue } from './forms';
export { applyNavigation } from './navigation';
export { checkOpenLinks, collectLinks, urlMatchesPrefix, type OpenLinkProblem } from './openlinks';
export { htmlToText, htmlLinks, decodeEntities } from './html';
