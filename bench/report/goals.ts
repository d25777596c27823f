import { formatCount, formatMicros, formatMs, formatRatio } from '../support/stats';
import type { Table } from '../support/table';
import type { BenchSummary } from './summary';

/** Decimal megabytes, as the goal is stated (300 MB). */
export const megabytes = (bytes: number | undefined): string =>
  bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${Math.round(bytes / 1e6)} MB`;

/**
 * The state query's CPU per request as the sum of its two floors' costs beyond bare node:http: the
 * HTTP shell (GET /health) and the read (our read-model code on raw node:http).
 */
export function stateQueryCosts(r: BenchSummary['readPath']) {
  const cpu = (load: { serverCpuMicrosPerRequest: number }) => load.serverCpuMicrosPerRequest;
  const { state } = r;
  const shell = cpu(state.shell.ours) - cpu(state.shell.reference);
  const read = cpu(state.noShell.ours) - cpu(state.noShell.reference);
  return {
    shell,
    read,
    nodeHttp: cpu(state.reference),
    sum: cpu(state.reference) + shell + read,
    ours: cpu(state.ours),
  };
}

/** The state query's p99 against its mean wait (Little's law: connections ÷ throughput), ours and the reference's. */
export function stateQueryTail(r: BenchSummary['readPath']) {
  const meanMs = (requestsPerSec: number) => (r.state.connections / requestsPerSec) * 1000;
  const oursMeanMs = meanMs(r.state.ours.requestsPerSec);
  const referenceMeanMs = meanMs(r.state.reference.requestsPerSec);
  const oursTail = r.state.ours.p99Ms / oursMeanMs;
  return {
    oursMeanMs,
    referenceMeanMs,
    oursTail,
    referenceTail: r.state.reference.p99Ms / referenceMeanMs,
    /** The throughput at which the mean wait times our tail is 5 ms. */
    requestsPerSecForGoal: (r.state.connections * oursTail) / 0.005,
  };
}

export interface Goal {
  goal: string;
  figure: string;
  met: boolean;
  note?: string;
}

/** The goals of the performance issue, each beside what this run measured (not a pass/fail of the bench). */
export function goals(summary: BenchSummary): Goal[] {
  const { readPath: r, cliImport: c, storeAppend, httpPost } = summary;
  const p = r.projection;
  const slowestStart = Math.max(...r.startToHealthySeconds);
  const single = storeAppend.cases.find((k) => k.batchSize === 1 && k.synchronous === 'FULL');
  const floor = r.writeFloor.eventsPerSec;
  const tail = stateQueryTail(r);
  const costs = stateQueryCosts(r);
  const bound = (ours: number): string =>
    `bound: raw better-sqlite3 writing the same read models' rows alone reaches ${formatRatio(floor / r.rawScanPerSec)}; ` +
    `this is ${formatRatio(ours / floor)} of that`;
  return [
    {
      goal: 'durable single append through the port ≥ 0.8 × raw single insert FULL',
      figure: single ? formatRatio(single.ratio) : 'n/a',
      met: single !== undefined && single.ratio >= 0.8,
    },
    {
      goal: `POST /v1/events (${httpPost.connections} conn.) ≥ 1.0 × raw node:http + single insert FULL`,
      figure: formatRatio(httpPost.ratioOursToRawSqlite),
      met: httpPost.ratioOursToRawSqlite >= 1,
      note: 'group commit: the appends that arrive together share one transaction and one sync',
    },
    {
      goal: 'projector ≥ 0.25 × raw scan + JSON.parse',
      figure: formatRatio(r.projectionRatio),
      met: r.projectionRatio >= 0.25,
      note:
        (p.finished
          ? 'until every version is rendered'
          : `not finished within ${p.budgetSeconds} s: events ÷ time watched`) + `; ${bound(p.eventsPerSec)}`,
    },
    {
      goal: 'replay ≥ 0.25 × raw scan + JSON.parse',
      figure: formatRatio(r.replayRatio),
      met: r.replayRatio >= 0.25,
      note:
        (r.replay.answered
          ? 'including hashing both read models'
          : `no answer within ${r.replay.budgetSeconds} s: rebuilt events ÷ time`) +
        `; ${bound(r.replay.eventsPerSec)}`,
    },
    {
      goal: 'state query ≥ 0.5 × raw node:http',
      figure: formatRatio(r.state.ratio),
      met: r.state.ratio >= 0.5,
      note:
        `bound: the shell alone (GET /health) ${formatRatio(r.state.shell.ratio)}, the read alone (node:http + our ` +
        `read-model code) ${formatRatio(r.state.noShell.ratio)}; their CPU per request adds up to ` +
        `${formatMicros(costs.sum)}, ours ${formatMicros(costs.ours)}`,
    },
    {
      goal: 'state query p99 ≤ 5 ms',
      figure: formatMs(r.state.ours.p99Ms),
      met: r.state.ours.p99Ms <= 5,
      note:
        `${r.state.ours.p99Ms <= 5 ? '' : 'bound: the throughput; '}p99 = ${tail.oursTail.toFixed(1)} × the mean wait of ${formatMs(tail.oursMeanMs)} ` +
        `(connections ÷ req/s), node:http's ${tail.referenceTail.toFixed(1)} ×; 5 ms needs about ` +
        `${formatCount(tail.requestsPerSecForGoal)} req/s at our tail`,
    },
    { goal: 'knownAt p99 ≤ 20 ms', figure: formatMs(r.knownAt.ours.p99Ms), met: r.knownAt.ours.p99Ms <= 20 },
    {
      goal: 'start to healthy ≤ 2 s',
      figure: `${slowestStart.toFixed(2)} s`,
      met: slowestStart <= 2,
      note:
        `the slowest of ${r.startToHealthySeconds.length} restarts on the projected store; on a store ` +
        'whose read models are behind, it is the whole catch-up',
    },
    {
      goal: 'RSS ≤ 300 MB',
      figure: megabytes(r.state.rssMaxBytes),
      met: r.state.rssMaxBytes <= 300e6,
      note: 'largest sample while serving state queries',
    },
    {
      goal: 'import ≥ 0.7 × raw batched insert',
      figure: formatRatio(c.importRatio),
      met: c.importRatio >= 0.7,
      note:
        `bound: validating the lines alone (the catalogue's schemas, one thread) reaches ${formatRatio(c.validationRatio)}; ` +
        `validation is ${Math.round(
          c.profile.shares
            .filter((x) => /^class-(validator|transformer)/.test(x.bucket))
            .reduce((sum, x) => sum + x.share, 0) * 100,
        )} % of the import's profile`,
    },
  ];
}

export function goalsTable(summary: BenchSummary): Table {
  return {
    title: 'Goals of the performance issue beside this run',
    head: ['goal', 'this run', 'met', 'note'],
    rows: goals(summary).map((g) => [g.goal, g.figure, g.met ? 'yes' : 'no', g.note ?? '']),
  };
}
