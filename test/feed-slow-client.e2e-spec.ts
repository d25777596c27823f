import { openStream, portOf } from './support/event-stream-client';
import { seedEvents } from './support/seed-store';
import { startTestApp, TestApp } from './support/test-app';

/**
 * About 18 MB of events, more than the sockets' own buffers and FEED_BUFFER_BYTES hold: 4 KB of sources'
 * addresses on each make a few thousand enough (addresses are not indexed for the search).
 */
const EVENTS = 4000;

/** Smaller than one page of the feed (100 events of 4 KB): a client that reads must still get them all. */
const BUFFER_BYTES = 64 * 1024;

/**
 * A client of the live feed that does not read is disconnected once more than FEED_BUFFER_BYTES wait for
 * it (or what was sent is not taken within a heartbeat interval): the service never buffers for it without
 * bound. On both stores: the log is seeded through the store before the service starts, large enough to
 * fill the sockets' own buffers (docs/operations.md#the-live-feed).
 */
describe('GET /v1/events/stream: a client that reads too slowly', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp(
      { FEED_HEARTBEAT_SECONDS: '1', FEED_BUFFER_BYTES: String(BUFFER_BYTES) },
      undefined,
      {
        seed: (store) => seedEvents(store, EVENTS, 20, { batch: EVENTS, paddingChars: 4000 }),
      },
    );
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
    await reader.until((c) => c.events().length === EVENTS, 20_000);
    reader.close();
    for (let i = 0; i < 100 && (await openStreams()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await openStreams()).toBe(0);
    // What reached it before the cut: a part of the log, then the end of the connection.
    slow.resume();
    await slow.ended;
    expect(slow.events().length).toBeGreaterThan(0);
    expect(slow.events().length).toBeLessThan(EVENTS);
  }, 30_000);
});
