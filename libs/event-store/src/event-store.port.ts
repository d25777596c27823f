import type { NewEvent, EventMetadata, RecordedEvent } from '@app/domain';

export type ExpectedRevision = 'any' | 'no_stream' | bigint;

/** An event ready to append: decided, and stamped by the service (recordedAt, hash, …). */
export interface EventToAppend extends NewEvent {
  metadata: EventMetadata;
  /**
   * JSON.stringify(payload), byte for byte, when the writer has it already (stampBatch, from an import's
   * parser thread): a store that keeps JSON text keeps this one instead of stringifying the payload again.
   */
  payloadJson?: string;
}

export interface AppendResult {
  /** Revision of the last event of this append in its stream. */
  revision: bigint;
  /** Global position of the last event of this append. */
  position: string;
  /** True when every event was already stored with identical content: nothing was written. */
  idempotent: boolean;
}

export interface StreamAppend {
  stream: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
}

export interface ReadAllOptions {
  /** Read events after this position (exclusive); from the start when absent. */
  fromPosition?: string;
  limit?: number;
}

export interface ReadByStreamOptions {
  /** The last position included (a head read beforehand): later appends are left to the log. */
  through: string;
  /** Start after this stream (exclusive); from the first when absent. */
  afterStream?: string;
  limit: number;
}

export interface SubscribeOptions {
  /** Deliver events after this position (exclusive); from the start when absent. */
  fromPosition?: string;
  signal?: AbortSignal;
}

/**
 * The event store port (docs/architecture.md#the-event-store). Every adapter passes the contract suite.
 * - append refuses a wrong expected revision with ConcurrencyError, and an eventId already stored
 *   with other content with EventIdConflictError; an eventId stored with identical content
 *   (same type and payload) returns the original result and writes nothing.
 * - readAll and subscribe deliver events in global order; positions are opaque, comparable only
 *   as decimal strings of unsigned integers, compared as BigInt.
 */
export interface EventStore {
  append(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /**
   * Optional, for bulk writers (the importer): several appends, each as `append` would do it, stored
   * all or none — one refused (wrong revision, reused eventId) rejects them all and stores nothing.
   * Results are in the order of `appends`. Stores without it get one `append` per stream.
   */
  appendMany?(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: { fromRevision?: bigint }): Promise<RecordedEvent[]>;
  /**
   * Optional, for building read models from position 0 (a first projection, a replay): the events at or
   * before `through`, stream by stream — streams in name order after `afterStream`, each one whole and in
   * revision order — in pages of about `limit` events (more when one stream alone is longer). An empty
   * page means there is no stream left. Stores without it are read in log order instead.
   */
  readByStream?(options: ReadByStreamOptions): Promise<RecordedEvent[][]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live: every event after fromPosition, in order, until the signal aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** The event with this id, wherever it is; undefined when none. */
  findEvent(eventId: string): Promise<RecordedEvent | undefined>;
  /** The position of the last event in the store; undefined while it is empty. */
  headPosition(): Promise<string | undefined>;
  /**
   * Optional, for /health: how many events lie after `checkpoint`, as a decimal string. Only stores
   * whose positions do not count events provide it (EventStoreDB's are offsets in its log); for the
   * others the lag is head − checkpoint.
   */
  projectionLag?(checkpoint: string | undefined): Promise<string>;
  close(): Promise<void>;
}
