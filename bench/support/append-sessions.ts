import { SqliteEventStore, type EventToAppend } from '@app/event-store';
import { openRawEventTable, type Synchronous } from './raw-event-table';

/** One transaction's worth of work: the port's append call, or the reference's transaction. */
export interface Transaction {
  stream: string;
  firstRevision: number;
  events: EventToAppend[];
}

/** An implementation under test, open on one file; `run` does some transactions of the plan. */
export interface Session {
  run(txs: Transaction[]): Promise<void> | void;
  close(): Promise<void> | void;
}

/** Ours: SqliteEventStore.append through the port, with an exact expected revision. */
export function portSession(path: string, synchronous: Synchronous): Session {
  const store = SqliteEventStore.open({ path, synchronous });
  return {
    async run(txs) {
      for (const tx of txs) {
        const expectedRevision = tx.firstRevision === 0 ? 'no_stream' : BigInt(tx.firstRevision - 1);
        await store.append(tx.stream, tx.events, { expectedRevision });
      }
    },
    close: () => store.close(),
  };
}

/** The reference: the same rows with raw better-sqlite3 prepared INSERTs. */
export function rawSession(path: string, synchronous: Synchronous): Session {
  const { db, insert } = openRawEventTable(path, synchronous);
  const row = (tx: Transaction, i: number): void => {
    const e = tx.events[i];
    insert.run(
      tx.stream,
      tx.firstRevision + i,
      e.eventId,
      e.type,
      JSON.stringify(e.payload),
      JSON.stringify(e.metadata),
      e.metadata.recordedAt,
    );
  };
  const batch = db.transaction((tx: Transaction) => tx.events.forEach((_, i) => row(tx, i)));
  return {
    // One event: an autocommit INSERT is its own transaction; a batch: one BEGIN … COMMIT.
    run: (txs) => txs.forEach((tx) => (tx.events.length === 1 ? row(tx, 0) : batch(tx))),
    close: () => void db.close(),
  };
}
