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
  context.out(`digest: ${JSON.stringify(check.digest)}\nOK\n`);
  return 0;
}
