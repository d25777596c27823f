import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { buildByStream, ProjectionWriter, ReadModelFile } from '@app/timeline';
import { buildStore } from './support/large-store';
import { fileBytes } from './support/projection-steps';
import { rawScan } from './support/raw-scan';
import { formatCount, formatRatio } from './support/stats';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';

/**
 * The read side at two scales (not in CI: the larger store takes several gigabytes and a quarter of an
 * hour): stores of `--events` (comma-separated; default 1 000 000 and 10 000 000) events generated as the
 * read-path bench does, 100 events per relationship up to 30 000 relationships; each projected from position 0 into a fresh
 * read-model file in this process with the service's own code (buildByStream and the projection writer,
 * as the service does on empty read models). Per scale: the projector's rate beside a raw scan of the
 * same log, and the read models' bytes per event beside the log's.
 */
export interface ScalePoint {
  events: number;
  relationships: number;
  logBytes: number;
  readModelBytes: number;
  projectionSeconds: number;
  eventsPerSec: number;
  rawScanPerSec: number;
}

const SEED = 20_261_128;

async function measure(dir: string, events: number, log: (line: string) => void): Promise<ScalePoint> {
  // 100 events per relationship, up to 30 000 relationships (the generator draws pairs of ISO codes: 31 125).
  const plan = { events, relationships: Math.min(events / 100, 30_000), heavyEvents: 0, seed: SEED };
  log(`scale: building a store of ${formatCount(events)} events`);
  const built = await buildStore(join(dir, `store-${events}.db`), plan);
  const scanBefore = rawScan(built.path).eventsPerSec;
  log(`scale: projecting ${formatCount(events)} events from position 0`);
  const readModelPath = join(dir, `read-models-${events}.db`);
  const store = SqliteEventStore.open({ path: built.path, synchronous: 'NORMAL' });
  const file = ReadModelFile.open(readModelPath);
  let seconds: number;
  try {
    const started = performance.now();
    await buildByStream(store, file, new ProjectionWriter(file), { limit: 2000, shouldStop: () => false });
    seconds = (performance.now() - started) / 1000;
  } finally {
    file.close();
    await store.close();
  }
  const scanAfter = rawScan(built.path).eventsPerSec;
  return {
    events,
    relationships: plan.relationships,
    logBytes: fileBytes(built.path),
    readModelBytes: fileBytes(readModelPath),
    projectionSeconds: seconds,
    eventsPerSec: events / seconds,
    rawScanPerSec: (scanBefore + scanAfter) / 2,
  };
}

export function scaleTable(points: ScalePoint[]): Table {
  const first = points[0];
  const perEvent = (p: ScalePoint) => p.readModelBytes / p.events;
  return {
    title: 'The read side at scale: projection from position 0 (in process) and read-model size',
    head: [
      'events',
      'ev/s',
      'raw scan ev/s',
      'ours ÷ scan',
      `ev/s ÷ ${formatCount(first.events)}`,
      'log bytes/ev',
      'read-model bytes/ev',
      'read models ÷ log',
      `bytes/ev ÷ ${formatCount(first.events)}`,
    ],
    rows: points.map((p) => [
      formatCount(p.events),
      formatCount(p.eventsPerSec),
      formatCount(p.rawScanPerSec),
      formatRatio(p.eventsPerSec / p.rawScanPerSec),
      formatRatio(p.eventsPerSec / first.eventsPerSec),
      formatCount(p.logBytes / p.events),
      formatCount(perEvent(p)),
      formatRatio(p.readModelBytes / p.logBytes),
      formatRatio(perEvent(p) / perEvent(first)),
    ]),
  };
}

if (require.main === module) {
  const arg = process.argv.find((a) => a.startsWith('--events='));
  const sizes = (arg ? arg.slice('--events='.length) : '1000000,10000000').split(',').map(Number);
  withTempDir('bench-scale', async (dir) => {
    const points: ScalePoint[] = [];
    for (const events of sizes) points.push(await measure(dir, events, console.error));
    console.log(renderText(scaleTable(points)));
    console.log(JSON.stringify(points, null, 2));
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
