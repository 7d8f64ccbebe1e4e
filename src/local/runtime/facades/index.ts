// Every service global the runtime gives a script. Advanced services appear only when the manifest
// enables them (as on Apps Script, where `Calendar` is undefined until enabled).
import type { FacadeContext } from './context';
import { installLogging } from './logging';
import { installCardService } from './cardservice';
import { installCalendar } from './calendar';
import { installGmail } from './gmail';
import { installSpreadsheet } from './spreadsheet';
import { installStorage } from './storage';
import { installUrlFetch } from './urlfetch';
import { installScriptIdentity } from './identity';
import { installUtilities } from './utilities';
import { installMail } from './mail';

export function installFacades(ctx: FacadeContext): Record<string, unknown> {
  const globals: Record<string, unknown> = {
    ...installLogging(ctx),
    ...installCardService(ctx),
    ...installGmail(ctx),
    ...installSpreadsheet(ctx),
    ...installStorage(ctx),
    ...installUrlFetch(ctx),
    ...installScriptIdentity(ctx),
    ...installUtilities(ctx),
    ...installMail(ctx),
  };
  const advanced = ctx.manifest.dependencies?.enabledAdvancedServices ?? [];
  for (const svc of advanced) {
    if (svc.serviceId === 'calendar' && svc.version === 'v3') globals[svc.userSymbol] = installCalendar(ctx);
    // Any other advanced service is simply absent, so a script using it fails with its name.
  }
  return globals;
}
