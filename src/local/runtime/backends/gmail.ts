// Gmail messages over the World (placeholder until its owner lands it).
import type { HandlerMap } from '../service';

export interface GmailState {
  messages: Record<string, unknown>;
}
export const initialGmailState = (): GmailState => ({ messages: {} });
export const gmailHandlers: HandlerMap = {};
