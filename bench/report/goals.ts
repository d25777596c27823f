import { formatCount, formatMs, formatRatio } from '../support/stats';
import type { Table } from '../support/table';
import type { CliImportResults } from '../cli-import.bench';
import type { BenchSummary } from './summary';
import { searchGoals } from '../search.bench';

/** Decimal megabytes, as the goal is stated (300 MB). */
export const megabytes = (bytes: number | undefined): string =>
  bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${Math.round(bytes / 1e6)} MB`;

export interface Goal {
  goal: string;
  figure: string;
  met: boolean;
  note?: string;
}

/** The goal of the write-path issue for `import`, beside what this run measured. */
export function importGoals(cli: CliImportResults): Goal[] {
  return [
    {
      goal: 'import ≥ 0.5 × raw batched inserts of the same lines',
      figure: formatRatio(cli.importRatio),
      met: cli.importRatio >= 0.5,
      note: `${formatCount(cli.import.linesPerSec)} against ${formatCount(cli.rawImportPerSec)} lines/s`,
    },
  ];
}

/** The goals of the read-side, write-path and search issues, each beside what this run measured. */
export function goals(summary: BenchSummary): Goal[] {
  return [...readSideGoals(summary), ...importGoals(summary.cliImport), ...searchGoals(summary.search)];
}

/** The goals of the read-side issue ("The read side at any scale"). */
function readSideGoals(summary: BenchSummary): Goal[] {
  const { readPath: r, growth: g } = summary;
  const p = r.projection;
  const slowestStart = Math.max(...r.startToHealthySeconds);
  const first = g.points[0];
  const last = g.points[g.points.length - 1];
  const perFact = (point: typeof first) => point.readModelBytes / point.facts;
  const timePerFact = (point: typeof first) => point.projectionSeconds / point.facts;
  const bytesGrowth = perFact(last) / perFact(first);
  const timeGrowth = timePerFact(last) / timePerFact(first);
  const worstLogRatio = Math.max(...g.points.map((x) => x.readModelBytes / x.logBytes));
  const p99Ratio = last.query.p99Ms / last.reference.p99Ms;
  const readModelRatio = p.readModelBytes / r.store.bytes;
  const peakRss = Math.max(r.state.rssMaxBytes, r.knownAt.rssMaxBytes, p.peakRssBytes ?? 0);
  const n = (x: number) => formatCount(x);
  return [
    {
      goal: `growth, N = ${n(first.facts)} → ${n(last.facts)}: read-model bytes per fact within 1.5×`,
      figure: formatRatio(bytesGrowth),
      met: bytesGrowth <= 1.5 && 1 / bytesGrowth <= 1.5,
    },
    {
      goal: 'growth: read models ≤ 3 × the event log',
      figure: formatRatio(worstLogRatio),
      met: worstLogRatio <= 3,
      note: 'the largest of the N measured',
    },
    {
      goal: `growth, N = ${n(first.facts)} → ${n(last.facts)}: projection time per fact within 2×`,
      figure: formatRatio(timeGrowth),
      met: timeGrowth <= 2 && 1 / timeGrowth <= 2,
    },
    {
      goal: `growth, N = ${n(last.facts)}: ?at= p99 ≤ 3 × the answer's JSON.parse + JSON.stringify`,
      figure: formatRatio(p99Ratio),
      met: p99Ratio <= 3,
      note: `${formatMs(last.query.p99Ms)} against ${formatMs(last.reference.p99Ms)} (answers up to ${megabytes(last.reference.largestAnswerBytes)})`,
    },
    {
      goal: `${n(r.store.events)} events: read models ≤ 1.0 × the event log`,
      figure: formatRatio(readModelRatio),
      met: readModelRatio <= 1,
      note: `${megabytes(p.readModelBytes)} against ${megabytes(r.store.bytes)}`,
    },
    {
      goal: 'projector from position 0 ≥ 0.25 × raw scan + JSON.parse',
      figure: formatRatio(r.projectionRatio),
      met: r.projectionRatio >= 0.25,
      note: p.finished ? undefined : `not finished within ${p.budgetSeconds} s: events ÷ time watched`,
    },
    {
      goal: 'replay ≥ 0.25 × raw scan + JSON.parse',
      figure: formatRatio(r.replayRatio),
      met: r.replayRatio >= 0.25,
      note: r.replay.answered
        ? 'including hashing both read models'
        : `no answer within ${r.replay.budgetSeconds} s: rebuilt events ÷ time`,
    },
    {
      goal: `?at= (${r.state.connections} conn.) ≥ 0.5 × raw node:http`,
      figure: formatRatio(r.state.ratio),
      met: r.state.ratio >= 0.5,
      note: `the shell alone (GET /health) ${formatRatio(r.state.shell.ratio)}; node:http with our read code and no shell ${formatRatio(r.state.noShell.ratio)}`,
    },
    { goal: '?at= p99 ≤ 5 ms', figure: formatMs(r.state.ours.p99Ms), met: r.state.ours.p99Ms <= 5 },
    {
      goal: `?at=&knownAt= (${r.knownAt.connections} conn.) ≥ 0.25 × its reference`,
      figure: formatRatio(r.knownAt.ratio),
      met: r.knownAt.ratio >= 0.25,
    },
    {
      goal: '?at=&knownAt= p99 ≤ 10 ms',
      figure: formatMs(r.knownAt.ours.p99Ms),
      met: r.knownAt.ours.p99Ms <= 10,
    },
    {
      goal: 'RSS ≤ 300 MB at every step',
      figure: megabytes(peakRss),
      met: peakRss <= 300e6,
      note: `peak while projecting from 0: ${megabytes(p.peakRssBytes)}; largest sample while serving ?at=: ${megabytes(r.state.rssMaxBytes)}, knownAt: ${megabytes(r.knownAt.rssMaxBytes)}`,
    },
    {
      goal: 'start to healthy ≤ 2 s',
      figure: `${slowestStart.toFixed(2)} s`,
      met: slowestStart <= 2,
      note: `the slowest of ${r.startToHealthySeconds.length} restarts on the projected store`,
    },
  ];
}

export function goalsTable(summary: BenchSummary): Table {
  return goalsTableOf(goals(summary));
}

export function goalsTableOf(list: Goal[]): Table {
  return {
    title: 'Goals beside this run',
    head: ['goal', 'this run', 'met', 'note'],
    rows: list.map((g) => [g.goal, g.figure, g.met ? 'yes' : 'no', g.note ?? '']),
  };
}
