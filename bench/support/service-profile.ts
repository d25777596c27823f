import { join } from 'node:path';
import { SERVERS, TOKEN } from '../servers/servers-under-test';
import { awaitProfile, summariseProfile, writeProfileHook, type ProfileShare } from './cpu-profile';
import { freeLoopbackPort } from './free-port';
import { postLoad } from './http-load';
import { postBodies } from './sample-events';
import { withTempDir } from './temp-dir';

export interface ServiceProfile {
  seconds: number;
  requests: number;
  shares: ProfileShare[];
}

/**
 * Where the built service's main thread spends its time under the same POST load: a separate run
 * (the sampler slows it a little, so its throughput is not reported), on a fresh database.
 */
export async function profileService(
  connections: number,
  seconds: number,
  warmUpSeconds: number,
): Promise<ServiceProfile> {
  const ours = SERVERS.find((s) => s.key === 'ours')!;
  return withTempDir('bench-profile', async (dir) => {
    const out = join(dir, 'service.cpuprofile');
    const server = await ours.start(await freeLoopbackPort(), dir, {
      hook: writeProfileHook(dir),
      env: { BENCH_CPU_PROFILE: out },
    });
    try {
      const load = {
        url: server.url,
        connections,
        headers: { authorization: `Bearer ${TOKEN}` },
        body: postBodies(),
      };
      await postLoad({ ...load, seconds: warmUpSeconds });
      server.send('profile:start');
      const figures = await postLoad({ ...load, seconds });
      server.send('profile:stop'); // the hook writes the profile
      const profile = await awaitProfile(out);
      return { seconds, requests: figures.responses2xx, shares: summariseProfile(profile) };
    } finally {
      await server.stop();
    }
  });
}
