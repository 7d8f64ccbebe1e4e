// Identity tokens, token info, Session (placeholder until its owner lands it).
import type { HandlerMap } from '../service';

export interface IdentityState {
  signingKeys: Record<string, unknown>;
}
export const initialIdentityState = (): IdentityState => ({ signingKeys: {} });
export const identityHandlers: HandlerMap = {};
