import { type ChildServer } from './child-server';
import { getLoad, type LoadFigures } from './http-load';
import { HEAVY_PAIR, prng } from './large-store';
import { median } from './stats';
import type { LoadResult, LoadShape } from '../read-path-results';

/** Steps of the read-path benchmark that drive query load and capture answers for the reference server. */
export function statePaths(pairs: [string, string][], seed: number): () => string {
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
export function knownAtPaths(recordedAt: string[], seed: number): () => string {
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

export interface Captured {
  status: number;
  contentType: string;
  etag?: string;
  body: string;
}

/** A few real answers of the service, for the reference to serve: every one must be a 200. */
export async function capture(url: string, next: () => string, count: number): Promise<Captured[]> {
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

export function summarise(
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
export async function loadInTurns(
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
export function rssSampler(server: ChildServer, into: number[]): () => () => void {
  return () => {
    const timer = setInterval(() => {
      const rss = server.memory()?.rssBytes;
      if (rss !== undefined) into.push(rss);
    }, 250);
    return () => clearInterval(timer);
  };
}
