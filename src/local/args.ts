/**
 * Command lines of the local tools (admin CLI, workbench server, benchmark, scenario runner), read by
 * Node's own `util.parseArgs` in strict mode, with its errors put in the tools' words: every tool
 * answers a bad command line with one clear line and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class ArgsError extends Error {}

/** `util.parseArgs` (strict); a bad command line throws ArgsError with a one-line message. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config); // strict unless a caller says otherwise (none does)
  } catch (err) {
    throw new ArgsError(argsMessage(err as Error & { code?: string }));
  }
}

function argsMessage(err: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '');
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option} (try --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message) ? `${option} takes no value` : `${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${quoted} (try --help)`;
    default:
      return err.message;
  }
}
