import { Inject, Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import {
  Command,
  ConcurrencyError,
  decide,
  EventIdConflictError,
  RecordedEvent,
  SCHEMA_VERSION,
  utcDay,
} from '@app/domain';
import { EventStore, stampBatch } from '@app/event-store';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { StreamStateCache } from './stream-state-cache';
import { Receipt, receiptOf } from './event-json';

export interface WriteResult {
  receipt: Receipt;
  /** False when the eventId was already recorded with the same content: nothing was written. */
  created: boolean;
}

/** How often a write without If-Match re-reads and re-decides after losing a race to another writer. */
const RACE_RETRIES = 10;

/** The content a retry must repeat to be the same request (not its record time or hash). */
function contentOf(command: Command): unknown {
  switch (command.kind) {
    case 'record':
      return { type: command.type, payload: command.payload };
    case 'correct':
      return {
        type: 'EventCorrected',
        target: command.targetEventId,
        changes: command.changes,
        reason: command.reason,
      };
    case 'retract':
      return { type: 'EventRetracted', target: command.targetEventId, reason: command.reason };
  }
}

function contentOfRecorded(event: RecordedEvent): unknown {
  const data = event.payload.data;
  switch (event.type) {
    case 'EventCorrected':
      return { type: event.type, target: data.targetEventId, changes: data.changes, reason: data.reason };
    case 'EventRetracted':
      return { type: event.type, target: data.targetEventId, reason: data.reason };
    default:
      return { type: event.type, payload: event.payload };
  }
}

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
    const retry = await this.sameEventRecorded(command);
    if (retry) return { receipt: receiptOf(retry), created: false };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(stream, command, recordedBy, ifMatch);
      } catch (error) {
        // A concurrent request with the same eventId may have won since the check above: then this
        // one is its retry, whatever rule or revision the second decision tripped on.
        const won = await this.sameEventRecorded(command);
        if (won) return { receipt: receiptOf(won), created: false };
        // Lost a race to another writer: with If-Match the client asked to be told; without it the
        // command is decided again on the new state.
        if (!(error instanceof ConcurrencyError) || ifMatch !== undefined || attempt >= RACE_RETRIES)
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
    const decided = decide(command, state, { today: utcDay(now) });
    const { events: stamped } = stampBatch(stream, state, decided, {
      recordedAt: now.toISOString(),
      recordedBy,
      schemaVersion: SCHEMA_VERSION,
    });
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
   * An eventId already in the store: the same content is a retry (answered with the original), other content
   * a conflict.
   */
  private async sameEventRecorded(command: Command): Promise<RecordedEvent | undefined> {
    const existing = await this.store.findEvent(command.eventId);
    if (!existing) return undefined;
    if (canonicalize(contentOfRecorded(existing)) !== canonicalize(contentOf(command))) {
      throw new EventIdConflictError(command.eventId);
    }
    return existing;
  }
}
