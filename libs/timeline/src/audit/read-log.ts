import type { RecordedEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';

const PAGE = 2000;

/** The whole log in global order, read page by page (each page a separate read, so requests interleave). */
export async function* readLog(store: EventStore, fromPosition?: string): AsyncGenerator<RecordedEvent> {
  let after = fromPosition;
  for (;;) {
    const page = await store.readAll({ fromPosition: after, limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    // A store that answers synchronously would otherwise keep the event loop to itself for the whole log.
    await new Promise((resolve) => setImmediate(resolve));
    after = page[page.length - 1].position;
  }
}
