import { parse } from 'csv-parse/sync';
import { HISTORY_COLUMNS, TIMELINE_COLUMNS, COUNTRY_COLUMNS } from '../apps/api/src/csv/csv-columns';
import { example } from './fixtures/example-facts';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/** A CSV answer read by csv-parse (an RFC 4180 reader written by others): the header, then the records. */
function readCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = parse(text, { record_delimiter: '\r\n' });
  const [header, ...rest] = records;
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** CSV where analysts want it: the timeline, the history and the country view as RFC 4180 text. */
describe('CSV answers (format=csv or Accept: text/csv)', () => {
  let t: TestApp;
  const awkwardNote = 'Said "no comment", then left;\nback the next day';
  beforeAll(async () => {
    t = await startTestApp();
    await recordAzerbaijanChina(t);
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('StatementIssued', { note: awkwardNote }),
    });
    expect(res.status).toBe(201);
    // The read models include every write before the country view is read.
    await t.request({ method: 'GET', url: `/v1/relationships/AZ/CN?minPosition=${res.body.position}` });
  });
  afterAll(() => t.close());

  test('the timeline: one row per fact, the documented columns, the same facts as the JSON answer', async () => {
    const json = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?limit=1000' });
    const res = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?format=csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="AZ-CN-timeline.csv"');
    expect(res.headers.vary).toBe('Accept');
    // RFC 4180: CRLF after every record, the last one included.
    expect(res.text.endsWith('\r\n')).toBe(true);
    const { header, rows } = readCsv(res.text);
    expect(header).toEqual(TIMELINE_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(json.body.items.length);
    rows.forEach((row, i) => {
      const item = json.body.items[i];
      expect(row).toMatchObject({
        eventId: item.eventId,
        type: item.type,
        actorA: item.actors[0],
        actorB: item.actors[1],
        occurredOn: item.occurredOn,
        periodStart: item.period.start,
        periodEnd: item.period.end,
        precision: item.period.precision,
        recordedAt: item.recordedAt,
        position: item.position,
        corrections: String(item.corrections.length),
        retracted: String(item.retraction !== null),
        originalOccurredOn: item.original?.occurredOn ?? '',
        note: item.note ?? '',
      });
      expect(JSON.parse(row.data)).toEqual(item.data);
      expect(JSON.parse(row.sources)).toEqual(item.sources);
    });
    // A corrected fact says what it was first recorded as.
    expect(rows.some((r) => r.corrections === '1' && r.originalOccurredOn === '1992')).toBe(true);
    // Quotes, a separator and a line break inside a field survive the round trip.
    expect(rows.some((r) => r.note === awkwardNote)).toBe(true);
    expect(res.text).toContain('"Said ""no comment"", then left;\nback the next day"');
  });

  test('Accept: text/csv asks for CSV too; JSON stays the default and wins where preferred', async () => {
    const get = (accept?: string) =>
      t.request({
        method: 'GET',
        url: '/v1/relationships/AZ/CN/timeline',
        headers: accept ? { accept } : {},
      });
    expect((await get('text/csv')).headers['content-type']).toMatch(/^text\/csv/);
    expect((await get()).headers['content-type']).toMatch(/^application\/json/);
    expect((await get('*/*')).headers['content-type']).toMatch(/^application\/json/);
    expect((await get('text/csv;q=0.5, application/json')).headers['content-type']).toMatch(
      /^application\/json/,
    );
    // format= wins over Accept.
    const res = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/timeline?format=json',
      headers: { accept: 'text/csv' },
    });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  test('filters and a limit mean what they mean in JSON', async () => {
    const ids = async (url: string) => {
      const json = await t.request({ method: 'GET', url });
      const { rows } = readCsv((await t.request({ method: 'GET', url: `${url}&format=csv` })).text);
      expect(rows.map((r) => r.eventId)).toEqual(json.body.items.map((i: { eventId: string }) => i.eventId));
      return json;
    };
    const filtered = await ids('/v1/relationships/AZ/CN/timeline?types=VisitHeld,StatementIssued&from=2000');
    expect(new Set(filtered.body.items.map((i: { type: string }) => i.type))).toEqual(
      new Set(['VisitHeld', 'StatementIssued']),
    );
    const json = await ids('/v1/relationships/AZ/CN/timeline?limit=2');
    expect(json.body.nextCursor).not.toBeNull();
    const after = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN/timeline?cursor=${json.body.nextCursor}&format=csv`,
    });
    const all = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?format=csv' });
    expect(readCsv(after.text).rows.length).toBe(readCsv(all.text).rows.length - 2);
  });

  test('the history (auditor): one row per event in record order, with hashes and amendment links', async () => {
    const json = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/history?limit=1000',
      as: 'auditor',
    });
    const res = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/history',
      as: 'auditor',
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    const { header, rows } = readCsv(res.text);
    expect(header).toEqual(HISTORY_COLUMNS.map((c) => c.header));
    expect(rows.map((r) => [r.revision, r.eventId, r.hash, r.amends, r.amendedBy])).toEqual(
      json.body.items.map((e: Record<string, any>) => [
        String(e.revision),
        e.eventId,
        e.hash,
        e.amends ?? '',
        e.amendedBy.join(' '),
      ]),
    );
    expect(
      (await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/history?format=csv' })).status,
    ).toBe(401);
  });

  test('the country view: one row per relationship on the date', async () => {
    const url = '/v1/countries/AZ/relationships?at=2024-07-04';
    const json = await t.request({ method: 'GET', url });
    const res = await t.request({ method: 'GET', url: `${url}&format=csv` });
    const { header, rows } = readCsv(res.text);
    expect(header).toEqual(COUNTRY_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(json.body.items.length);
    const item = json.body.items[0];
    expect(rows[0]).toEqual(
      expect.objectContaining({
        actor: 'AZ',
        at: '2024-07-04',
        counterpart: item.counterpart,
        relationsStatus: item.relations.status,
        partnershipLevel: item.partnership?.level ?? '',
        partnershipRank: String(item.partnership?.rank ?? ''),
        lastEventId: item.lastEvent?.eventId ?? '',
      }),
    );
  });

  test('errors stay problems: a bad format is a 400 naming it, an unknown pair a 404', async () => {
    const bad = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?format=xml' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'format', rule: 'isIn' })]);
    const missing = await t.request({ method: 'GET', url: '/v1/relationships/AZ/FR/timeline?format=csv' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
