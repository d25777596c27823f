import { openStream, portOf } from './support/event-stream-client';
import { seedStore } from './support/seed-store';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A client of the live feed that does not read is disconnected once more than FEED_BUFFER_BYTES wait for
 * it (or what was sent is not taken within a heartbeat interval): the service never buffers for it without
 * bound. SQLite only: the log is seeded into the file, large enough to fill the sockets' own buffers
 * (the rule itself is the same on both stores: docs/operations.md#the-live-feed).
 */
describe('GET /v1/events/stream: a client that reads too slowly', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ FEED_BUFFER_BYTES: '65536', FEED_HEARTBEAT_SECONDS: '1' }, undefined, {
      beforeStart: (paths) => seedStore(paths.sqlite, 20_000, 20),
    });
    port = await portOf(t);
    for (let i = 0; i < 200; i++) {
      const health = await t.request({ method: 'GET', url: '/health' });
      if (health.body.projection.lag === '0' && health.body.projection.build === null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);
  afterAll(() => t.close());

  const openStreams = async () =>
    Number(
      /^timeline_open_streams (\d+)$/m.exec((await t.request({ method: 'GET', url: '/metrics' })).text)?.[1],
    );

  test('is disconnected, while a client that reads gets the whole log', async () => {
    const slow = await openStream(port, '/v1/events/stream?after=0', { as: 'reader', paused: true });
    const reader = await openStream(port, '/v1/events/stream?after=0', { as: 'reader' });
    expect([slow.status, reader.status]).toEqual([200, 200]);
    await reader.until((c) => c.events().length === 20_000, 20_000);
    reader.close();
    for (let i = 0; i < 100 && (await openStreams()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await openStreams()).toBe(0);
    // What reached it before the cut: a part of the log, then the end of the connection.
    slow.resume();
    await slow.ended;
    expect(slow.events().length).toBeGreaterThan(0);
    expect(slow.events().length).toBeLessThan(20_000);
  }, 30_000);
});
