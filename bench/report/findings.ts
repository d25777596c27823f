import { formatCount, formatMicros, formatRatio } from '../support/stats';
import type { BenchSummary } from './summary';

const pct = (share: number): string => `${Math.round(share * 100)} %`;
const micros = (perSec: number): string => formatMicros(1e6 / perSec);

/** What a package does in this service, for the profile sentence; unknown packages go unexplained. */
const ROLES: [RegExp, string][] = [
  [
    /^better-sqlite3/,
    "BEGIN and COMMIT through better-sqlite3's transaction wrapper, event store and read models, the event store's fsync at COMMIT included",
  ],
  [
    /^ours: libs\/event-store → native/,
    "the event store's SQLite statements (stream reads, inserts) and SHA-256",
  ],
  [/^ours: libs\/timeline → native/, "the read models' SQLite statements"],
  [/^nearley|^edtf/, 'parsing EDTF dates in occurredOn'],
  [/^class-validator|^class-transformer/, 'validating the request body'],
  [/^canonicalize/, 'canonical JSON for the hash chain'],
  [/^@nestjs\//, 'Nest: routing, guards, CQRS bus'],
  [/^fastify|^find-my-way|^light-my-request/, 'Fastify'],
  [/^Node\.js runtime/, 'HTTP parsing, sockets, timers'],
  [/garbage collector/, 'freeing memory'],
];

function role(bucket: string): string {
  const found = ROLES.find(([pattern]) => pattern.test(bucket));
  return found ? ` (${found[1]})` : '';
}

/** "What the figures say": sentences computed from this run's figures, so they stay true on a rerun. */
export function findings(summary: BenchSummary): string[] {
  const { storeAppend: store, httpPost: http } = summary;
  const [full, normal, batch] = store.cases;
  const server = (key: string) => http.servers.find((s) => s.key === key)!;
  const ours = server('ours');
  const raw = server('rawSqlite');
  const ceiling = server('fixedJson');
  const out: string[] = [];

  out.push(
    `**FULL costs a disk flush per transaction.** One event per transaction: ${formatCount(full.oursPerSec)} ev/s ` +
      `(${micros(full.oursPerSec)} each) under FULL against ${formatCount(normal.oursPerSec)} ev/s ` +
      `(${micros(normal.oursPerSec)}) under NORMAL, ${formatRatio(normal.oursPerSec / full.oursPerSec)}. ` +
      `The disk alone does ${formatCount(store.fdatasyncPerSec)} fdatasync/s (${micros(store.fdatasyncPerSec)} each, ` +
      `4 KiB, probed in the same run). Under FULL the process was on a CPU ${pct(full.oursCpuShare)} of the ` +
      `wall time, under NORMAL ${pct(normal.oursCpuShare)}: the gap is the wait for the WAL to reach the disk ` +
      `(the rest of the wait, in both, is I/O and, on a shared machine, waiting for a core). ` +
      `NORMAL in WAL mode skips that flush at commit; a process crash loses nothing, a power loss or kernel ` +
      `crash may lose the last commits (never corrupts the file). The service keeps FULL for acknowledged appends.`,
  );
  out.push(
    `**Batching amortises the flush.** 1 000 events in one append: ${formatCount(batch.oursPerSec)} ev/s, ` +
      `${formatRatio(batch.oursPerSec / full.oursPerSec)} the one-per-transaction FULL rate; what is left ` +
      `(${micros(batch.oursPerSec)} per event, on a CPU ${pct(batch.oursCpuShare)} of the time) is mostly CPU: ` +
      `JSON serialisation and inserts into the table and its two unique indexes (the event id index takes ` +
      `random UUIDs).`,
  );
  const overhead = (c: (typeof store.cases)[number]): string =>
    formatMicros(Math.max(0, 1e6 / c.oursPerSec - 1e6 / c.referencePerSec));
  out.push(
    `**The port against raw better-sqlite3:** ${store.cases.map((c) => `${c.name} ${formatRatio(c.ratio)}`).join('; ')}. ` +
      `Per event the port spends about ${overhead(normal)} (NORMAL, 1/tx) and ${overhead(batch)} (batch) more ` +
      `than the bare INSERT: it reads the stream head for the expected-revision check, looks each eventId up ` +
      `(idempotent retries, DESIGN §4), uses BEGIN IMMEDIATE, and returns a promise per call. ` +
      `Under FULL the flush dominates both sides, so the ratio there mostly shows the disk's jitter.`,
  );
  const extraCpu = ours.serverCpuMicrosPerRequest - raw.serverCpuMicrosPerRequest;
  out.push(
    `**Over HTTP the service does ${formatRatio(http.ratioOursToRawSqlite)} the requests/s of the raw ` +
      `node:http + better-sqlite3 server** (${formatCount(ours.requestsPerSec)} against ` +
      `${formatCount(raw.requestsPerSec)}, both with a FULL commit per request). Its process used ` +
      `${formatMicros(ours.serverCpuMicrosPerRequest)} of CPU per request against ` +
      `${formatMicros(raw.serverCpuMicrosPerRequest)} for the raw server and ` +
      `${formatMicros(ceiling.serverCpuMicrosPerRequest)} for bare node:http: about ${formatMicros(extraCpu)} ` +
      `per request go to what the raw server skips — Fastify and Nest routing, the token guard, the ` +
      `CQRS bus, validating the body, the eventId lookup, reading and folding the relationship's stream ` +
      `(about ${formatCount(http.oursEventsPerStream)} events per stream by the end here), the decision, the ` +
      `hash chain (canonical JSON + SHA-256) and the projector updating the read models (its deferred work ` +
      `is counted). Its CPU share during the load was ${pct(ours.serverCpuShare)} ` +
      `of one core (raw server: ${pct(raw.serverCpuShare)}); better-sqlite3 is synchronous, so the fsync of ` +
      `each commit also holds the event loop; a server near or above 100 % (V8's helper threads count too) is ` +
      `bound by CPU, one well below it by the disk.`,
  );
  const top = http.oursProfile.shares.filter((s) => s.bucket !== 'everything else').slice(0, 5);
  out.push(
    `**Where the service's time goes** (sampled profile of its main thread in a separate run, native ` +
      `calls charged to the JS that made them): ` +
      top.map((s) => `${s.bucket} ${(s.share * 100).toFixed(0)} %${role(s.bucket)}`).join('; ') +
      `. The sampler runs on wall-clock time, so a COMMIT waiting for fsync counts under the code that ` +
      `issued it.`,
  );
  const littleMs = (rps: number): string => `${Math.round((http.connections / rps) * 1000)} ms`;
  out.push(
    `**Latency:** ours p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms with ${http.connections} requests always in ` +
      `flight (raw server: ${raw.p50Ms} / ${raw.p99Ms} ms). One writer commits one request at a time, so a ` +
      `request mostly waits for those queued ahead of it: by Little's law the mean is connections ÷ ` +
      `throughput, ${littleMs(ours.requestsPerSec)} for ours and ${littleMs(raw.requestsPerSec)} for the raw ` +
      `server; a p99 far above it means some requests waited behind slow flushes or pauses.` +
      (ours.non2xx + ours.errors > 0
        ? ` There were ${ours.non2xx} non-2xx answers and ${ours.errors} connection errors: see the JSON summary.`
        : ' Every request was answered 2xx.'),
  );
  out.push(
    `**The ceiling** (bare node:http, fixed answer) is ${formatCount(ceiling.requestsPerSec)} req/s; the service ` +
      `reaches ${formatRatio(http.ratioOursToCeiling)} of it. The load generator (autocannon, in the bench ` +
      `process) shares the ${summary.machine.cores} cores with the server, so this ceiling is the load ` +
      `generator's as much as node:http's.`,
  );
  out.push(
    `**Noise:** the 1-minute load average was ${summary.loadAverage.start} at the start and ` +
      `${summary.loadAverage.end} at the end${summary.loadAverage.start > 0.5 ? ' — other work was sharing the machine' : ''}. ` +
      `The store figures vary from run to run with the disk's flush time; compare ratios within a run ` +
      `(each pair measured interleaved, in alternating slices) rather than absolutes across runs.`,
  );
  return out;
}
