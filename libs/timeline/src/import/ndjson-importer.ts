import { randomUUID } from 'node:crypto';
import { Command, InvalidInputError, SCHEMA_VERSION, streamOf, utcDay } from '@app/domain';
import { EventStore, Stamp } from '@app/event-store';
import type { Clock } from '../tokens';
import { BatchCommand, BatchWriter } from '../events/batch-writer';
import { ImportLine } from './import-line';
import { inProcessParser, LineParser, ParsedLine, reasonOf } from './parse-lines';

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

/** How many lines are parsed together (by one thread, when the parser has several). */
export const PARSE_CHUNK = 1000;
/**
 * How many lines are decided before they are appended together: one appendMany, one transaction and one
 * sync on SQLite (the larger, the fewer syncs; docs/benchmarks.md).
 */
export const IMPORT_BATCH = 10 * PARSE_CHUNK;

/** After the callbacks of promises resolved so far have run. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The command a line asks for, as the API would take it (a fact, a correction, a retraction). */
function commandOf(line: ImportLine, eventId: string): Command {
  const data = line.payload.data;
  if (line.type === 'EventCorrected') {
    return {
      kind: 'correct',
      eventId,
      targetEventId: String(data.targetEventId),
      changes: data.changes as never,
      reason: String(data.reason),
      sources: line.payload.sources,
    };
  }
  if (line.type === 'EventRetracted') {
    return {
      kind: 'retract',
      eventId,
      targetEventId: String(data.targetEventId),
      reason: String(data.reason),
      sources: line.payload.sources,
    };
  }
  return { kind: 'record', eventId, type: line.type, payload: line.payload, dataActors: line.dataActors };
}

/**
 * Imports NDJSON lines (`npm run cli -- import`, docs/architecture.md#the-path-of-a-write): each line parsed
 * with the catalogue's schemas (by `parser`, which may work in other threads while this one writes), then
 * given to the command handler in batch mode (BatchWriter): decided like a POST, appended a batch at a time.
 * Idempotent by eventId. A refused line is reported with its number and reason, and nothing of it is stored.
 */
export class NdjsonImporter {
  private readonly writer: BatchWriter;
  private readonly summary: ImportSummary = { lines: 0, accepted: 0, alreadyPresent: 0, refused: [] };
  /** Lines read but not yet sent to the parser, with their numbers. */
  private chunk: { number: number; text: string }[] = [];
  /** Chunks being parsed, in order: a batch's worth, and with a threaded parser the next batch's too. */
  private readonly parsing: {
    done: Promise<{ numbers: number[]; parsed: ParsedLine[] }>;
    result?: { numbers: number[]; parsed: ParsedLine[] };
  }[] = [];

  constructor(
    store: EventStore,
    private readonly clock: Clock,
    private readonly recordedBy: string,
    private readonly parser: LineParser = inProcessParser,
  ) {
    this.writer = new BatchWriter(store);
  }

  async add(text: string): Promise<void> {
    const number = ++this.summary.lines;
    if (text.trim() === '') return;
    this.chunk.push({ number, text });
    if (this.chunk.length >= PARSE_CHUNK) await this.send();
  }

  async finish(): Promise<ImportSummary> {
    await this.send();
    while (this.parsing.length > 0) await this.writeNext();
    this.summary.refused.sort((a, b) => a.line - b.line);
    return this.summary;
  }

  private async send(): Promise<void> {
    if (this.chunk.length === 0) return;
    const chunk = this.chunk;
    this.chunk = [];
    const numbers = chunk.map((c) => c.number);
    const entry: (typeof this.parsing)[number] = {
      done: this.parser
        .parse(chunk.map((c) => c.text))
        .then((parsed) => (entry.result = { numbers, parsed })),
    };
    this.parsing.push(entry);
    const queued = (this.parser.threaded ? 2 : 1) * (IMPORT_BATCH / PARSE_CHUNK);
    while (this.parsing.length >= queued) await this.writeNext();
  }

  /**
   * Writes the next batch: the chunks at the head of the queue once half a batch of them is parsed, and
   * the chunks after those that are parsed already (up to IMPORT_BATCH lines): the writer does not wait
   * for a whole batch.
   */
  private async writeNext(): Promise<void> {
    // At least half a batch, so that a writer ahead of its parser still commits (and syncs) seldom.
    const least = Math.min(this.parsing.length, IMPORT_BATCH / PARSE_CHUNK / 2);
    const head = this.parsing.slice(0, least);
    // Rather than wait for its parser's threads, this thread parses chunks that none has started.
    while (head.some((entry) => !entry.result) && this.parser.help?.()) await settled();
    await Promise.all(head.map((entry) => entry.done));
    let ready = least;
    while (ready < IMPORT_BATCH / PARSE_CHUNK && this.parsing[ready]?.result) ready++;
    const chunks = this.parsing.splice(0, ready).map((entry) => entry.result!);
    const numbers = chunks.flatMap((c) => c.numbers);
    const parsed = chunks.flatMap((c) => c.parsed);
    const now = this.clock.now();
    const stamp = {
      recordedAt: now.toISOString(),
      recordedBy: this.recordedBy,
      schemaVersion: SCHEMA_VERSION,
    };
    const today = utcDay(now);
    const commands: BatchCommand[] = [];
    const lineOf: number[] = [];
    parsed.forEach((p, i) => {
      if ('refused' in p) {
        this.summary.refused.push({ line: numbers[i], ...p.refused });
        return;
      }
      try {
        commands.push(this.commandFor(p, stamp, today));
        lineOf.push(i);
      } catch (error) {
        this.summary.refused.push({ line: numbers[i], eventId: p.line.eventId, reason: reasonOf(error) });
      }
    });
    const outcomes = await this.writer.write(commands);
    outcomes.forEach((outcome, k) => {
      if (outcome.kind === 'created') this.summary.accepted += 1;
      else if (outcome.kind === 'alreadyPresent') this.summary.alreadyPresent += 1;
      else {
        const parsedLine = parsed[lineOf[k]] as { line: ImportLine };
        const { eventId } = parsedLine.line; // as the line gave it (none when the service made one up)
        this.summary.refused.push({ line: numbers[lineOf[k]], eventId, reason: reasonOf(outcome.error) });
      }
    });
  }

  private commandFor(
    { line, texts }: Extract<ParsedLine, { line: unknown }>,
    stamp: Stamp,
    today: string,
  ): BatchCommand {
    const stream = streamOf(...line.payload.actors);
    const offered = { type: line.type, payload: line.payload };
    const known = { payload: line.payload, texts };
    if (line.kind === 'fact') {
      return {
        stream,
        command: commandOf(line, line.eventId ?? randomUUID()),
        today,
        stamp,
        offered,
        known,
      };
    }
    if (line.stream !== stream) {
      throw new InvalidInputError([{ field: 'stream', rule: 'matchesActors', message: `must be ${stream}` }]);
    }
    // A restored event keeps its record time and recorder, and must chain exactly where it stood.
    return {
      stream,
      command: commandOf(line, line.eventId),
      today: utcDay(new Date(line.recordedAt)),
      stamp: { recordedAt: line.recordedAt, recordedBy: line.recordedBy, schemaVersion: line.schemaVersion },
      offered,
      known,
      link: { revision: line.revision, prevHash: line.prevHash, hash: line.hash },
    };
  }
}
