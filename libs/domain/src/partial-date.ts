import edtf, { parse as parseEdtf } from 'edtf';

export type DatePrecision = 'year' | 'month' | 'day';

/**
 * An EDTF level-0 date or interval of dates, with the period it covers
 * (docs/domain.md#dates-valid-time-with-its-precision).
 */
export interface PartialDate {
  text: string;
  /** First day of the period, YYYY-MM-DD. */
  start: string;
  /** Last day of the period, YYYY-MM-DD. */
  end: string;
  precision: DatePrecision;
  interval: boolean;
}

const DAY = '\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?';
/**
 * The shape of a partial date as a regular expression, for the OpenAPI document and clients: every date
 * parsePartialDate accepts matches it; parsePartialDate also checks that the day exists and that an
 * interval does not end before it starts.
 */
export const PARTIAL_DATE_PATTERN = `^${DAY}(/${DAY})?$`;

const precisions: Record<number, DatePrecision> = { 1: 'year', 2: 'month', 3: 'day' };

interface EdtfNode {
  type: string;
  values: number[] | EdtfNode[];
}

/** edtf's grammar admits 29 February in every year (and then reads 2023-02-29 as 2023-03-01). */
function dayExists([year, month, day]: number[]): boolean {
  if (day === undefined) return true;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getUTCMonth() === month && date.getUTCDate() === day;
}

function isPlainDate(node: EdtfNode): boolean {
  // Level 0 also admits date-times and negative years; a diplomatic fact here is a calendar date.
  const values = node.values as number[];
  return (
    node.type === 'Date' && values.length >= 1 && values.length <= 3 && values[0] >= 0 && dayExists(values)
  );
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The parser is a general EDTF grammar (nearley): exact but slow, and the same few thousand dates
 * recur across millions of events. Results are memoised, in a map that is emptied when it fills.
 */
const MEMO_LIMIT = 100_000;
const memo = new Map<string, PartialDate | null>();

/** Parses `1992`, `2024-07`, `2024-07-03` or `2025-04-22/2025-04-24`; undefined for anything else. */
export function parsePartialDate(text: unknown): PartialDate | undefined {
  // Only short texts of digits, dashes and slashes reach the parser, and the memo.
  if (typeof text !== 'string' || text.length > 32 || !/^[0-9/-]+$/.test(text)) return undefined;
  const known = memo.get(text);
  if (known !== undefined) return known === null ? undefined : { ...known };
  const simple = parsePlainDate(text);
  const parsed = simple === null ? parseWithEdtf(text) : simple;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, parsed ?? null);
  return parsed && { ...parsed };
}

const PLAIN = /^([1-9]\d{3})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The common forms — YYYY, YYYY-MM, YYYY-MM-DD, years 1000 to 9999 — without the grammar, which builds a
 * nearley parser per text: a visible part of a request's time. The same answers as edtf's for every such
 * text (a test compares the two over every form of the years that decide each case, and of random years);
 * null for anything else, which edtf parses.
 */
export function parsePlainDate(text: string): PartialDate | undefined | null {
  const match = PLAIN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2] === undefined) {
    return { text, start: `${year}-01-01`, end: `${year}-12-31`, precision: 'year', interval: false };
  }
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (match[3] === undefined) {
    return {
      text,
      start: `${year}-${pad(month)}-01`,
      end: `${year}-${pad(month)}-${pad(lastDay)}`,
      precision: 'month',
      interval: false,
    };
  }
  const day = Number(match[3]);
  if (day < 1 || day > lastDay) return undefined;
  return { text, start: text, end: text, precision: 'day', interval: false };
}

/** Any EDTF level-0 text, through the edtf package's grammar. */
export function parseWithEdtf(text: string): PartialDate | undefined {
  try {
    const tree = parseEdtf(text, { level: 0 }) as EdtfNode;
    const dates = tree.type === 'Interval' ? (tree.values as EdtfNode[]) : [tree];
    if (!dates.every(isPlainDate)) return undefined;
    // edtf() too throws, for an interval that ends before it starts (`2024/1992`).
    const value = edtf(text) as { min: number; max: number };
    const first = dates[0].values as number[];
    return {
      text,
      start: isoDay(value.min),
      end: isoDay(value.max),
      precision: precisions[first.length],
      interval: tree.type === 'Interval',
    };
  } catch {
    // edtf throws for every text it cannot parse: "not a date" is the answer here, not a failure.
    return undefined;
  }
}

/** The server's UTC calendar date for an instant. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}
