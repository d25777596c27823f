import type { HotFunction, ProfileShare } from '../support/cpu-profile';
import { formatCount, formatMicros, formatMs, formatRatio, median } from '../support/stats';
import { megabytes, stateQueryCosts, stateQueryTail } from './goals';
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

/** `renderVersions` 23 % (state-versions.js:51 `versions.push(…)`). */
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

/** "What the figures say" for the read path and the CLI: sentences computed from this run's figures. */
export function readFindings(summary: BenchSummary): string[] {
  const { readPath: r, cliImport: c } = summary;
  const p = r.projection;
  const out: string[] = [];
  const scans = `${formatCount(r.rawScanPerSec)} ev/s, median of ${r.rawScans.length} scans in this run`;

  const headRatio = p.headSeconds === undefined ? undefined : p.events / p.headSeconds / r.rawScanPerSec;
  let projection =
    `**The projector: ${formatRatio(r.projectionRatio)} of a raw scan, until every version is rendered.** Started ` +
    `on the ${formatCount(p.events)}-event store with empty read models, the service ` +
    (p.headSeconds === undefined
      ? `had not reached the head of the log when stopped`
      : `had its checkpoint at the head of the log after ${secs(p.headSeconds)} ` +
        `(${formatCount(p.events / p.headSeconds)} ev/s, start-up included: ${formatRatio(headRatio!)} of the scan)`) +
    (p.finished
      ? ` and had rendered every relationship's versions after ${secs(p.seconds)}: ${formatCount(p.eventsPerSec)} ev/s over the whole`
      : `; it was stopped after ${secs(p.seconds)} at ${formatCount(p.projected)} events with versions still to render`) +
    `, against a raw better-sqlite3 scan with JSON.parse of the same table (${scans}). The read models being ` +
    `empty, it built them stream by stream (a relationship's whole history, its versions rendered at once), ` +
    `so the checkpoint is set once, at the end, with every version rendered.`;
  if (p.completion) {
    projection +=
      ` To serve the queries below on the whole store the bench then finished the projection itself with the ` +
      `same library code (the build stream by stream, then ReadModelDb.applyBatch, ${formatCount(p.completion.batch)} ` +
      `events per transaction, and materialize): ${formatCount(p.completion.events)} events in ${secs(p.completion.seconds)}.`;
  }
  projection += ` Read models on disk: ${megabytes(p.readModelBytes)}${p.finished ? '' : ' when stopped'}, for an event store of ${megabytes(r.store.bytes)}.`;
  out.push(projection);

  const f = r.writeFloor;
  out.push(
    `**What bounds the projector and the replay: writing the read models.** Raw better-sqlite3 copying the ` +
      `rows the projection wrote (${formatCount(f.rows)} rows: events, facts, versions, folds and two small tables, ` +
      `${megabytes(f.bytes)}) into a fresh file with the same tables and settings, in the order stored, 2 000 rows ` +
      `per transaction — no log read, nothing decided or rendered — took ${secs(f.seconds)}: ` +
      `${formatCount(f.eventsPerSec)} events' worth per second, ${formatRatio(f.eventsPerSec / r.rawScanPerSec)} of ` +
      `the raw scan. No projector that writes these read models can go faster on this machine, so the goal of ` +
      `0.25× is out of reach for them; ours builds at ${formatRatio(p.eventsPerSec / f.eventsPerSec)} of that ` +
      `floor (reading the log and rendering are the rest), the replay at ` +
      `${formatRatio(r.replay.eventsPerSec / f.eventsPerSec)} (it also hashes both read models). The volume is a ` +
      `choice: each version holds the whole answer for its dates, so that a state query is one row read, and ` +
      `storing the long lists apart, tried and undone (docs/decisions.md), wrote 40 % less but made each query ` +
      `read several rows.`,
  );

  const pr = r.profiles.projection;
  out.push(
    `**Where projecting goes** (the service projecting ${formatCount(pr.events)} events over ` +
      `${formatCount(pr.relationships)} relationships — the same ${formatCount(pr.events / pr.relationships)} events ` +
      `per relationship as the big store — under \`--cpu-prof\`, ${secs(pr.seconds)} from spawn to every version ` +
      `rendered; own time per function, SQLite and JSON counted in the function that calls them, on the line ` +
      `shown): ${hotList(pr.hot, 5)}; garbage collection ${pct(shareOf(pr.shares, /garbage/))}; module loading ` +
      `at start-up ${pct(pr.hot.filter((h) => h.where.startsWith('node:internal/modules') || /^(wrapSafe|compileSourceTextModule)$/.test(h.name)).reduce((sum, h) => sum + h.share, 0))}. ` +
      `For each event the projector reads it (by stream: the (stream, revision) index, then the row), inserts ` +
      `the event and its fact (a JSON text each) into the read models, and renders the versions of its ` +
      `relationship (each version's whole answer, the long lists' JSON kept from the version before unless a ` +
      `fact changed them); rows go in key order, one relationship after another.`,
  );

  const health =
    p.firstHealthSeconds === undefined
      ? `no GET /health (probed every ~0.5 s) got an answer in the ${secs(p.seconds)} the service spent projecting`
      : `the first GET /health answer came ${secs(p.firstHealthSeconds)} after the start`;
  const rp0 = r.replay;
  const replayHealth = !rp0.healthSent
    ? ''
    : ` During a replay, a GET /health sent 1 s into it ` +
      (rp0.healthDuringReplayMs === undefined
        ? `got no answer in the ${rp0.budgetSeconds} s the bench waited.`
        : `was answered ${formatMs(rp0.healthDuringReplayMs)} later.`);
  out.push(
    `**The service answers while it catches up:** ${health}, while the projector was still reading the log ` +
      `(the subscription and the projector's batches give the event loop a turn between pages, and versions ` +
      `are rendered in turns of 20 ms).${replayHealth}`,
  );

  const st = r.state;
  const extra = st.ours.serverCpuMicrosPerRequest - st.reference.serverCpuMicrosPerRequest;
  const tail = stateQueryTail(r);
  const costs = stateQueryCosts(r);
  out.push(
    `**State queries** (\`?at=\`, random pairs of ${formatCount(r.store.relationships)} and random days, ` +
      `${st.connections} connections): ${formatCount(st.ours.requestsPerSec)} req/s against ` +
      `${formatCount(st.reference.requestsPerSec)} for raw node:http serving captured answers of the same size ` +
      `(${formatCount(st.responseBytes)} bytes median): ${formatRatio(st.ratio)}; p50 ${formatMs(st.ours.p50Ms)}, ` +
      `p99 ${formatMs(st.ours.p99Ms)} (reference ${formatMs(st.reference.p50Ms)} / ${formatMs(st.reference.p99Ms)}). ` +
      `CPU per request: ours ${formatMicros(st.ours.serverCpuMicrosPerRequest)}, reference ` +
      `${formatMicros(st.reference.serverCpuMicrosPerRequest)}: about ${formatMicros(extra)} go to Fastify and Nest ` +
      `(routing, the guard, the CQRS bus), checking the parameters, one read-model statement (the relationship ` +
      `and the JSON of the version in force on the day) and splicing actors, dates and head into that JSON: ` +
      `nothing is parsed, folded or rendered per request. ` +
      `Busiest functions under that load: ${hotList(r.profiles.state.hot, 4)}; by package: ` +
      `${topBuckets(r.profiles.state.shares, 4)}. EDTF parsing takes ` +
      `${pct(shareOf(r.profiles.state.shares, /^(nearley|edtf)/))} of it: \`at\` goes through parsePartialDate, ` +
      `and each of the ~31 000 distinct days of the load is parsed by edtf the first time it is asked for ` +
      `(memoised after; the profile runs on a freshly started service). The load generator shares the ` +
      `${summary.machine.cores} cores, so the reference is a ceiling of this machine rather than of node:http. ` +
      `**What bounds it:** two floors, each measured under the same load. The shell: GET /health — the same ` +
      `Fastify and Nest shell, request id, security headers, and one SQLite read of the log's head, no guard — ` +
      `answers ${formatCount(st.shell.ours.requestsPerSec)} req/s (${formatMicros(st.shell.ours.serverCpuMicrosPerRequest)} ` +
      `of CPU each) against ${formatCount(st.shell.reference.requestsPerSec)} for node:http: ` +
      `${formatRatio(st.shell.ratio)}. The read: raw node:http answering the same queries with our read-model ` +
      `code (the statement and the splice) and no shell answers ${formatCount(st.noShell.ours.requestsPerSec)} ` +
      `req/s (${formatMicros(st.noShell.ours.serverCpuMicrosPerRequest)} each) against ` +
      `${formatCount(st.noShell.reference.requestsPerSec)}: ${formatRatio(st.noShell.ratio)}. Beyond bare node:http ` +
      `the shell costs ${formatMicros(costs.shell)} a request and the read ${formatMicros(costs.read)}; with ` +
      `node:http's own ${formatMicros(costs.nodeHttp)} that adds up to ${formatMicros(costs.sum)}, and the state ` +
      `query uses ${formatMicros(costs.ours)}` +
      (Math.abs(costs.ours - costs.sum) <= 0.15 * costs.ours
        ? `: it costs what its shell and its read cost together`
        : costs.ours > costs.sum
          ? `: ${formatMicros(costs.ours - costs.sum)} more than its shell and its read together (what neither ` +
            `floor does: the guard, the CQRS bus, checking the parameters)`
          : `, less than the sum (the two floors share work: parsing the request, writing the answer)`) +
      `, and reaches ${formatRatio(st.ratio)} of its reference. ` +
      `**Where its p99 comes from:** with ${st.connections} requests always in flight, the mean ` +
      `wait is connections ÷ throughput (Little's law): ${formatMs(tail.oursMeanMs)} for ours, ` +
      `${formatMs(tail.referenceMeanMs)} for the reference; the p99 is ${tail.oursTail.toFixed(1)} times the mean ` +
      `for ours and ${tail.referenceTail.toFixed(1)} times for the reference` +
      (tail.oursTail <= tail.referenceTail * 1.1
        ? `, so relative to the wait our tail is no longer than node:http's (within a tenth).`
        : `: our tail is longer (a garbage collection or a page read holds every request in flight; at ` +
          `node:http's ratio our p99 would be ${formatMs(tail.oursMeanMs * tail.referenceTail)}).`) +
      ` With our tail, a p99 of 5 ms needs about ${formatCount(tail.requestsPerSecForGoal)} req/s: the ` +
      `throughput, bound as above.`,
  );

  const k = r.knownAt;
  out.push(
    `**knownAt** (one pair of ${formatCount(k.eventsInPair)} events, each request folding the ` +
      `${formatCount(k.foldedMin)}–${formatCount(k.foldedMax)} recorded by its instant; ${k.connections} connections): ` +
      `p50 ${formatMs(k.ours.p50Ms)}, p99 ${formatMs(k.ours.p99Ms)}, ${formatCount(k.ours.requestsPerSec)} req/s ` +
      `(${cpu(k.ours.serverCpuMicrosPerRequest)} of CPU each) — the reference serves the captured answers ` +
      `(${formatCount(k.responseBytes)} bytes) at ${formatCount(k.reference.requestsPerSec)} req/s. With no ` +
      `correction or retraction recorded after the instant (this store has none), the facts as known then are ` +
      `the live facts recorded by then: each request reads those whose period starts by \`at\` (a JSON text ` +
      `each, found by the index), folds and renders them; with a later amendment it folds the events recorded ` +
      `by then instead. Busiest: ${hotList(r.profiles.knownAt.hot, 4)}; ` +
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
          `It builds the shadow read models stream by stream as the projector does from position 0 (2 000 events ` +
          `per transaction), follows the log to the live checkpoint, then hashes both.`
      : `**Replay:** POST /v1/audit/replay gave no answer within the bench's budget of ${rp.budgetSeconds} s; by then ` +
          `the shadow read models had reached position ${formatCount(rp.events)}: ~${formatCount(rp.eventsPerSec)} ev/s, ` +
          `${formatRatio(r.replayRatio)} of the raw scan (a whole replay of ${formatCount(r.store.events)} events would ` +
          `take at least ${secs(r.store.events / Math.max(1, rp.eventsPerSec))}, then render the versions and hash both ` +
          `read models). It builds the shadow read models stream by stream (2 000 events per transaction).`,
  );

  const budget = 1e6 / (c.rawImportPerSec * 0.7);
  const validating = 1e6 / median(c.validationOnly.map((v) => v.eventsPerSec));
  out.push(
    `**CLI import:** ${formatCount(c.import.lines)} lines in ${secs(c.import.seconds)}: ` +
      `${formatCount(c.import.linesPerSec)} lines/s, ${formatRatio(c.importRatio)} of raw better-sqlite3 inserting ` +
      `the same rows 1 000 per transaction (${formatCount(c.rawImportPerSec)} rows/s, WAL, FULL). The importer ` +
      `validates and decides 1 000 lines (each against its stream's state, with the hash chain), then appends ` +
      `them with one appendMany — one transaction, one savepoint, one fsync under FULL — as the reference ` +
      `commits once per 1 000 rows. Profile (${formatCount(c.profile.lines)} lines, wall-clock samples): ` +
      `class-validator/class-transformer ${pct(shareOf(c.profile.shares, /^class-(validator|transformer)/))}, ` +
      `better-sqlite3 (COMMIT, fsync included) ${pct(shareOf(c.profile.shares, /^better-sqlite3/))}, ` +
      `EDTF parsing ${pct(shareOf(c.profile.shares, /^(nearley|edtf)/))}; busiest: ${hotList(c.profile.hot, 3)}. ` +
      `Validation is the schema classes of the catalogue run through class-transformer and class-validator ` +
      `(the one definition of each fact); they interpret their decorators' metadata anew on every line. ` +
      `**What bounds it:** the same lines through the importer's parser alone (JSON.parse and the catalogue's ` +
      `schema, in the bench process, nothing decided, hashed or stored) run at ` +
      `${formatCount(median(c.validationOnly.map((v) => v.eventsPerSec)))} lines/s, ${formatRatio(c.validationRatio)} ` +
      `of the reference. Per line, the goal of 0.7× allows ${formatMicros(budget)}; validating one takes ` +
      `${formatMicros(validating)} on one thread, and ours takes ${formatMicros(1e6 / c.import.linesPerSec)} with ` +
      `the decision (the refusal rules against each stream's state), the hash chain, the eventId check and the ` +
      `insert` +
      (validating > budget
        ? `: validation alone is over the budget, and even spread over both cores ours would take ` +
          `${formatMicros(1e6 / c.import.linesPerSec / summary.machine.cores)} a line.`
        : '.'),
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
