import { join } from 'node:path';
import {
  checkBuild,
  DistMissingError,
  serviceOptions,
  captureReference,
  startReadModelServer,
  withBuildSnapshot,
  type ServiceFiles,
} from './servers/servers-under-test';
import { getHealth, startChildServer, type ChildServer } from './support/child-server';
import { isQuick } from './support/cli-args';
import { freeLoopbackPort } from './support/free-port';
import { buildStore, checkAgainstParser, planPairs, type LargeStorePlan } from './support/large-store';
import { rawScan } from './support/raw-scan';
import { profileProjection, profileUnderLoad } from './support/read-path-profiles';
import { rawReadModelWrite } from './support/read-model-write-floor';
import type { LoadShape, ProjectionFigures, ReadPathResults } from './read-path-results';
import { megabytes } from './report/goals';
import { formatCount, median } from './support/stats';
import { renderText } from './support/table';
import { withTempDir } from './support/temp-dir';
import { projectFromZero, completeProjection, replay, replayProgress } from './support/projection-steps';
import { statePaths, knownAtPaths, Captured, loadInTurns, rssSampler } from './support/query-load';
import { READ_PATH_SEED, KNOWN_AT_STORE, knownAtLoad, knownAtShape } from './known-at.bench';
import {
  readProfileTable,
  readQueryTable,
  readServiceTable,
  readThroughputTable,
} from './report/read-path-tables';

const SEED = READ_PATH_SEED;

export interface ReadBenchConfig {
  /** The store of the state queries, the projector, start-up and the replay. */
  store: LargeStorePlan;
  /** One pair (AZ-CN) of 1 000 events among a few small ones: the knownAt fold. */
  knownAtStore: LargeStorePlan;
  /** Projected once more under --cpu-prof (the same events per relationship as `store`, fewer of them). */
  profileStore: LargeStorePlan | 'same';
  /** How long the service may take to project `store` from position 0 before the bench stops it. */
  projectionBudgetSeconds: number;
  /** How long the replay may run before the bench stops the service. */
  replayBudgetSeconds: number;
  /** Batch size with which the bench itself finishes a projection the service did not finish in time. */
  completionBatch: number;
  state: LoadShape;
  knownAt: LoadShape;
  profileSeconds: number;
}

function configFor(quick: boolean): ReadBenchConfig {
  const knownAtStore = KNOWN_AT_STORE;
  if (quick) {
    return {
      store: { events: 20_000, relationships: 500, heavyEvents: 0, seed: SEED },
      knownAtStore,
      profileStore: { events: 5000, relationships: 125, heavyEvents: 0, seed: SEED + 2 },
      projectionBudgetSeconds: 120,
      replayBudgetSeconds: 120,
      completionBatch: 250_000,
      state: { connections: 50, warmUpSeconds: 0.5, sliceSeconds: 1, slices: 2 },
      knownAt: knownAtShape(true),
      profileSeconds: 1,
    };
  }
  return {
    store: { events: 1_000_000, relationships: 10_000, heavyEvents: 0, seed: SEED },
    knownAtStore,
    profileStore: { events: 100_000, relationships: 1000, heavyEvents: 0, seed: SEED + 2 },
    projectionBudgetSeconds: 240,
    replayBudgetSeconds: 180,
    completionBatch: 250_000,
    state: { connections: 50, warmUpSeconds: 2, sliceSeconds: 5, slices: 4 },
    knownAt: knownAtShape(false),
    profileSeconds: 5,
  };
}

export async function runReadPathBench(quick: boolean, print = console.error): Promise<ReadPathResults> {
  const began = performance.now();
  const log = (line: string): void =>
    print(`${line}  [${((performance.now() - began) / 1000).toFixed(0)} s]`);
  const buildWarning = checkBuild();
  if (buildWarning) log(`read-path: warning: ${buildWarning}`);
  const config = configFor(quick);
  const plan = config.store;
  log(
    `read-path: ${formatCount(plan.events)} events over ${formatCount(plan.relationships)} relationships` +
      `${quick ? ' (quick)' : ''}`,
  );
  checkAgainstParser(plan, 600);
  checkAgainstParser(config.knownAtStore, 600);
  return withTempDir('bench-read', async (dir) => {
    const servers: ChildServer[] = [];
    try {
      log('  building the store');
      const built = await buildStore(join(dir, 'timeline.db'), plan);
      log(
        `    ${formatCount(built.events)} events, ${megabytes(built.bytes)}, ${built.seconds.toFixed(1)} s`,
      );
      const files: ServiceFiles = { sqlitePath: built.path, readModelPath: join(dir, 'read-models.db') };
      const rawScans = [rawScan(built.path)];

      log(`  projector: the service from position 0 (at most ${config.projectionBudgetSeconds} s)`);
      const watched = await projectFromZero(files, built.events, config.projectionBudgetSeconds, log);
      let completion: ProjectionFigures['completion'];
      if (!watched.finished) {
        log(`    stopped at ${formatCount(watched.projected)}; the bench finishes the projection itself`);
        completion = await completeProjection(files, config.completionBatch);
      }
      const projection: ProjectionFigures = { ...watched, completion };
      rawScans.push(rawScan(built.path));
      log("  writing the projected read models' rows alone (raw better-sqlite3): the floor of any projector");
      const writeFloor = await rawReadModelWrite(
        files.readModelPath,
        files.sqlitePath,
        join(dir, 'write-floor.db'),
        built.events,
      );
      log('  the same floor without the full-text index: what the words cost it');
      const writeFloorWithoutWords = await rawReadModelWrite(
        files.readModelPath,
        files.sqlitePath,
        join(dir, 'write-floor.db'),
        built.events,
        { words: false },
      );

      log('  start to healthy on the projected store; state queries');
      const ours = await startChildServer({
        ...serviceOptions(await freeLoopbackPort(), files),
        pollMs: 20,
        startTimeoutMs: 120_000,
      });
      servers.push(ours);
      const startToHealthySeconds = [(ours.healthyAt - ours.spawnedAt) / 1000];
      const health = await getHealth(ours.url, 5000);
      const lag = health
        ? (JSON.parse(health.body) as { projection: { lag: string } }).projection.lag
        : 'none';
      if (lag !== '0') throw new Error(`the restarted service reports projection lag ${lag}, not 0`);
      const pairs = planPairs(plan);
      const { server: stateRef, captured: stateCaptured } = await captureReference(
        ours,
        statePaths(pairs, SEED + 10),
        join(dir, 'state-responses.json'),
      );
      servers.push(stateRef);
      const rss: number[] = [];
      const stateLoad = await loadInTurns(
        { ours, reference: stateRef },
        { ours: 'diplomatic-timeline (dist/)', reference: 'node:http, captured JSON (ceiling)' },
        config.state,
        statePaths(pairs, SEED + 11),
        rssSampler(ours, rss),
      );
      // The floor of any answer of ours: the same shell (Fastify, Nest, guard, security headers) on /health.
      const shellLoad = await loadInTurns(
        { ours, reference: stateRef },
        { ours: 'diplomatic-timeline (dist/), /health', reference: 'node:http, /health' },
        config.state,
        () => '/health',
      );
      // The other floor: the same read-model code answering on raw node:http, without the shell.
      const readServer = await startReadModelServer(await freeLoopbackPort(), files.readModelPath);
      servers.push(readServer);
      const noShellLoad = await loadInTurns(
        { ours: readServer, reference: stateRef },
        { ours: 'node:http + the read-model code', reference: 'node:http, captured JSON (ceiling)' },
        config.state,
        statePaths(pairs, SEED + 13),
      );
      await Promise.all([ours.stop(), stateRef.stop(), readServer.stop()]);

      log('  knownAt: one pair of 1 000 events');
      const { small, files: smallFiles, figures: knownAt } = await knownAtLoad(dir, config.knownAt, servers);

      log('  profiles of the two queries');
      const knownAtProfiled = await profileUnderLoad(
        dir,
        'known-at',
        smallFiles,
        config.knownAt.connections,
        config.profileSeconds,
        knownAtPaths(small.heavyRecordedAt, SEED + 22),
      );
      await knownAtProfiled.server.stop();
      const stateProfiled = await profileUnderLoad(
        dir,
        'state',
        files,
        config.state.connections,
        config.profileSeconds,
        statePaths(pairs, SEED + 12),
      );
      servers.push(stateProfiled.server);
      startToHealthySeconds.push((stateProfiled.server.healthyAt - stateProfiled.server.spawnedAt) / 1000);

      log(`  replay (at most ${config.replayBudgetSeconds} s)`);
      let replayed = await replay(stateProfiled.server, config.replayBudgetSeconds);
      if (!replayed.answered) {
        const progress = replayProgress(files.readModelPath);
        replayed = { ...replayed, events: progress, eventsPerSec: progress / config.replayBudgetSeconds };
      }
      await stateProfiled.server.stop();
      rawScans.push(rawScan(built.path));

      log('  projection once more, under --cpu-prof');
      const profileStore =
        config.profileStore === 'same'
          ? built
          : await buildStore(join(dir, 'profile-store.db'), config.profileStore);
      const projectionProfile = await profileProjection(dir, profileStore);

      const rawScanPerSec = median(rawScans.map((s) => s.eventsPerSec));
      const bytes = (list: Captured[]) => median(list.map((c) => Buffer.byteLength(c.body)));
      return {
        bench: 'read-path',
        quick,
        store: {
          plan,
          path: built.path,
          events: built.events,
          relationships: built.relationships,
          bytes: built.bytes,
          seconds: built.seconds,
        },
        rawScans,
        rawScanPerSec,
        projection,
        projectionRatio: projection.eventsPerSec / rawScanPerSec,
        writeFloor,
        writeFloorWithoutWords,
        startToHealthySeconds,
        state: {
          connections: config.state.connections,
          sliceSeconds: config.state.sliceSeconds,
          slices: config.state.slices,
          responseBytes: bytes(stateCaptured),
          ...stateLoad,
          ratio: stateLoad.ours.requestsPerSec / stateLoad.reference.requestsPerSec,
          rssMedianBytes: median(rss),
          rssMaxBytes: Math.max(...rss),
          shell: {
            ...shellLoad,
            ratio: shellLoad.ours.requestsPerSec / shellLoad.reference.requestsPerSec,
          },
          noShell: {
            ...noShellLoad,
            ratio: noShellLoad.ours.requestsPerSec / noShellLoad.reference.requestsPerSec,
          },
        },
        knownAt,
        replay: replayed,
        replayRatio: replayed.eventsPerSec / rawScanPerSec,
        profiles: {
          state: stateProfiled.profile,
          knownAt: knownAtProfiled.profile,
          projection: projectionProfile,
        },
        buildWarning,
      };
    } finally {
      await Promise.allSettled(servers.map((server) => server.stop()));
    }
  });
}

if (require.main === module) {
  withBuildSnapshot(() => runReadPathBench(isQuick()))
    .then((results) => {
      for (const table of [
        readThroughputTable(results),
        readQueryTable(results),
        readServiceTable(results),
      ]) {
        console.log(`${renderText(table)}\n`);
      }
      console.log(renderText(readProfileTable(results.profiles.projection, 'projecting')));
    })
    .catch((error: unknown) => {
      console.error(error instanceof DistMissingError ? error.message : error);
      process.exitCode = 1;
    });
}
