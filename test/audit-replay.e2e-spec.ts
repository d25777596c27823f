import { example } from './fixtures/example-facts';
import { seedStore } from './support/seed-store';
import { startTestApp, TestApp } from './support/test-app';

// More than one projector batch (PROJECTOR_BATCH, 20 000) and a dozen build pages (BUILD_PAGE, 2 000), so that
// the replay and the live projection both cross their boundaries; more only makes the file slower.
const EVENTS = 24_000;

/**
 * The replay of docs/audit.md: every read model rebuilt from position 0 gives the digest of the live ones.
 */
describe(`Replay after ${EVENTS} events`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-27T12:00:00.000Z', {
      beforeStart: (paths) => seedStore(paths.sqlite, EVENTS, 150, 2000),
    });
    const deadline = Date.now() + 120_000;
    while ((await t.request({ method: 'GET', url: '/health' })).body.projection.lag !== '0') {
      if (Date.now() > deadline) throw new Error('projection did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 180_000);
  afterAll(() => t.close());

  test('the rebuilt read models have the same digest as the live ones, while reads and writes go on', async () => {
    const replay = t.request({ method: 'POST', url: '/v1/audit/replay', as: 'admin', body: {} });
    // Meanwhile: a write and a read, answered during the replay.
    const write = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('StatementIssued'),
    });
    expect(write.status).toBe(201);
    // A client retries a 503 (Retry-After); the replay shares the event loop, so the live projector may lag a
    // little.
    let read = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN?at=2000-01-01&minPosition=${write.body.position}`,
    });
    for (let i = 0; i < 100 && read.status === 503; i++) {
      read = await t.request({
        method: 'GET',
        url: `/v1/relationships/AZ/CN?at=2000-01-01&minPosition=${write.body.position}`,
      });
    }
    expect(read.status).toBe(200);
    const result = (await replay).body;
    expect(result).toEqual({
      ok: true,
      events: expect.any(Number),
      position: expect.any(String),
      durationMs: expect.any(Number),
      liveDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      replayDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      swapped: false,
    });
    expect(result.events).toBeGreaterThanOrEqual(EVENTS);
    expect(result.replayDigest).toBe(result.liveDigest);
  }, 180_000);

  test('swap: the rebuilt read models replace the live ones and answer the same', async () => {
    const head = (await t.request({ method: 'GET', url: '/health' })).body.store.headPosition;
    const before = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN?at=1990-06-01&minPosition=${head}`,
    });
    const swapped = await t.request({
      method: 'POST',
      url: '/v1/audit/replay',
      as: 'admin',
      body: { swap: true },
    });
    expect(swapped.body).toMatchObject({ ok: true, swapped: true });
    const after = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN?at=1990-06-01' });
    expect({ ...after.body, knownAt: null }).toEqual({ ...before.body, knownAt: null });
    // The projector goes on feeding the swapped-in read models.
    const write = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('StatementIssued', { occurredOn: '2001' }),
    });
    const read = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN/timeline?types=StatementIssued&from=2001&to=2001&minPosition=${write.body.position}`,
    });
    expect(read.body.items.map((i: { eventId: string }) => i.eventId)).toContain(write.body.eventId);
  }, 180_000);

  test('a replay body with unknown fields → 400', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/audit/replay',
      as: 'admin',
      body: { swap: 'yes', extra: 1 },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'swap' }),
        expect.objectContaining({ field: 'extra' }),
      ]),
    );
  });
});
