import { cliImportTable } from '../cli-import.bench';
import { httpPostTable, serviceProfileTable } from '../http-post.bench';
import {
  readPartsTable,
  readProfileTable,
  readQueryTable,
  readServiceTable,
  readThroughputTable,
} from './read-path-tables';
import { storeAppendTable } from '../store-append.bench';
import { formatCount } from '../support/stats';
import { DOC_LINE_MAX, renderMarkdown, wrapWords } from '../support/table';
import { growthTable } from '../growth.bench';
import { metricsOverheadTable } from '../metrics-overhead.bench';
import { goalsTable } from './goals';
import { searchTable } from '../search.bench';
import type { BenchSummary } from './summary';

/** What bench/run.ts writes lies between these lines; the rest of docs/benchmarks.md is written by hand. */
export const MEASURED_BEGIN =
  '<!-- measured: begin (written by `npm run bench`; edit outside these lines) -->';
export const MEASURED_END = '<!-- measured: end -->';

const HOW_TO_READ = `Each figure below comes from \`bench/\` and was measured in the run described under
"Machine and run"; rerun it rather than edit this file. Absolute numbers belong to this machine and
this moment (a virtual machine whose disk flush time varies, shared with other work); what carries
over is the **ratio** of ours to a reference measured in the same run on the same machine: raw
better-sqlite3 for the event store, the projector, the replay and the CLI (inserting, or scanning the
\`events\` table with JSON.parse of each row), raw \`node:http\` (with and without SQLite, or serving JSON
captured from the service) for the HTTP service. A ratio of 1.00× means as fast as the reference,
0.50× half as fast. "ev/s" is the median over the runs (µs/ev its inverse); "req/s", p50 and p99 are
medians over slices of load that the servers took in turns. Ours and its reference are always measured
interleaved or back to back, so that a disk or a neighbouring process that changes speed during the
run weighs on both alike. "Server CPU/req" is the server process's user + system CPU time (from /proc,
including work it finished after the slice) divided by its 2xx answers: what a request costs even
where the disk is free. Where the bench bounds a step in time (the projection and the replay of the
large store), a step that did not finish says so beside its figure, which is then the rate over the
part done. Profiles list the functions with the most samples of their own; V8 often gives native calls
(SQLite statements, JSON) no frame of their own, so their time shows in the function
that calls them, on the line quoted (a native call that has a frame is named with its caller).`;

/**
 * docs/benchmarks.md with its measured part replaced by this run's: the hand-written text before and
 * after it is kept (a new file gets a title and a place for the findings).
 */
export function benchmarksMarkdown(summary: BenchSummary, previous: string): string {
  const measured = [MEASURED_BEGIN, '', fitLines(measuredMarkdown(summary)), MEASURED_END].join('\n');
  const begin = previous.indexOf(MEASURED_BEGIN);
  const end = previous.indexOf(MEASURED_END);
  if (begin < 0 || end < begin) {
    return ['# Benchmarks', '', measured, '', '## What the figures say', '', '(written by hand)', ''].join(
      '\n',
    );
  }
  return previous.slice(0, begin) + measured + previous.slice(end + MEASURED_END.length);
}

/**
 * Prose lines longer than docs/ allows, wrapped at spaces (a list item's continuation indented under it);
 * tables (already fitted by renderMarkdown) and code blocks are left as they are.
 */
export function fitLines(markdown: string, max = DOC_LINE_MAX): string {
  let code = false;
  return markdown
    .split('\n')
    .flatMap((line) => {
      if (line.startsWith('```')) code = !code;
      if (code || line.length <= max || line.startsWith('|')) return [line];
      const prefix = /^(\s*(?:- )?)/.exec(line)![1];
      return wrapWords(line.slice(prefix.length), max, prefix, ' '.repeat(prefix.length));
    })
    .join('\n');
}

function measuredMarkdown(summary: BenchSummary): string {
  const { machine: m, storeAppend: store, httpPost: http, readPath: read, growth, cliImport: cli } = summary;
  const plan = read.store.plan;
  const rmMB = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;
  const lines = [
    '## How to read this',
    '',
    HOW_TO_READ,
    '',
    '## Machine and run',
    '',
    renderMarkdown({
      title: 'machine and run',
      head: ['', ''],
      rows: [
        ['date', summary.date],
        ['command', `\`${summary.command}\``],
        ['commit', m.commit],
        ['build (dist/, copied at the start of the run)', summary.builtAt],
        ['CPU', `${m.cpuModel}, ${m.cores} cores`],
        ['memory', `${m.memoryGiB} GiB`],
        ['OS', m.os],
        ['Node.js', m.node],
        ['better-sqlite3 / SQLite', `${m.betterSqlite3} / ${m.sqlite}`],
        ['autocannon', m.autocannon],
        ['temp files', m.tempDir],
        ['load average (1 min) at start / end', `${summary.loadAverage.start} / ${summary.loadAverage.end}`],
        ['duration of the whole run', `${Math.round(summary.seconds / 60)} min`],
      ],
    }),
    '',
    '## Event store: append',
    '',
    `\`bench/store-append.bench.ts\`. \`SqliteEventStore.append\` (ours) against raw better-sqlite3 inserting`,
    `the same rows into the same table (WAL, same \`synchronous\`), each on a fresh temp file,`,
    `the two taking turns slice by slice within a run. Events are StatementIssued with a`,
    `${store.eventDataBytes}-byte payload (the \`data\` column); single events go round-robin to 780`,
    `relationship streams with an exact expected revision, batches of 1 000 each to a new stream. Both`,
    `sides serialise payload and metadata to JSON inside the timed loop. Disk flush probe:`,
    `${formatCount(store.fdatasyncPerSec)} fdatasync/s (4 KiB writes, same temp dir).`,
    '',
    renderMarkdown(storeAppendTable(store)),
    '',
    '## HTTP: POST /v1/events',
    '',
    `\`bench/http-post.bench.ts\`. Each server runs as a child process on 127.0.0.1 with a fresh temp`,
    `database, all three started together; after a ${http.warmUpSeconds} s warm-up each they take turns, ${http.slices}`,
    `slice(s) of ${http.seconds} s each in a rotating order. autocannon (in the bench process) keeps`,
    `${http.connections} keep-alive connections busy, each`,
    `request a distinct valid StatementIssued between two of 40 countries (780 relationships). Ours is the`,
    `built service (\`dist/\`, SQLite, synchronous=FULL, a recorder token). Reference (a) parses the JSON`,
    `and inserts one row per request with raw better-sqlite3 (WAL, FULL); (b) answers a fixed ~220-byte`,
    `JSON receipt after reading the body.${http.buildWarning ? ` Note: ${http.buildWarning}.` : ''}`,
    '',
    renderMarkdown(httpPostTable(http)),
    '',
    `Then the built service once more, alone, on a fresh database, with V8's sampling profiler on its main`,
    `thread during ${http.oursProfile.seconds} s of the same load (started by a preloaded hook, not part of the`,
    `service). Each sample's own frame is grouped by where its code lives (a package in node_modules, a`,
    `library of ours in dist/, the Node.js runtime); a native frame (SQLite, JSON.parse, hashing) is charged`,
    `to the JS code that called it ("→ native code"). Shares are of the non-idle samples.`,
    '',
    renderMarkdown(serviceProfileTable(http)),
    '',
    '## Read path: projector, state queries, knownAt, start-up, replay',
    '',
    `\`bench/read-path.bench.ts\`. A store of ${formatCount(read.store.events)} valid, hash-chained events over`,
    `${formatCount(read.store.relationships)} relationships (${rmMB(read.store.bytes)}), generated by \`bench/support/large-store.ts\``,
    `(seed ${plan.seed}) over the 250 ISO 3166-1 codes and written straight into an event-store file in`,
    `${read.store.seconds.toFixed(0)} s: each relationship opens with DiplomaticRelationsEstablished (1945–1995), then`,
    'StatementIssued, MeetingHeld, AgreementSigned, PositionStated, RepresentationChanged, VisaPolicyChanged and',
    'PartnershipDeclared whose dates mostly move forward to 2025 as they are recorded, one in ten backfilled',
    'earlier, about one in four with a year or year-month only; relationships interleave at random in the',
    "log. A sample of the events is checked against the API's own parser on every run. Then, each against",
    'its reference in the same run:',
    '',
    `- **projector**: the built service started on the store with empty read models (\`READ_MODEL_PATH\`), timed`,
    `  from spawn until its checkpoint (read from the read-model file by another connection) reaches the`,
    `  head, at most ${read.projection.budgetSeconds} s; reference: raw better-sqlite3 scanning the whole \`events\` table`,
    `  in order with JSON.parse of \`data\` and \`metadata\` (in the bench process, before the projection,`,
    `  after it and after the replay; the median is used);`,
    '- **start to healthy**: the service restarted on the projected store, spawn to a 200 from `/health`',
    '  (polled every 20 ms), twice; **RSS** (VmRSS of /proc/<pid>/status) sampled every 250 ms while it',
    '  serves the state queries and the knownAt queries;',
    `- **state queries**: \`GET /v1/relationships/{a}/{b}?at=YYYY-MM-DD\`, random pairs of the store (either`,
    `  order), random days 1940–2025, ${read.state.connections} connections, ${read.state.slices} slices of ${read.state.sliceSeconds} s after a warm-up; reference: raw`,
    `  \`node:http\` answering the same requests with 64 answers captured from the service just before`,
    `  (bytes, status, ETag), round-robin; then \`GET /health\` on both under the same load: the floor of`,
    `  the service's HTTP shell;`,
    `- **knownAt**: \`?at=…&knownAt=…\` on AZ-CN, a pair of ${formatCount(read.knownAt.eventsInPair)} events in a small store of its own, the`,
    `  instant drawn among its last tenth of recordings (the path that folds what was recorded by then),`,
    `  ${read.knownAt.connections} connections; same kind of reference;`,
    `- **replay**: \`POST /v1/audit/replay\` (admin token) on the projected store, events ÷ durationMs of its`,
    `  answer (at most ${read.replay.budgetSeconds} s, else the shadow read models' progress); reference: the raw scan.`,
    '',
    'Profiles: the query loads once more on a restarted service with the sampling hook of the POST bench;',
    `the projection once more with \`--cpu-prof\` on a store of ${formatCount(read.profiles.projection.events)} events over`,
    `${formatCount(read.profiles.projection.relationships)} relationships (the same number of events per relationship), to the end.${
      read.buildWarning ? ` Note: ${read.buildWarning}.` : ''
    }`,
    '',
    renderMarkdown(readThroughputTable(read)),
    '',
    renderMarkdown(readQueryTable(read)),
    '',
    renderMarkdown(readServiceTable(read)),
    '',
    'The `?at=` request part by part: the profile of the `?at=` load below (the service as deployed, its rate',
    'limit on with a limit the load never reaches and a log line per request), each sample given to the first',
    'part on its stack (`bench/support/shell-costs.ts`), times the server CPU per request of the load above.',
    '',
    renderMarkdown(readPartsTable(read)),
    '',
    renderMarkdown(readProfileTable(read.profiles.projection, 'projecting from position 0')),
    '',
    renderMarkdown(readProfileTable(read.profiles.state, `?at= queries, ${read.profiles.state.seconds} s`)),
    '',
    renderMarkdown(
      readProfileTable(read.profiles.knownAt, `knownAt queries, ${read.profiles.knownAt.seconds} s`),
    ),
    '',
    '## Metrics: what /metrics costs a request',
    '',
    `\`bench/metrics-overhead.bench.ts\`. The built service twice, with \`METRICS=on\` (the default) and`,
    `\`METRICS=off\`, each on its own copy of one projected store of ${formatCount(summary.metricsOverhead.events)} events, the same`,
    '`?at=` queries on random pairs and days in alternating slices; goal: on within 3 % of off.',
    '',
    renderMarkdown(metricsOverheadTable(summary.metricsOverhead)),
    '',
    '## Growth: one relationship of N facts',
    '',
    `\`bench/growth.bench.ts\`. One relationship (FR–DE) with N facts recorded in date order from 1950 to 2025,`,
    'a third each AgreementSigned (in force on signature), PositionStated (each on a topic of its own) and',
    'StatementIssued, so that its answer grows with its history; imported with `cli import` into a fresh store,',
    "then projected from position 0 into a fresh read-model file in the bench process with the service's own",
    'code (buildByStream and the projection writer, as the service does on empty read models), three times,',
    'the median kept. Then the service started on those read models; sizes are the files once it has closed',
    'them. `?at=` on random days of the span (and the year after) from one connection for',
    "a few seconds; the reference is the answers' own JSON.parse + JSON.stringify in the bench process (100",
    'answers captured for days drawn the same way, each timed as the median of 5 runs): its median and 99th',
    'percentile.',
    '',
    renderMarkdown(growthTable(growth)),
    '',
    '## CLI: import and export',
    '',
    `\`bench/cli-import.bench.ts\`. \`node dist/apps/cli/src/main.js import <file>\` of ${formatCount(cli.plan.events)} events in`,
    `the API's JSON form (one \`{"eventId", "type", "actors", "occurredOn", "data", "sources"}\` per line,`,
    `${rmMB(cli.fileBytes)}, from the same generator, over ${formatCount(cli.plan.relationships)} relationships, in log order) into a fresh`,
    `\`SQLITE_PATH\`, timed from spawn to exit; reference: raw better-sqlite3 reading the same file, JSON.parse`,
    `of each line and inserting the rows 1 000 per transaction (WAL, synchronous=FULL, the table of`,
    `\`bench/support/raw-event-table.ts\`), before and after ours (median). Then \`export --out <file>\` of the`,
    'imported store against a raw scan writing the same NDJSON lines; then the import once more with',
    `\`--cpu-prof\` on the first ${formatCount(cli.profile.lines)} lines. Ours parses the lines on a worker thread`,
    '(files of 10 000 lines or more) while its main thread decides and writes batches of 10 000 lines, each',
    'one appendMany (one transaction); the profile is of the main thread.',
    '',
    renderMarkdown(cliImportTable(cli)),
    '',
    '## Search',
    '',
    `\`bench/search.bench.ts\`. \`GET /v1/events\` on the read-path store (${formatCount(summary.search.events)} events), projected in`,
    "the bench process with the service's library, then served by the built service, one request at a time:",
    'a state, a type and a span of years; words (`q`: half a name and a topic, half a pair and a year). The',
    "reference: SQLite's FTS5 query alone for the same words (`MATCH … ORDER BY rank LIMIT 50`, in process).",
    '',
    renderMarkdown(searchTable(summary.search)),
    '',
    '## Goals beside the figures',
    '',
    'The targets of the read-side and write-path issues, beside what this run measured; the bench reports,',
    'it does not fail on them.',
    '',
    renderMarkdown(goalsTable(summary)),
    '',
    '## Rerun',
    '',
    '```sh',
    'npm run build            # the HTTP, read-path and CLI benches run dist/',
    'npm run bench            # full (about a quarter of an hour here), writes the measured part of this file',
    'npm run bench -- --quick # smoke run of about a minute, prints only',
    '```',
    '',
    'Each bench also runs alone, e.g. `node -r @swc-node/register bench/read-path.bench.ts --quick`;',
    '`npm run bench -- --only import` runs the CLI bench and prints it with its goal; `--only read-scale` the',
    "1 000 000-event projector, replay and read models' bytes by table, with their goals; `--only known-at`",
    "the read-path bench's knownAt load (one pair of 1 000 events) without its 1 000 000-event store.",
    '',
  ];
  return lines.join('\n');
}
