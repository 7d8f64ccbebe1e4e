// Properties, cache and locks (placeholder until its owner lands it).
import type { LocalRuntime } from '../runtime';
import type { HandlerMap } from '../service';

export interface StorageState {
  properties: Record<string, Record<string, string>>;
}
export const initialStorageState = (): StorageState => ({ properties: {} });
export interface StorageBackend {
  handlers: HandlerMap;
}
export function createStorageBackend(_runtime: LocalRuntime): StorageBackend {
  return { handlers: {} };
}
