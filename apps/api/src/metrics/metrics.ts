import { statSync } from 'node:fs';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '@app/config';
import type { ReadSideFigures } from '@app/timeline';
import { RequestLatency } from './request-latency';

/** Seconds: from a cached answer (tens of µs) to a replay (minutes). */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

function fileBytes(path: string): number {
  return ['', '-wal'].reduce(
    (sum, suffix) => sum + (statSync(path + suffix, { throwIfNoEntry: false })?.size ?? 0),
    0,
  );
}

/**
 * The service's Prometheus metrics (docs/operations.md, "Metrics"), in a registry of its own (not
 * prom-client's global one: tests run several services in one process). On the request path there is one
 * observation of a histogram series found in a map (RequestLatency); every gauge is computed when
 * /metrics is scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new RequestLatency(LATENCY_BUCKETS);
  private readonly appendSeconds: Histogram<'outcome'>;
  private readonly appendBatch: Histogram;
  private readonly rateLimitedTotal: Counter;
  /** How many live-feed streams are open (set once the application is up). */
  private openStreams?: () => number;
  /** Where the read side's figures come from (set once the application is up). */
  private readSide?: () => Promise<ReadSideFigures>;
  /** The figures of the scrape under way: the gauges share one computation. */
  private scrape?: Promise<ReadSideFigures | undefined>;

  constructor(config: Pick<Config, 'eventStore' | 'sqlitePath'>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.requests.asMetric());
    this.appendSeconds = new Histogram({
      name: 'timeline_append_duration_seconds',
      help: 'Appends to the event store, by outcome (ok, error), and how long each took',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.appendBatch = new Histogram({
      name: 'timeline_append_batch_events',
      help: 'Events per append to the event store',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.rateLimitedTotal = new Counter({
      name: 'timeline_rate_limited_requests_total',
      help: 'Requests refused with 429 by the rate limit (RATE_LIMIT_PER_MINUTE)',
      registers,
    });
    const scrape = () => this.scrape;
    const figure = (name: string, help: string, read: (f: ReadSideFigures) => number | bigint | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect: async function (this: Gauge) {
          const figures = await scrape();
          const value = figures === undefined ? undefined : read(figures);
          if (value === undefined) this.reset();
          else this.set(Number(value));
        },
      });
    figure(
      'timeline_projection_lag_events',
      'Events of the log the read models do not hold yet',
      (f) => f.lagEvents,
    );
    figure(
      'timeline_projection_lag_seconds',
      'How long the oldest event the read models do not hold yet has waited since it was recorded (0: none)',
      (f) => f.lagSeconds,
    );
    figure('timeline_events_stored', 'Events in the log', (f) => f.events);
    figure(
      'timeline_relationships_stored',
      'Relationships (pairs of states) with at least one event',
      (f) => f.relationships,
    );
    figure(
      'timeline_read_model_bytes',
      'Bytes of the read-model file and its write-ahead log',
      (f) => f.readModelBytes,
    );
    const openStreams = () => this.openStreams?.() ?? 0;
    new Gauge({
      name: 'timeline_open_streams',
      help: 'Open streams of the live feed, GET /v1/events/stream',
      registers,
      collect: function (this: Gauge) {
        this.set(openStreams());
      },
    });
    if (config.eventStore === 'sqlite') {
      const path = config.sqlitePath;
      new Gauge({
        name: 'timeline_store_bytes',
        help: 'Bytes of the SQLite event log and its write-ahead log',
        registers,
        collect: function (this: Gauge) {
          this.set(fileBytes(path));
        },
      });
    }
  }

  /** The read side's figures, computed at each scrape. */
  watchReadSide(figures: () => Promise<ReadSideFigures>): void {
    this.readSide = figures;
  }

  /** The live feed's open streams, read at each scrape. */
  watchOpenStreams(count: () => number): void {
    this.openStreams = count;
  }

  /** Called once per answered request, with the route's pattern (never the raw URL). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(method, route, status, seconds);
  }

  observeAppend(outcome: 'ok' | 'error', seconds: number, events: number): void {
    this.appendSeconds.labels(outcome).observe(seconds);
    if (outcome === 'ok') this.appendBatch.observe(events);
  }

  rateLimited(): void {
    this.rateLimitedTotal.inc();
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    const scrape = this.readSide?.();
    // Awaited by each gauge; marked handled here so that a failure (the store down) is one error, the scrape's.
    scrape?.catch(() => undefined);
    this.scrape = scrape;
    try {
      return await this.registry.metrics();
    } finally {
      this.scrape = undefined;
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
