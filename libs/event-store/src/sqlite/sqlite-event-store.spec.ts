import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConcurrencyError, type RecordedEvent } from '@app/domain';
import { anEvent, describeEventStoreContract, sleep } from '../event-store.contract';
import { StoreUnavailableError } from '../store-unavailable.error';
import { DEFAULT_READ_ALL_LIMIT, SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const tempDir = mkdtempSync(join(tmpdir(), 'event-store-spec-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function aFile(): string {
  return join(tempDir, `${randomUUID()}.db`);
}

// A poll interval far longer than any test: in the contract runs, live events can only arrive through
// the in-process notification, and an abort must wake a waiting subscriber rather than the next poll.
const NO_POLLING = 60_000;

describeEventStoreContract('sqlite (file)', async () =>
  SqliteEventStore.open({ path: aFile(), pollIntervalMs: NO_POLLING }),
);
describeEventStoreContract('sqlite (:memory:)', async () =>
  SqliteEventStore.open({ path: ':memory:', pollIntervalMs: NO_POLLING }),
);

describe('SqliteEventStore', () => {
  const opened: SqliteEventStore[] = [];
  function open(options: SqliteEventStoreOptions): SqliteEventStore {
    const store = SqliteEventStore.open(options);
    opened.push(store);
    return store;
  }
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  describe('catching up', () => {
    it('given a log of many pages, when a subscriber catches up, then other work gets turns between pages', async () => {
      const store = open({ path: aFile(), synchronous: 'NORMAL' });
      await store.append(
        'relationship-AZ-CN',
        Array.from({ length: 2000 }, () => anEvent()),
        { expectedRevision: 'no_stream' },
      );
      let consumed = 0;
      let seenByOtherWork = -1;
      setImmediate(() => (seenByOtherWork = consumed));
      const abort = new AbortController();
      for await (const _event of store.subscribe({ signal: abort.signal })) {
        if (++consumed === 2000) abort.abort();
      }
      expect(seenByOtherWork).toBeGreaterThanOrEqual(0);
      expect(seenByOtherWork).toBeLessThan(2000);
    });
  });

  describe('group commit', () => {
    it('given 50 concurrent appends to different streams, then they commit in one transaction, each acknowledged', async () => {
      const store = open({ path: aFile() });
      const commits = jest.spyOn(store as unknown as { commitPending: () => void }, 'commitPending');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append(`relationship-G${i}`, [anEvent()], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(commits).toHaveBeenCalledTimes(1);
      expect(results.map((r) => r.revision)).toEqual(Array(50).fill(0n));
      expect(new Set(results.map((r) => r.position)).size).toBe(50);
      expect((await store.readAll({ limit: 100 })).length).toBe(50);
    });

    it('given a group where one append is refused, then only that one fails and the others are stored', async () => {
      const store = open({ path: aFile() });
      await store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.append('relationship-AZ-FR', [anEvent()], { expectedRevision: 'no_stream' }),
        store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' }),
        store.append('relationship-AZ-DE', [anEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.readAll()).map((e) => e.stream)).toEqual([
        'relationship-AZ-CN',
        'relationship-AZ-FR',
        'relationship-AZ-DE',
      ]);
    });

    it('given two appends to one stream with the same expected revision in one group, then the second is a conflict', async () => {
      const store = open({ path: aFile() });
      const outcomes = await Promise.allSettled([
        store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' }),
        store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    });
  });

  describe('appendMany (bulk writers)', () => {
    it('given appends to several streams, then they are stored in one commit, in order, each with its result', async () => {
      const store = open({ path: aFile() });
      const commits = jest.spyOn(store as unknown as { commitPending: () => void }, 'commitPending');
      const results = await store.appendMany([
        { stream: 'relationship-AZ-CN', events: [anEvent(), anEvent()], expectedRevision: 'no_stream' },
        { stream: 'relationship-AZ-FR', events: [anEvent()], expectedRevision: 'no_stream' },
      ]);
      expect(commits).toHaveBeenCalledTimes(1);
      expect(results.map((r) => r.revision)).toEqual([1n, 0n]);
      expect((await store.readAll()).map((e) => e.stream)).toEqual([
        'relationship-AZ-CN',
        'relationship-AZ-CN',
        'relationship-AZ-FR',
      ]);
    });

    it('given one append of the set refused, then none of them is stored', async () => {
      const store = open({ path: aFile() });
      await store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' });
      await expect(
        store.appendMany([
          { stream: 'relationship-AZ-FR', events: [anEvent()], expectedRevision: 'no_stream' },
          { stream: 'relationship-AZ-CN', events: [anEvent()], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readAll()).map((e) => e.stream)).toEqual(['relationship-AZ-CN']);
    });
  });

  describe('readByStream (building read models from position 0)', () => {
    /**
     * Events 1-3 in A, 4 in C, 5-6 in B, 7 in A, interleaved in the log; then an 8th in B after the head
     * read.
     */
    async function interleaved(store: SqliteEventStore): Promise<string> {
      const order = ['relationship-A', 'relationship-C', 'relationship-A', 'relationship-B'];
      order.push('relationship-A', 'relationship-B', 'relationship-A');
      for (const stream of order) await store.append(stream, [anEvent()], { expectedRevision: 'any' });
      const through = (await store.headPosition())!;
      await store.append('relationship-B', [anEvent()], { expectedRevision: 'any' });
      return through;
    }
    const shape = (page: RecordedEvent[][]) =>
      page.map((events) => events.map((e) => `${e.stream.slice(-1)}${e.revision}`).join(' '));

    it('given streams interleaved in the log, then they come back whole, in name order, each in revision order, without what was appended after `through`', async () => {
      const store = open({ path: aFile() });
      const through = await interleaved(store);
      expect(shape(await store.readByStream({ through, limit: 100 }))).toEqual([
        'A0 A1 A2 A3',
        'B0 B1',
        'C0',
      ]);
    });

    it('given a limit that ends inside a stream, then the page stops before that stream, and the next page starts with it', async () => {
      const store = open({ path: aFile() });
      const through = await interleaved(store);
      expect(shape(await store.readByStream({ through, limit: 5 }))).toEqual(['A0 A1 A2 A3']);
      expect(shape(await store.readByStream({ through, limit: 5, afterStream: 'relationship-A' }))).toEqual([
        'B0 B1',
        'C0',
      ]);
      expect(await store.readByStream({ through, limit: 5, afterStream: 'relationship-C' })).toEqual([]);
    });

    it('given one stream longer than the limit, then the page holds that stream whole', async () => {
      const store = open({ path: aFile() });
      const through = await interleaved(store);
      expect(shape(await store.readByStream({ through, limit: 2 }))).toEqual(['A0 A1 A2 A3']);
    });

    it('given a limit that is not a positive integer, then RangeError', async () => {
      const store = open({ path: aFile() });
      await expect(store.readByStream({ through: '1', limit: 0 })).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('opening', () => {
    it('given a file, then it runs in WAL mode with synchronous FULL and a busy timeout', () => {
      const store = open({ path: aFile() });
      expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000 });
    });

    it('given synchronous NORMAL and a busy timeout, then those are what SQLite runs with', () => {
      const store = open({ path: aFile(), synchronous: 'NORMAL', busyTimeoutMs: 250 });
      expect(store.settings()).toMatchObject({ synchronous: 'NORMAL', busyTimeoutMs: 250 });
    });

    it("given ':memory:', then it opens with synchronous FULL and no WAL (an in-memory database has none)", () => {
      const store = open({ path: ':memory:' });
      expect(store.settings()).toMatchObject({ journalMode: 'memory', synchronous: 'FULL' });
    });

    it.each<[string, Partial<SqliteEventStoreOptions>]>([
      ['synchronous OFF', { synchronous: 'OFF' as 'FULL' }],
      ['a negative busy timeout', { busyTimeoutMs: -1 }],
      ['a fractional busy timeout', { busyTimeoutMs: 1.5 }],
      ['a poll interval of 0', { pollIntervalMs: 0 }],
    ])('given %s, then opening is refused with a RangeError', (_, bad) => {
      expect(() => open({ path: ':memory:', ...bad })).toThrow(RangeError);
    });

    it('given a path whose directories do not exist, then they are created', async () => {
      const path = join(tempDir, randomUUID(), 'nested', 'timeline.db');
      const store = open({ path });
      await store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' });
      expect(existsSync(path)).toBe(true);
    });

    it('then the events table is exactly the one of docs/architecture.md', () => {
      const path = aFile();
      open({ path });
      const raw = new Database(path, { readonly: true });
      try {
        const columns = raw.prepare('PRAGMA table_info(events)').all();
        expect(columns).toEqual([
          { cid: 0, name: 'position', type: 'INTEGER', notnull: 0, dflt_value: null, pk: 1 },
          { cid: 1, name: 'stream', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 2, name: 'revision', type: 'INTEGER', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 3, name: 'event_id', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 4, name: 'type', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 5, name: 'data', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 6, name: 'metadata', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
          { cid: 7, name: 'recorded_at', type: 'TEXT', notnull: 1, dflt_value: null, pk: 0 },
        ]);
        const uniques = raw
          .prepare<[], { name: string }>('SELECT name FROM pragma_index_list(\'events\') WHERE "unique" = 1')
          .all()
          .map(({ name }) =>
            raw
              .prepare<[], { name: string }>(`SELECT name FROM pragma_index_info('${name}')`)
              .all()
              .map((c) => c.name),
          );
        expect(uniques).toEqual(expect.arrayContaining([['event_id'], ['stream', 'revision']]));
        expect(uniques).toHaveLength(2);
      } finally {
        raw.close();
      }
    });

    it('given an event appended and the store closed, when the file is opened again, then the event is there', async () => {
      const path = aFile();
      const first = open({ path });
      const event = anEvent();
      const { position } = await first.append('relationship-AZ-CN', [event], {
        expectedRevision: 'no_stream',
      });
      await first.close();

      const again = open({ path });

      await expect(again.findEvent(event.eventId)).resolves.toMatchObject({
        eventId: event.eventId,
        revision: 0n,
        position,
      });
    });
  });

  describe('reading', () => {
    it('given an empty store, then headPosition is undefined and the log is empty', async () => {
      const store = open({ path: ':memory:' });
      await expect(store.headPosition()).resolves.toBeUndefined();
      await expect(store.readAll()).resolves.toEqual([]);
    });

    it(`given more than ${DEFAULT_READ_ALL_LIMIT} events, when the log is read without a limit, then the first ${DEFAULT_READ_ALL_LIMIT} come back`, async () => {
      const store = open({ path: ':memory:' });
      const events = Array.from({ length: DEFAULT_READ_ALL_LIMIT + 5 }, () => anEvent());
      await store.append('relationship-AZ-CN', events, { expectedRevision: 'no_stream' });

      const page = await store.readAll();

      expect(page.map((e) => e.eventId)).toEqual(
        events.slice(0, DEFAULT_READ_ALL_LIMIT).map((e) => e.eventId),
      );
    });

    it.each(['', '-1', '1.5', 'abc', ' 1', '99999999999999999999'])(
      'when the log is read from position %p, then a RangeError (a position is a decimal string)',
      async (fromPosition) => {
        const store = open({ path: ':memory:' });
        await expect(store.readAll({ fromPosition })).rejects.toBeInstanceOf(RangeError);
      },
    );

    it.each([0, -1, 1.5, Number.NaN])(
      'when the log is read with limit %p, then a RangeError',
      async (limit) => {
        const store = open({ path: ':memory:' });
        await expect(store.readAll({ limit })).rejects.toBeInstanceOf(RangeError);
      },
    );
  });

  describe('two instances on one file', () => {
    it('given events appended through one instance, then another instance on the same file reads them', async () => {
      const path = aFile();
      const [writer, reader] = [open({ path }), open({ path })];
      const event = anEvent();

      const result = await writer.append('relationship-AZ-CN', [event], { expectedRevision: 'no_stream' });

      await expect(reader.readStream('relationship-AZ-CN')).resolves.toMatchObject([
        { eventId: event.eventId },
      ]);
      await expect(reader.readAll()).resolves.toMatchObject([
        { eventId: event.eventId, position: result.position },
      ]);
      await expect(reader.headPosition()).resolves.toBe(result.position);
    });

    it('given an event appended through one instance, then the other checks expected revisions and retries against it', async () => {
      const path = aFile();
      const [first, second] = [open({ path }), open({ path })];
      const event = anEvent();
      const original = await first.append('relationship-AZ-CN', [event], { expectedRevision: 'no_stream' });

      await expect(
        second.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow('is at revision 0, not no_stream');
      await expect(
        second.append('relationship-AZ-CN', [event], { expectedRevision: 'no_stream' }),
      ).resolves.toEqual({
        ...original,
        idempotent: true,
      });
    });

    it('given a subscriber on one instance, when events are appended through another, then it receives them by polling', async () => {
      const path = aFile();
      const writer = open({ path });
      const reader = open({ path, pollIntervalMs: 20 });
      const controller = new AbortController();
      const received: RecordedEvent[] = [];
      const consuming = (async () => {
        for await (const event of reader.subscribe({ signal: controller.signal })) {
          received.push(event);
          if (received.length === 3) controller.abort();
        }
      })();

      const events = [anEvent(), anEvent(), anEvent()];
      await writer.append('relationship-AZ-CN', [events[0]], { expectedRevision: 'no_stream' });
      await sleep(60);
      await writer.append('relationship-AZ-CN', events.slice(1), { expectedRevision: 0n });
      await consuming;

      expect(received.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    });

    it('given another connection holding the write lock, when appending, then it waits the busy timeout and fails with StoreUnavailableError, writing nothing; once the lock is released it succeeds', async () => {
      const path = aFile();
      const store = open({ path, busyTimeoutMs: 100 });
      const locker = new Database(path);
      try {
        locker.exec('BEGIN IMMEDIATE');
        const started = Date.now();

        const error = await store
          .append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'any' })
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(StoreUnavailableError);
        // It waited: the lock is asked for up front (BEGIN IMMEDIATE). A transaction that read first
        // and then asked would have been refused at once, without the busy handler.
        expect(Date.now() - started).toBeGreaterThanOrEqual(90);
        locker.exec('ROLLBACK');
        await expect(store.readAll()).resolves.toEqual([]);
        await expect(
          store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'no_stream' }),
        ).resolves.toMatchObject({
          revision: 0n,
        });
      } finally {
        locker.close();
      }
    });
  });

  describe('closing', () => {
    it('given a live subscriber waiting for events, when the store is closed, then the subscription ends', async () => {
      const store = open({ path: ':memory:', pollIntervalMs: 60_000 });
      const iterator = store.subscribe()[Symbol.asyncIterator]();
      const waiting = iterator.next();

      await store.close();

      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    });

    it('given a closed store, then reads and appends reject with StoreUnavailableError, and closing again is harmless', async () => {
      const store = open({ path: ':memory:' });
      await store.close();

      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(
        store.append('relationship-AZ-CN', [anEvent()], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
});
