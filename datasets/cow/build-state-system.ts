/**
 * Regenerates libs/domain/src/states/state-system.v2016.json from the files of this folder:
 * `node -r @swc-node/register datasets/cow/build-state-system.ts`. A test (build-state-system.spec.ts)
 * fails when the committed JSON is not what these files give.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_SYSTEM_JSON, readStateSystemSources } from './state-system-sources';

writeFileSync(
  join(__dirname, '..', '..', STATE_SYSTEM_JSON),
  `${JSON.stringify(readStateSystemSources())}\n`,
);
