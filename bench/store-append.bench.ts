import { join } from 'node:path';
import { isQuick } from './support/cli-args';
import { fdatasyncPerSecond } from './support/fsync-probe';
import { portSession, rawSession, type Transaction } from './support/append-sessions';
import { openRawEventTable, type Synchronous } from './support/raw-event-table';
import { EVENT_DATA_BYTES, RELATIONSHIP_PAIRS, storeEvent, streamOf } from './support/sample-events';
import { formatCount, formatMicros, formatRatio, median } from './support/stats';
import { renderText, type Table } from './support/table';
import { withTempDir } from './support/temp-dir';

interface StoreCase {
  name: string;
  synchronous: Synchronous;
  batchSize: number;
  events: number;
}

interface Measurement {
  eventsPerSec: number;
  /** CPU time (user + system) ÷ wall time; the rest is waiting, mostly for fsync. */
  cpuShare: number;
}

export interface StoreCaseResult extends StoreCase {
  runs: number;
  ours: Measurement[];
  reference: Measurement[];
  oursPerSec: number;
  referencePerSec: number;
  /** ours ÷ reference, of the medians. */
  ratio: number;
  oursCpuShare: number;
  referenceCpuShare: number;
}

export interface StoreAppendResults {
  bench: 'store-append';
  quick: boolean;
  eventDataBytes: number;
  fdatasyncPerSec: number;
  cases: StoreCaseResult[];
}

function casesFor(quick: boolean): StoreCase[] {
  const scale = quick ? 0.1 : 1;
  return [
    { name: '1 event/tx, synchronous=FULL', synchronous: 'FULL', batchSize: 1, events: 3000 * scale },
    { name: '1 event/tx, synchronous=NORMAL', synchronous: 'NORMAL', batchSize: 1, events: 30_000 * scale },
    {
      name: '1 000 events/tx, synchronous=FULL',
      synchronous: 'FULL',
      batchSize: 1000,
      events: 100_000 * scale,
    },
  ];
}

/** Single events round-robin over the relationship streams, or batches each to a stream of its own. */
function plan(events: number, batchSize: number): Transaction[] {
  const all = Array.from({ length: events }, (_, n) => storeEvent(n));
  if (batchSize === 1) {
    return all.map((event, n) => ({
      stream: streamOf(RELATIONSHIP_PAIRS[n % RELATIONSHIP_PAIRS.length]),
      firstRevision: Math.floor(n / RELATIONSHIP_PAIRS.length),
      events: [event],
    }));
  }
  const txs: Transaction[] = [];
  for (let i = 0; i < all.length; i += batchSize) {
    txs.push({
      stream: `bench-batch-${i / batchSize}`,
      firstRevision: 0,
      events: all.slice(i, i + batchSize),
    });
  }
  return txs;
}

class Stopwatch {
  private wallNs = 0n;
  private cpuMicros = 0;

  async time(work: () => Promise<void> | void): Promise<void> {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await work();
    this.wallNs += process.hrtime.bigint() - start;
    const used = process.cpuUsage(cpu);
    this.cpuMicros += used.user + used.system;
  }

  measurement(events: number): Measurement {
    const wallMicros = Number(this.wallNs) / 1000;
    return { eventsPerSec: events / (wallMicros / 1e6), cpuShare: this.cpuMicros / wallMicros };
  }
}

function countRows(path: string, expected: number): void {
  const { db } = openRawEventTable(path, 'NORMAL');
  const { n } = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get()!;
  db.close();
  if (n !== expected) throw new Error(`${path}: expected ${expected} rows after the run, found ${n}`);
}

/** Transactions per slice: ~100 fsyncs, or ~2 000 events, per turn. */
function sliceSize(c: StoreCase): number {
  const events = c.synchronous === 'FULL' && c.batchSize === 1 ? 100 : 2000;
  return Math.max(1, Math.ceil(events / c.batchSize));
}

/**
 * One run: both implementations on fresh files side by side, taking turns slice by slice (who goes
 * first alternates), so that the disk's speed drifting during the run weighs on both alike.
 */
async function runOnce(
  c: StoreCase,
  txs: Transaction[],
): Promise<{ ours: Measurement; reference: Measurement }> {
  return withTempDir('bench-store', async (dir) => {
    const paths = { ours: join(dir, 'ours.db'), reference: join(dir, 'reference.db') };
    const sessions = {
      ours: portSession(paths.ours, c.synchronous),
      reference: rawSession(paths.reference, c.synchronous),
    };
    const watches = { ours: new Stopwatch(), reference: new Stopwatch() };
    try {
      const size = sliceSize(c);
      for (let i = 0, turn = 0; i < txs.length; i += size, turn++) {
        const slice = txs.slice(i, i + size);
        const order = turn % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const);
        for (const who of order) await watches[who].time(() => sessions[who].run(slice));
      }
    } finally {
      await sessions.ours.close();
      await sessions.reference.close();
    }
    countRows(paths.ours, c.events);
    countRows(paths.reference, c.events);
    return { ours: watches.ours.measurement(c.events), reference: watches.reference.measurement(c.events) };
  });
}

async function runCase(c: StoreCase, runs: number): Promise<StoreCaseResult> {
  const txs = plan(c.events, c.batchSize);
  const ours: Measurement[] = [];
  const reference: Measurement[] = [];
  for (let r = 0; r < runs; r++) {
    const once = await runOnce(c, txs);
    ours.push(once.ours);
    reference.push(once.reference);
  }
  const oursPerSec = median(ours.map((m) => m.eventsPerSec));
  const referencePerSec = median(reference.map((m) => m.eventsPerSec));
  return {
    ...c,
    runs,
    ours,
    reference,
    oursPerSec,
    referencePerSec,
    ratio: oursPerSec / referencePerSec,
    oursCpuShare: median(ours.map((m) => m.cpuShare)),
    referenceCpuShare: median(reference.map((m) => m.cpuShare)),
  };
}

async function warmUp(quick: boolean): Promise<void> {
  const c: StoreCase = { name: 'warm-up', synchronous: 'NORMAL', batchSize: 1, events: quick ? 300 : 3000 };
  await runOnce(c, plan(c.events, 1));
}

export async function runStoreAppendBench(quick: boolean, log = console.error): Promise<StoreAppendResults> {
  const runs = quick ? 1 : 3;
  log(`store-append: ${quick ? 'quick, ' : ''}${runs} run(s) per case, medians`);
  const fdatasyncPerSec = await fdatasyncPerSecond(quick ? 100 : 1000);
  await warmUp(quick);
  const cases: StoreCaseResult[] = [];
  for (const c of casesFor(quick)) {
    log(`  ${c.name}: ${formatCount(c.events)} events`);
    cases.push(await runCase(c, runs));
  }
  return { bench: 'store-append', quick, eventDataBytes: EVENT_DATA_BYTES, fdatasyncPerSec, cases };
}

export function storeAppendTable(results: StoreAppendResults): Table {
  const runs = results.cases[0]?.runs ?? 0;
  return {
    title: `Event store append: SqliteEventStore (ours) vs raw better-sqlite3 (reference), median of ${runs}`,
    head: ['case', 'events', 'ours ev/s', 'reference ev/s', 'ours ÷ ref', 'ours µs/ev', 'ref µs/ev'],
    rows: results.cases.map((c) => [
      c.name,
      formatCount(c.events),
      formatCount(c.oursPerSec),
      formatCount(c.referencePerSec),
      formatRatio(c.ratio),
      formatMicros(1e6 / c.oursPerSec),
      formatMicros(1e6 / c.referencePerSec),
    ]),
  };
}

if (require.main === module) {
  runStoreAppendBench(isQuick())
    .then((results) => {
      console.log(renderText(storeAppendTable(results)));
      console.log(`disk: ${formatCount(results.fdatasyncPerSec)} fdatasync/s (4 KiB)`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
