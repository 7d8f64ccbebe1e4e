// SpreadsheetApp (script side). Placeholder until its owner lands it: any use fails loudly with its name.
import type { FacadeInstaller } from './context';

export const installSpreadsheet: FacadeInstaller = () => ({});
