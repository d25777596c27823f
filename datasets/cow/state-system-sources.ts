import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { iso31663 } from 'iso-3166';
import { actorName } from '../../libs/domain/src/actors';
import { buildStateSystem } from '../../libs/domain/src/states/build-state-system';
import type { StateSystem } from '../../libs/domain/src/states/state-system';

/**
 * Reads the source files of the state list (datasets/cow) and builds it. For the regeneration script
 * and the test that compares it with the committed JSON only: the service reads the JSON.
 */
export const STATE_SYSTEM_JSON = 'libs/domain/src/states/state-system.v2016.json';

export function readStateSystemSources(root = join(__dirname, '..', '..')): StateSystem {
  const csv = (name: string) =>
    parse(readFileSync(join(root, 'datasets', 'cow', name), 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
  return buildStateSystem(
    {
      states: csv('states2016.csv'),
      mapping: csv('cow-to-iso3166.csv'),
      unmapped: csv('cow-unmapped.csv'),
      formerCodes: iso31663,
    },
    actorName,
  );
}
