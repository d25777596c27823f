import { Inject, Injectable } from '@nestjs/common';
import {
  Command,
  ConcurrencyError,
  decide,
  EventIdConflictError,
  foldStream,
  NewEvent,
  NotFoundError,
  RecordedEvent,
  RuleViolation,
  SCHEMA_VERSION,
  utcDay,
} from '@app/domain';
import { EventStore, sameContent } from '@app/event-store';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { StreamStateCache } from './stream-state-cache';
import { decideAndStamp } from './decide-and-stamp';
import { Receipt, receiptOf } from './event-json';

export interface WriteResult {
  receipt: Receipt;
  /** False when the eventId was already recorded with the same content: nothing was written. */
  created: boolean;
}

/** How often a write without If-Match re-reads and re-decides after losing a race to another writer. */
const RACE_RETRIES = 10;

/**
 * Load, decide, append (docs/architecture.md#the-path-of-a-write) for one relationship stream, with the hash
 * chain and the eventId idempotency. The expected revision is always exact, so the chain stays linear.
 */
@Injectable()
export class StreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private readonly states = new StreamStateCache();

  /** The tail of the queue of writes to each stream in this process: they load, decide and append in turn. */
  private readonly streamQueues = new Map<string, Promise<unknown>>();

  /**
   * Writes to one stream run one after another in this process, so that concurrent requests for one
   * relationship do not all decide on the same revision and retry each other out; writes to different
   * streams still run together (and share a commit). Races with other processes are retried below.
   */
  write(stream: string, command: Command, recordedBy: string, ifMatch?: bigint): Promise<WriteResult> {
    const previous = this.streamQueues.get(stream) ?? Promise.resolve();
    const mine = previous.then(
      () => this.writeNow(stream, command, recordedBy, ifMatch),
      () => this.writeNow(stream, command, recordedBy, ifMatch),
    );
    this.streamQueues.set(stream, mine);
    const forget = () => {
      if (this.streamQueues.get(stream) === mine) this.streamQueues.delete(stream);
    };
    mine.then(forget, forget);
    return mine;
  }

  private async writeNow(
    stream: string,
    command: Command,
    recordedBy: string,
    ifMatch?: bigint,
  ): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(stream, command, recordedBy, ifMatch);
      } catch (error) {
        // Lost a race to another writer: with If-Match the client asked to be told; without it the command
        // is decided again on the new state (and the store says so if the winner was this very request).
        if (error instanceof ConcurrencyError && ifMatch === undefined && attempt < RACE_RETRIES) continue;
        // Refused by a rule, a revision or the store: a request already recorded is refused so on a retry
        // (its slug taken, its correction made), and then it gets the original receipt.
        const original = await this.originalOfRetry(stream, command);
        if (original) return { receipt: receiptOf(original), created: false };
        throw error;
      }
    }
  }

  private async attempt(
    stream: string,
    command: Command,
    recordedBy: string,
    ifMatch?: bigint,
  ): Promise<WriteResult> {
    const state = await this.states.load(this.store, stream);
    if (ifMatch !== undefined && state.revision !== ifMatch) {
      throw new ConcurrencyError(stream, String(ifMatch), String(state.revision));
    }
    const now = this.clock.now();
    const stamp = { recordedAt: now.toISOString(), recordedBy, schemaVersion: SCHEMA_VERSION };
    const stamped = decideAndStamp(stream, state, command, stamp, utcDay(now));
    const expectedRevision = state.revision === -1n ? 'no_stream' : state.revision;
    const result = await this.store.append(stream, stamped, { expectedRevision });
    const last = stamped[stamped.length - 1];
    if (result.idempotent) {
      const original = await this.store.findEvent(last.eventId);
      if (!original) throw new Error(`the store reported ${last.eventId} as stored but cannot find it`);
      return { receipt: receiptOf(original), created: false };
    }
    return {
      receipt: {
        eventId: last.eventId,
        stream,
        revision: Number(result.revision),
        position: result.position,
        recordedAt: last.metadata.recordedAt,
        hash: last.metadata.hash,
      },
      created: true,
    };
  }

  /**
   * The stored event when `command` repeats it; undefined when its eventId is not stored;
   * EventIdConflictError when it is stored with other content. "The same content" is the store's one
   * definition (sameContent), applied to what this command decides in the original's place: against the
   * stream as it stood before the original, on the day it was recorded.
   */
  private async originalOfRetry(stream: string, command: Command): Promise<RecordedEvent | undefined> {
    const original = await this.store.findEvent(command.eventId);
    if (!original) return undefined;
    if (original.stream !== stream) throw new EventIdConflictError(command.eventId);
    const before = foldStream(
      (await this.store.readStream(stream)).filter((event) => event.revision < original.revision),
    );
    let again: NewEvent[];
    try {
      again = decide(command, before, { today: utcDay(new Date(original.metadata.recordedAt)) });
    } catch (error) {
      if (error instanceof RuleViolation || error instanceof NotFoundError) {
        throw new EventIdConflictError(command.eventId);
      }
      throw error;
    }
    if (again.length !== 1 || !sameContent(original, again[0]))
      throw new EventIdConflictError(command.eventId);
    return original;
  }
}
