import { InvalidInputError, isKnownActor, normalizeActorCode, parsePartialDate } from '@app/domain';

/**
 * The shapes of query values, exported for the OpenAPI document so that it says exactly what these
 * parsers take (the parsers also check that a day exists, and ranges).
 */
export const QUERY_PATTERNS = {
  day: '^\\d{4}-\\d{2}-\\d{2}$',
  instant: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  position: '^(0|[1-9]\\d{0,19})$',
  cursor: '^[A-Za-z0-9_-]{1,200}$',
  /** Free text (a search's `q`): no control characters. */
  text: '^[^\\u0000-\\u001f\\u007f]{1,200}$',
} as const;
const compiled = new Map<string, RegExp>(Object.values(QUERY_PATTERNS).map((p) => [p, new RegExp(p)]));
const matches = (pattern: string, value: string): boolean => compiled.get(pattern)!.test(value);

function invalid(field: string, rule: string, message: string): never {
  throw new InvalidInputError([{ field, rule, message }]);
}

/** A path or query code: case-insensitive, known to the code lists. */
export function parseActor(field: string, value: string): string {
  const code = normalizeActorCode(value);
  if (!isKnownActor(code)) {
    invalid(
      field,
      'isActor',
      `unknown country code "${value}" (ISO 3166-1 alpha-2, or ISO 3166-3 for former states)`,
    );
  }
  return code;
}

export function parsePair(a: string, b: string): [string, string] {
  const pair: [string, string] = [parseActor('a', a), parseActor('b', b)];
  if (pair[0] === pair[1]) invalid('b', 'distinctActors', 'a relationship is between two different states');
  return pair;
}

/** A calendar day YYYY-MM-DD that exists. */
export function parseDay(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const period = matches(QUERY_PATTERNS.day, value) ? parsePartialDate(value) : undefined;
  if (!period) invalid(field, 'isDay', 'must be a calendar date YYYY-MM-DD that exists');
  return value;
}

/** An ISO 8601 instant with a time zone, normalised to UTC with milliseconds (the form of recordedAt). */
export function parseInstant(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = matches(QUERY_PATTERNS.instant, value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    invalid(field, 'isInstant', 'must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T12:00:00Z');
  return new Date(ms).toISOString();
}

export function parsePosition(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!matches(QUERY_PATTERNS.position, value))
    invalid(field, 'isPosition', 'must be a log position (a whole number)');
  return value;
}

export function parseLimit(field: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    invalid(field, 'isLimit', `must be a whole number from 1 to ${max}`);
  return n;
}

export function parseRank(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-5]$/.test(value)) invalid(field, 'isRank', 'must be a partnership rank from 1 to 5');
  return Number(value);
}

/** Opaque cursors: base64url of a small JSON key; anything else is a 400, not a crash. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(
  field: string,
  value: string | undefined,
  isKey: (k: unknown) => k is T,
): T | undefined {
  if (value === undefined) return undefined;
  let key: unknown;
  try {
    key = matches(QUERY_PATTERNS.cursor, value)
      ? JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
      : undefined;
  } catch {
    key = undefined; // not JSON: reported below as a bad cursor
  }
  if (!isKey(key)) invalid(field, 'isCursor', 'is not a cursor this service gave out');
  return key;
}
