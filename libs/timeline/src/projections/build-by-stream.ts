import type { EventStore } from '@app/event-store';
import type { ReadModelFile } from '../read-models/read-model-file';
import type { ProjectionWriter } from './projection-writer';

/**
 * Events per transaction of a build (whole streams, so a longer stream makes a larger one): small, so that
 * requests wait little between transactions; rows go in key order, so small commits cost the build little.
 */
export const BUILD_PAGE = 2_000;

export interface BuildControl {
  /** Events per transaction (whole streams: a longer stream makes a larger one). */
  limit: number;
  /** Asked before each page: true ends the build there (it resumes from its progress next time). */
  shouldStop: () => boolean;
  /** Awaited before each page: a pause holds the build (a replay compares at a fixed point). */
  whilePaused?: () => Promise<void>;
}

/**
 * Builds empty read models from position 0 stream by stream (ProjectionWriter.buildRelationships), when the
 * store can read that way; resumes a build a restart interrupted. Returns the position the read models
 * then stand at and how many events this call built; undefined when there was nothing to build this way
 * (the log is then projected in order, as always) or the build was stopped. Events appended meanwhile
 * lie after that position.
 */
export async function buildByStream(
  store: EventStore,
  readModels: ReadModelFile,
  writer: ProjectionWriter,
  control: BuildControl,
): Promise<{ through: string; events: number } | undefined> {
  if (!store.readByStream || readModels.checkpoint() !== undefined) return undefined;
  let progress = readModels.buildProgress();
  const through = progress?.through ?? (await store.headPosition());
  if (through === undefined) return undefined;
  let events = 0;
  for (;;) {
    await control.whilePaused?.();
    if (control.shouldStop()) return undefined;
    const page = await store.readByStream({
      through,
      afterStream: progress?.lastStream,
      limit: control.limit,
    });
    if (page.length === 0) {
      writer.finishBuild(through);
      return { through, events };
    }
    progress = { through, lastStream: page[page.length - 1][0].stream };
    writer.buildRelationships(page, progress);
    for (const stream of page) events += stream.length;
    // Turns for requests between transactions: accepting, reading and answering one takes more than one.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  }
}
