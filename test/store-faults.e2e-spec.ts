import type Database from 'better-sqlite3';
import { EVENT_STORE } from '@app/timeline';
import { example } from './fixtures/example-facts';
import { headPosition } from './support/store-probe';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Store faults: the disk full (simulated with SQLite's max_page_count on the service's own connection,
 * reached through the adapter's private handle — fault injection, not an API). Writes answer 503 with a
 * clear message and store nothing; reads go on; writes work again once the fault clears.
 */
describe('the event store disk is full', () => {
  let t: TestApp;
  let db: Database.Database;
  beforeAll(async () => {
    t = await startTestApp();
    await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('PartnershipDeclared'),
    });
    db = (t.app.get(EVENT_STORE) as unknown as { db: Database.Database }).db;
  });
  afterAll(() => t.close());

  test('writes get 503 and store nothing, reads go on, and writes resume when space returns', async () => {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const before = await headPosition(t);
    const big = example('StatementIssued', { note: 'x'.repeat(5000) });
    const full = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: big });
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({
      type: '/problems/store-unavailable',
      detail: expect.stringContaining('SQLITE_FULL'),
    });
    expect(await headPosition(t)).toBe(before);

    const read = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN?at=2024-07-04' });
    expect(read.status).toBe(200);
    expect(read.body.partnership.level).toBe('strategic partnership');

    db.pragma('max_page_count = 1073741823');
    const again = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: big });
    expect(again.status).toBe(201);
    const verify = await t.request({ method: 'POST', url: '/v1/audit/verify', as: 'auditor', body: {} });
    expect(verify.body.ok).toBe(true);
  });
});
