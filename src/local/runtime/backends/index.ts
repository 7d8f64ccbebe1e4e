// Every service call a script can make, by method name, answered from the World.
import type { LocalRuntime } from '../runtime';
import type { HandlerMap } from '../service';
import { calendarHandlers } from './calendar';
import { gmailHandlers } from './gmail';
import { sheetsHandlers } from './sheets';
import { createStorageBackend, type StorageBackend } from './storage';
import { identityHandlers } from './identity';
import { urlFetchHandlers } from './urlfetch';
import { triggerHandlers } from './triggers';
import { mailHandlers } from './mail';

/** Runtime-wide state that is not persisted with the World (locks held by running executions). */
export interface BackendServices {
  storage: StorageBackend;
}

export function createBackendServices(runtime: LocalRuntime): BackendServices {
  return { storage: createStorageBackend(runtime) };
}

export function allHandlers(services: BackendServices): HandlerMap {
  return {
    ...calendarHandlers,
    ...gmailHandlers,
    ...sheetsHandlers,
    ...services.storage.handlers,
    ...identityHandlers,
    ...urlFetchHandlers,
    ...triggerHandlers,
    ...mailHandlers,
  };
}
