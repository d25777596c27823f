import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliImportTable, runCliImportBench } from './cli-import.bench';
import { feedTable, runFeedBench } from './feed.bench';
import { growthTable, runGrowthBench } from './growth.bench';
import { httpPostTable, runHttpPostBench, serviceProfileTable } from './http-post.bench';
import { runReadPathBench } from './read-path.bench';
import { runKnownAtBench } from './known-at.bench';
import { readScaleGoals, readScaleTable, runReadScaleBench } from './read-scale.bench';
import { runSearchBench, searchGoals, searchTable } from './search.bench';
import { metricsOverheadTable, runMetricsOverheadBench } from './metrics-overhead.bench';
import {
  readPartsTable,
  readProfileTable,
  readQueryTable,
  readServiceTable,
  readThroughputTable,
} from './report/read-path-tables';
import { goalsTable, goalsTableOf, importGoals } from './report/goals';
import { benchmarksMarkdown } from './report/benchmarks-doc';
import { commandLine, loadAverage, machineInfo } from './report/machine';
import type { BenchSummary } from './report/summary';
import { builtAt, checkBuild, DistMissingError, withBuildSnapshot } from './servers/servers-under-test';
import { storeAppendTable, runStoreAppendBench } from './store-append.bench';
import { isQuick, onlyBench } from './support/cli-args';
import { renderText } from './support/table';

const DOC = join(__dirname, '..', 'docs', 'benchmarks.md');

/** The benches that run alone with `--only <name>`: a figure and its goals, printed; the doc left alone. */
const ALONE: Record<string, (quick: boolean) => Promise<string>> = {
  import: async (quick) => {
    const cliImport = await runCliImportBench(quick);
    const tables = [cliImportTable(cliImport), goalsTableOf(importGoals(cliImport))];
    return `${tables.map(renderText).join('\n\n')}\n\n${JSON.stringify(cliImport, null, 2)}`;
  },
  search: async (quick) => {
    const search = await runSearchBench(quick);
    const tables = [searchTable(search), goalsTableOf(searchGoals(search))];
    return `${tables.map(renderText).join('\n\n')}\n\n${JSON.stringify(search, null, 2)}`;
  },
  // The read path at 1 000 000 events: projector from 0, read-model bytes by table, replay (bench/read-scale.bench.ts).
  'read-scale': async (quick) => {
    const scale = await runReadScaleBench(quick);
    const tables = [readScaleTable(scale), goalsTableOf(readScaleGoals(scale))];
    return `${tables.map(renderText).join('\n\n')}\n\n${JSON.stringify(scale, null, 2)}`;
  },
  // GET ?at=&knownAt= on one pair of 1 000 events: the read-path bench's knownAt part, without its 1M store.
  'known-at': async (quick) => {
    const knownAt = await runKnownAtBench(quick);
    const line = (r: typeof knownAt.ours) =>
      `${r.label}: ${r.requestsPerSec.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`;
    return [
      `knownAt, ${knownAt.connections} connections, answers of ${knownAt.responseBytes} bytes (median)`,
      line(knownAt.ours),
      line(knownAt.reference),
      `ratio ${knownAt.ratio.toFixed(3)} (goal >= 0.25, p99 <= 10 ms)`,
      `in process: ${knownAt.inProcess.microsPerAnswer.toFixed(0)} µs per StateReader.stateJson`,
      `the service's largest RSS sample meanwhile: ${(knownAt.rssMaxBytes / 1e6).toFixed(0)} MB (goal <= 300 MB)`,
      '',
      JSON.stringify(knownAt, null, 2),
    ].join('\n');
  },
  growth: async (quick) => {
    const growth = await runGrowthBench(quick);
    return `${renderText(growthTable(growth))}\n\n${JSON.stringify(growth, null, 2)}`;
  },
  // The live feed: 200 streams while recording, the service's peak RSS (docs/operations.md#the-live-feed).
  feed: async (quick) => {
    const feed = await runFeedBench(quick);
    return `${renderText(feedTable(feed))}\n\n${JSON.stringify(feed, null, 2)}`;
  },
};

/**
 * `npm run bench`: every bench in sequence, tables and a JSON summary on stdout (progress on
 * stderr), then the measured part of docs/benchmarks.md (the findings there are written by hand). `npm run bench -- --quick`: a smoke run that leaves the doc alone; `npm run bench -- --only import` (or
 * `growth`, `feed`, `search`, `read-scale`): one bench, printed.
 */
async function main(): Promise<void> {
  const quick = isQuick();
  const only = onlyBench();
  if (only !== undefined && !(only in ALONE)) {
    throw new Error(`--only takes one of: ${Object.keys(ALONE).join(', ')}; got ${only}`);
  }
  checkBuild(); // fail before minutes of work, not after
  if (only !== undefined) {
    const start = loadAverage();
    console.log(await ALONE[only](quick));
    console.error(
      `load average (1 min) at start / end: ${start} / ${loadAverage()}; docs/benchmarks.md left alone`,
    );
    return;
  }
  const start = loadAverage();
  const began = performance.now();
  const date = new Date().toISOString();
  const storeAppend = await runStoreAppendBench(quick);
  const httpPost = await runHttpPostBench(quick);
  const readPath = await runReadPathBench(quick);
  const metricsOverhead = await runMetricsOverheadBench(quick);
  const growth = await runGrowthBench(quick);
  const cliImport = await runCliImportBench(quick);
  const search = await runSearchBench(quick);
  const summary: BenchSummary = {
    date,
    command: commandLine(),
    quick,
    machine: machineInfo(),
    loadAverage: { start, end: loadAverage() },
    seconds: (performance.now() - began) / 1000,
    builtAt: builtAt(),
    storeAppend,
    httpPost,
    readPath,
    metricsOverhead,
    growth,
    cliImport,
    search,
  };
  const tables = [
    storeAppendTable(storeAppend),
    httpPostTable(httpPost),
    serviceProfileTable(httpPost),
    readThroughputTable(readPath),
    readQueryTable(readPath),
    readServiceTable(readPath),
    readPartsTable(readPath),
    readProfileTable(readPath.profiles.projection, 'projecting from position 0'),
    readProfileTable(readPath.profiles.state, '?at= queries'),
    readProfileTable(readPath.profiles.knownAt, 'knownAt queries'),
    metricsOverheadTable(metricsOverhead),
    growthTable(growth),
    cliImportTable(cliImport),
    searchTable(search),
    goalsTable(summary),
  ];
  console.log(`\n${tables.map(renderText).join('\n\n')}\n`);
  console.log(JSON.stringify(summary, null, 2));
  if (quick) {
    console.error('quick run: docs/benchmarks.md left as it was (a full `npm run bench` writes it)');
  } else {
    writeFileSync(DOC, benchmarksMarkdown(summary, existsSync(DOC) ? readFileSync(DOC, 'utf8') : ''));
    console.error(`wrote ${DOC}`);
  }
}

withBuildSnapshot(main).catch((error: unknown) => {
  console.error(error instanceof DistMissingError ? error.message : error);
  process.exitCode = 1;
});
