import type { ChildServer } from './support/child-server';
import { isQuick } from './support/cli-args';
import { freeLoopbackPort } from './support/free-port';
import { postLoad, type LoadFigures } from './support/http-load';
import { postBodies, RELATIONSHIP_PAIRS } from './support/sample-events';
import { formatCount, formatMicros, formatMs, formatRatio, median } from './support/stats';
import { profileService, type ServiceProfile } from './support/service-profile';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';
import {
  checkBuild,
  DistMissingError,
  SERVERS,
  TOKEN,
  withBuildSnapshot,
  type ServerKey,
  type ServerSpec,
} from './servers/servers-under-test';

const CONNECTIONS = 50;

export interface ServerResult {
  key: ServerKey;
  label: string;
  warmUp: LoadFigures;
  /** One entry per slice of load, in the order run. */
  slices: (LoadFigures & { serverCpuSeconds?: number; serverCpuSecondsSettled?: number })[];
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time per 2xx response, deferred work included; the rest it waits (fsync) or idles. */
  serverCpuMicrosPerRequest: number;
  /** Server CPU seconds ÷ wall seconds during the load (1 = one core busy all the time). */
  serverCpuShare: number;
}

export interface HttpPostResults {
  bench: 'http-post';
  quick: boolean;
  connections: number;
  seconds: number;
  warmUpSeconds: number;
  /** Slices of `seconds` per server, taken in turns. */
  slices: number;
  servers: ServerResult[];
  /** ours ÷ raw node:http + better-sqlite3, of the median requests/s. */
  ratioOursToRawSqlite: number;
  ratioOursToCeiling: number;
  /** Events per relationship stream that ours held at the end (spread over 780 streams). */
  oursEventsPerStream: number;
  /** A separate, sampled run of ours: where its main thread's time goes. */
  oursProfile: ServiceProfile;
  buildWarning?: string;
}

const nextBody = postBodies();

type Slice = LoadFigures & { serverCpuSeconds?: number; serverCpuSecondsSettled?: number };

/** Waits (at most 15 s) until the server has used under 10 ms of CPU in 250 ms: deferred work done. */
async function settle(server: ChildServer): Promise<void> {
  let before = server.cpuSeconds();
  for (let i = 0; i < 60 && before !== undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = server.cpuSeconds();
    if (now === undefined || now - before < 0.01) return;
    before = now;
  }
}

async function loadSlice(server: ChildServer, seconds: number): Promise<Slice> {
  const cpuBefore = server.cpuSeconds();
  const figures = await postLoad({
    url: server.url,
    connections: CONNECTIONS,
    headers: { authorization: `Bearer ${TOKEN}` },
    seconds,
    body: nextBody,
  });
  const cpuAfter = server.cpuSeconds();
  // Work the server defers (projections catching up) belongs to these requests too.
  await settle(server);
  const cpuSettled = server.cpuSeconds();
  const spent = (until?: number) =>
    cpuBefore === undefined || until === undefined ? undefined : until - cpuBefore;
  return { ...figures, serverCpuSeconds: spent(cpuAfter), serverCpuSecondsSettled: spent(cpuSettled) };
}

function summarise(spec: ServerSpec, warmUp: LoadFigures, slices: Slice[]): ServerResult {
  const cpu = slices.filter(
    (r) => r.serverCpuSeconds !== undefined && r.serverCpuSecondsSettled !== undefined,
  );
  return {
    key: spec.key,
    label: spec.label,
    warmUp,
    slices,
    requestsPerSec: median(slices.map((r) => r.requestsPerSec)),
    p50Ms: median(slices.map((r) => r.p50Ms)),
    p99Ms: median(slices.map((r) => r.p99Ms)),
    non2xx: slices.reduce((sum, r) => sum + r.non2xx, warmUp.non2xx),
    errors: slices.reduce((sum, r) => sum + r.errors, warmUp.errors),
    serverCpuMicrosPerRequest: median(cpu.map((r) => (r.serverCpuSecondsSettled! * 1e6) / r.responses2xx)),
    serverCpuShare: median(cpu.map((r) => r.serverCpuSeconds! / r.seconds)),
  };
}

/**
 * All three servers start at once (each idle while another is loaded), get a warm-up, then take
 * turns slice by slice in a rotating order: a disk or a neighbour that speeds up or slows down
 * during the bench weighs on all three alike.
 */
export async function runHttpPostBench(quick: boolean, log = console.error): Promise<HttpPostResults> {
  const buildWarning = checkBuild();
  if (buildWarning) log(`http-post: warning: ${buildWarning}`);
  const slices = quick ? 1 : 6;
  const seconds = quick ? 1 : 5;
  const warmUpSeconds = quick ? 0.5 : 2;
  log(
    `http-post: ${CONNECTIONS} connections, ${warmUpSeconds} s warm-up, then ${slices} slice(s) of ${seconds} s per server`,
  );
  const measured = await withTempDir('bench-http', async (dir) => {
    const servers = new Map<ServerKey, ChildServer>();
    try {
      for (const spec of SERVERS) servers.set(spec.key, await spec.start(await freeLoopbackPort(), dir));
      const warmUps = new Map<ServerKey, LoadFigures>();
      for (const spec of SERVERS) {
        log(`  warm-up: ${spec.label}`);
        warmUps.set(spec.key, await loadSlice(servers.get(spec.key)!, warmUpSeconds));
      }
      const figures = new Map<ServerKey, Slice[]>(SERVERS.map((s) => [s.key, []]));
      for (let k = 0; k < slices; k++) {
        const order = SERVERS.map((_, i) => SERVERS[(i + k) % SERVERS.length]);
        log(`  slice ${k + 1}/${slices}: ${order.map((s) => s.key).join(', ')}`);
        for (const spec of order)
          figures.get(spec.key)!.push(await loadSlice(servers.get(spec.key)!, seconds));
      }
      const results = SERVERS.map((spec) => summarise(spec, warmUps.get(spec.key)!, figures.get(spec.key)!));
      const rps = (key: ServerKey): number => results.find((s) => s.key === key)!.requestsPerSec;
      const oursRecorded = [warmUps.get('ours')!, ...figures.get('ours')!].reduce(
        (n, r) => n + r.responses2xx,
        0,
      );
      return {
        servers: results,
        ratioOursToRawSqlite: rps('ours') / rps('rawSqlite'),
        ratioOursToCeiling: rps('ours') / rps('fixedJson'),
        oursEventsPerStream: Math.ceil(oursRecorded / RELATIONSHIP_PAIRS.length),
      };
    } finally {
      await Promise.allSettled([...servers.values()].map((server) => server.stop()));
    }
  });
  log(`  profile: ${SERVERS[0].label}, ${seconds} s`);
  const oursProfile = await profileService(CONNECTIONS, seconds, warmUpSeconds);
  return {
    bench: 'http-post',
    quick,
    connections: CONNECTIONS,
    seconds,
    warmUpSeconds,
    slices,
    ...measured,
    oursProfile,
    buildWarning,
  };
}

export function httpPostTable(results: HttpPostResults): Table {
  const ours = results.servers.find((s) => s.key === 'ours')!.requestsPerSec;
  return {
    title:
      `POST /v1/events, ${results.connections} connections, slices of ${results.seconds} s after ${results.warmUpSeconds} s ` +
      `warm-up, median of ${results.slices} slices taken in turns`,
    head: ['server', 'req/s (2xx)', 'p50', 'p99', 'non-2xx', 'errors', 'server CPU/req', 'ours ÷ this'],
    rows: results.servers.map((s) => [
      s.label,
      formatCount(s.requestsPerSec),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      formatCount(s.non2xx),
      formatCount(s.errors),
      formatMicros(s.serverCpuMicrosPerRequest),
      s.key === 'ours' ? '—' : formatRatio(ours / s.requestsPerSec),
    ]),
  };
}

export function serviceProfileTable(results: HttpPostResults): Table {
  const { oursProfile: profile } = results;
  return {
    title:
      `Where the service's main thread spends its time under the same load (sampled, separate ${profile.seconds} s ` +
      `run, ${formatCount(profile.requests)} requests)`,
    head: ['code (native calls charged to their JS caller)', 'share of samples'],
    rows: profile.shares.map((s) => [s.bucket, `${(s.share * 100).toFixed(1)} %`]),
  };
}

if (require.main === module) {
  withBuildSnapshot(() => runHttpPostBench(isQuick()))
    .then((results) => {
      console.log(renderText(httpPostTable(results)));
      console.log(`\n${renderText(serviceProfileTable(results))}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof DistMissingError ? error.message : error);
      process.exitCode = 1;
    });
}
