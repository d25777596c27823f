import {
  ConcurrencyError,
  EventIdConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '@app/domain';
// The file rather than the lib's index: a parser thread loads no EventStoreDB client.
import { payloadTexts, type PayloadTexts } from '@app/event-store/stamp-batch';
import { ImportLine, parseImportLine } from './import-line';

/**
 * A line parsed, with its payload's JSON and canonical texts (computed where it is parsed, so that the
 * writing thread neither stringifies nor canonicalises it: it chains hashes); or refused by its parser.
 * What a parser gives, in this thread or another.
 */
export type ParsedLine = { line: ImportLine; texts: PayloadTexts } | { refused: { reason: string } };

/** Turns lines of text into parsed lines, in order. */
export interface LineParser {
  /** Whether it parses in other threads: then the next batch is given to it while one is written. */
  readonly threaded: boolean;
  parse(lines: string[]): Promise<ParsedLine[]>;
  /**
   * Parses in the calling thread a chunk given to parse that no other thread has started: what a writer
   * does instead of waiting for one. False when there is none.
   */
  help?(): boolean;
  close(): Promise<void>;
}

/** The reason of a refusal as the import summary prints it; anything that is not a refusal is rethrown. */
export function reasonOf(error: unknown): string {
  if (error instanceof InvalidInputError)
    return error.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  if (error instanceof RuleViolation) {
    return `${error.rule}: ${error.message}${error.errors.length ? ` (${error.errors.map((e) => e.field).join(', ')})` : ''}`;
  }
  if (
    error instanceof NotFoundError ||
    error instanceof EventIdConflictError ||
    error instanceof ConcurrencyError
  )
    return error.message;
  throw error;
}

/** Each line through parseImportLine (the catalogue's schemas), in this thread. */
export function parseLines(lines: string[]): ParsedLine[] {
  return lines.map((text): ParsedLine => {
    try {
      const line = parseImportLine(text);
      return { line, texts: payloadTexts(line.payload) };
    } catch (error) {
      return { refused: { reason: reasonOf(error) } };
    }
  });
}

export const inProcessParser: LineParser = {
  threaded: false,
  parse: async (lines) => parseLines(lines),
  close: async () => undefined,
};

/**
 * A parsed line as a parser thread posts it: its payload left out, since its JSON text travels anyway —
 * cloning the object graph costs the receiving (writing) thread more than parsing that text again.
 */
export type PostedLine =
  { line: Omit<ImportLine, 'payload'>; texts: PayloadTexts } | { refused: { reason: string } };

export function toPosted(parsed: ParsedLine): PostedLine {
  if ('refused' in parsed) return parsed;
  const { payload: _payload, ...line } = parsed.line;
  return { line, texts: parsed.texts };
}

/** The parsed line again: JSON.parse of JSON.stringify(payload) is the payload as every reader of the store sees it. */
export function fromPosted(posted: PostedLine): ParsedLine {
  if ('refused' in posted) return posted;
  const line = posted.line as ImportLine;
  line.payload = JSON.parse(posted.texts.json) as ImportLine['payload'];
  return { line, texts: posted.texts };
}
