import { Projector } from '@app/timeline';
import { articleFacts } from './fixtures/azerbaijan-china';
import { example } from './fixtures/example-facts';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/** The value of one series of a Prometheus text exposition (labels as written by prom-client), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (Prometheus text format)', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await t.request({ method: 'GET', url: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
    const position = await recordAzerbaijanChina(t);
    await t.request({ method: 'GET', url: `/v1/relationships/AZ/CN?minPosition=${position}` });
  });
  afterAll(() => t.close());

  test('needs no token, like /health', async () => {
    await scrape();
  });

  test('counts requests by method, route pattern (never the raw URL) and status, with their latency', async () => {
    for (const url of [
      '/v1/relationships/AZ/CN?at=2024-07-04',
      '/v1/relationships/AZ/RU',
      '/v1/nothing/here',
    ]) {
      await t.request({ method: 'GET', url });
    }
    const text = await scrape();
    const ok =
      'http_request_duration_seconds_count{method="GET",route="/v1/relationships/:a/:b",status="200"}';
    // This one, and the set-up's read of its own writes.
    expect(sample(text, ok)).toBe(2);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/v1/relationships/:a/:b",status="404"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/v1/relationships/:a/:b",status="200"}',
      ),
    ).toBe(2);
    expect(text).not.toContain('AZ/CN');
    // The facts of the example were recorded one POST each.
    const posts = sample(
      text,
      'http_request_duration_seconds_count{method="POST",route="/v1/events",status="201"}',
    );
    expect(posts).toBeGreaterThanOrEqual(articleFacts.length);
  });

  test('times the appends and counts their events', async () => {
    const text = await scrape();
    const appends = sample(text, 'timeline_append_duration_seconds_count{outcome="ok"}')!;
    expect(appends).toBeGreaterThan(0);
    expect(sample(text, 'timeline_append_batch_events_count')).toBe(appends);
    // One event per POST (facts, corrections): as many events as appends.
    expect(sample(text, 'timeline_append_batch_events_sum')).toBe(appends);
  });

  test('reports events and relationships stored, and the bytes of the read models', async () => {
    const head = (await t.request({ method: 'GET', url: '/health' })).body.store.headPosition;
    const text = await scrape();
    const events = sample(text, 'timeline_events_stored')!;
    expect(sample(text, 'timeline_relationships_stored')).toBe(1);
    expect(sample(text, 'timeline_projection_lag_events')).toBe(0);
    expect(sample(text, 'timeline_projection_lag_seconds')).toBe(0);
    expect(sample(text, 'timeline_read_model_bytes')).toBeGreaterThan(0);
    const storeBytes = sample(text, 'timeline_store_bytes');
    if (storeBytes !== undefined) {
      // SQLite: the file's size, and positions that count the events.
      expect(storeBytes).toBeGreaterThan(0);
      expect(events).toBe(Number(head));
    } else {
      // EventStoreDB reports its own disk; its positions are offsets: the events are those recorded.
      expect(events).toBe(
        (await t.request({ method: 'GET', url: '/v1/audit/log?limit=1000', as: 'auditor' })).body.items
          .length,
      );
    }
  });

  test('reports the projection lag in events and in seconds while the read models wait', async () => {
    const projector = t.app.get(Projector);
    const before = sample(await scrape(), 'timeline_events_stored')!;
    projector.pause();
    try {
      t.clock.set('2026-11-27T12:00:00.000Z');
      const res = await t.request({
        method: 'POST',
        url: '/v1/events',
        as: 'recorder',
        body: example('MeetingHeld', { occurredOn: '2026-11-20' }),
      });
      expect(res.status).toBe(201);
      t.clock.set('2026-11-27T12:00:30.000Z');
      const text = await scrape();
      expect(sample(text, 'timeline_projection_lag_events')).toBe(1);
      expect(sample(text, 'timeline_projection_lag_seconds')).toBe(30);
      expect(sample(text, 'timeline_events_stored')).toBe(before + 1);
    } finally {
      projector.resume();
    }
  });
});

describe('/metrics refusals and switches', () => {
  test('counts the requests the rate limit refuses', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await t.request({ method: 'GET', url: '/health', as: 'reader' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const res = await t.request({ method: 'GET', url: '/metrics' });
      // The scrape has a bucket of its own (no token: by address), not yet spent.
      expect(res.status).toBe(200);
      expect(sample(res.text, 'timeline_rate_limited_requests_total')).toBe(2);
    } finally {
      await t.close();
    }
  });

  test('METRICS=off: no /metrics route', async () => {
    const t = await startTestApp({ METRICS: 'off' });
    try {
      expect((await t.request({ method: 'GET', url: '/metrics' })).status).toBe(404);
      const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
      expect(doc.paths['/metrics']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
