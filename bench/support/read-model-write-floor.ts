import { rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ReadModelFile } from '@app/timeline';

export interface WriteFloorFigures {
  /** Events of the log the read models were projected from. */
  events: number;
  rows: number;
  bytes: number;
  seconds: number;
  /** events ÷ seconds: the projector's rate if projecting cost nothing but writing its rows. */
  eventsPerSec: number;
}

/** Rows per transaction: a build commits about 2 000 events' rows at a time. */
const ROWS_PER_TRANSACTION = 2_000;

/**
 * The floor of any projector that writes our read models: raw better-sqlite3 reading every row of
 * projected read models and inserting it, in the order stored (each table's key order, as the build
 * writes them), into a fresh file with the same tables and settings (WAL, synchronous=NORMAL, the
 * same page cache), 2 000 rows per transaction. No log to read, nothing to decide or render: what
 * writing these bytes costs this machine. The copy is deleted afterwards.
 */
export function rawReadModelWrite(source: string, target: string, events: number): WriteFloorFigures {
  // The tables and the settings that persist in the file (WAL), exactly as the service makes them.
  ReadModelFile.open(target).close();
  const from = new Database(source, { readonly: true });
  const to = new Database(target);
  // The per-connection settings ReadModelFile uses.
  to.pragma('synchronous = NORMAL');
  to.pragma('cache_size = -32768');
  try {
    // The full-text index is not copied: SQLite refuses raw writes into an FTS5 table's shadow tables
    // ("may not be modified"), and its virtual table takes no raw rows. The floor leaves its bytes out.
    const virtual = from
      .prepare<[], string>(`SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'`)
      .pluck()
      .all();
    const tables = from
      .prepare<[], string>(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('meta') AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
      )
      .pluck()
      .all()
      .filter((table) => !virtual.some((name) => table.startsWith(`${name}_`)));
    const started = performance.now();
    let rows = 0;
    for (const table of tables) {
      const select = from.prepare(`SELECT * FROM "${table}"`).raw().safeIntegers();
      const columns = select.columns().map((c) => `"${c.name}"`);
      const insert = to.prepare(
        `INSERT OR REPLACE INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      const commit = to.transaction((batch: unknown[][]) => {
        for (const row of batch) insert.run(...row);
      });
      let batch: unknown[][] = [];
      for (const row of select.iterate() as IterableIterator<unknown[]>) {
        batch.push(row);
        if (batch.length === ROWS_PER_TRANSACTION) {
          commit(batch);
          rows += batch.length;
          batch = [];
        }
      }
      commit(batch);
      rows += batch.length;
    }
    to.pragma('wal_checkpoint(TRUNCATE)');
    const seconds = (performance.now() - started) / 1000;
    return { events, rows, bytes: statSync(target).size, seconds, eventsPerSec: events / seconds };
  } finally {
    from.close();
    to.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
}
