import { example } from './fixtures/example-facts';
import { startTestApp, TestApp } from './support/test-app';

describe('Read your writes: minPosition (docs/architecture.md)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  test('a read with the position a POST answered sees that write, on every read model', async () => {
    const posted = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('PartnershipDeclared', { actors: ['FR', 'IN'], occurredOn: '1998-01-26' }),
    });
    const min = `minPosition=${posted.body.position}`;
    const state = await t.request({ method: 'GET', url: `/v1/relationships/IN/FR?at=1998-02-01&${min}` });
    expect(state.status).toBe(200);
    expect(state.body.partnership).toMatchObject({ level: 'strategic partnership', since: '1998-01-26' });
    expect(state.body.position).toBe(posted.body.position);

    const timeline = await t.request({ method: 'GET', url: `/v1/relationships/FR/IN/timeline?${min}` });
    expect(timeline.body.items.map((i: { eventId: string }) => i.eventId)).toEqual([posted.body.eventId]);
    const country = await t.request({
      method: 'GET',
      url: `/v1/countries/FR/relationships?at=1999-01-01&${min}`,
    });
    expect(country.body.items).toEqual([expect.objectContaining({ counterpart: 'IN' })]);
    const event = await t.request({ method: 'GET', url: `/v1/events/${posted.body.eventId}?${min}` });
    expect(event.status).toBe(200);
  });

  test('a position the log has not reached: 503 with Retry-After, after a bounded wait', async () => {
    const started = Date.now();
    const res = await t.request({ method: 'GET', url: '/v1/relationships/FR/IN?minPosition=999999' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.type).toBe('/problems/projection-lag');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('health reports the projection caught up with the log', async () => {
    await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: example('StatementIssued') });
    const deadline = Date.now() + 2000;
    let health = await t.request({ method: 'GET', url: '/health' });
    while (health.body.projection.lag !== '0' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      health = await t.request({ method: 'GET', url: '/health' });
    }
    expect(health.body.projection).toEqual({
      checkpoint: health.body.store.headPosition,
      lag: '0',
      build: null,
      lastError: null,
    });
  });
});
