import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import { catchUp, ReadModelFile } from '@app/timeline';
import { ADMIN_TOKEN, serviceOptions, type ServiceFiles } from '../servers/servers-under-test';
import { getHealth, spawnChild, type ChildServer } from './child-server';
import { freeLoopbackPort } from './free-port';
import { formatCount } from './stats';
import type { ProjectionFigures, ReplayFigures } from '../read-path-results';

/** Steps of the read-path benchmark that watch the service project and replay a large store. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a read-model file from another connection: its checkpoint, and how many events it holds (a build
 * stream by stream sets the checkpoint only at its end).
 */
export function checkpointReader(path: string): {
  read(): number;
  built(): number;
  close(): void;
} {
  let db: Database.Database | undefined;
  const open = (): Database.Database | undefined => {
    if (!db && existsSync(path)) db = new Database(path, { readonly: true, fileMustExist: true });
    return db;
  };
  return {
    read() {
      try {
        const row = open()
          ?.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'checkpoint'")
          .get();
        return row ? Number(row.value) : 0;
      } catch {
        return 0; // not created yet, or mid-creation
      }
    },
    built() {
      try {
        // A relationship's head revision counts its events (one row per relationship: a cheap scan).
        const row = open()
          ?.prepare<[], { n: number | null }>('SELECT sum(revision + 1) AS n FROM relationships')
          .get();
        return row?.n ?? 0;
      } catch {
        return 0;
      }
    },
    close: () => db?.close(),
  };
}

export function fileBytes(path: string): number {
  return ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0),
    0,
  );
}

/**
 * The service started on the store with empty read models, watched until it has projected the whole
 * log, or the budget is spent: its checkpoint is read from the read-model file every 250 ms (the events it
 * holds are counted every 10 s and at the end), /health is probed meanwhile.
 */
export async function projectFromZero(
  files: ServiceFiles,
  events: number,
  budgetSeconds: number,
  log: (line: string) => void,
): Promise<Omit<ProjectionFigures, 'completion'>> {
  const child = spawnChild(serviceOptions(await freeLoopbackPort(), files));
  const checkpoint = checkpointReader(files.readModelPath);
  let final: { seconds: number; projected: number } | undefined;
  let headSeconds: number | undefined;
  let firstHealthSeconds: number | undefined;
  let peakRssBytes: number | undefined;
  let watching = true;
  const probe = (async () => {
    for (let i = 0; watching && i < budgetSeconds * 5 + 50; i++) {
      const answer = await getHealth(child.url, 250);
      if (answer && firstHealthSeconds === undefined) {
        firstHealthSeconds = (performance.now() - child.spawnedAt) / 1000;
      }
      await sleep(200);
    }
  })();
  try {
    const deadline = child.spawnedAt + budgetSeconds * 1000;
    for (let i = 0; i < budgetSeconds * 4 + 40; i++) {
      if (child.exited())
        throw new Error(`the service exited while projecting:\n${child.output().slice(-2000)}`);
      const atHead = checkpoint.read() >= events;
      const now = performance.now();
      const last = atHead || now > deadline;
      // Counting the events built is a scan of a table the service is writing: only for the progress line
      // every 10 s and the last sample, lest the watcher slow down what it watches.
      const count = (): number => (atHead ? events : Math.max(checkpoint.read(), checkpoint.built()));
      if (atHead) headSeconds ??= (now - child.spawnedAt) / 1000;
      peakRssBytes = child.memory()?.peakRssBytes ?? peakRssBytes;
      if (last) {
        final = { seconds: (now - child.spawnedAt) / 1000, projected: count() };
        break;
      }
      if (i % 40 === 0) log(`    projected ${formatCount(count())} of ${formatCount(events)}`);
      await sleep(250);
    }
  } finally {
    watching = false;
    await probe;
    checkpoint.close();
    await child.stop();
  }
  const last = final;
  if (!last) throw new Error('the projection was never sampled at its end');
  return {
    events,
    finished: last.projected >= events,
    headSeconds,
    budgetSeconds,
    projected: last.projected,
    seconds: last.seconds,
    eventsPerSec: last.projected / last.seconds,
    firstHealthSeconds,
    peakRssBytes,
    readModelBytes: fileBytes(files.readModelPath),
  };
}

/**
 * Finishes a projection the service left, in this process with the same library: its build stream by
 * stream and then in log order (catchUp, as the replay does), in large batches.
 */
export async function completeProjection(
  files: ServiceFiles,
  batch: number,
): Promise<NonNullable<ProjectionFigures['completion']>> {
  const started = performance.now();
  const readModels = ReadModelFile.open(files.readModelPath);
  const store = SqliteEventStore.open({ path: files.sqlitePath, synchronous: 'NORMAL' });
  let events: number;
  try {
    events = await catchUp(store, readModels, { batch });
  } finally {
    readModels.close();
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, batch, seconds, eventsPerSec: events / seconds };
}

/** Random pairs of the store (either order), random days 1940–2025. */
export async function replay(server: ChildServer, budgetSeconds: number): Promise<ReplayFigures> {
  const answer = new Promise<{ status: number; body: string } | undefined>((resolve) => {
    const req = request(
      `${server.url}/v1/audit/replay`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        timeout: budgetSeconds * 1000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end('{}');
  });
  // A read 1 s into the replay: how long does the service take to answer it?
  const settled = await Promise.race([answer.then(() => true), sleep(1000).then(() => false)]);
  let healthDuringReplayMs: number | undefined;
  if (!settled) {
    const sent = performance.now();
    const health = await getHealth(server.url, budgetSeconds * 1000);
    if (health) healthDuringReplayMs = performance.now() - sent;
  }
  const res = await answer;
  if (res && res.status !== 200)
    throw new Error(`POST /v1/audit/replay: ${res.status} ${res.body.slice(0, 500)}`);
  if (!res) {
    return {
      answered: false,
      budgetSeconds,
      events: 0,
      durationMs: budgetSeconds * 1000,
      eventsPerSec: 0,
      healthSent: !settled,
      healthDuringReplayMs,
    };
  }
  const report = JSON.parse(res.body) as { ok: boolean; events: number; durationMs: number };
  return {
    answered: true,
    budgetSeconds,
    ok: report.ok,
    events: report.events,
    durationMs: report.durationMs,
    eventsPerSec: report.events / (report.durationMs / 1000),
    healthSent: !settled,
    healthDuringReplayMs,
  };
}

/** How far a replay that did not answer in time got: the events in the shadow read models. */
export function replayProgress(readModelPath: string): number {
  const reader = checkpointReader(`${readModelPath}.replay`);
  try {
    return Math.max(reader.read(), reader.built());
  } finally {
    reader.close();
  }
}

/**
 * The projection once more, on a store of the same shape, with `--cpu-prof` (V8's profiler from the
 * first line of the process; written when the service exits after SIGINT): where projecting goes.
 */
