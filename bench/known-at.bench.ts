import { join } from 'node:path';
import {
  checkBuild,
  serviceOptions,
  captureReference,
  type ServiceFiles,
} from './servers/servers-under-test';
import { startChildServer, type ChildServer } from './support/child-server';
import { freeLoopbackPort } from './support/free-port';
import { buildStore, checkAgainstParser, type BuiltStore, type LargeStorePlan } from './support/large-store';
import type { LoadShape, ReadPathResults } from './read-path-results';
import { median } from './support/stats';
import { withTempDir } from './support/temp-dir';
import { knownAtPaths, loadInTurns, rssSampler } from './support/query-load';
import { ReadModelFile, StateReader } from '@app/timeline';

/** The read-path bench's seed: its knownAt store and paths, drawn from it, are the same run alone. */
export const READ_PATH_SEED = 20_261_128;

/** One pair (AZ-CN) of 1 000 events among a few small ones: the knownAt fold. */
export const KNOWN_AT_STORE: LargeStorePlan = {
  events: 2000,
  relationships: 11,
  heavyEvents: 1000,
  seed: READ_PATH_SEED + 1,
};

export const knownAtShape = (quick: boolean): LoadShape =>
  quick
    ? { connections: 4, warmUpSeconds: 0.5, sliceSeconds: 1, slices: 2 }
    : { connections: 4, warmUpSeconds: 2, sliceSeconds: 5, slices: 3 };

/**
 * `GET /v1/relationships/AZ/CN?at=D&knownAt=K` (K among the pair's 901st–999th record times, D any day
 * 1940–2025) against node:http serving 64 of the service's own answers, in turns. Builds the store in
 * `dir`; returns it and its files for the profile that follows in the read-path bench.
 */
export async function knownAtLoad(
  dir: string,
  shape: LoadShape,
  servers: ChildServer[],
): Promise<{ small: BuiltStore; files: ServiceFiles; figures: ReadPathResults['knownAt'] }> {
  const small = await buildStore(join(dir, 'known-at.db'), KNOWN_AT_STORE);
  const files: ServiceFiles = { sqlitePath: small.path, readModelPath: join(dir, 'known-at-rm.db') };
  const ours = await startChildServer({
    ...serviceOptions(await freeLoopbackPort(), files),
    startTimeoutMs: 120_000,
  });
  servers.push(ours);
  const { server: reference, captured } = await captureReference(
    ours,
    knownAtPaths(small.heavyRecordedAt, READ_PATH_SEED + 20),
    join(dir, 'known-at-responses.json'),
  );
  servers.push(reference);
  const rss: number[] = [];
  const load = await loadInTurns(
    { ours, reference },
    { ours: 'diplomatic-timeline (dist/)', reference: 'node:http, captured JSON (ceiling)' },
    shape,
    knownAtPaths(small.heavyRecordedAt, READ_PATH_SEED + 21),
    rssSampler(ours, rss),
  );
  await Promise.all([ours.stop(), reference.stop()]);
  const figures = {
    connections: shape.connections,
    sliceSeconds: shape.sliceSeconds,
    slices: shape.slices,
    eventsInPair: small.heavyRecordedAt.length,
    foldedMin: Math.floor(small.heavyRecordedAt.length * 0.9) + 1,
    foldedMax: small.heavyRecordedAt.length - 1,
    responseBytes: median(captured.map((c) => Buffer.byteLength(c.body))),
    rssMaxBytes: Math.max(...rss),
    ...load,
    ratio: load.ours.requestsPerSec / load.reference.requestsPerSec,
  };
  return { small, files, figures };
}

/** The service's own reader in process, on the read models it projected: its part of a knownAt answer. */
export interface KnownAtInProcess {
  answers: number;
  microsPerAnswer: number;
}

/**
 * Times StateReader.stateJson on the load's paths (after as many to warm up), in this process, on the
 * read models the service left: the work of an answer without the HTTP shell and the socket.
 */
function inProcess(readModelPath: string, heavyRecordedAt: string[], answers: number): KnownAtInProcess {
  const file = ReadModelFile.open(readModelPath);
  try {
    const reader = new StateReader(file);
    const next = knownAtPaths(heavyRecordedAt, READ_PATH_SEED + 23);
    const queries = Array.from({ length: 2 * answers }, () => {
      const url = new URL(next(), 'http://localhost');
      return [url.searchParams.get('at')!, url.searchParams.get('knownAt')!] as const;
    });
    const row = reader.relationship('AZ-CN')!;
    const answer = ([at, knownAt]: readonly [string, string]) => {
      if (!reader.stateJson(row, at, knownAt, false))
        throw new Error(`no answer at ${at} as known at ${knownAt}`);
    };
    queries.slice(0, answers).forEach(answer);
    const started = performance.now();
    queries.slice(answers).forEach(answer);
    return { answers, microsPerAnswer: ((performance.now() - started) * 1000) / answers };
  } finally {
    file.close();
  }
}

/**
 * `npm run bench -- --only known-at`: the knownAt part of the read-path bench alone (its 1M store left
 * out), and the reader's part of an answer measured in process.
 */
export async function runKnownAtBench(
  quick: boolean,
  print = console.error,
): Promise<ReadPathResults['knownAt'] & { inProcess: KnownAtInProcess }> {
  const warning = checkBuild();
  if (warning) print(`known-at: warning: ${warning}`);
  checkAgainstParser(KNOWN_AT_STORE, 600);
  return withTempDir('bench-known-at', async (dir) => {
    const servers: ChildServer[] = [];
    try {
      const { small, files, figures } = await knownAtLoad(dir, knownAtShape(quick), servers);
      return {
        ...figures,
        inProcess: inProcess(files.readModelPath, small.heavyRecordedAt, quick ? 500 : 2000),
      };
    } finally {
      await Promise.allSettled(servers.map((server) => server.stop()));
    }
  });
}
