// UrlFetchApp over the local network of stand-ins (placeholder until its owner lands it).
import type { HandlerMap } from '../service';

export const urlFetchHandlers: HandlerMap = {};
