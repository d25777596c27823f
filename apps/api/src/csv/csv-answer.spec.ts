import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_PAGE, csvItems } from './csv-answer';
import { COUNTRY_COLUMNS, HISTORY_COLUMNS, TIMELINE_COLUMNS } from './csv-columns';

/** Pages of `size` over the numbers 0..total-1, the cursor being the last number given. */
function pager(total: number) {
  const calls: [string, string | undefined][] = [];
  const read = async (limit: string, cursor?: string) => {
    calls.push([limit, cursor]);
    const from = cursor === undefined ? 0 : Number(cursor) + 1;
    const items = Array.from(
      { length: Math.max(0, Math.min(Number(limit), total - from)) },
      (_, i) => from + i,
    );
    const last = items[items.length - 1];
    return { items, nextCursor: last !== undefined && last < total - 1 ? String(last) : null };
  };
  return { read, calls };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('the items of a CSV answer', () => {
  test('without a limit: every page to the end, CSV_PAGE at a time', async () => {
    const { read, calls } = pager(2500);
    const items = await all(await csvItems(undefined, read));
    expect(items).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(calls).toEqual([
      [CSV_PAGE, undefined],
      [CSV_PAGE, '999'],
      [CSV_PAGE, '1999'],
    ]);
  });

  test('with a limit: the one page JSON would answer, from the cursor', async () => {
    const { read, calls } = pager(2500);
    expect(await all(await csvItems('3', read, '9'))).toEqual([10, 11, 12]);
    expect(calls).toEqual([['3', '9']]);
  });

  test('the first page is read before the answer starts (its errors are problems, not a cut stream)', async () => {
    const failing = () => Promise.reject(new Error('404'));
    await expect(csvItems(undefined, failing)).rejects.toThrow('404');
  });
});

describe('docs/csv.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/csv.md'), 'utf8');
  /** The column names of the table under a heading, in order. */
  const columnsUnder = (heading: string) => {
    const section = doc.slice(doc.indexOf(heading));
    const table = section.slice(
      section.indexOf('| column'),
      section.indexOf('\n\n', section.indexOf('| column')),
    );
    return table
      .split('\n')
      .slice(2)
      .map((line) => /^\| `([^`]+)`/.exec(line)?.[1]);
  };

  test('documents every column of every CSV answer, in order', () => {
    expect(columnsUnder('## The timeline')).toEqual(TIMELINE_COLUMNS.map((c) => c.header));
    expect(columnsUnder('## The history')).toEqual(HISTORY_COLUMNS.map((c) => c.header));
    expect(columnsUnder("## A state's relationships")).toEqual(COUNTRY_COLUMNS.map((c) => c.header));
  });
});
