import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { ConcurrencyError, EventIdConflictError, type RecordedEvent } from '@app/domain';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  SubscribeOptions,
} from '../event-store.port';
import { checkExpectedRevision, describeRevision, NO_STREAM_REVISION } from '../expected-revision';
import { sameContent } from '../same-content';
import { DEFAULT_READ_ALL_LIMIT } from '../sqlite/sqlite-event-store';
import { StoreUnavailableError } from '../store-unavailable.error';
import { EventIdIndex, type EventLocation, type IndexEntry } from './event-id-index';
import { FIRST_EVENT, reserveEventId } from './event-id-reservation';
import { translateClientError } from './eventstoredb-errors';
import {
  appendIdOf,
  checkEventId,
  checkStreamName,
  clientPosition,
  isOurs,
  parsePosition,
  toEventData,
  toRecordedEvent,
} from './eventstoredb-events';
import { followAll, type Backoff } from './follow-all';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…` for a cluster (EVENTSTORE_CONNECTION_STRING). */
  connectionString: string;
  /** The eventId index of this replica: a file beside its read models, or ':memory:'. */
  eventIdIndexPath: string;
  /**
   * How long a lookup waits for the index to catch up with the log before answering 503 (default 5000 ms).
   */
  indexWaitMs?: number;
  /** Reconnection of subscriptions when the connection drops. */
  backoff?: Backoff;
  /** Where the adapter says what happens to its connection (drops, catch-up); silent when absent. */
  log?: (level: 'log' | 'warn', message: string) => void;
}

/** How many events of a stream's tail are searched for a retried eventId after a revision conflict. */
const TAIL_SEARCH = 100n;
/** Events read per request while looking backwards for the last of ours in `$all`. */
const HEAD_SEARCH_PAGE = 32n;
/** The projection lag is counted exactly up to this many events (positions do not count events here). */
export const LAG_COUNT_LIMIT = 10_000;
const DEFAULT_INDEX_WAIT_MS = 5000;
/** How long the index feed waits before restarting after an error that is not a dropped connection. */
const FEED_RESTART_MS = 1000;

/** An event found by id, where it is. */
interface StoredAt extends EventLocation {
  event: RecordedEvent;
}

interface SubscriptionState {
  caughtUp: boolean;
}

/**
 * The EventStoreDB / KurrentDB adapter of the event store port (docs/architecture.md#eventstoredb), through
 * `@eventstore/db-client` over gRPC.
 *
 * - Streams are `relationship-<A>-<B>`; an event's id is our eventId, its JSON data our payload and
 *   its JSON metadata our metadata (recordedAt, recordedBy, schemaVersion, prevHash, hash).
 * - Positions are the decimal strings of commit positions (offsets in EventStoreDB's log: increasing,
 *   not consecutive).
 * - Appends use the expected revision they are given, exactly. The eventId idempotency of the port is
 *   ours, not EventStoreDB's (its deduplication is best-effort and forgotten on restart): ids are looked
 *   up before the append, then each is reserved for its stream (event-id-reservation.ts: an eventId is
 *   unique across streams), the stream's tail is searched after a revision conflict, and what the server
 *   acknowledged is read back — a success it gives for ids it already had is not our write.
 * - findEvent is served by a local eventId index (EventIdIndex) that the adapter feeds from its own
 *   `$all` subscription; a miss is only believed once the index has caught up with the log's head.
 * - subscribe is a catch-up subscription to `$all`, filtered on the server to our prefix, resumed
 *   from the caller's checkpoint, reconnecting with back-off when the connection drops.
 * - An unreachable server is StoreUnavailableError (503); nothing is retried behind the caller's back.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly lifetime = new AbortController();
  private readonly subscriptions = new Set<SubscriptionState>();
  private readonly indexFeed: Promise<void>;
  private closed = false;

  /**
   * Opens the adapter. It does not wait for the server: reads of the read models must work while it is down.
   */
  static open(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    const client = EventStoreDBClient.connectionString(options.connectionString);
    return new EventStoreDbEventStore(client, EventIdIndex.open(options.eventIdIndexPath), options);
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly index: EventIdIndex,
    private readonly options: EventStoreDbEventStoreOptions,
  ) {
    this.indexFeed = this.feedIndex();
  }

  /**
   * Appends `events` to `stream` atomically, with the semantics of the SQLite adapter:
   * - every id already stored in this stream with the same content: nothing is written, and the
   *   original revision and position of the latest of them come back with `idempotent: true`;
   * - an id stored with other content, in another stream, twice in the batch, or only part of the
   *   batch stored: EventIdConflictError;
   * - otherwise the expected revision must hold (ConcurrencyError), then the events are written;
   * - no events: checks the expected revision against the stream's last event, writing nothing.
   */
  async append(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.checkOpen();
    checkStreamName(stream);
    const expected = options.expectedRevision;
    checkExpectedShape(expected);
    if (events.length === 0) return this.checkRevisionOnly(stream, expected);
    const ids = new Set<string>();
    for (const event of events) {
      checkEventId(event.eventId);
      if (ids.has(event.eventId)) throw new EventIdConflictError(event.eventId);
      ids.add(event.eventId);
    }

    const retried = this.retryResult(stream, events, await this.readStored(events.map((e) => e.eventId)));
    if (retried) return retried;
    await this.reserve(stream, events);
    const appendId = randomUUID();
    let acknowledged: bigint;
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((event) => toEventData(event, appendId)),
        { expectedRevision: expected },
      );
      acknowledged = result.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw this.translate(error);
      const raced = this.retryResult(stream, events, await this.searchTail(stream, expected, events));
      if (raced) return raced;
      const actual = error.actualVersion === 'no_stream' ? NO_STREAM_REVISION : BigInt(error.actualVersion);
      throw new ConcurrencyError(stream, describeRevision(expected), describeRevision(actual));
    }
    return this.confirmWritten(stream, events, appendId, acknowledged);
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    return this.readRevisions(stream, options.fromRevision ?? 0n);
  }

  /** Our events after `fromPosition` (exclusive), at most `limit` (default 1000), in log order. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    }
    let after = parsePosition(options.fromPosition);
    // `$all` also holds system events and other applications' streams, and reading it from a position
    // includes the event at that position: read pages until `limit` of ours are found or the log ends.
    const page = BigInt(Math.max(limit, 256));
    const found: RecordedEvent[] = [];
    for (;;) {
      const raw = await this.collect<AllStreamResolvedEvent>(() =>
        this.client.readAll({
          fromPosition: after === undefined ? START : clientPosition(after),
          direction: FORWARDS,
          maxCount: page,
        }),
      );
      for (const resolved of raw) {
        const position = resolved.event?.position?.commit;
        if (position === undefined || (after !== undefined && position <= after)) continue;
        after = position;
        if (isOurs(resolved)) found.push(toRecordedEvent(resolved));
        if (found.length === limit) return found;
      }
      if (BigInt(raw.length) < page) return found;
    }
  }

  /**
   * Catch-up, then live: our events after `fromPosition`, in order, each once, surviving dropped
   * connections (see followAll). Ends when `signal` aborts or the store is closed.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    if (this.closed || options.signal?.aborted) return;
    const after = parsePosition(options.fromPosition);
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.lifetime.signal])
      : this.lifetime.signal;
    const state: SubscriptionState = { caughtUp: false };
    this.subscriptions.add(state);
    try {
      yield* followAll(this.client, {
        after,
        signal,
        backoff: this.options.backoff,
        onCaughtUp: (position) => {
          state.caughtUp = true;
          this.say('log', `subscription to $all caught up at ${position ?? 'the start'}; live from here`);
        },
        onDropped: (error, retryInMs) => {
          state.caughtUp = false;
          this.say(
            'warn',
            `subscription to $all dropped (${describe(error)}); resubscribing in ${retryInMs} ms`,
          );
        },
      });
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.subscriptions.delete(state);
    }
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    this.checkOpen();
    const [found] = await this.readStored([eventId]);
    return found?.event;
  }

  /** The position of our last event in `$all`; undefined while there is none. */
  async headPosition(): Promise<string | undefined> {
    this.checkOpen();
    let before: bigint | undefined;
    for (;;) {
      const raw = await this.collect<AllStreamResolvedEvent>(() =>
        this.client.readAll({
          fromPosition: before === undefined ? END : clientPosition(before),
          direction: BACKWARDS,
          maxCount: HEAD_SEARCH_PAGE,
        }),
      );
      const ours = raw.find(isOurs);
      if (ours?.event?.position) return ours.event.position.commit.toString();
      const last = raw[raw.length - 1]?.event?.position?.commit;
      if (BigInt(raw.length) < HEAD_SEARCH_PAGE || last === undefined) return undefined;
      before = last;
    }
  }

  /**
   * How many of our events lie after `checkpoint`, for /health. EventStoreDB's positions are log
   * offsets, not event numbers, so they are counted — exactly up to LAG_COUNT_LIMIT, which then means
   * "at least". Nothing is read when the subscriptions have signalled they caught up and the
   * checkpoint has reached the head.
   */
  async projectionLag(checkpoint: string | undefined): Promise<string> {
    const head = await this.headPosition();
    if (head === undefined) return '0';
    const from = parsePosition(checkpoint);
    const caughtUp = [...this.subscriptions].every((s) => s.caughtUp);
    if (caughtUp && from !== undefined && from >= BigInt(head)) return '0';
    const behind = await this.readAll({ fromPosition: checkpoint, limit: LAG_COUNT_LIMIT });
    return String(behind.length);
  }

  /** Ends subscriptions and the index feed, disposes of the connection. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    await this.indexFeed;
    await this.client.dispose();
    this.index.close();
  }

  /** The eventId index, fed from `$all` in batches (one transaction per batch, checkpoint included). */
  private async feedIndex(): Promise<void> {
    const signal = this.lifetime.signal;
    while (!signal.aborted) {
      let pending: IndexEntry[] = [];
      let position: bigint | undefined;
      let scheduled = false;
      const flush = (): void => {
        scheduled = false;
        if (pending.length === 0 || position === undefined || this.closed) return;
        this.index.addFromFeed(pending, position);
        pending = [];
      };
      try {
        for await (const event of followAll(this.client, {
          after: this.index.checkpoint,
          signal,
          backoff: this.options.backoff,
          onDropped: (error, retryInMs) =>
            this.say(
              'warn',
              `eventId index feed dropped (${describe(error)}); resubscribing in ${retryInMs} ms`,
            ),
        })) {
          pending.push({ eventId: event.eventId, stream: event.stream, revision: event.revision });
          position = BigInt(event.position);
          // Events that arrive together (a catch-up page) commit together; a long catch-up in slices.
          if (pending.length >= 1000) flush();
          else if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        }
        flush();
      } catch (error) {
        if (signal.aborted) return;
        this.say(
          'warn',
          `eventId index feed failed (${describe(error)}); restarting in ${FEED_RESTART_MS} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, FEED_RESTART_MS).unref());
      }
    }
  }

  /**
   * Where each id is stored, undefined where it is not. An id missing from the index is only
   * believed missing once the index has caught up with the head of the log as read now: then
   * anything appended before this call — by any replica — has been seen.
   */
  private async locateStored(eventIds: string[]): Promise<Array<EventLocation | undefined>> {
    const known = eventIds.map((id) => this.index.lookup(id));
    if (known.every((location) => location !== undefined)) return known;
    const head = await this.headPosition();
    if (head !== undefined) {
      const reached = await this.index.waitFor(
        BigInt(head),
        this.options.indexWaitMs ?? DEFAULT_INDEX_WAIT_MS,
        this.lifetime.signal,
      );
      this.checkOpen();
      if (!reached) {
        throw new StoreUnavailableError(
          `this replica's eventId index is at ${this.index.checkpoint ?? 'the start'} of the log, ` +
            `behind its head at ${head}; it is catching up`,
        );
      }
    }
    return eventIds.map((id) => this.index.lookup(id));
  }

  /**
   * The idempotent result if `events` are all stored in `stream` with the same content (at
   * `locations`, in batch order), undefined if none is; EventIdConflictError for any other reuse.
   */
  private retryResult(
    stream: string,
    events: EventToAppend[],
    stored: Array<StoredAt | undefined>,
  ): AppendResult | undefined {
    let latest: RecordedEvent | undefined;
    events.forEach((event, i) => {
      const found = stored[i];
      if (!found) return;
      if (found.stream !== stream || !sameContent(found.event, event))
        throw new EventIdConflictError(event.eventId);
      if (!latest || found.event.revision > latest.revision) latest = found.event;
    });
    if (!latest) return undefined;
    // Part of the batch stored and part not is no retry of any append we acknowledged.
    const firstKnown = events.find((_, i) => stored[i] !== undefined)!;
    if (stored.some((found) => found === undefined)) throw new EventIdConflictError(firstKnown.eventId);
    return { revision: latest.revision, position: latest.position, idempotent: true };
  }

  /** The stored events with these ids (undefined where none), read from the log at the index's locations. */
  private async readStored(eventIds: string[]): Promise<Array<StoredAt | undefined>> {
    const locations = await this.locateStored(eventIds);
    return Promise.all(
      locations.map(async (location, i) => {
        if (!location) return undefined;
        const [event] = await this.readRevisions(location.stream, location.revision, 1n);
        if (event?.eventId !== eventIds[i]) {
          throw new Error(
            `the eventId index places ${eventIds[i]} at ${location.stream}@${location.revision}, but the log ` +
              `disagrees: if this replica was pointed at another store, delete ${this.options.eventIdIndexPath} ` +
              '(it is rebuilt from the log)',
          );
        }
        return { ...location, event };
      }),
    );
  }

  /**
   * After a revision conflict: the batch's ids among the last events of the stream since the
   * expected revision — a concurrent request with the same ids (a client's retry racing its first
   * try) may have won. Earlier events were seen by the index lookup before the append.
   */
  private async searchTail(
    stream: string,
    expected: ExpectedRevision,
    events: EventToAppend[],
  ): Promise<Array<StoredAt | undefined>> {
    const from = typeof expected === 'bigint' ? expected + 1n : 0n;
    const tail = await this.readLast(stream, TAIL_SEARCH);
    const byId = new Map(tail.filter((e) => e.revision >= from).map((e) => [e.eventId, e]));
    return events.map((event) => {
      const found = byId.get(event.eventId);
      return found && { stream: found.stream, revision: found.revision, event: found };
    });
  }

  /**
   * Reads back what the server acknowledged at the revisions it gave. EventStoreDB acknowledges a
   * batch whose ids it already holds right after the expected revision without writing it again (its
   * own deduplication); then what is stored there carries another append's id, and this call is
   * either a retry (same content: idempotent) or a conflict — never "created".
   */
  private async confirmWritten(
    stream: string,
    events: EventToAppend[],
    appendId: string,
    last: bigint,
  ): Promise<AppendResult> {
    const first = last - BigInt(events.length) + 1n;
    const raw = await this.collect<ResolvedEvent>(() =>
      this.client.readStream(stream, {
        fromRevision: first,
        direction: FORWARDS,
        maxCount: BigInt(events.length),
      }),
    );
    const stored = raw.map(toRecordedEvent);
    const written =
      raw.length === events.length &&
      raw.every((e, i) => appendIdOf(e) === appendId && stored[i].eventId === events[i].eventId);
    if (!written) {
      const locations = events.map((event) => {
        const found = stored.find((e) => e.eventId === event.eventId);
        return found && { stream, revision: found.revision, event: found };
      });
      const retried = this.retryResult(stream, events, locations);
      if (retried) return retried;
      throw new Error(`EventStoreDB acknowledged ${stream}@${first}…${last}, but holds other events there`);
    }
    this.index.addOwn(stored.map((e) => ({ eventId: e.eventId, stream, revision: e.revision })));
    const lastStored = stored[stored.length - 1];
    return { revision: lastStored.revision, position: lastStored.position, idempotent: false };
  }

  /** Each id of the batch bound to `stream` (see reserveEventId): the first of several streams wins it. */
  private async reserve(stream: string, events: EventToAppend[]): Promise<void> {
    try {
      await Promise.all(
        events.map((event) =>
          reserveEventId(this.client, event.eventId, stream, (reservation) =>
            this.collect<ResolvedEvent>(() => this.client.readStream(reservation, FIRST_EVENT)),
          ),
        ),
      );
    } catch (error) {
      if (error instanceof EventIdConflictError) throw error;
      throw this.translate(error);
    }
  }

  /** An empty append: the expected revision checked against the stream's last event, nothing written. */
  private async checkRevisionOnly(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readLast(stream, 1n);
    const current = last?.revision ?? NO_STREAM_REVISION;
    checkExpectedRevision(stream, expected, current);
    return { revision: current, position: last?.position ?? '0', idempotent: false };
  }

  /** Events of `stream` from revision `from` (inclusive), `count` at most; none for an unknown stream. */
  private async readRevisions(stream: string, from: bigint, count?: bigint): Promise<RecordedEvent[]> {
    const raw = await this.collect<ResolvedEvent>(() =>
      this.client.readStream(stream, { fromRevision: from, direction: FORWARDS, maxCount: count }),
    );
    return raw.map(toRecordedEvent);
  }

  /** The last `count` events of `stream`, newest first. */
  private async readLast(stream: string, count: bigint): Promise<RecordedEvent[]> {
    const raw = await this.collect<ResolvedEvent>(() =>
      this.client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: count }),
    );
    return raw.map(toRecordedEvent);
  }

  /** Everything a read gives; an unknown stream is no events; client errors as the port's. */
  private async collect<T>(read: () => AsyncIterable<T>): Promise<T[]> {
    this.checkOpen();
    const items: T[] = [];
    try {
      for await (const item of read()) items.push(item);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw this.translate(error);
    }
    return items;
  }

  private translate(error: unknown): unknown {
    return translateClientError(error, this.closed);
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the event store is closed');
  }

  private say(level: 'log' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}

/**
 * Only reachable from untyped callers (a number parsed from a header): refuse loudly, as the SQLite adapter
 * does.
 */
function checkExpectedShape(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || typeof expected === 'bigint') return;
  throw new TypeError(`expectedRevision must be 'any', 'no_stream' or a bigint, got ${String(expected)}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
