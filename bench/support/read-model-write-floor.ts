import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { BUILD_PAGE, ReadModelFile } from '@app/timeline';
import { SEARCH_INDEXES } from '@app/timeline/read-models/read-model-schema';
import { positionToRow } from '@app/timeline/read-models/positions';
import { searchTextOf } from '@app/timeline/search/search-text';

export interface WriteFloorFigures {
  /** Events of the log the read models were projected from. */
  events: number;
  rows: number;
  /** Of those rows, the full-text index's (one per text, as the projector inserts them). */
  words: number;
  bytes: number;
  seconds: number;
  /** events ÷ seconds: the projector's rate if projecting cost nothing but writing its rows. */
  eventsPerSec: number;
}

/** The tables a build writes relationship by relationship, each read back in its key order. */
const BY_RELATIONSHIP: [table: string, order: string][] = [
  ['relationships', 'relationship'],
  ['facts', 'relationship, start, pos, opened'],
  ['revisions', 'relationship, revision'],
  ['snapshots', 'relationship, through'],
];

/**
 * The words of every version in the read models, by the `opened` of its row (the full-text index's rowid):
 * the log read once and each opening event's text taken as the projector takes it (searchTextOf). Read
 * before the floor's clock starts: the floor writes, it does not read the log.
 */
async function collectWords(from: Database.Database, storePath: string): Promise<Map<bigint, string>> {
  const opened = new Set(from.prepare<[], bigint>('SELECT opened FROM facts').pluck().safeIntegers().all());
  const words = new Map<bigint, string>();
  const store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
  try {
    const read = (fromPosition?: string): Promise<RecordedEvent[]> =>
      store.readAll({ fromPosition, limit: 10_000 });
    for (let page = await read(); page.length > 0; page = await read(page[page.length - 1].position)) {
      for (const event of page) {
        const row = positionToRow(event.position);
        if (!opened.has(row)) continue;
        const text = searchTextOf(event);
        if (text) words.set(row, text);
      }
    }
    return words;
  } finally {
    await store.close();
  }
}

/**
 * The floor of any projector that writes our read models, mirroring a build from position 0
 * (build-by-stream.ts): raw better-sqlite3 reads the projected read models relationship by relationship
 * and writes each page of relationships (BUILD_PAGE events' worth, whole relationships) into a fresh file
 * with the same tables and settings (WAL, synchronous=NORMAL, the same page cache), in one transaction:
 * their rows of every table in key order, and the words of the versions they opened into the full-text
 * index in rowid order, as the projection writer inserts them. The search's indexes a build drops
 * (facts_by_type, facts_by_opened) are absent meanwhile and created at the end, as the build does.
 * No log to read, nothing to decide or render: what writing these rows costs this machine. The copy is
 * deleted afterwards. Without `words`, the full-text index is left empty: what the index adds to the floor.
 */
export async function rawReadModelWrite(
  source: string,
  storePath: string,
  target: string,
  events: number,
  options: { words: boolean } = { words: true },
): Promise<WriteFloorFigures> {
  // The tables and the settings that persist in the file (WAL), exactly as the service makes them.
  const file = ReadModelFile.open(target);
  file.dropSearchIndexes();
  file.close();
  const from = new Database(source, { readonly: true });
  const to = new Database(target);
  // The per-connection settings ReadModelFile uses.
  to.pragma('synchronous = NORMAL');
  to.pragma('cache_size = -32768');
  try {
    const words = options.words ? await collectWords(from, storePath) : new Map<bigint, string>();
    const heads = from
      .prepare<[], [string, number]>(
        'SELECT relationship, revision + 1 FROM relationships ORDER BY relationship',
      )
      .raw()
      .all();
    const pairs = new Map<string, unknown[][]>();
    for (const row of from.prepare('SELECT * FROM actor_relationships').raw().all() as unknown[][]) {
      const list = pairs.get(row[1] as string);
      if (list) list.push(row);
      else pairs.set(row[1] as string, [row]);
    }
    const copies = BY_RELATIONSHIP.map(([table, order]) => {
      const select = from
        .prepare(`SELECT * FROM "${table}" WHERE relationship BETWEEN ? AND ? ORDER BY ${order}`)
        .raw()
        .safeIntegers();
      const columns = select.columns().map((c) => `"${c.name}"`);
      const insert = to.prepare(
        `INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      return { table, select, insert };
    });
    const insertPair = to.prepare('INSERT INTO actor_relationships VALUES (?, ?, ?)');
    const insertWords = to.prepare<[bigint, string]>('INSERT INTO search_text (rowid, text) VALUES (?, ?)');
    let rows = 0;
    let wordRows = 0;
    const writePage = to.transaction((first: string, last: string, relationships: string[]) => {
      const opened: bigint[] = [];
      for (const relationship of relationships) {
        for (const row of pairs.get(relationship) ?? []) {
          insertPair.run(...row);
          rows++;
        }
      }
      for (const { table, select, insert } of copies) {
        for (const row of select.iterate(first, last) as IterableIterator<unknown[]>) {
          insert.run(...row);
          rows++;
          if (table === 'facts') opened.push(row[3] as bigint);
        }
      }
      opened.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const rowid of opened) {
        const text = words.get(rowid);
        if (!text) continue;
        insertWords.run(rowid, text);
        wordRows++;
      }
    });
    const started = performance.now();
    let page: string[] = [];
    let pageEvents = 0;
    for (const [relationship, count] of heads) {
      // A page of the build: whole relationships, up to BUILD_PAGE events (one alone if it has more).
      if (page.length > 0 && pageEvents + count > BUILD_PAGE) {
        writePage(page[0], page[page.length - 1], page);
        page = [];
        pageEvents = 0;
      }
      page.push(relationship);
      pageEvents += count;
    }
    if (page.length > 0) writePage(page[0], page[page.length - 1], page);
    to.transaction(() => {
      for (const [, sql] of SEARCH_INDEXES) to.exec(sql);
    })();
    to.pragma('wal_checkpoint(TRUNCATE)');
    const seconds = (performance.now() - started) / 1000;
    return {
      events,
      rows: rows + wordRows,
      words: wordRows,
      bytes: statSync(target).size,
      seconds,
      eventsPerSec: events / seconds,
    };
  } finally {
    from.close();
    to.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
}
