import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { ReadModelDb } from '@app/timeline';
import {
  ADMIN_TOKEN,
  checkBuild,
  DistMissingError,
  serviceOptions,
  startCapturedJsonServer,
  withBuildSnapshot,
  type ServiceFiles,
} from './servers/servers-under-test';
import {
  getHealth,
  spawnChild,
  startChildServer,
  waitHealthy,
  type ChildServer,
  type StartOptions,
} from './support/child-server';
import { isQuick } from './support/cli-args';
import {
  hotFunctions,
  summariseProfile,
  writeProfileHook,
  type CpuProfile,
  type HotFunction,
  type ProfileShare,
} from './support/cpu-profile';
import { freeLoopbackPort } from './support/free-port';
import { getLoad, type LoadFigures } from './support/http-load';
import {
  buildStore,
  checkAgainstParser,
  HEAVY_PAIR,
  planPairs,
  prng,
  type BuiltStore,
  type LargeStorePlan,
} from './support/large-store';
import { rawScan, type ScanFigures } from './support/raw-scan';
import { megabytes } from './report/goals';
import { formatCount, formatMs, formatRatio, median } from './support/stats';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';

const SEED = 20_261_128;

interface ReadBenchConfig {
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

interface LoadShape {
  connections: number;
  warmUpSeconds: number;
  sliceSeconds: number;
  slices: number;
}

function configFor(quick: boolean): ReadBenchConfig {
  const knownAtStore = { events: 2000, relationships: 11, heavyEvents: 1000, seed: SEED + 1 };
  if (quick) {
    return {
      store: { events: 20_000, relationships: 500, heavyEvents: 0, seed: SEED },
      knownAtStore,
      profileStore: { events: 5000, relationships: 125, heavyEvents: 0, seed: SEED + 2 },
      projectionBudgetSeconds: 120,
      replayBudgetSeconds: 120,
      completionBatch: 250_000,
      state: { connections: 50, warmUpSeconds: 0.5, sliceSeconds: 1, slices: 2 },
      knownAt: { connections: 4, warmUpSeconds: 0.5, sliceSeconds: 1, slices: 2 },
      profileSeconds: 1,
    };
  }
  return {
    store: { events: 1_000_000, relationships: 10_000, heavyEvents: 0, seed: SEED },
    knownAtStore,
    profileStore: { events: 100_000, relationships: 1000, heavyEvents: 0, seed: SEED + 2 },
    projectionBudgetSeconds: 100,
    replayBudgetSeconds: 40,
    completionBatch: 250_000,
    state: { connections: 50, warmUpSeconds: 2, sliceSeconds: 5, slices: 4 },
    knownAt: { connections: 4, warmUpSeconds: 2, sliceSeconds: 5, slices: 3 },
    profileSeconds: 5,
  };
}

export interface ProjectionFigures {
  /** Events in the store. */
  events: number;
  /** Whether the service reached the head within the budget. */
  finished: boolean;
  budgetSeconds: number;
  /** Events the service had projected when it finished or was stopped, and the seconds since it was spawned. */
  projected: number;
  seconds: number;
  eventsPerSec: number;
  /** Events/s over the first and the last fifth of the time watched: does the rate hold up? */
  firstFifthPerSec: number;
  lastFifthPerSec: number;
  /** Seconds from spawn to the first answer of /health (any status); undefined if none came. */
  firstHealthSeconds?: number;
  peakRssBytes?: number;
  readModelBytes: number;
  /** When the service was stopped: the bench finished the projection itself with the same library. */
  completion?: { events: number; batch: number; seconds: number; eventsPerSec: number };
}

export interface LoadResult {
  label: string;
  warmUp: LoadFigures;
  slices: (LoadFigures & { serverCpuSeconds?: number })[];
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** The server process's CPU time (user + system, /proc) per 2xx answer, median of the slices. */
  serverCpuMicrosPerRequest: number;
}

export interface ReplayFigures {
  /** Whether the service answered within the budget (then the figures are from its answer). */
  answered: boolean;
  budgetSeconds: number;
  ok?: boolean;
  events: number;
  durationMs: number;
  eventsPerSec: number;
  /** Whether a GET /health was sent 1 s into the replay (not if the replay had ended by then). */
  healthSent: boolean;
  /** How long that GET took to be answered; undefined if it got no answer within the budget. */
  healthDuringReplayMs?: number;
}

export interface ReadPathResults {
  bench: 'read-path';
  quick: boolean;
  store: Omit<BuiltStore, 'heavyRecordedAt' | 'lastRecordedAt'> & { plan: LargeStorePlan };
  rawScans: ScanFigures[];
  rawScanPerSec: number;
  projection: ProjectionFigures;
  /** ours (projector) ÷ raw scan + JSON.parse. */
  projectionRatio: number;
  /** Spawn to a 200 from /health on the projected store, each restart. */
  startToHealthySeconds: number[];
  state: {
    connections: number;
    sliceSeconds: number;
    slices: number;
    responseBytes: number;
    ours: LoadResult;
    reference: LoadResult;
    ratio: number;
    /** RSS of the service sampled every 250 ms during its slices: median and largest. */
    rssMedianBytes: number;
    rssMaxBytes: number;
  };
  knownAt: {
    connections: number;
    sliceSeconds: number;
    slices: number;
    eventsInPair: number;
    foldedMin: number;
    foldedMax: number;
    responseBytes: number;
    ours: LoadResult;
    reference: LoadResult;
    ratio: number;
  };
  replay: ReplayFigures;
  replayRatio: number;
  profiles: {
    state: Profile;
    knownAt: Profile;
    projection: Profile & { events: number; relationships: number; seconds: number };
  };
  buildWarning?: string;
}

export interface Profile {
  seconds: number;
  shares: ProfileShare[];
  hot: HotFunction[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The read models' checkpoint, read from their file by another connection; 0 before there is one. */
function checkpointReader(path: string): { read(): number; close(): void } {
  let db: Database.Database | undefined;
  return {
    read() {
      try {
        if (!db) {
          if (!existsSync(path)) return 0;
          db = new Database(path, { readonly: true, fileMustExist: true });
        }
        const row = db
          .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'checkpoint'")
          .get();
        return row ? Number(row.value) : 0;
      } catch {
        return 0; // not created yet, or mid-creation
      }
    },
    close: () => db?.close(),
  };
}

function fileBytes(path: string): number {
  return ['', '-wal'].reduce(
    (sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0),
    0,
  );
}

/**
 * The service started on the store with empty read models, watched until it has projected the whole
 * log or the budget is spent: its checkpoint is read from the read-model file every 250 ms (the
 * service may not answer HTTP while it catches up), /health is probed meanwhile.
 */
async function projectFromZero(
  files: ServiceFiles,
  events: number,
  budgetSeconds: number,
  log: (line: string) => void,
): Promise<Omit<ProjectionFigures, 'completion'>> {
  const child = spawnChild(serviceOptions(await freeLoopbackPort(), files));
  const checkpoint = checkpointReader(files.readModelPath);
  const samples: { seconds: number; projected: number }[] = [];
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
      const projected = checkpoint.read();
      const now = performance.now();
      samples.push({ seconds: (now - child.spawnedAt) / 1000, projected });
      peakRssBytes = child.memory()?.peakRssBytes ?? peakRssBytes;
      if (projected >= events || now > deadline) break;
      if (i % 40 === 0) log(`    projected ${formatCount(projected)} of ${formatCount(events)}`);
      await sleep(250);
    }
  } finally {
    watching = false;
    await probe;
    checkpoint.close();
    await child.stop();
  }
  const last = samples[samples.length - 1];
  const rateBetween = (from: number, to: number): number => {
    const a = samples.find((s) => s.seconds >= from) ?? samples[0];
    const b = [...samples].reverse().find((s) => s.seconds <= to) ?? last;
    return b.seconds > a.seconds ? (b.projected - a.projected) / (b.seconds - a.seconds) : Number.NaN;
  };
  return {
    events,
    finished: last.projected >= events,
    budgetSeconds,
    projected: last.projected,
    seconds: last.seconds,
    eventsPerSec: last.projected / last.seconds,
    firstFifthPerSec: rateBetween(0, last.seconds / 5),
    lastFifthPerSec: rateBetween((last.seconds * 4) / 5, last.seconds),
    firstHealthSeconds,
    peakRssBytes,
    readModelBytes: fileBytes(files.readModelPath),
  };
}

/** Finishes a projection the service left: the same ReadModelDb.applyBatch, in large batches, in this process. */
async function completeProjection(
  files: ServiceFiles,
  batch: number,
): Promise<NonNullable<ProjectionFigures['completion']>> {
  const started = performance.now();
  const readModels = ReadModelDb.open(files.readModelPath);
  const store = SqliteEventStore.open({ path: files.sqlitePath, synchronous: 'NORMAL' });
  let events = 0;
  try {
    let after = readModels.checkpoint();
    let pending: RecordedEvent[] = [];
    for (let pages = 0; pages < 100_000; pages++) {
      const page = await store.readAll({ fromPosition: after, limit: 10_000 });
      if (page.length > 0) {
        for (const event of page) pending.push(event);
        after = page[page.length - 1].position;
      }
      if (pending.length >= batch || (page.length === 0 && pending.length > 0)) {
        readModels.applyBatch(pending);
        events += pending.length;
        pending = [];
      }
      if (page.length === 0) break;
    }
  } finally {
    readModels.close();
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, batch, seconds, eventsPerSec: events / seconds };
}

/** Random pairs of the store (either order), random days 1940–2025. */
function statePaths(pairs: [string, string][], seed: number): () => string {
  const random = prng(seed);
  const first = Date.UTC(1940, 0, 1);
  const span = Date.UTC(2025, 11, 31) - first;
  return () => {
    const [a, b] = pairs[Math.floor(random() * pairs.length)];
    const day = new Date(first + Math.floor(random() * span)).toISOString().slice(0, 10);
    return random() < 0.5 ? `/v1/relationships/${a}/${b}?at=${day}` : `/v1/relationships/${b}/${a}?at=${day}`;
  };
}

/**
 * AZ-CN on random days as recorded at instants before its last recording: each request folds the pair's
 * events recorded by then (from the 901st to the 999th of its 1 000).
 */
function knownAtPaths(recordedAt: string[], seed: number): () => string {
  const random = prng(seed);
  const first = Date.UTC(1940, 0, 1);
  const span = Date.UTC(2025, 11, 31) - first;
  const from = Math.floor(recordedAt.length * 0.9);
  return () => {
    const j = from + Math.floor(random() * (recordedAt.length - 1 - from));
    const day = new Date(first + Math.floor(random() * span)).toISOString().slice(0, 10);
    return `/v1/relationships/${HEAVY_PAIR[0]}/${HEAVY_PAIR[1]}?at=${day}&knownAt=${encodeURIComponent(recordedAt[j])}`;
  };
}

interface Captured {
  status: number;
  contentType: string;
  etag?: string;
  body: string;
}

/** A few real answers of the service, for the reference to serve: every one must be a 200. */
async function capture(url: string, next: () => string, count: number): Promise<Captured[]> {
  const out: Captured[] = [];
  for (let i = 0; i < count; i++) {
    const path = next();
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 500)}`);
    out.push({
      status: res.status,
      contentType: res.headers.get('content-type') ?? 'application/json',
      etag: res.headers.get('etag') ?? undefined,
      body,
    });
  }
  return out;
}

function summarise(
  label: string,
  warmUp: LoadFigures,
  slices: (LoadFigures & { serverCpuSeconds?: number })[],
): LoadResult {
  const cpu = slices.filter((s) => s.serverCpuSeconds !== undefined && s.responses2xx > 0);
  return {
    label,
    warmUp,
    slices,
    requestsPerSec: median(slices.map((s) => s.requestsPerSec)),
    p50Ms: median(slices.map((s) => s.p50Ms)),
    p99Ms: median(slices.map((s) => s.p99Ms)),
    non2xx: slices.reduce((n, s) => n + s.non2xx, warmUp.non2xx),
    errors: slices.reduce((n, s) => n + s.errors, warmUp.errors),
    serverCpuMicrosPerRequest: median(cpu.map((s) => (s.serverCpuSeconds! * 1e6) / s.responses2xx)),
  };
}

/** A warm-up each, then slices in turns (who goes first alternates); `during` runs beside ours' slices. */
async function loadInTurns(
  servers: { ours: ChildServer; reference: ChildServer },
  labels: { ours: string; reference: string },
  shape: LoadShape,
  next: () => string,
  during?: () => () => void,
): Promise<{ ours: LoadResult; reference: LoadResult }> {
  const run = async (server: ChildServer, seconds: number) => {
    const before = server.cpuSeconds();
    const figures = await getLoad({ url: server.url, connections: shape.connections, seconds, path: next });
    const after = server.cpuSeconds();
    return {
      ...figures,
      serverCpuSeconds: before === undefined || after === undefined ? undefined : after - before,
    };
  };
  const warmUps = {
    ours: await run(servers.ours, shape.warmUpSeconds),
    reference: await run(servers.reference, shape.warmUpSeconds),
  };
  type Slice = LoadFigures & { serverCpuSeconds?: number };
  const slices: { ours: Slice[]; reference: Slice[] } = { ours: [], reference: [] };
  for (let k = 0; k < shape.slices; k++) {
    const order = k % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const);
    for (const who of order) {
      const stop = who === 'ours' ? during?.() : undefined;
      try {
        slices[who].push(await run(servers[who], shape.sliceSeconds));
      } finally {
        stop?.();
      }
    }
  }
  return {
    ours: summarise(labels.ours, warmUps.ours, slices.ours),
    reference: summarise(labels.reference, warmUps.reference, slices.reference),
  };
}

/** Samples the RSS of a process every 250 ms until the returned function is called. */
function rssSampler(server: ChildServer, into: number[]): () => () => void {
  return () => {
    const timer = setInterval(() => {
      const rss = server.memory()?.rssBytes;
      if (rss !== undefined) into.push(rss);
    }, 250);
    return () => clearInterval(timer);
  };
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !existsSync(path);) {
    if (Date.now() > deadline) throw new Error(`no CPU profile was written to ${path}`);
    await sleep(100);
  }
}

function readProfile(path: string): CpuProfile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile & { error?: string };
  if (profile.error) throw new Error(`profiling failed: ${profile.error}`);
  return profile;
}

/** The service restarted with the profiling hook; its main thread sampled during `seconds` of load. */
async function profileUnderLoad(
  dir: string,
  name: string,
  files: ServiceFiles,
  connections: number,
  seconds: number,
  next: () => string,
): Promise<{ server: ChildServer; profile: Profile }> {
  const out = join(dir, `${name}.cpuprofile`);
  const server = await startChildServer({
    ...serviceOptions(await freeLoopbackPort(), files, {
      hook: writeProfileHook(dir),
      env: { BENCH_CPU_PROFILE: out },
    }),
    pollMs: 20,
    startTimeoutMs: 120_000,
  });
  try {
    await getLoad({ url: server.url, connections, seconds: Math.min(2, seconds), path: next });
    server.send('profile:start');
    await getLoad({ url: server.url, connections, seconds, path: next });
    server.send('profile:stop');
    await waitForFile(out, 15_000);
    const profile = readProfile(out);
    return { server, profile: { seconds, shares: summariseProfile(profile), hot: hotFunctions(profile) } };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** POST /v1/audit/replay, answered or not within the budget; the caller stops the service after. */
async function replay(server: ChildServer, budgetSeconds: number): Promise<ReplayFigures> {
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

/** How far a replay that did not answer in time got: the shadow read models' checkpoint. */
function replayProgress(readModelPath: string): number {
  const reader = checkpointReader(`${readModelPath}.replay`);
  try {
    return reader.read();
  } finally {
    reader.close();
  }
}

/**
 * The projection once more, on a store of the same shape, with `--cpu-prof` (V8's profiler from the
 * first line of the process; written when the service exits after SIGINT): where projecting goes.
 */
async function profileProjection(
  dir: string,
  store: BuiltStore,
): Promise<ReadPathResults['profiles']['projection']> {
  const profileDir = join(dir, 'projection-profile');
  const options: StartOptions = {
    ...serviceOptions(
      await freeLoopbackPort(),
      { sqlitePath: store.path, readModelPath: join(dir, 'profile-read-models.db') },
      undefined,
      ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    ),
    pollMs: 100,
    startTimeoutMs: 600_000,
  };
  const child = spawnChild(options);
  let seconds: number;
  try {
    const server = await waitHealthy(child, 'the built service (profiled)', options);
    seconds = (server.healthyAt - server.spawnedAt) / 1000;
  } finally {
    await child.stop('SIGINT');
  }
  const file = existsSync(profileDir)
    ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))
    : undefined;
  if (!file) throw new Error(`the profiled service wrote no profile to ${profileDir}`);
  const profile = readProfile(join(profileDir, file));
  return {
    events: store.events,
    relationships: store.relationships,
    seconds,
    shares: summariseProfile(profile),
    hot: hotFunctions(profile, 10),
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
      const stateCaptured = await capture(ours.url, statePaths(pairs, SEED + 10), 64);
      const stateResponses = join(dir, 'state-responses.json');
      writeFileSync(stateResponses, JSON.stringify(stateCaptured));
      const stateRef = await startCapturedJsonServer(await freeLoopbackPort(), stateResponses);
      servers.push(stateRef);
      const rss: number[] = [];
      const stateLoad = await loadInTurns(
        { ours, reference: stateRef },
        { ours: 'diplomatic-timeline (dist/)', reference: 'node:http, captured JSON (ceiling)' },
        config.state,
        statePaths(pairs, SEED + 11),
        rssSampler(ours, rss),
      );
      await Promise.all([ours.stop(), stateRef.stop()]);

      log('  knownAt: one pair of 1 000 events');
      const small = await buildStore(join(dir, 'known-at.db'), config.knownAtStore);
      const smallFiles: ServiceFiles = { sqlitePath: small.path, readModelPath: join(dir, 'known-at-rm.db') };
      const knownAtServer = await startChildServer({
        ...serviceOptions(await freeLoopbackPort(), smallFiles),
        startTimeoutMs: 120_000,
      });
      servers.push(knownAtServer);
      const knownAtCaptured = await capture(
        knownAtServer.url,
        knownAtPaths(small.heavyRecordedAt, SEED + 20),
        64,
      );
      const knownAtResponses = join(dir, 'known-at-responses.json');
      writeFileSync(knownAtResponses, JSON.stringify(knownAtCaptured));
      const knownAtRef = await startCapturedJsonServer(await freeLoopbackPort(), knownAtResponses);
      servers.push(knownAtRef);
      const knownAtLoad = await loadInTurns(
        { ours: knownAtServer, reference: knownAtRef },
        { ours: 'diplomatic-timeline (dist/)', reference: 'node:http, captured JSON (ceiling)' },
        config.knownAt,
        knownAtPaths(small.heavyRecordedAt, SEED + 21),
      );
      await Promise.all([knownAtServer.stop(), knownAtRef.stop()]);

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
        },
        knownAt: {
          connections: config.knownAt.connections,
          sliceSeconds: config.knownAt.sliceSeconds,
          slices: config.knownAt.slices,
          eventsInPair: small.heavyRecordedAt.length,
          foldedMin: Math.floor(small.heavyRecordedAt.length * 0.9) + 1,
          foldedMax: small.heavyRecordedAt.length - 1,
          responseBytes: bytes(knownAtCaptured),
          ...knownAtLoad,
          ratio: knownAtLoad.ours.requestsPerSec / knownAtLoad.reference.requestsPerSec,
        },
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

const secs = (s: number): string => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;

/** The throughput figures: ours, the reference measured in the same run, the ratio. */
export function readThroughputTable(r: ReadPathResults): Table {
  const p = r.projection;
  const projected = p.finished
    ? `${formatCount(p.eventsPerSec)}`
    : `${formatCount(p.eventsPerSec)} (stopped after ${Math.round(p.seconds)} s at ${formatCount(p.projected)} of ${formatCount(p.events)})`;
  const replay = r.replay.answered
    ? formatCount(r.replay.eventsPerSec)
    : `${formatCount(r.replay.eventsPerSec)} (no answer in ${r.replay.budgetSeconds} s; ${formatCount(r.replay.events)} rebuilt by then)`;
  return {
    title: `Read path on ${formatCount(r.store.events)} events over ${formatCount(r.store.relationships)} relationships: ours vs raw better-sqlite3 scan + JSON.parse (same run)`,
    head: ['measure', 'ours ev/s', 'reference ev/s', 'ours ÷ ref'],
    rows: [
      [
        'projector, from position 0 (service)',
        projected,
        formatCount(r.rawScanPerSec),
        formatRatio(r.projectionRatio),
      ],
      ['replay (POST /v1/audit/replay)', replay, formatCount(r.rawScanPerSec), formatRatio(r.replayRatio)],
    ],
  };
}

export function readQueryTable(r: ReadPathResults): Table {
  const row = (name: string, load: LoadResult, ratio: string): string[] => [
    name,
    formatCount(load.requestsPerSec),
    formatMs(load.p50Ms),
    formatMs(load.p99Ms),
    formatCount(load.non2xx),
    formatCount(load.errors),
    ratio,
  ];
  return {
    title:
      `GET /v1/relationships/{a}/{b}: ours vs raw node:http serving captured answers (same run), ` +
      `median of slices taken in turns`,
    head: ['query, server', 'req/s (2xx)', 'p50', 'p99', 'non-2xx', 'errors', 'ours ÷ ref'],
    rows: [
      row(`?at= (${r.state.connections} conn.), ours`, r.state.ours, formatRatio(r.state.ratio)),
      row(`?at= (${r.state.connections} conn.), reference`, r.state.reference, '—'),
      row(
        `?at=&knownAt= (${r.knownAt.connections} conn.), ours`,
        r.knownAt.ours,
        formatRatio(r.knownAt.ratio),
      ),
      row(`?at=&knownAt= (${r.knownAt.connections} conn.), reference`, r.knownAt.reference, '—'),
    ],
  };
}

export function readServiceTable(r: ReadPathResults): Table {
  const p = r.projection;
  return {
    title: 'The service on the store: start-up and memory',
    head: ['measure', 'value'],
    rows: [
      ['start to healthy, projected store (each restart)', r.startToHealthySeconds.map(secs).join(', ')],
      [
        'RSS while serving ?at= queries (median / max)',
        `${megabytes(r.state.rssMedianBytes)} / ${megabytes(r.state.rssMaxBytes)}`,
      ],
      ['peak RSS while projecting from 0', megabytes(p.peakRssBytes)],
      [
        'first /health answer while projecting from 0',
        p.firstHealthSeconds === undefined
          ? `none in ${Math.round(p.seconds)} s`
          : secs(p.firstHealthSeconds),
      ],
      ['read-model file', megabytes(p.readModelBytes) + (p.finished ? '' : ' (partial)')],
      ['event-store file', megabytes(r.store.bytes)],
    ],
  };
}

/** A line of code for inline Markdown code in a table cell: no backticks, pipes escaped. */
const codeText = (text: string): string => text.replace(/`/g, "'").replace(/\|/g, '\\|');

export function readProfileTable(profile: Profile, what: string): Table {
  return {
    title: `Where the service's main thread spends its time: ${what}`,
    head: ['function (file:line, busiest line)', 'self', 'busiest line'],
    rows: profile.hot.map((h) => [
      h.where === 'native'
        ? h.name
        : `${h.name} (${h.where}${h.line ? `:${h.line}` : ''})${h.lineText ? ` \`${codeText(h.lineText)}\`` : ''}`,
      `${(h.share * 100).toFixed(1)} %`,
      h.lineShare === undefined ? '—' : `${(h.lineShare * 100).toFixed(1)} %`,
    ]),
  };
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
