import { readFileSync } from 'node:fs';
import { CliContext, CliError, parseCommandArgs } from '../cli-context';
import {
  COW_DIPLOMATIC_EXCHANGE_CITATION,
  cowEvents,
  NotTheDataSetError,
  parseDiplomaticExchange,
} from '../cow/diplomatic-exchange';
import { importDataSet } from '../import-data-set';

/**
 * `import-cow <Diplomatic_Exchange_2006v1.csv>`: the COW Diplomatic Exchange data set, as users download it,
 * as RepresentationChanged events through the import path (docs/data-sets.md). Idempotent by eventId.
 */
export async function importCowCommand(args: string[], context: CliContext): Promise<number> {
  const {
    positionals: [path],
  } = parseCommandArgs(
    'import-cow',
    args,
    {},
    { min: 1, max: 1, missing: 'needs the file, e.g. import-cow Diplomatic_Exchange_2006v1.csv' },
  );
  let parsed;
  try {
    parsed = parseDiplomaticExchange(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof NotTheDataSetError) throw new CliError(`import-cow: ${path}: ${error.message}`);
    throw error;
  }
  const { events, skipped } = cowEvents(parsed.rows);
  const summary = await importDataSet(
    context,
    { citation: COW_DIPLOMATIC_EXCHANGE_CITATION, recordedBy: 'cli:import-cow' },
    events,
  );
  const allSkipped = [...parsed.skipped, ...skipped];
  context.out(
    `${parsed.rows.length + parsed.skipped.length} rows: ${events.length} changes of a directed level; ` +
      `${summary.accepted} stored, ${summary.alreadyPresent} already present, ${summary.refused.length} refused; ` +
      `${allSkipped.length} skipped\n`,
  );
  for (const r of summary.refused) {
    context.out(`  refused ${r.eventId ?? `event ${r.line}`}: ${r.reason}\n`);
  }
  for (const s of allSkipped) context.out(`  skipped${s.line ? ` line ${s.line}` : ''}: ${s.reason}\n`);
  return summary.refused.length > 0 ? 1 : 0;
}
