import type { HotFunction, ProfileShare } from '../support/cpu-profile';
import { formatCount, formatMicros, formatMs, formatRatio } from '../support/stats';
import { megabytes } from './goals';
import type { BenchSummary } from './summary';

const pct = (share: number): string => `${(share * 100).toFixed(0)} %`;
const secs = (s: number): string => `${s < 10 ? s.toFixed(2) : s.toFixed(0)} s`;
/** CPU time per request: µs below a millisecond, ms above. */
const cpu = (micros: number): string =>
  micros >= 1000 ? `${(micros / 1000).toFixed(1)} ms` : formatMicros(micros);

/** The summed share of the profile buckets whose name matches (their "→ native code" part included). */
function shareOf(shares: ProfileShare[], pattern: RegExp): number {
  return shares.filter((s) => pattern.test(s.bucket)).reduce((sum, s) => sum + s.share, 0);
}

/** `versionsFrom` 23 % (state-at.js:98 `versions.push(…)`). */
function hot(h: HotFunction): string {
  if (h.where === 'native') return `${h.name} ${pct(h.share)}`;
  const file = h.where.replace(/^dist\//, '').replace(/^node_modules\//, '');
  const text = h.lineText?.replace(/`/g, "'");
  const line = text ? ` \`${text.length > 90 ? `${text.slice(0, 87)}…` : text}\`` : '';
  return `\`${h.name}\` ${pct(h.share)} (${file}${h.line ? `:${h.line}` : ''}${line})`;
}

function hotList(list: HotFunction[], count: number): string {
  return list
    .filter((h) => !h.name.startsWith('(garbage') && !h.where.startsWith('node:internal/modules'))
    .slice(0, count)
    .map(hot)
    .join('; ');
}

/** Expected distinct streams among `lines` lines spread evenly at random over `relationships` streams. */
function streamsPerBatch(relationships: number, lines: number): number {
  return relationships * (1 - (1 - 1 / relationships) ** lines);
}

/** "What the figures say" for the read path and the CLI: sentences computed from this run's figures. */
export function readFindings(summary: BenchSummary): string[] {
  const { readPath: r, cliImport: c } = summary;
  const p = r.projection;
  const out: string[] = [];
  const scans = `${formatCount(r.rawScanPerSec)} ev/s, median of ${r.rawScans.length} scans in this run`;

  let projection =
    `**The projector is the slowest path: ${formatRatio(r.projectionRatio)} of a raw scan.** Started on the ` +
    `${formatCount(p.events)}-event store with empty read models, the service projected ` +
    `${formatCount(p.projected)} events in ${secs(p.seconds)} (${formatCount(p.eventsPerSec)} ev/s, start-up ` +
    `included) against a raw better-sqlite3 scan with JSON.parse of the same table (${scans}).`;
  if (!p.finished) {
    const left = p.events - p.projected;
    projection +=
      ` It did not finish within the bench's budget of ${p.budgetSeconds} s and was stopped: its rate fell from ` +
      `${formatCount(p.firstFifthPerSec)} ev/s in the first fifth of that time to ${formatCount(p.lastFifthPerSec)} ev/s ` +
      `in the last, so the ${formatCount(left)} events left would have taken at least ` +
      `${secs(left / p.lastFifthPerSec)} more at the last rate (it keeps falling).`;
  } else {
    projection +=
      ` Its rate went from ${formatCount(p.firstFifthPerSec)} ev/s in the first fifth of the time to ` +
      `${formatCount(p.lastFifthPerSec)} ev/s in the last.`;
  }
  if (p.completion) {
    projection +=
      ` To serve the queries below on the whole store the bench then finished the projection itself with the ` +
      `same library code (ReadModelDb.applyBatch, batches of ${formatCount(p.completion.batch)} instead of ` +
      `the service's 5 000): ${formatCount(p.completion.events)} events in ${secs(p.completion.seconds)}, ` +
      `${formatCount(p.completion.eventsPerSec)} ev/s — larger batches recompute each relationship fewer times.`;
  }
  projection += ` Read models on disk: ${megabytes(p.readModelBytes)}${p.finished ? '' : ' when stopped'}, for an event store of ${megabytes(r.store.bytes)}.`;
  out.push(projection);

  const pr = r.profiles.projection;
  out.push(
    `**Where projecting goes** (the service projecting ${formatCount(pr.events)} events over ` +
      `${formatCount(pr.relationships)} relationships — the same ${formatCount(pr.events / pr.relationships)} events ` +
      `per relationship as the big store — under \`--cpu-prof\`, ${secs(pr.seconds)}; own time per function, ` +
      `SQLite, JSON and structuredClone counted in the function that calls them, on the line shown): ` +
      `${hotList(pr.hot, 4)}; EDTF date parsing (nearley, edtf) ${pct(shareOf(pr.shares, /^(nearley|edtf)/))}; ` +
      `garbage collection ${pct(shareOf(pr.shares, /garbage/))}. The read models keep, per relationship, one ` +
      `version of the state for every distinct date, each the whole fold as JSON (every agreement ever signed, ` +
      `positions, visa policies, missions…). A fact dated before the relationship's latest version — here one ` +
      `event in ten is backfilled, and a year- or month-precision date starts on the 1st — makes ` +
      `applyToRelationship delete and recompute every later version: versionsFrom structuredClones the fold for ` +
      `each, and each is JSON.stringify'd and inserted again. The cost of an event thus grows with the versions ` +
      `after its date times the size of the fold, both of which grow with the relationship's history: that is ` +
      `why the rate falls as the store fills, and why the read models are several times the size of the log. ` +
      `Each distinct date string is parsed once by edtf (memoised after), and each parse builds a new nearley ` +
      `parser.`,
  );

  const health =
    p.firstHealthSeconds === undefined
      ? `No GET /health (probed every ~0.5 s) got an answer in the ${secs(p.seconds)} the service spent projecting`
      : `The first GET /health answer came ${secs(p.firstHealthSeconds)} after the start`;
  const rp0 = r.replay;
  const replayHealth = !rp0.healthSent
    ? ''
    : ` The replay does the same (readLog awaits readAll, which never waits on I/O, until the digests): a GET ` +
      `/health sent 1 s into it ` +
      (rp0.healthDuringReplayMs === undefined
        ? `got no answer in the ${rp0.budgetSeconds} s the bench waited.`
        : `was answered ${secs(rp0.healthDuringReplayMs / 1000)} later` +
          (rp0.answered ? `, the replay having taken ${secs(rp0.durationMs / 1000)} in all.` : '.'));
  out.push(
    `**While it catches up the service answers nothing.** ${health}. No request is answered until the ` +
      `projector has caught up, because the catch-up never lets the event loop turn: SqliteEventStore.subscribe ` +
      `reads pages synchronously and yields them from an async generator, so Projector.run's for-await loop ` +
      `chains promise microtasks with no I/O wait between them; Fastify's ready()/listen, timers and sockets ` +
      `all wait until the chain ends. So on a store whose ` +
      `read models are behind, start to healthy is the whole projection.${replayHealth}`,
  );

  const st = r.state;
  const extra = st.ours.serverCpuMicrosPerRequest - st.reference.serverCpuMicrosPerRequest;
  out.push(
    `**State queries** (\`?at=\`, random pairs of ${formatCount(r.store.relationships)} and random days, ` +
      `${st.connections} connections): ${formatCount(st.ours.requestsPerSec)} req/s against ` +
      `${formatCount(st.reference.requestsPerSec)} for raw node:http serving captured answers of the same size ` +
      `(${formatCount(st.responseBytes)} bytes median): ${formatRatio(st.ratio)}; p50 ${formatMs(st.ours.p50Ms)}, ` +
      `p99 ${formatMs(st.ours.p99Ms)} (reference ${formatMs(st.reference.p50Ms)} / ${formatMs(st.reference.p99Ms)}). ` +
      `CPU per request: ours ${formatMicros(st.ours.serverCpuMicrosPerRequest)}, reference ` +
      `${formatMicros(st.reference.serverCpuMicrosPerRequest)}: about ${formatMicros(extra)} go to Fastify and Nest ` +
      `(routing, the guard, the CQRS bus), checking the parameters, two read-model lookups (the relationship, ` +
      `the version in force on the day), JSON.parse of the stored fold, renderState and serialising the answer. ` +
      `Busiest functions under that load: ${hotList(r.profiles.state.hot, 4)}; by package: ` +
      `${topBuckets(r.profiles.state.shares, 4)}. EDTF parsing takes ` +
      `${pct(shareOf(r.profiles.state.shares, /^(nearley|edtf)/))} of it: \`at\` goes through parsePartialDate, ` +
      `and each of the ~31 000 distinct days of the load is parsed by edtf the first time it is asked for ` +
      `(memoised after; the profile runs on a freshly started service). The load generator shares the ` +
      `${summary.machine.cores} cores, so the reference is a ceiling of this machine rather than of node:http.`,
  );

  const k = r.knownAt;
  out.push(
    `**knownAt** (one pair of ${formatCount(k.eventsInPair)} events, each request folding the ` +
      `${formatCount(k.foldedMin)}–${formatCount(k.foldedMax)} recorded by its instant; ${k.connections} connections): ` +
      `p50 ${formatMs(k.ours.p50Ms)}, p99 ${formatMs(k.ours.p99Ms)}, ${formatCount(k.ours.requestsPerSec)} req/s ` +
      `(${cpu(k.ours.serverCpuMicrosPerRequest)} of CPU each) — the reference serves the captured answers ` +
      `(${formatCount(k.responseBytes)} bytes) at ${formatCount(k.reference.requestsPerSec)} req/s. This path reads ` +
      `every stored event of the pair recorded by then (relationship_events, a JSON text each), parses them, ` +
      `rebuilds their dated facts, sorts and folds them, for every request. Busiest: ${hotList(r.profiles.knownAt.hot, 4)}; ` +
      `by package: ${topBuckets(r.profiles.knownAt.shares, 4)}.`,
  );

  out.push(
    `**Start-up and memory:** from spawn to a 200 from /health on the projected ${formatCount(r.store.events)}-event ` +
      `store: ${r.startToHealthySeconds.map(secs).join(' and ')} (two restarts, nothing to catch up). Resident ` +
      `memory while serving the state queries: ${megabytes(st.rssMedianBytes)} median, ${megabytes(st.rssMaxBytes)} ` +
      `at most; the process that projected from position 0 peaked at ${megabytes(p.peakRssBytes)}.`,
  );

  const rp = r.replay;
  out.push(
    rp.answered
      ? `**Replay:** POST /v1/audit/replay rebuilt ${formatCount(rp.events)} events in ${secs(rp.durationMs / 1000)} ` +
          `(its own durationMs, which includes hashing both read models for the comparison): ` +
          `${formatCount(rp.eventsPerSec)} ev/s, ${formatRatio(r.replayRatio)} of the raw scan; ok: ${rp.ok}` +
          `${p.completion && rp.ok ? ' — the rebuilt read models have the digest of the live ones, which the bench had finished projecting: the two agree' : ''}. ` +
          `It runs the projector's applyBatch (batches of 2 000), so it pays the same version rewrites.`
      : `**Replay:** POST /v1/audit/replay gave no answer within the bench's budget of ${rp.budgetSeconds} s; by then ` +
          `the shadow read models had reached position ${formatCount(rp.events)}: ~${formatCount(rp.eventsPerSec)} ev/s, ` +
          `${formatRatio(r.replayRatio)} of the raw scan (a whole replay of ${formatCount(r.store.events)} events would ` +
          `take at least ${secs(r.store.events / Math.max(1, rp.eventsPerSec))}, then hash both read models). It runs ` +
          `the projector's applyBatch (batches of 2 000), so it pays the same version rewrites.`,
  );

  const perBatch = streamsPerBatch(c.plan.relationships, 1000);
  out.push(
    `**CLI import:** ${formatCount(c.import.lines)} lines in ${secs(c.import.seconds)}: ` +
      `${formatCount(c.import.linesPerSec)} lines/s, ${formatRatio(c.importRatio)} of raw better-sqlite3 inserting ` +
      `the same rows 1 000 per transaction (${formatCount(c.rawImportPerSec)} rows/s, WAL, FULL). The importer ` +
      `decides 1 000 lines, then appends them with one append — one transaction, one fsync under FULL — per ` +
      `stream; with the lines spread over ${formatCount(c.plan.relationships)} relationships (log order, as an export ` +
      `is) a batch touches about ${formatCount(perBatch)} streams, so it commits ~${(perBatch / 1000).toFixed(2)} ` +
      `times per line where the reference commits once per 1 000. Profile (${formatCount(c.profile.lines)} lines, ` +
      `wall-clock samples): better-sqlite3 (COMMIT, fsync included) ${pct(shareOf(c.profile.shares, /^better-sqlite3/))}, ` +
      `EDTF parsing ${pct(shareOf(c.profile.shares, /^(nearley|edtf)/))}, class-validator/class-transformer ` +
      `${pct(shareOf(c.profile.shares, /^class-(validator|transformer)/))}; busiest: ${hotList(c.profile.hot, 3)}.`,
  );
  out.push(
    `**CLI export:** ${formatCount(c.export.events)} events in ${secs(c.export.seconds)}, ` +
      `${formatCount(c.export.eventsPerSec)} ev/s against ${formatCount(c.rawExport.eventsPerSec)} for a raw scan ` +
      `writing the same NDJSON lines (${formatRatio(c.exportRatio)}); starting the CLI alone takes ` +
      `${secs(c.cliStartSeconds)} of that (\`help\`, median of 3).`,
  );
  return out;
}

function topBuckets(shares: ProfileShare[], count: number): string {
  return shares
    .filter((s) => s.bucket !== 'everything else')
    .slice(0, count)
    .map((s) => `${s.bucket} ${pct(s.share)}`)
    .join(', ');
}
