// Logger and console: messages are kept with the execution (the workbench's developer panel shows
// them) rather than printed, like Stackdriver / the Apps Script execution log.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';

function format(args: unknown[]): string {
  return args
    .map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : safeJson(a)))
    .join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export const installLogging: FacadeInstaller = (ctx: FacadeContext) => {
  const consoleObj = strict(ctx, 'console', {
    log: (...a: unknown[]) => ctx.log('log', format(a)),
    info: (...a: unknown[]) => ctx.log('info', format(a)),
    warn: (...a: unknown[]) => ctx.log('warn', format(a)),
    error: (...a: unknown[]) => ctx.log('error', format(a)),
  });
  const logger = strict(ctx, 'Logger', {
    log(fmt: unknown, ...rest: unknown[]) {
      // Logger.log supports printf-style %s substitution.
      let msg = typeof fmt === 'string' ? fmt : format([fmt]);
      if (typeof fmt === 'string' && rest.length) {
        let i = 0;
        msg = fmt.replace(/%s/g, () => format([rest[i++]]));
      }
      ctx.log('log', msg);
      return logger;
    },
  });
  return { console: consoleObj, Logger: logger };
};
