// Logger and console: messages are kept with the execution (the workbench's developer panel shows
// them) rather than printed, like Stackdriver / the Apps Script execution log.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';

function format(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : isError(a) ? errorText(a) : safeJson(a))).join(' ');
}

// A script's Error comes from the script's realm, where `instanceof Error` (of this realm) is false and
// JSON.stringify gives {}: recognise it by its internal class instead.
function isError(v: unknown): v is Error {
  return Object.prototype.toString.call(v) === '[object Error]';
}

/** "Name: message" and the stack under it, as the execution log shows a logged error. */
function errorText(e: Error): string {
  const head = `${e.name}: ${e.message}`;
  return typeof e.stack === 'string' && e.stack.startsWith(head) ? e.stack : head;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export const installLogging: FacadeInstaller = (ctx: FacadeContext) => {
  // console.time(label) / timeEnd(label): real time taken (not the World clock, which a test may hold still).
  const timers = new Map<string, number>();
  const consoleObj = strict(ctx, 'console', {
    log: (...a: unknown[]) => ctx.log('log', format(a)),
    info: (...a: unknown[]) => ctx.log('info', format(a)),
    warn: (...a: unknown[]) => ctx.log('warn', format(a)),
    error: (...a: unknown[]) => ctx.log('error', format(a)),
    time: (label: unknown = 'default') => void timers.set(String(label), performance.now()),
    timeEnd: (label: unknown = 'default') => {
      const name = String(label);
      const start = timers.get(name);
      if (start === undefined) return ctx.log('warn', `Timer '${name}' does not exist`);
      timers.delete(name);
      ctx.log('log', `${name}: ${Math.round(performance.now() - start)}ms`);
    },
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
