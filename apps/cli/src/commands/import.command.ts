import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
// Files of the lib rather than its index: an import loads no Nest module (a quarter of a second at start).
import { ImportSummary, NdjsonImporter } from '@app/timeline/import/ndjson-importer';
import { inProcessParser } from '@app/timeline/import/parse-lines';
import { WorkerLineParser } from '@app/timeline/import/worker-line-parser';
import { systemClock } from '@app/timeline/tokens';
import { CliContext, openStore, parseCommandArgs } from '../cli-context';
import { checkExportFile, isExportFile } from '../export-file';
import { progressBar } from '../progress';

/** From this many lines on, lines are parsed on other threads while this one writes (a thread takes time to start). */
const THREADED_FROM = 10_000;

function countLines(path: string): number {
  let n = 0;
  const buffer = readFileSync(path);
  // indexOf searches natively: a byte loop in JavaScript took tens of milliseconds on a large file.
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) n++;
  return buffer.length > 0 && buffer[buffer.length - 1] !== 10 ? n + 1 : n;
}

export function printSummary(summary: ImportSummary, context: CliContext): void {
  context.out(
    `${summary.lines} lines: ${summary.accepted} accepted, ${summary.alreadyPresent} already present, ${summary.refused.length} refused\n`,
  );
  for (const r of summary.refused) {
    context.out(`  line ${r.line}${r.eventId ? ` (${r.eventId})` : ''}: ${r.reason}\n`);
  }
}

/**
 * `import <file.ndjson>`: events in the API's JSON form, or as `export` wrote them. An export is restored
 * all or nothing: its hash chains are checked whole before the store is even opened, and a broken link
 * refuses the file — a restore that stored the lines before the break would leave a truncated chain.
 */
export async function importCommand(args: string[], context: CliContext): Promise<number> {
  const {
    positionals: [path],
  } = parseCommandArgs('import', args, {}, { min: 1, max: 1, missing: 'needs a file: import <file.ndjson>' });
  if (await isExportFile(path)) {
    const check = await checkExportFile(path);
    if (!check.ok) {
      context.out(`line ${check.line}: ${check.problem}\n`);
      context.out(`the export is broken at line ${check.line}: nothing was imported\n`);
      return 1;
    }
  }
  const store = openStore(context, 'writing');
  const lines = countLines(path);
  const bar = progressBar(context.interactive, lines, 'lines');
  const parser = lines >= THREADED_FROM ? WorkerLineParser.start() : inProcessParser;
  try {
    const importer = new NdjsonImporter(store, systemClock, `cli:${context.env.USER ?? 'import'}`, parser);
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      await importer.add(line);
      bar.tick();
    }
    const summary = await importer.finish();
    bar.stop();
    printSummary(summary, context);
    return summary.refused.length > 0 ? 1 : 0;
  } finally {
    bar.stop();
    await parser.close();
    await store.close();
  }
}
