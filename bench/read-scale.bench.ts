import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReadModelFile } from '@app/timeline';
import { serviceOptions, type ServiceFiles } from './servers/servers-under-test';
import { startChildServer } from './support/child-server';
import { freeLoopbackPort } from './support/free-port';
import { buildStore, type LargeStorePlan } from './support/large-store';
import { projectFromZero, replay } from './support/projection-steps';
import { rawScan } from './support/raw-scan';
import { formatCount, formatRatio, median } from './support/stats';
import type { Table } from './support/table';
import { withTempDir } from './support/temp-dir';
import { megabytes, type Goal } from './report/goals';
import type { ProjectionFigures, ReplayFigures } from './read-path-results';

/**
 * The read path's three figures at scale, alone (`npm run bench -- --only read-scale`, after
 * `npm run build`): the read-path bench's store of 1 000 000 events over 10 000 relationships, projected by
 * the built service from position 0, its read models' bytes table by table (SQLite's dbstat), the digest
 * of the projected file timed in this process, and the replay (POST /v1/audit/replay) on the projected
 * store; each rate beside the raw scan of the same log (the median of three, before, between and after).
 */
export interface ReadScaleResults {
  events: number;
  logBytes: number;
  readModelBytes: number;
  tables: { name: string; bytes: number }[];
  rawScanPerSec: number;
  projection: Omit<ProjectionFigures, 'completion'>;
  projectionRatio: number;
  digestSeconds: number;
  replay: ReplayFigures;
  replayRatio: number;
}

const SEED = 20_261_128;

function planFor(quick: boolean): LargeStorePlan {
  return quick
    ? { events: 20_000, relationships: 500, heavyEvents: 0, seed: SEED }
    : { events: 1_000_000, relationships: 10_000, heavyEvents: 0, seed: SEED };
}

/** Bytes of each table and index of a SQLite file, largest first. */
function tableBytes(path: string): { name: string; bytes: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], { name: string; bytes: number }>(
        'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC',
      )
      .all();
  } finally {
    db.close();
  }
}

export async function runReadScaleBench(quick: boolean, print = console.error): Promise<ReadScaleResults> {
  const plan = planFor(quick);
  return withTempDir('bench-read-scale', async (dir) => {
    print(`read-scale: building a store of ${formatCount(plan.events)} events`);
    const built = await buildStore(join(dir, 'timeline.db'), plan);
    const files: ServiceFiles = { sqlitePath: built.path, readModelPath: join(dir, 'read-models.db') };
    const scans = [rawScan(built.path).eventsPerSec];
    print('read-scale: the service from position 0');
    const projection = await projectFromZero(files, built.events, 600, print);
    scans.push(rawScan(built.path).eventsPerSec);
    const tables = tableBytes(files.readModelPath);
    const file = ReadModelFile.open(files.readModelPath);
    const digestStarted = performance.now();
    await file.digest();
    const digestSeconds = (performance.now() - digestStarted) / 1000;
    file.close();
    print('read-scale: the replay');
    const server = await startChildServer({
      ...serviceOptions(await freeLoopbackPort(), files),
      startTimeoutMs: 120_000,
    });
    let replayed: ReplayFigures;
    try {
      replayed = await replay(server, 600);
    } finally {
      await server.stop();
    }
    scans.push(rawScan(built.path).eventsPerSec);
    const rawScanPerSec = median(scans);
    return {
      events: built.events,
      logBytes: built.bytes,
      readModelBytes: projection.readModelBytes,
      tables,
      rawScanPerSec,
      projection,
      projectionRatio: projection.eventsPerSec / rawScanPerSec,
      digestSeconds,
      replay: replayed,
      replayRatio: replayed.eventsPerSec / rawScanPerSec,
    };
  });
}

export function readScaleTable(r: ReadScaleResults): Table {
  return {
    title: `Read models at ${formatCount(r.events)} events: bytes by table and index (dbstat)`,
    head: ['table or index', 'bytes', 'bytes/event', '÷ log'],
    rows: [
      ...r.tables.map((t) => [
        t.name,
        megabytes(t.bytes),
        formatCount(t.bytes / r.events),
        formatRatio(t.bytes / r.logBytes),
      ]),
      [
        '(the read-model file)',
        megabytes(r.readModelBytes),
        formatCount(r.readModelBytes / r.events),
        formatRatio(r.readModelBytes / r.logBytes),
      ],
      ['(the event log)', megabytes(r.logBytes), formatCount(r.logBytes / r.events), '1.00×'],
    ],
  };
}

export function readScaleGoals(r: ReadScaleResults): Goal[] {
  return [
    {
      goal: 'read models ≤ 1.0× the event log',
      figure: formatRatio(r.readModelBytes / r.logBytes),
      met: r.readModelBytes <= r.logBytes,
      note: `${megabytes(r.readModelBytes)} against ${megabytes(r.logBytes)}`,
    },
    {
      goal: 'projector from 0 ≥ 0.25× the raw scan',
      figure: formatRatio(r.projectionRatio),
      met: r.projection.finished && r.projectionRatio >= 0.25,
      note: `${formatCount(r.projection.eventsPerSec)} against ${formatCount(r.rawScanPerSec)} ev/s`,
    },
    {
      goal: 'replay ≥ 0.25× the raw scan',
      figure: formatRatio(r.replayRatio),
      met: r.replay.ok === true && r.replayRatio >= 0.25,
      note:
        `${formatCount(r.replay.eventsPerSec)} ev/s, ok ${String(r.replay.ok)}; ` +
        `the digest of one projected file alone ${r.digestSeconds.toFixed(1)} s`,
    },
  ];
}
