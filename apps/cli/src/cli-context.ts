import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeStore, loadConfig, openEventStore, type Config } from '@app/config';
import type { EventStore } from '@app/event-store';

/** What a command may use: the API's configuration (docs/operations.md) and libraries, no HTTP. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only there). */
  interactive: boolean;
}

/** A usage mistake (unknown option, missing or bad value): printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** A refusal that is no usage mistake (e.g. no store where one is read): its message alone, exit code 1. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's arguments, strictly: an unknown option, an option without its value or a positional
 * count outside [min, max] is a UsageError naming it.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: string[],
  options: O,
  positionals: { min: number; max: number; missing: string },
): {
  values: { [name in keyof O]?: O[name]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
} {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    // util.parseArgs says what is wrong ("Unknown option '--outt'"); anything else is ours to fix.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(`${command}: ${(error as Error).message}`);
    }
    throw error;
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`${command}: ${positionals.missing}`);
  if (count > positionals.max) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  return { values: parsed.values as never, positionals: parsed.positionals };
}

export function cliConfig(context: CliContext): Config {
  return loadConfig(context.env);
}

/**
 * Opens the store the environment names (EVENT_STORE, as the API does) and says which on stderr.
 * `reading`: the command only reads, so a SQLite file that does not exist is refused rather than created
 * empty — reading an empty store silently is how one misses that the data is elsewhere.
 */
export function openStore(context: CliContext, use: 'reading' | 'writing'): EventStore {
  const config = cliConfig(context);
  if (use === 'reading' && config.eventStore === 'sqlite' && !existsSync(config.sqlitePath)) {
    throw new CliError(
      `no event log at ${describeStore(config)} (SQLITE_PATH): nothing is recorded there.\n` +
        "The demo's store: SQLITE_PATH=data/demo/timeline.db READ_MODEL_PATH=data/demo/read-models.db",
    );
  }
  context.err(`store: ${describeStore(config)}\n`);
  return openEventStore(config, (level, message) => {
    if (level === 'warn') context.err(`store: ${message}\n`);
  });
}
