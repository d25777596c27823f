import { httpPostTable, serviceProfileTable } from '../http-post.bench';
import { storeAppendTable } from '../store-append.bench';
import { formatCount } from '../support/stats';
import { renderMarkdown } from '../support/table';
import { findings } from './findings';
import type { BenchSummary } from './summary';

const HOW_TO_READ = `Each figure below comes from \`bench/\` and was measured in the run described under
"Machine and run"; rerun it rather than edit this file. Absolute numbers belong to this machine and
this moment (a virtual machine whose disk flush time varies, shared with other work); what carries
over is the **ratio** of ours to a reference measured in the same run on the same machine: raw
better-sqlite3 for the event store, raw \`node:http\` (with and without SQLite) for the HTTP service.
A ratio of 1.00× means as fast as the reference, 0.50× half as fast. "ev/s" is the median over the
runs (µs/ev its inverse); "req/s", p50 and p99 are medians over slices of load that the servers took
in turns. Ours and its reference are always measured interleaved, so that a disk or a neighbouring
process that changes speed during the run weighs on both alike. "Server CPU/req" is the server
process's user + system CPU time (from /proc, including work it finished after the slice) divided
by its 2xx answers: what a request costs even where the disk is free.`;

export function benchmarksMarkdown(summary: BenchSummary): string {
  const { machine: m, storeAppend: store, httpPost: http } = summary;
  const lines = [
    '# Benchmarks',
    '',
    `<!-- Written by bench/run.ts on ${summary.date}. Do not edit: rerun \`npm run bench\`. -->`,
    '',
    '## How to read this',
    '',
    HOW_TO_READ,
    '',
    '## Machine and run',
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${summary.date} |`,
    `| command | \`${summary.command}\` |`,
    `| commit | ${m.commit} |`,
    `| CPU | ${m.cpuModel}, ${m.cores} cores |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| OS | ${m.os} |`,
    `| Node.js | ${m.node} |`,
    `| better-sqlite3 / SQLite | ${m.betterSqlite3} / ${m.sqlite} |`,
    `| autocannon | ${m.autocannon} |`,
    `| temp files | ${m.tempDir} |`,
    `| load average (1 min) at start / end | ${summary.loadAverage.start} / ${summary.loadAverage.end} |`,
    '',
    '## Event store: append',
    '',
    `\`bench/store-append.bench.ts\`. \`SqliteEventStore.append\` (ours) against raw better-sqlite3 inserting`,
    `the same rows into the same table (DESIGN §4: WAL, same \`synchronous\`), each on a fresh temp file,`,
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
    '## What the figures say',
    '',
    ...findings(summary).flatMap((finding) => [`- ${finding}`]),
    '',
    '## Rerun',
    '',
    '```sh',
    'npm run build            # the HTTP bench runs dist/',
    'npm run bench            # full (a few minutes), writes this file',
    'npm run bench -- --quick # smoke run of a few seconds, prints only',
    '```',
    '',
  ];
  return lines.join('\n');
}
