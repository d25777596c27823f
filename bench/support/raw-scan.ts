import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';

export interface ScanFigures {
  events: number;
  seconds: number;
  eventsPerSec: number;
}

interface Row {
  position: number;
  stream: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SELECT_ALL = 'SELECT * FROM events ORDER BY position';

/**
 * The reference of the projector and the replay: raw better-sqlite3 reading the whole `events` table
 * in log order with JSON.parse of `data` and `metadata` per row — the least any reader of the log
 * must do before it can look at an event.
 */
export function rawScan(path: string): ScanFigures {
  const db = new Database(path, { readonly: true });
  try {
    const started = performance.now();
    let events = 0;
    let keys = 0;
    for (const row of db.prepare<[], Row>(SELECT_ALL).iterate()) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      keys += Object.keys(data).length + Object.keys(metadata).length; // used, so not optimised away
      events++;
    }
    const seconds = (performance.now() - started) / 1000;
    if (keys === 0 && events > 0) throw new Error('the scan read nothing');
    return { events, seconds, eventsPerSec: events / seconds };
  } finally {
    db.close();
  }
}

/**
 * The reference of `export`: the same scan, each row written as one NDJSON line (the event's fields
 * flattened as export writes them), to a file.
 */
export async function rawExport(path: string, out: string): Promise<ScanFigures> {
  const db = new Database(path, { readonly: true });
  const sink = createWriteStream(out);
  try {
    const started = performance.now();
    let events = 0;
    for (const row of db.prepare<[], Row>(SELECT_ALL).iterate()) {
      const line = JSON.stringify({
        eventId: row.event_id,
        type: row.type,
        ...(JSON.parse(row.data) as object),
        stream: row.stream,
        revision: row.revision,
        position: String(row.position),
        ...(JSON.parse(row.metadata) as object),
      });
      if (!sink.write(`${line}\n`)) await once(sink, 'drain');
      events++;
    }
    sink.end();
    await once(sink, 'finish');
    const seconds = (performance.now() - started) / 1000;
    return { events, seconds, eventsPerSec: events / seconds };
  } finally {
    sink.destroy();
    db.close();
  }
}
