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
    after = page[page.length - 1].position;
  }
}
