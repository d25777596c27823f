import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/config';
import { CliContext, parseCommandArgs } from '../cli-context';
import { importDataSet } from '../import-data-set';
import {
  parseNameTable,
  parseTransitions,
  US_MISSIONS_ATTRIBUTION,
  usMissionsEvents,
} from '../us-missions/us-missions-events';
import { printSummary } from './import.command';

/**
 * `import-us-missions <transitions.csv> [--names <table.csv>]`: the US missions data set as
 * RepresentationChanged events (sender US), idempotent, names mapped through the documented table.
 */
export async function importUsMissionsCommand(args: string[], context: CliContext): Promise<number> {
  const {
    values,
    positionals: [path],
  } = parseCommandArgs(
    'import-us-missions',
    args,
    { names: { type: 'string' } },
    {
      min: 1,
      max: 1,
      missing: 'needs the file, e.g. import-us-missions datasets/us-missions/transitions.csv',
    },
  );
  const namesPath =
    values.names ?? join(projectRoot(), 'datasets', 'us-missions', 'state-department-names.csv');
  const { events, skipped } = usMissionsEvents(
    parseTransitions(readFileSync(path, 'utf8')),
    parseNameTable(readFileSync(namesPath, 'utf8')),
  );
  const summary = await importDataSet(
    context,
    { citation: US_MISSIONS_ATTRIBUTION, recordedBy: 'cli:import-us-missions' },
    events,
  );
  printSummary(summary, context);
  context.out(`${skipped.length} rows skipped:\n`);
  for (const s of skipped) context.out(`  line ${s.line} (${s.name}): ${s.reason}\n`);
  return summary.refused.length > 0 ? 1 : 0;
}
