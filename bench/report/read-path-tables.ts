import type { LoadResult, Profile, ReadPathResults } from '../read-path-results';
import { megabytes } from './goals';
import { formatCount, formatMs, formatRatio } from '../support/stats';
import type { Table } from '../support/table';

/** The tables of the read-path benchmark in docs/benchmarks.md. */
const secs = (s: number): string => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;

/** The throughput figures: ours, the reference measured in the same run, the ratio. */
export function readThroughputTable(r: ReadPathResults): Table {
  const p = r.projection;
  const head =
    p.headSeconds === undefined
      ? ''
      : `; checkpoint at the head after ${secs(p.headSeconds)}, ${formatCount(p.events / p.headSeconds)} ev/s`;
  const projected = p.finished
    ? `${formatCount(p.eventsPerSec)} (at the head after ${secs(p.seconds)})`
    : `${formatCount(p.eventsPerSec)} (stopped after ${Math.round(p.seconds)} s at ${formatCount(p.projected)} of ${formatCount(p.events)}${head})`;
  const replay = r.replay.answered
    ? formatCount(r.replay.eventsPerSec)
    : `${formatCount(r.replay.eventsPerSec)} (no answer in ${r.replay.budgetSeconds} s; ${formatCount(r.replay.events)} rebuilt by then)`;
  return {
    title: `Read path on ${formatCount(r.store.events)} events over ${formatCount(r.store.relationships)} relationships: ours vs raw better-sqlite3 scan + JSON.parse (same run)`,
    head: ['measure', 'ours ev/s', 'reference ev/s', 'ours ÷ ref'],
    rows: [
      [
        'projector, from position 0 to the head (service)',
        projected,
        formatCount(r.rawScanPerSec),
        formatRatio(r.projectionRatio),
      ],
      ['replay (POST /v1/audit/replay)', replay, formatCount(r.rawScanPerSec), formatRatio(r.replayRatio)],
      [
        `floor: raw better-sqlite3 writing the projected read models' rows as a build does (${formatCount(r.writeFloor.rows)} rows, ${formatCount(r.writeFloor.words)} of them texts into the full-text index, ${megabytes(r.writeFloor.bytes)}) into a fresh file, nothing read from the log or folded`,
        formatCount(r.writeFloor.eventsPerSec),
        formatCount(r.rawScanPerSec),
        formatRatio(r.writeFloor.eventsPerSec / r.rawScanPerSec),
      ],
      ...(r.writeFloorWithoutWords
        ? [
            [
              `the same floor with the full-text index left empty (${formatCount(r.writeFloorWithoutWords.rows)} rows, ${megabytes(r.writeFloorWithoutWords.bytes)})`,
              formatCount(r.writeFloorWithoutWords.eventsPerSec),
              formatCount(r.rawScanPerSec),
              formatRatio(r.writeFloorWithoutWords.eventsPerSec / r.rawScanPerSec),
            ],
          ]
        : []),
    ],
  };
}

export function readQueryTable(r: ReadPathResults): Table {
  const row = (name: string, load: LoadResult, ratio: string): string[] => [
    name,
    formatCount(load.requestsPerSec),
    formatMs(load.p50Ms),
    formatMs(load.p99Ms),
    formatCount(load.non2xx),
    formatCount(load.errors),
    ratio,
  ];
  return {
    title:
      `GET /v1/relationships/{a}/{b}: ours vs raw node:http serving captured answers (same run), ` +
      `median of slices taken in turns`,
    head: ['query, server', 'req/s (2xx)', 'p50', 'p99', 'non-2xx', 'errors', 'ours ÷ ref'],
    rows: [
      row(`?at= (${r.state.connections} conn.), ours`, r.state.ours, formatRatio(r.state.ratio)),
      row(`?at= (${r.state.connections} conn.), reference`, r.state.reference, '—'),
      row(
        `/health (${r.state.connections} conn.), ours: the shell's floor`,
        r.state.shell.ours,
        formatRatio(r.state.shell.ratio),
      ),
      row(`/health (${r.state.connections} conn.), reference`, r.state.shell.reference, '—'),
      row(
        `?at= (${r.state.connections} conn.), node:http + our read-model code, no shell: the read's floor`,
        r.state.noShell.ours,
        formatRatio(r.state.noShell.ratio),
      ),
      row(`?at= (${r.state.connections} conn.), reference (again)`, r.state.noShell.reference, '—'),
      row(
        `?at=&knownAt= (${r.knownAt.connections} conn.), ours`,
        r.knownAt.ours,
        formatRatio(r.knownAt.ratio),
      ),
      row(`?at=&knownAt= (${r.knownAt.connections} conn.), reference`, r.knownAt.reference, '—'),
    ],
  };
}

export function readServiceTable(r: ReadPathResults): Table {
  const p = r.projection;
  return {
    title: 'The service on the store: start-up and memory',
    head: ['measure', 'value'],
    rows: [
      ['start to healthy, projected store (each restart)', r.startToHealthySeconds.map(secs).join(', ')],
      [
        'RSS while serving ?at= queries (median / max)',
        `${megabytes(r.state.rssMedianBytes)} / ${megabytes(r.state.rssMaxBytes)}`,
      ],
      ['RSS while serving knownAt queries (max)', megabytes(r.knownAt.rssMaxBytes)],
      ['peak RSS while projecting from 0', megabytes(p.peakRssBytes)],
      [
        'first /health answer while projecting from 0',
        p.firstHealthSeconds === undefined
          ? `none in ${Math.round(p.seconds)} s`
          : secs(p.firstHealthSeconds),
      ],
      ['read-model file', megabytes(p.readModelBytes) + (p.finished ? '' : ' (partial)')],
      ['event-store file', megabytes(r.store.bytes)],
      ['read models ÷ event store', formatRatio(p.readModelBytes / r.store.bytes)],
    ],
  };
}

/** A line of code for inline Markdown code in a table cell: no backticks, pipes escaped. */
const codeText = (text: string): string => text.replace(/`/g, "'").replace(/\|/g, '\\|');

export function readProfileTable(profile: Profile, what: string): Table {
  return {
    title: `Where the service's main thread spends its time: ${what}`,
    head: ['function (file:line, busiest line)', 'self', 'busiest line'],
    rows: profile.hot.map((h) => [
      h.where === 'native'
        ? h.name
        : `${h.name} (${h.where}${h.line ? `:${h.line}` : ''})${h.lineText ? ` \`${codeText(h.lineText)}\`` : ''}`,
      `${(h.share * 100).toFixed(1)} %`,
      h.lineShare === undefined ? '—' : `${(h.lineShare * 100).toFixed(1)} %`,
    ]),
  };
}

/**
 * The `?at=` request part by part (issue: "a lighter HTTP shell on reads"): each part's share of the
 * profiled samples, times the server's CPU per request under the measured load.
 */
export function readPartsTable(r: ReadPathResults): Table {
  const cpu = r.state.ours.serverCpuMicrosPerRequest;
  return {
    title: '?at= requests, part by part (share of the profile × server CPU per request)',
    head: ['part of the request', 'share', 'µs/request'],
    rows: (r.profiles.state.parts ?? []).map((p) => [
      p.part,
      `${(p.share * 100).toFixed(1)} %`,
      Number.isFinite(cpu) ? `${Math.round(p.share * cpu)} µs` : '—',
    ]),
  };
}
