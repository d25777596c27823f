import {
  ConcurrencyError,
  EventIdConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '@app/domain';
import { ImportLine, parseImportLine } from './import-line';

/** A line parsed, or refused by its parser: what a parser gives, in this thread or another. */
export type ParsedLine = { line: ImportLine } | { refused: { reason: string } };

/** Turns lines of text into parsed lines, in order. */
export interface LineParser {
  /** Whether it parses in other threads: then the next batch is given to it while one is written. */
  readonly threaded: boolean;
  parse(lines: string[]): Promise<ParsedLine[]>;
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
      return { line: parseImportLine(text) };
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
