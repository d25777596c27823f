/**
 * The command-line tool: the same libraries as the API, without HTTP. Only `--help` exists yet;
 * import, export, replay, verify and state come with the audit work (issue "Audit: …").
 */
const HELP = `diplomatic-timeline command-line tool

Usage: npm run cli -- <command> [options]

Commands:
  --help, help     Show this help.

Planned (not available yet): import <file.ndjson>, export, verify <export.ndjson>, replay,
state <a> <b> [--at YYYY-MM-DD] [--known-at <instant>].

Configuration comes from the same environment as the API (SQLITE_PATH, READ_MODEL_PATH, …).
`;

export function runCli(args: string[], out: (text: string) => void): number {
  const [command] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return 0;
  }
  out(`unknown command "${command}"\n\n${HELP}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), (text) => process.stdout.write(text));
}
