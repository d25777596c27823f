import { pairPanel, type PanelRow, PANEL_COLUMNS, type RecordedEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { readLog } from '../audit/read-log';

/** How many events a page of streams holds while the panel is read. */
const PAGE_EVENTS = 5000;

/**
 * The record as a COW dyad-year panel (docs/data-sets.md#the-panel), pair by pair in the order of their
 * streams: each pair's rows at 31 December of each year. Streamed: a store that reads stream by stream
 * holds one page of streams at a time; another is read in log order and grouped.
 */
export async function* recordPanel(
  store: EventStore,
  years: readonly number[],
  knownAt?: string,
): AsyncGenerator<PanelRow[]> {
  const actorsOf = (stream: string) => stream.replace(/^relationship-/, '').split('-') as [string, string];
  if (store.readByStream) {
    const through = await store.headPosition();
    if (through === undefined) return;
    let afterStream: string | undefined;
    for (;;) {
      const page = await store.readByStream({ through, afterStream, limit: PAGE_EVENTS });
      if (page.length === 0) return;
      for (const events of page) yield pairPanel(actorsOf(events[0].stream), events, years, knownAt);
      afterStream = page[page.length - 1][0].stream;
    }
  }
  const streams = new Map<string, RecordedEvent[]>();
  for await (const event of readLog(store)) {
    const list = streams.get(event.stream);
    if (list) list.push(event);
    else streams.set(event.stream, [event]);
  }
  for (const stream of [...streams.keys()].sort())
    yield pairPanel(actorsOf(stream), streams.get(stream)!, years, knownAt);
}

export const PANEL_CSV_HEADER = `${PANEL_COLUMNS.join(',')}\n`;

export function panelCsvLine(row: PanelRow): string {
  return `${PANEL_COLUMNS.map((c) => row[c]).join(',')}\n`;
}
