/**
 * What every subcommand shares: its shape, the exit codes, and argument parsing (node:util
 * parseArgs) that turns every mistake into a UsageError naming the subcommand and the argument.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = {
  /** Everything fine: no FAIL, no new FAIL, no flake. */
  ok: 0,
  /** A check FAILed, a new FAIL (diff), a flaky check (stability), a matrix cell that did not pass. */
  failed: 1,
  /** Bad arguments or unreadable input; nothing was started. */
  usage: 2,
  /** The Docker engine does not answer. */
  noDocker: 3,
} as const;

export interface Command {
  /** The full `authconf NAME --help` text. */
  readonly help: string;
  run(args: string[]): Promise<number> | number;
}

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses `args` strictly. `--help` is always understood (the caller prints its help);
 * everything after `--` is handed back untouched as `passthrough` (for `passthroughTo`).
 */
export function parseOptions<const O extends Options>(command: string, args: string[], options: O, { positionals = false, passthroughTo = '' } = {}) {
  const dashDash = args.indexOf('--');
  const own = dashDash < 0 ? args : args.slice(0, dashDash);
  const passthrough = dashDash < 0 ? [] : args.slice(dashDash + 1);
  const config = { args: own, options: { ...options, help: { type: 'boolean', short: 'h' } } as O & typeof HELP, allowPositionals: true, strict: true } as const;
  try {
    const parsed = parseArgs(config);
    if (!positionals && parsed.positionals.length) throw Object.assign(new Error(`'${parsed.positionals[0]}'`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
    return { ...parsed, passthrough };
  } catch (error) {
    const message = describeParseError(error as Error & { code?: string });
    throw new UsageError(command, passthroughTo && message.startsWith('unknown option') ? `${message} (${passthroughTo}'s own options go after --)` : message);
  }
}

function describeParseError(error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}'`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('argument missing') ? `option ${/--[\w-]+/.exec(quoted)?.[0] ?? quoted} needs a value` : `option ${quoted} takes no value`;
    default:
      return error.message;
  }
}

/** A comma- or repeat-separated list option (`--version a,b --version c`) as one list. */
export function listOf(value: string | string[] | undefined): string[] {
  return [value ?? []].flat().flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** A whole number within bounds, or a UsageError naming the option. */
export function wholeNumber(command: string, option: string, value: string | undefined, { min, max }: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(command, `--${option} takes a whole number from ${min} to ${max} (got '${value}')`);
  return n;
}

export function printHelp(help: string): number {
  process.stdout.write(`${help}\n`);
  return EXIT.ok;
}
