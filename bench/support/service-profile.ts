import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVERS, TOKEN } from '../servers/servers-under-test';
import { summariseProfile, writeProfileHook, type CpuProfile, type ProfileShare } from './cpu-profile';
import { freeLoopbackPort } from './free-port';
import { postLoad } from './http-load';
import { postBodies } from './sample-events';
import { withTempDir } from './temp-dir';

export interface ServiceProfile {
  seconds: number;
  requests: number;
  shares: ProfileShare[];
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !existsSync(path);) {
    if (Date.now() > deadline) throw new Error(`the service wrote no CPU profile to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
      await waitForFile(out, 15_000);
      const profile = JSON.parse(readFileSync(out, 'utf8')) as CpuProfile & { error?: string };
      if (profile.error) throw new Error(`profiling the service failed: ${profile.error}`);
      return { seconds, requests: figures.responses2xx, shares: summariseProfile(profile) };
    } finally {
      await server.stop();
    }
  });
}
