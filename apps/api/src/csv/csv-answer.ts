import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import Negotiator from 'negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError } from '@app/domain';
import type { CsvColumn } from './csv-columns';

export const CSV_TYPE = 'text/csv';
const OFFERED = ['application/json', CSV_TYPE];

/**
 * Whether the client asked for CSV: `format=csv`, or else an Accept header that prefers text/csv to
 * JSON (RFC 9110 negotiation, by `negotiator`). `format` wins over Accept; JSON is the default. The
 * answer varies with Accept, and says so.
 */
export function negotiateCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  format: string | undefined,
): boolean {
  void reply.header('vary', 'Accept');
  if (format !== undefined) {
    if (format !== 'csv' && format !== 'json') {
      throw new InvalidInputError([{ field: 'format', rule: 'isIn', message: 'must be json or csv' }]);
    }
    return format === 'csv';
  }
  if (request.headers.accept === undefined) return false;
  return new Negotiator(request).mediaType(OFFERED) === CSV_TYPE;
}

/** A CSV reads its pages this large, when the client sets no `limit`. */
export const CSV_PAGE = '1000';

/**
 * The items a CSV answer holds: with a `limit`, the one page JSON would answer; without, every page to
 * the end (read CSV_PAGE at a time). The first page is read before the answer starts, so that its
 * errors are problems (4xx) like JSON's.
 */
export async function csvItems<T>(
  limit: string | undefined,
  read: (limit: string, cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  cursor?: string,
): Promise<AsyncIterable<T>> {
  const first = await read(limit ?? CSV_PAGE, cursor);
  return (async function* () {
    let page = first;
    for (;;) {
      yield* page.items;
      if (page.nextCursor === null || limit !== undefined) return;
      page = await read(CSV_PAGE, page.nextCursor);
    }
  })();
}

/**
 * The items as RFC 4180 CSV (a header row, CRLF line ends, fields quoted where they must be, by
 * csv-stringify), streamed as they are read. A failure after the first page cuts the answer off (the
 * connection is closed): a CSV cannot carry a problem once its rows have started.
 */
export function csvAnswer<T>(
  reply: FastifyReply,
  filename: string,
  columns: CsvColumn<T>[],
  items: AsyncIterable<T>,
): Readable {
  void reply
    .type(`${CSV_TYPE}; charset=utf-8; header=present`)
    .header('content-disposition', `attachment; filename="${filename}"`);
  const rows = Readable.from(
    (async function* () {
      for await (const item of items) {
        yield columns.map((c) => {
          const value = c.cell(item);
          return value === undefined || value === null ? '' : String(value);
        });
      }
    })(),
  );
  const csv = stringify({ header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' });
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
