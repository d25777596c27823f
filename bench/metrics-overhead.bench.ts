import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult, LoadShape } from './read-path-results';
import { serviceOptions, type ServiceFiles } from './servers/servers-under-test';
import { getHealth, startChildServer, type ChildServer } from './support/child-server';
import { freeLoopbackPort } from './support/free-port';
import { buildStore, planPairs, type LargeStorePlan } from './support/large-store';
import { loadInTurns, statePaths } from './support/query-load';
import { formatCount, formatMs, formatRatio } from './support/stats';
import type { Table } from './support/table';
import { withTempDir } from './support/temp-dir';

const SEED = 1717;

export interface MetricsOverheadResults {
  events: number;
  relationships: number;
  shape: LoadShape;
  /** The service with METRICS=on (the default) and with METRICS=off, on copies of one store. */
  on: LoadResult;
  off: LoadResult;
  /** req/s with metrics on ÷ req/s with them off. */
  ratio: number;
}

function configFor(quick: boolean): { plan: LargeStorePlan; shape: LoadShape } {
  return quick
    ? {
        plan: { events: 20_000, relationships: 500, heavyEvents: 0, seed: SEED },
        shape: { connections: 50, warmUpSeconds: 0.5, sliceSeconds: 1, slices: 2 },
      }
    : {
        plan: { events: 200_000, relationships: 2000, heavyEvents: 0, seed: SEED },
        shape: { connections: 50, warmUpSeconds: 2, sliceSeconds: 5, slices: 6 },
      };
}

async function projected(server: ChildServer): Promise<void> {
  for (;;) {
    const health = await getHealth(server.url, 5000);
    if (health && (JSON.parse(health.body) as { projection: { lag: string } }).projection.lag === '0') return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * What /metrics costs a request (docs/operations.md, "Metrics"): state queries (`?at=`) against the built
 * service with METRICS=on and with METRICS=off, each on its own copy of one projected store, in
 * alternating slices. The goal: throughput with metrics on within 3 % of off. An A/A run (both off)
 * says how far apart two equal services land here: run it with METRICS_BENCH_AA=1.
 */
export async function runMetricsOverheadBench(
  quick: boolean,
  print = console.error,
): Promise<MetricsOverheadResults> {
  const { plan, shape } = configFor(quick);
  print(`metrics overhead: state queries, METRICS=on vs off, ${formatCount(plan.events)} events`);
  return withTempDir('bench-metrics', async (dir) => {
    // Both services run on fresh copies of one projected store: the files the projection wrote are
    // laid out and cached otherwise, and served slower than a copy (an A/A run showed 0.75×).
    const built: ServiceFiles = {
      sqlitePath: join(dir, 'built.db'),
      readModelPath: join(dir, 'built-rm.db'),
    };
    const on: ServiceFiles = { sqlitePath: join(dir, 'on.db'), readModelPath: join(dir, 'on-rm.db') };
    const off: ServiceFiles = { sqlitePath: join(dir, 'off.db'), readModelPath: join(dir, 'off-rm.db') };
    await buildStore(built.sqlitePath, plan);
    const first = await startChildServer({
      ...serviceOptions(await freeLoopbackPort(), built),
      startTimeoutMs: 120_000,
    });
    try {
      await projected(first);
    } finally {
      await first.stop();
    }
    for (const copy of [on, off]) {
      for (const suffix of ['', '-wal']) {
        for (const [from, to] of [
          [built.sqlitePath, copy.sqlitePath],
          [built.readModelPath, copy.readModelPath],
        ]) {
          if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
        }
      }
    }
    const servers: ChildServer[] = [];
    try {
      const start = async (files: ServiceFiles, metrics: 'on' | 'off') => {
        const options = serviceOptions(await freeLoopbackPort(), files);
        const server = await startChildServer({
          ...options,
          name: `the built service, METRICS=${metrics}`,
          env: { ...options.env, METRICS: metrics },
        });
        servers.push(server);
        return server;
      };
      const aa = process.env.METRICS_BENCH_AA === '1';
      const withMetrics = await start(on, aa ? 'off' : 'on');
      const without = await start(off, 'off');
      const result = await loadInTurns(
        { ours: withMetrics, reference: without },
        { ours: aa ? 'METRICS=off (A/A)' : 'METRICS=on', reference: 'METRICS=off' },
        shape,
        statePaths(planPairs(plan), SEED + 1),
      );
      const scrape = await fetch(`${withMetrics.url}/metrics`);
      if (scrape.status !== (aa ? 404 : 200)) throw new Error(`GET /metrics answered ${scrape.status}`);
      return {
        events: plan.events,
        relationships: plan.relationships,
        shape,
        on: result.ours,
        off: result.reference,
        ratio: result.ours.requestsPerSec / result.reference.requestsPerSec,
      };
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
}

export function metricsOverheadTable(r: MetricsOverheadResults): Table {
  const row = (l: LoadResult) => [
    l.label,
    formatCount(Math.round(l.requestsPerSec)),
    formatMs(l.p50Ms),
    formatMs(l.p99Ms),
    l.serverCpuMicrosPerRequest.toFixed(0),
  ];
  return {
    title:
      `Metrics on vs off: GET /v1/relationships/{a}/{b}?at= over ${formatCount(r.events)} events, ` +
      `${r.shape.connections} connections, ${r.shape.slices} slices of ${r.shape.sliceSeconds} s each; ` +
      `on ÷ off = ${formatRatio(r.ratio)} (goal ≥ 0.97×)`,
    head: ['service', 'req/s', 'p50', 'p99', 'server CPU/req (µs)'],
    rows: [row(r.on), row(r.off)],
  };
}
