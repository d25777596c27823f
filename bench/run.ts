import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliImportTable, runCliImportBench } from './cli-import.bench';
import { growthTable, runGrowthBench } from './growth.bench';
import { httpPostTable, runHttpPostBench, serviceProfileTable } from './http-post.bench';
import { runReadPathBench } from './read-path.bench';
import { metricsOverheadTable, runMetricsOverheadBench } from './metrics-overhead.bench';
import {
  readPartsTable,
  readProfileTable,
  readQueryTable,
  readServiceTable,
  readThroughputTable,
} from './report/read-path-tables';
import { goalsTable } from './report/goals';
import { benchmarksMarkdown } from './report/benchmarks-doc';
import { commandLine, loadAverage, machineInfo } from './report/machine';
import type { BenchSummary } from './report/summary';
import { builtAt, checkBuild, DistMissingError, withBuildSnapshot } from './servers/servers-under-test';
import { storeAppendTable, runStoreAppendBench } from './store-append.bench';
import { isQuick } from './support/cli-args';
import { renderText } from './support/table';

const DOC = join(__dirname, '..', 'docs', 'benchmarks.md');

/**
 * `npm run bench`: every bench in sequence, tables and a JSON summary on stdout (progress on
 * stderr), then the measured part of docs/benchmarks.md (the findings there are written by hand). `npm run bench -- --quick`: a smoke run that leaves the doc alone.
 */
async function main(): Promise<void> {
  const quick = isQuick();
  checkBuild(); // fail before minutes of work, not after
  const start = loadAverage();
  const began = performance.now();
  const date = new Date().toISOString();
  const storeAppend = await runStoreAppendBench(quick);
  const httpPost = await runHttpPostBench(quick);
  const readPath = await runReadPathBench(quick);
  const metricsOverhead = await runMetricsOverheadBench(quick);
  const growth = await runGrowthBench(quick);
  const cliImport = await runCliImportBench(quick);
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
