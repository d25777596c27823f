import { ConfigError } from '@app/config';
import { CliContext, CliError, UsageError } from './cli-context';

/** The command-line tool: the same libraries and configuration as the API, without HTTP. */
const HELP = `diplomatic-timeline command-line tool

Usage: npm run cli -- <command> [options]

Commands:
  import <file.ndjson>          Record events from NDJSON: one event per line, in the API's JSON form
                                (as POST /v1/events takes it) or as export wrote it (restored with its
                                record time and hashes). Validated with the API's schemas and rules,
                                batched, idempotent by eventId. Prints accepted/refused lines; exit 1 if
                                any line was refused (nothing of a refused line is stored). An export's
                                hash chains are checked whole first: one broken link, nothing is stored.
  export [--out <file>]         The whole log as NDJSON, with metadata and hashes (stdout by default).
  verify <export.ndjson>        Check the hash chains of an export offline; prints its digest.
  replay [--swap]               Rebuild the read models from the log beside the live ones and compare
                                digests; --swap replaces the live ones. Run with the API stopped.
  state <a> <b> [--at YYYY-MM-DD] [--known-at <ISO instant>]
                                The relationship on a date, as known at a time, folded from the log.
  import-us-missions <transitions.csv> [--names <table.csv>]
                                The US missions data set (Office of the Historian, CC-BY 4.0).
  import-cow <Diplomatic_Exchange_2006v1.csv>
                                The Correlates of War Diplomatic Exchange data set v2006.1 (Bayer 2006),
                                as downloaded: each change of a directed level, a RepresentationChanged.
  export-panel [--from 1817] [--to 2005] [--years <list|step|cow>] [--format cow] [--known-at <instant>]
               [--out <file>]   The record as a dyad-year panel in the data set's columns (ccode1, ccode2,
                                year, DR_at_1, DR_at_2, DE), from the states at 31 December of each year.
  help, --help                  This help.

Configuration comes from the same environment as the API: EVENT_STORE (sqlite or eventstoredb),
SQLITE_PATH (./data/timeline.db), EVENTSTORE_CONNECTION_STRING, READ_MODEL_PATH (./data/read-models.db).
The store opened is named on stderr. An unknown option or a bad value prints this usage and exits 2.
`;

type Command = (args: string[], context: CliContext) => Promise<number>;

/** Each command loaded when it runs: `import` need not load the Nest module that `replay` starts. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/import.command')).importCommand,
  export: async () => (await import('./commands/export.command')).exportCommand,
  verify: async () => (await import('./commands/verify.command')).verifyCommand,
  replay: async () => (await import('./commands/replay.command')).replayCommand,
  state: async () => (await import('./commands/state.command')).stateCommand,
  'import-us-missions': async () =>
    (await import('./commands/import-us-missions.command')).importUsMissionsCommand,
  'import-cow': async () => (await import('./commands/import-cow.command')).importCowCommand,
  'export-panel': async () => (await import('./commands/export-panel.command')).exportPanelCommand,
};

export async function runCli(args: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.out(HELP);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    context.err(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`${error.message}\n\n${HELP}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      context.err(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      context.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  const context: CliContext = {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
  runCli(process.argv.slice(2), context).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      // A person reads this: what failed, not where in our code (a store down, a file missing, …).
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
