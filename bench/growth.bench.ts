import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { buildByStream, ProjectionWriter, ReadModelFile } from '@app/timeline';
import {
  checkBuild,
  DistMissingError,
  serviceOptions,
  withBuildSnapshot,
} from './servers/servers-under-test';
import { startChildServer } from './support/child-server';
import { isQuick } from './support/cli-args';
import { freeLoopbackPort } from './support/free-port';
import { getLoad } from './support/http-load';
import { prng } from './support/large-store';
import { fileBytes } from './support/projection-steps';
import { runCli } from './support/run-cli';
import { formatCount, formatMs, formatRatio, median } from './support/stats';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';

/**
 * One relationship (FR–DE) with N facts recorded in date order, a third each AgreementSigned (in force
 * on signature), PositionStated (each on a topic of its own) and StatementIssued: its answer grows with
 * its history. Imported with the CLI; projected from position 0 in this process with the service's own
 * code (buildByStream and the projection writer, as the service does on empty read models), three times;
 * then the service started on the read models and `?at=` asked on random days of the span, from one
 * connection. What grows with N: the read models' bytes per fact, the projection's time per fact, and the
 * query's p99 beside the answer's own JSON.parse + JSON.stringify time (measured in this process on the
 * answers captured for the same days).
 */
export interface GrowthPoint {
  facts: number;
  logBytes: number;
  readModelBytes: number;
  /** The projection from position 0 to the head, in process with the service's code: the median of 3. */
  projectionSeconds: number;
  /** Seconds from the service's spawn to its first /health answer on the projected read models. */
  startSeconds: number;
  query: { requests: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  /** JSON.parse + JSON.stringify of the captured answers: the median answer's time and the 99th percentile. */
  reference: { p50Ms: number; p99Ms: number; largestAnswerBytes: number };
}

export interface GrowthResults {
  bench: 'growth';
  quick: boolean;
  points: GrowthPoint[];
}

const PAIR = ['DE', 'FR'] as const;
const FIRST_DAY = Date.UTC(1950, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
const DAY_MS = 86_400_000;
const uuid = (n: number) => `6a000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The N facts, in date order, as lines of `cli import` (the API's JSON form with an eventId). */
export function growthLines(facts: number): string[] {
  const lines: string[] = [];
  const step = (LAST_DAY - FIRST_DAY) / facts;
  for (let i = 0; i < facts; i++) {
    const occurredOn = isoDay(FIRST_DAY + Math.floor((i * step) / DAY_MS) * DAY_MS);
    const base = { eventId: uuid(i + 1), actors: PAIR, occurredOn, sources: [{ publisher: 'bench' }] };
    const kind = i % 3;
    const body =
      kind === 0
        ? {
            ...base,
            type: 'AgreementSigned',
            data: {
              agreementId: `agreement-${i}`,
              title: `Agreement ${i}`,
              kind: 'agreement',
              inForceOnSignature: true,
            },
          }
        : kind === 1
          ? { ...base, type: 'PositionStated', data: { by: 'FR', topic: `topic ${i}`, stance: 'supports' } }
          : {
              ...base,
              type: 'StatementIssued',
              data: { by: 'DE', summary: `Statement ${i} on the relationship.` },
            };
    lines.push(JSON.stringify(body));
  }
  return lines;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Projects the store from position 0 into a fresh read-model file, as the service does on start. */
async function project(sqlitePath: string, readModelPath: string): Promise<number> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(readModelPath + suffix, { force: true });
  const store = SqliteEventStore.open({ path: sqlitePath, synchronous: 'NORMAL' });
  const file = ReadModelFile.open(readModelPath);
  try {
    const started = performance.now();
    const built = await buildByStream(store, file, new ProjectionWriter(file), {
      limit: 2000,
      shouldStop: () => false,
    });
    if (!built) throw new Error('nothing was built');
    return (performance.now() - started) / 1000;
  } finally {
    file.close();
    await store.close();
  }
}

async function measurePoint(dir: string, facts: number, querySeconds: number) {
  const sqlitePath = join(dir, `growth-${facts}.db`);
  const file = join(dir, `growth-${facts}.ndjson`);
  writeFileSync(file, `${growthLines(facts).join('\n')}\n`);
  const imported = await runCli(['import', file], sqlitePath);
  if (imported.code !== 0) throw new Error(`cli import: ${imported.stderr.slice(-2000)}`);
  const files = { sqlitePath, readModelPath: join(dir, `growth-${facts}-read-models.db`) };
  const projections: number[] = [];
  for (let i = 0; i < 3; i++) projections.push(await project(sqlitePath, files.readModelPath));
  const projectionSeconds = median(projections);
  const server = await startChildServer({ ...serviceOptions(await freeLoopbackPort(), files), pollMs: 10 });
  let point: GrowthPoint;
  try {
    const startSeconds = (server.healthyAt - server.spawnedAt) / 1000;
    const random = prng(facts);
    const path = () =>
      `/v1/relationships/FR/DE?at=${isoDay(FIRST_DAY + Math.floor(random() * ((LAST_DAY - FIRST_DAY) / DAY_MS + 366)) * DAY_MS)}`;
    // The reference: the captured answers' own JSON.parse + JSON.stringify, each the median of 5 runs.
    const times: number[] = [];
    let largestAnswerBytes = 0;
    for (let i = 0; i < 100; i++) {
      const body = await (await fetch(`${server.url}${path()}`)).text();
      largestAnswerBytes = Math.max(largestAnswerBytes, Buffer.byteLength(body));
      const runs: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t = performance.now();
        JSON.stringify(JSON.parse(body));
        runs.push(performance.now() - t);
      }
      times.push(median(runs));
    }
    await getLoad({ url: server.url, connections: 1, seconds: 1, path }); // warm-up
    const load = await getLoad({ url: server.url, connections: 1, seconds: querySeconds, path });
    point = {
      facts,
      logBytes: 0,
      readModelBytes: 0,
      projectionSeconds,
      startSeconds,
      query: {
        requests: load.responses2xx,
        p50Ms: load.p50Ms,
        p99Ms: load.p99Ms,
        non2xx: load.non2xx,
        errors: load.errors,
      },
      reference: { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99), largestAnswerBytes },
    };
  } finally {
    await server.stop();
  }
  // Sizes once the service has closed its files (their WAL checkpointed into them).
  return { ...point, logBytes: fileBytes(sqlitePath), readModelBytes: fileBytes(files.readModelPath) };
}

export async function runGrowthBench(quick: boolean, log = console.error): Promise<GrowthResults> {
  const sizes = quick ? [250, 1000] : [1000, 4000, 16_000];
  return withTempDir('bench-growth', async (dir) => {
    const points: GrowthPoint[] = [];
    for (const facts of sizes) {
      log(`growth: one relationship of ${formatCount(facts)} facts`);
      points.push(await measurePoint(dir, facts, quick ? 2 : 5));
    }
    return { bench: 'growth', quick, points };
  });
}

export function growthTable(results: GrowthResults): Table {
  const first = results.points[0];
  return {
    title:
      'One relationship, N facts in date order (a third each AgreementSigned, PositionStated, StatementIssued)',
    head: [
      'N facts',
      'event log',
      'read models',
      'read models ÷ log',
      'bytes/fact (÷ smallest N)',
      'projection',
      'µs/fact (÷ smallest N)',
      '?at= p99 (1 conn.)',
      'parse+stringify p99',
      'p99 ÷ parse+stringify',
    ],
    rows: results.points.map((p) => {
      const bytesPerFact = p.readModelBytes / p.facts;
      const microsPerFact = (p.projectionSeconds * 1e6) / p.facts;
      return [
        formatCount(p.facts),
        `${(p.logBytes / 1e6).toFixed(1)} MB`,
        `${(p.readModelBytes / 1e6).toFixed(1)} MB`,
        formatRatio(p.readModelBytes / p.logBytes),
        `${formatCount(bytesPerFact)} (${formatRatio(bytesPerFact / (first.readModelBytes / first.facts))})`,
        `${p.projectionSeconds.toFixed(2)} s`,
        `${formatCount(microsPerFact)} (${formatRatio(microsPerFact / ((first.projectionSeconds * 1e6) / first.facts))})`,
        formatMs(p.query.p99Ms),
        formatMs(p.reference.p99Ms),
        formatRatio(p.query.p99Ms / p.reference.p99Ms),
      ];
    }),
  };
}

if (require.main === module) {
  withBuildSnapshot(async () => {
    checkBuild();
    const results = await runGrowthBench(isQuick());
    console.log(renderText(growthTable(results)));
    console.log(JSON.stringify(results, null, 2));
  }).catch((error: unknown) => {
    console.error(error instanceof DistMissingError ? error.message : error);
    process.exitCode = 1;
  });
}
