import { ImportSummary, NdjsonImporter } from '@app/timeline/import/ndjson-importer';
import { systemClock } from '@app/timeline/tokens';
import { CliContext, openStore } from './cli-context';
import { progressBar } from './progress';

/**
 * The events a data set's reader made from its rows, through the import path (the command handler in batch
 * mode), with a progress bar; the data set's citation first, on stderr. The caller prints its own summary.
 */
export async function importDataSet(
  context: CliContext,
  dataSet: { citation: string; recordedBy: string },
  events: object[],
): Promise<ImportSummary> {
  context.err(`Data: ${dataSet.citation}\n`);
  const store = openStore(context, 'writing');
  const bar = progressBar(context.interactive, events.length, 'events');
  try {
    const importer = new NdjsonImporter(store, systemClock, dataSet.recordedBy);
    for (const event of events) {
      await importer.add(JSON.stringify(event));
      bar.tick();
    }
    return await importer.finish();
  } finally {
    bar.stop();
    await store.close();
  }
}
