import {
  Command,
  ConcurrencyError,
  EventIdConflictError,
  evolveInPlace,
  foldStream,
  InvalidInputError,
  RecordedEvent,
  StreamState,
} from '@app/domain';
import { EventContent, EventStore, EventToAppend, KnownPayload, Stamp, StreamAppend } from '@app/event-store';
import { decideAndStamp } from './decide-and-stamp';

/** One command of a batch, for one relationship's stream. */
export interface BatchCommand {
  stream: string;
  command: Command;
  /** When (UTC day) the command is decided: the day of its stamp. */
  today: string;
  stamp: Stamp;
  /**
   * What the store compares when the command's eventId is already stored (an idempotent retry, or a
   * conflict): the content as the client sent it. For a fact, the fact itself.
   */
  offered: EventContent;
  /** The texts of the command's payload, when its parser computed them (stampBatch). */
  known?: KnownPayload;
  /** A restored event must land exactly where it stood: this revision, after this hash, with this hash. */
  link?: { revision: number; prevHash: string; hash: string };
}

export type BatchOutcome =
  | { kind: 'created'; eventId: string }
  | { kind: 'alreadyPresent'; eventId: string }
  | { kind: 'refused'; error: unknown };

interface Decided {
  /** Undefined when the command was refused before reaching the store. */
  append?: StreamAppend;
  refused?: unknown;
}

/**
 * The command handler in batch mode (docs/architecture.md#the-path-of-a-write), for imports: each command
 * decided like a POST (the same decideAndStamp) against its stream's state kept in memory across batches,
 * then the whole batch stored with one `appendMany` — one transaction and one sync on SQLite. The store
 * alone decides idempotency: a command whose eventId its stream already holds is offered to the store as
 * it is, and the store answers "already stored" or a conflict. A batch the store refuses (a conflict, or
 * another writer in between) is written again in halves, so that the refusal lands on its own command.
 * Not for concurrent use: one import at a time per writer.
 */
export class BatchWriter {
  private readonly states = new Map<string, StreamState>();

  constructor(private readonly store: EventStore) {}

  async write(commands: BatchCommand[]): Promise<BatchOutcome[]> {
    if (!this.store.appendMany) return this.oneByOne(commands);
    if (commands.length === 0) return [];
    await this.load(commands);
    const decided = commands.map((command) => this.decide(command));
    const appends = decided.flatMap((d) => (d.append ? [d.append] : []));
    let results;
    try {
      results = appends.length > 0 ? await this.store.appendMany(appends) : [];
    } catch (error) {
      if (!isStoreRefusal(error)) throw error;
      // The states in memory now hold events that were not stored: they are read again. A single command
      // is refused; a batch is written again in halves, down to the command the store refuses.
      for (const command of commands) this.states.delete(command.stream);
      if (commands.length === 1) return [{ kind: 'refused', error }];
      const half = Math.ceil(commands.length / 2);
      return [...(await this.write(commands.slice(0, half))), ...(await this.write(commands.slice(half)))];
    }
    let next = 0;
    return decided.map((d, i): BatchOutcome => {
      if (!d.append) return { kind: 'refused', error: d.refused };
      const eventId = commands[i].command.eventId;
      return { kind: results[next++].idempotent ? 'alreadyPresent' : 'created', eventId };
    });
  }

  /** For stores without appendMany: each command decided and appended on its own. */
  private async oneByOne(commands: BatchCommand[]): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    for (const command of commands) {
      await this.load([command]);
      const { append, refused } = this.decide(command);
      if (!append) {
        outcomes.push({ kind: 'refused', error: refused });
        continue;
      }
      try {
        const result = await this.store.append(append.stream, append.events, append);
        const eventId = command.command.eventId;
        outcomes.push({ kind: result.idempotent ? 'alreadyPresent' : 'created', eventId });
      } catch (error) {
        if (!isStoreRefusal(error)) throw error;
        this.states.delete(command.stream);
        outcomes.push({ kind: 'refused', error });
      }
    }
    return outcomes;
  }

  /** The states of the streams not held yet, read from the store. */
  private async load(commands: BatchCommand[]): Promise<void> {
    for (const { stream } of commands) {
      if (!this.states.has(stream)) this.states.set(stream, foldStream(await this.store.readStream(stream)));
    }
  }

  /**
   * The append for one command, its state moved on in memory; or its refusal (a rule, a broken link).
   * An eventId the stream already holds goes to the store as offered, expecting any revision: the store
   * says whether it is the same event.
   */
  private decide(item: BatchCommand): Decided {
    const state = this.states.get(item.stream)!;
    const eventId = item.command.eventId;
    if (state.facts.has(eventId) || state.amendments.has(eventId)) {
      const event: EventToAppend = {
        eventId,
        type: item.offered.type as EventToAppend['type'],
        payload: item.offered.payload as EventToAppend['payload'],
        metadata: { ...item.stamp, prevHash: '', hash: '' },
      };
      return { append: { stream: item.stream, events: [event], expectedRevision: 'any' } };
    }
    let events: EventToAppend[];
    try {
      events = decideAndStamp(item.stream, state, item.command, item.stamp, item.today, item.known);
      if (item.link) checkLink(item.stream, state, events, item.link);
    } catch (error) {
      return { refused: error };
    }
    const expectedRevision = state.revision === -1n ? 'no_stream' : state.revision;
    for (const event of events) {
      const recorded: RecordedEvent = {
        eventId: event.eventId,
        type: event.type,
        payload: event.payload,
        metadata: event.metadata,
        stream: item.stream,
        revision: state.revision + 1n,
        position: '0', // not known before the append, and not part of a stream's state
      };
      evolveInPlace(state, [recorded]);
    }
    return { append: { stream: item.stream, events, expectedRevision } };
  }
}

function isStoreRefusal(error: unknown): boolean {
  return error instanceof EventIdConflictError || error instanceof ConcurrencyError;
}

function checkLink(
  stream: string,
  state: StreamState,
  events: EventToAppend[],
  link: NonNullable<BatchCommand['link']>,
): void {
  const { prevHash, hash } = events[0].metadata;
  if (
    events.length !== 1 ||
    BigInt(link.revision) !== state.revision + 1n ||
    link.prevHash !== prevHash ||
    link.hash !== hash
  ) {
    throw new InvalidInputError([
      {
        field: 'hash',
        rule: 'chains',
        message: `does not chain onto ${stream} at revision ${state.revision + 1n}: the export was altered, or its lines are out of order`,
      },
    ]);
  }
}
