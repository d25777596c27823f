import { randomUUID } from 'node:crypto';
import {
  Command,
  decide,
  EventIdConflictError,
  evolveInPlace,
  foldStream,
  InvalidInputError,
  NewEvent,
  NotFoundError,
  RecordedEvent,
  RuleViolation,
  SCHEMA_VERSION,
  StreamState,
  streamOf,
  utcDay,
} from '@app/domain';
import { EventStore, EventToAppend, sameContent, stampBatch, StreamAppend } from '@app/event-store';
import type { Clock } from '../tokens';
import { ImportLine, parseImportLine } from './import-line';

export interface RefusedLine {
  line: number;
  eventId?: string;
  reason: string;
}

export interface ImportSummary {
  lines: number;
  accepted: number;
  /** Already in the store with the same content: nothing written (imports are idempotent by eventId). */
  alreadyPresent: number;
  refused: RefusedLine[];
}

/** How many lines are decided before their events are appended (one append per stream per batch). */
export const IMPORT_BATCH = 1000;

interface StreamCursor {
  stream: string;
  state: StreamState;
  /** Events decided but not yet appended, in order. */
  pending: EventToAppend[];
  /** The revision the store holds (what the next append expects). */
  stored: bigint;
}

function reasonOf(error: unknown): string {
  if (error instanceof InvalidInputError)
    return error.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  if (error instanceof RuleViolation) {
    return `${error.rule}: ${error.message}${error.errors.length ? ` (${error.errors.map((e) => e.field).join(', ')})` : ''}`;
  }
  if (error instanceof NotFoundError || error instanceof EventIdConflictError) return error.message;
  throw error;
}

/**
 * Imports NDJSON lines (`npm run cli -- import`, docs/architecture.md#the-path-of-a-write): each line
 * validated with the catalogue's schemas and decided like a POST would be, then appended in batches — one
 * append per stream per batch, so that a batch commits with a few transactions rather than one per event.
 * Idempotent by eventId. A refused line is reported with its number and reason, and nothing of it is stored.
 */
export class NdjsonImporter {
  private readonly streams = new Map<string, StreamCursor>();
  private readonly seen = new Set<string>();
  /** Streams with pending events, in the order they were first touched in this batch. */
  private readonly dirty = new Set<StreamCursor>();
  private readonly summary: ImportSummary = { lines: 0, accepted: 0, alreadyPresent: 0, refused: [] };
  private batchLines = 0;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly recordedBy: string,
  ) {}

  async add(text: string): Promise<void> {
    const number = ++this.summary.lines;
    if (text.trim() === '') return;
    let eventId: string | undefined;
    try {
      const line = parseImportLine(text);
      eventId = line.eventId;
      if (await this.isAlreadyStored(line)) {
        this.summary.alreadyPresent += 1;
        return;
      }
      await this.decide(line);
      this.summary.accepted += 1;
    } catch (error) {
      this.summary.refused.push({ line: number, eventId, reason: reasonOf(error) });
    }
    if (++this.batchLines >= IMPORT_BATCH) await this.flush();
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    return this.summary;
  }

  /**
   * Same eventId and content (the store's one definition, sameContent) already stored: skipped; other
   * content, or the same id earlier in this file: refused.
   */
  private async isAlreadyStored(line: ImportLine): Promise<boolean> {
    if (!line.eventId) return false;
    if (this.seen.has(line.eventId)) throw new EventIdConflictError(line.eventId);
    const existing = await this.store.findEvent(line.eventId);
    if (!existing) return false;
    if (!sameContent(existing, line)) throw new EventIdConflictError(line.eventId);
    return true;
  }

  private async cursor(stream: string): Promise<StreamCursor> {
    let cursor = this.streams.get(stream);
    if (!cursor) {
      const state = foldStream(await this.store.readStream(stream));
      cursor = { stream, state, pending: [], stored: state.revision };
      this.streams.set(stream, cursor);
    }
    return cursor;
  }

  private async decide(line: ImportLine): Promise<void> {
    const stream = line.kind === 'restore' ? line.stream : streamOf(...line.payload.actors);
    if (stream !== streamOf(...line.payload.actors)) {
      throw new InvalidInputError([
        { field: 'stream', rule: 'matchesActors', message: `must be ${streamOf(...line.payload.actors)}` },
      ]);
    }
    const cursor = await this.cursor(stream);
    const now = this.clock.now();
    const event: NewEvent = { eventId: line.eventId ?? randomUUID(), type: line.type, payload: line.payload };
    // Decide as the API would: the same rules, against the stream with this file's earlier lines in it.
    const command: Command =
      line.type === 'EventCorrected'
        ? {
            kind: 'correct',
            eventId: event.eventId,
            targetEventId: String(line.payload.data.targetEventId),
            changes: line.payload.data.changes as never,
            reason: String(line.payload.data.reason),
            sources: line.payload.sources,
          }
        : line.type === 'EventRetracted'
          ? {
              kind: 'retract',
              eventId: event.eventId,
              targetEventId: String(line.payload.data.targetEventId),
              reason: String(line.payload.data.reason),
              sources: line.payload.sources,
            }
          : { kind: 'record', ...event, dataActors: line.dataActors };
    const today = utcDay(line.kind === 'restore' ? new Date(line.recordedAt) : now);
    const [decided] = decide(command, cursor.state, { today });
    let stamped: EventToAppend;
    if (line.kind === 'restore') {
      // A restored event keeps its record time and recorder, and must chain exactly where it stood.
      const meta = {
        recordedAt: line.recordedAt,
        recordedBy: line.recordedBy,
        schemaVersion: line.schemaVersion,
      };
      [stamped] = stampBatch(stream, cursor.state, [event], meta).events;
      const { prevHash, hash } = stamped.metadata;
      if (
        BigInt(line.revision) !== cursor.state.revision + 1n ||
        line.prevHash !== prevHash ||
        line.hash !== hash
      ) {
        throw new InvalidInputError([
          {
            field: 'hash',
            rule: 'chains',
            message: `does not chain onto ${stream} at revision ${cursor.state.revision + 1n}: the export was altered, or its lines are out of order`,
          },
        ]);
      }
    } else {
      const meta = {
        recordedAt: now.toISOString(),
        recordedBy: this.recordedBy,
        schemaVersion: SCHEMA_VERSION,
      };
      [stamped] = stampBatch(stream, cursor.state, [decided], meta).events;
    }
    const revision = cursor.state.revision + 1n;
    const recorded: RecordedEvent = { ...stamped, stream, revision, position: '0' };
    evolveInPlace(cursor.state, [recorded]);
    cursor.pending.push(stamped);
    this.dirty.add(cursor);
    this.seen.add(stamped.eventId);
  }

  /**
   * Appends every stream's pending events. The appends are issued together, so a store with group
   * commit (the SQLite adapter) writes the whole batch in one transaction and one sync.
   */
  private async flush(): Promise<void> {
    this.batchLines = 0;
    const touched = [...this.dirty];
    this.dirty.clear();
    const appends: StreamAppend[] = touched.map((cursor) => ({
      stream: cursor.stream,
      events: cursor.pending,
      expectedRevision: cursor.stored === -1n ? 'no_stream' : cursor.stored,
    }));
    for (const cursor of touched) cursor.pending = [];
    if (appends.length === 0) return;
    // appendMany: the whole batch in one savepoint of one transaction (one sync), all or none.
    const results = this.store.appendMany
      ? await this.store.appendMany(appends)
      : await Promise.all(
          appends.map((a) => this.store.append(a.stream, a.events, { expectedRevision: a.expectedRevision })),
        );
    touched.forEach((cursor, i) => (cursor.stored = results[i].revision));
  }
}
