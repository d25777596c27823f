import type { EventStore } from '@app/event-store';
import { readLog } from '../audit/read-log';
import type { ReadModelFile } from '../read-models/read-model-file';
import { BUILD_PAGE, buildByStream } from './build-by-stream';
import { ProjectionWriter } from './projection-writer';

/**
 * Brings read models up to a position of the log (inclusive) or its end, from their checkpoint: empty,
 * they are first built stream by stream where the store allows it (buildByStream); then the log is read
 * in order and written in batches. The replay's shadow read models and the bench's completion go this way;
 * the projector builds the same way and then follows the log live. Returns how many events it wrote.
 */
export async function catchUp(
  store: EventStore,
  file: ReadModelFile,
  options: { upTo?: string; batch: number },
): Promise<number> {
  const writer = new ProjectionWriter(file);
  const built = await buildByStream(store, file, writer, { limit: BUILD_PAGE, shouldStop: () => false });
  let count = built?.events ?? 0;
  let batch = [];
  for await (const event of readLog(store, file.checkpoint())) {
    if (options.upTo !== undefined && BigInt(event.position) > BigInt(options.upTo)) break;
    batch.push(event);
    if (batch.length >= options.batch) {
      writer.applyBatch(batch);
      count += batch.length;
      batch = [];
    }
  }
  writer.applyBatch(batch);
  return count + batch.length;
}
