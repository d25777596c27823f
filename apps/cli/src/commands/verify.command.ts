import { CliContext, parseCommandArgs } from '../cli-context';
import { checkExportFile } from '../export-file';

/** `verify <export.ndjson>`: checks the hash chains of an export offline, and prints its digest. */
export async function verifyCommand(args: string[], context: CliContext): Promise<number> {
  const {
    positionals: [path],
  } = parseCommandArgs(
    'verify',
    args,
    {},
    { min: 1, max: 1, missing: 'needs an export file: verify <export.ndjson>' },
  );
  const check = await checkExportFile(path);
  if (!check.ok) {
    context.out(`line ${check.line}: ${check.problem}\nBROKEN\n`);
    return 1;
  }
  context.out(`${check.events} events in ${check.streams} streams: every chain holds\n`);
  context.out(`digest: ${JSON.stringify(check.digest)}\n`);
  if (!check.schemas.ok) {
    for (const e of check.schemas.invalid) {
      const errors = e.errors.map((f) => `${f.field} ${f.rule}: ${f.message}`).join('; ');
      context.out(
        `event ${e.eventId} (${e.stream} revision ${e.revision}, ${e.type}) fails its schema: ${errors}\n`,
      );
    }
    context.out(
      `${check.schemas.invalidCount} events fail their schema: ${check.schemas.remedy}\nOUT OF SCHEMA\n`,
    );
    return 1;
  }
  context.out('OK\n');
  return 0;
}
