// Drive files and spreadsheets over the World (placeholder until its owner lands it).
import type { HandlerMap } from '../service';

export interface DriveState {
  files: Record<string, unknown>;
}
export const initialDriveState = (): DriveState => ({ files: {} });
export const sheetsHandlers: HandlerMap = {};
