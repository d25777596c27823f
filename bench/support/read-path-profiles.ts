import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile, ReadPathResults } from '../read-path-results';
import { serviceOptions, START_FLAGS, type ServiceFiles } from '../servers/servers-under-test';
import {
  getHealth,
  spawnChild,
  startChildServer,
  waitHealthy,
  type ChildServer,
  type StartOptions,
} from './child-server';
import { awaitProfile, hotFunctions, readProfile, summariseProfile, writeProfileHook } from './cpu-profile';
import { freeLoopbackPort } from './free-port';
import { getLoad } from './http-load';
import { shellCosts } from './shell-costs';
import type { BuiltStore } from './large-store';

/** The two profiling steps of the read-path benchmark: the queries under load, and a projection. */

/**
 * What the load runs turn off, on as deployed for the profiles: the rate limit (with a limit this load never
 * reaches, so that its hook runs) and a log line per request (to the bench's pipe), so that the request's
 * parts (bench/support/shell-costs.ts) include them.
 */
const AS_DEPLOYED = { RATE_LIMIT_PER_MINUTE: '10000000', LOG_LEVEL: 'info' };

/** The service restarted with the profiling hook; its main thread sampled during `seconds` of load. */
export async function profileUnderLoad(
  dir: string,
  name: string,
  files: ServiceFiles,
  connections: number,
  seconds: number,
  next: () => string,
): Promise<{ server: ChildServer; profile: Profile }> {
  const out = join(dir, `${name}.cpuprofile`);
  const server = await startChildServer({
    ...serviceOptions(
      await freeLoopbackPort(),
      files,
      { hook: writeProfileHook(dir), env: { BENCH_CPU_PROFILE: out } },
      undefined,
      AS_DEPLOYED,
    ),
    pollMs: 20,
    startTimeoutMs: 120_000,
  });
  try {
    await getLoad({ url: server.url, connections, seconds: Math.min(2, seconds), path: next });
    server.send('profile:start');
    await getLoad({ url: server.url, connections, seconds, path: next });
    server.send('profile:stop');
    const profile = await awaitProfile(out);
    const parts = shellCosts(profile, 1).map(({ part, share }) => ({ part, share }));
    return {
      server,
      profile: { seconds, shares: summariseProfile(profile), hot: hotFunctions(profile), parts },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * The built service projecting a store from position 0 under `--cpu-prof`, from spawn until the log
 * is projected and every version rendered; the profile is written when it is stopped.
 */
export async function profileProjection(
  dir: string,
  store: BuiltStore,
): Promise<ReadPathResults['profiles']['projection']> {
  const profileDir = join(dir, 'projection-profile');
  const options: StartOptions = {
    ...serviceOptions(
      await freeLoopbackPort(),
      { sqlitePath: store.path, readModelPath: join(dir, 'profile-read-models.db') },
      undefined,
      [...START_FLAGS, '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    ),
    pollMs: 100,
    startTimeoutMs: 600_000,
  };
  const child = spawnChild(options);
  let seconds: number;
  try {
    const server = await waitHealthy(child, 'the built service (profiled)', options);
    // Healthy comes early (the service answers while it catches up): wait for the whole log.
    for (;;) {
      const health = await getHealth(server.url, 5000);
      const projection = health
        ? (JSON.parse(health.body) as { projection: { lag: string; build: unknown } }).projection
        : undefined;
      if (projection?.lag === '0' && projection.build === null) break;
      if (child.exited()) throw new Error(`the profiled service exited:\n${child.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    seconds = (performance.now() - server.spawnedAt) / 1000;
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
