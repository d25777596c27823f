import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cowEvents, parseDiplomaticExchange } from '../apps/cli/src/cow/diplomatic-exchange';
import { startTestApp, TestApp } from './support/test-app';

/**
 * GET /v1/panel: the record as a COW dyad-year panel (docs/data-sets.md#the-panel), over the Correlates of War
 * Diplomatic Exchange data set v2006.1 (Bayer, Reşat. 2006. "Diplomatic Exchange Data set, v2006.1."
 * Correlates of War Project, http://correlatesofwar.org; the US sample in test/fixtures/cow), recorded over HTTP.
 */
const text = readFileSync(
  join(__dirname, 'fixtures', 'cow', 'diplomatic-exchange-2006v1-us-sample.csv'),
  'utf8',
);
const file = parse(text, { columns: true, trim: true }) as Record<string, string>[];

describe('GET /v1/panel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { events } = cowEvents(
      parseDiplomaticExchange(text).rows.filter((r) => [20, 365].includes(r.ccode2)),
    );
    for (const event of events) {
      const res = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: event });
      expect(res.status).toBe(201);
    }
  }, 60_000);
  afterAll(() => t.close());

  const fileRows = (ccode2: string, from: number, to: number) =>
    file
      .filter((r) => r.ccode2 === ccode2 && Number(r.year) >= from && Number(r.year) <= to)
      .map((r) => [r.ccode1, r.ccode2, r.year, r.DR_at_1, r.DR_at_2, r.DE].join(','));

  test('CSV (Accept: text/csv): the data set’s columns, and the file’s rows for US–Canada and US–USSR', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/v1/panel?from=1925&to=1990&years=cow',
      as: 'reader',
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('ccode1,ccode2,year,DR_at_1,DR_at_2,DE');
    for (const row of [...fileRows('20', 1925, 1990), ...fileRows('365', 1925, 1990)])
      expect(lines).toContain(row);
    expect(lines).toContain('365,2,1950,9,9,1'); // the other direction, as the full file has it
  });

  test('JSON by default, the same rows; format=csv overrides Accept', async () => {
    const json = await t.request({
      method: 'GET',
      url: '/v1/panel?from=1930&to=1930&years=cow',
      as: 'reader',
    });
    expect(json.status).toBe(200);
    expect(json.body.items).toEqual(
      expect.arrayContaining([{ ccode1: 2, ccode2: 20, year: 1930, DR_at_1: 0, DR_at_2: 2, DE: 1 }]),
    );
    const csv = await t.request({
      method: 'GET',
      url: '/v1/panel?from=1930&to=1930&format=csv',
      as: 'reader',
    });
    expect(csv.text).toContain('2,20,1930,0,2,1');
  });

  test('a year when a state was no system member has no row (Canada before 1920)', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/v1/panel?from=1910&to=1914&years=cow',
      as: 'reader',
    });
    expect(
      res.body.items.filter((r: { ccode1: number; ccode2: number }) => r.ccode2 === 20 || r.ccode1 === 20),
    ).toEqual([]);
  });

  test.each([
    ['years=5y', 'years'],
    ['from=2000&to=1990', 'from'],
    ['format=xlsx', 'format'],
  ])('%s is a 400 naming %s, before anything is streamed', async (query, field) => {
    const res = await t.request({ method: 'GET', url: `/v1/panel?${query}`, as: 'reader' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  test('a read like the others: an unknown token is a 401', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/v1/panel',
      headers: { authorization: 'Bearer not-a-real-token-at-all' },
    });
    expect(res.status).toBe(401);
  });
});
