import { parsePartialDate } from '@app/domain';
import { AZ_CN_IDS } from './fixtures/azerbaijan-china';
import { example } from './fixtures/example-facts';
import { openStream, portOf, type StreamClient } from './support/event-stream-client';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The live feed, GET /v1/events/stream (docs/operations.md#the-live-feed), over a real socket: the log
 * after a position, then live events as the read models take them; `id:` the position, so that a client
 * killed mid-stream and reconnected with Last-Event-ID sees every event exactly once.
 */

async function record(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
  if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
  return res.body.position;
}

/** A statement between two other states than the example's (no rule refuses many of them). */
const otherPair = (actors: [string, string], occurredOn: string) =>
  example('StatementIssued', {
    actors,
    occurredOn,
    eventId: undefined,
    data: { by: actors[0], summary: `A statement of ${occurredOn}` },
  });

/** Every event of the log, in order, as the auditor's log shows it. */
async function wholeLog(t: TestApp): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let url = '/v1/audit/log?limit=1000';
  for (;;) {
    const page = await t.request({ method: 'GET', url, as: 'auditor' });
    items.push(...page.body.items);
    if (!page.body.nextCursor) return items;
    url = `/v1/audit/log?limit=1000&cursor=${page.body.nextCursor}`;
  }
}

const count = (n: number) => (c: StreamClient) => c.events().length >= n;

describe('GET /v1/events/stream', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ FEED_HEARTBEAT_SECONDS: '1', FEED_MAX_STREAMS_PER_TOKEN: '30' });
    port = await portOf(t);
    await recordAzerbaijanChina(t);
  });
  afterAll(() => t.close());

  test('a client killed mid-stream reconnects with Last-Event-ID: every event exactly once, then live ones', async () => {
    const first = await openStream(port, '/v1/events/stream?after=0', { killAfter: 4 });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await first.ended;
    expect(first.events()).toHaveLength(4);
    // While it is away, more is recorded.
    await record(t, otherPair(['US', 'FR'], '2025-03'));
    const second = await openStream(port, '/v1/events/stream?after=0', {
      headers: { 'last-event-id': first.lastEventId! },
    });
    const logged = await wholeLog(t);
    await second.until(count(logged.length - 4));
    // Live: recorded after the client caught up.
    const position = await record(t, otherPair(['DE', 'JP'], '2025-06-01'));
    await second.until((c) => c.lastEventId === position);
    second.close();
    const seen = [...first.events(), ...second.events()];
    const now = await wholeLog(t);
    expect(seen.map((e) => e.eventId)).toEqual(now.map((e) => e.eventId));
    expect(seen.map((e) => e.position)).toEqual(now.map((e) => e.position));
    // Each `id:` is the event's position.
    expect(second.frames.filter((f) => f.data).every((f) => JSON.parse(f.data!).position === f.id)).toBe(
      true,
    );
    // Each event as GET /v1/events/{id} shows it (its amendments follow in the feed as events of their own).
    const one = seen.find((e) => e.eventId === AZ_CN_IDS.relations)!;
    const { corrections, retraction, ...shown } = (
      await t.request({ method: 'GET', url: `/v1/events/${one.eventId}` })
    ).body;
    expect({ corrections: corrections.length > 0, retraction }).toEqual({
      corrections: true,
      retraction: null,
    });
    expect(one).toEqual(shown);
    expect(seen.filter((e) => corrections.some((c: any) => c.eventId === e.eventId))).toEqual(corrections);
  }, 20_000);

  test('without after or Last-Event-ID, only what is recorded from then on', async () => {
    const live = await openStream(port, '/v1/events/stream', { as: 'reader' });
    await live.until((c) => c.text.length > 0);
    const position = await record(t, otherPair(['BR', 'ZA'], '2025-02-10'));
    await live.until((c) => c.events().length > 0);
    live.close();
    expect(live.events().map((e) => e.position)).toEqual([position]);
  });

  test("the search's filters: actor, pair, type, valid time (precision-aware) and record time, as the log says", async () => {
    const all = await wholeLog(t);
    const period = (e: Record<string, any>) => parsePartialDate(e.occurredOn)!;
    const cases: [string, (e: Record<string, any>) => boolean][] = [
      // The search's `actor`: one state, the events that involve it; several, those between two of them.
      ['actor=fr', (e) => e.actors.includes('FR')],
      ['actor=AZ,cn&actor=FR', (e) => e.stream === 'relationship-AZ-CN'],
      ['pair=CN-AZ', (e) => e.stream === 'relationship-AZ-CN'],
      ['type=EventCorrected,VisitHeld', (e) => ['EventCorrected', 'VisitHeld'].includes(e.type)],
      // A fact of 2025-03 covers the month: it is in a window from the 15th.
      ['from=2025-03-15&to=2025-06', (e) => period(e).end >= '2025-03-15' && period(e).start <= '2025-06-30'],
      [
        'recordedFrom=2025-05-10T09:00:00Z&recordedTo=2025-07-20T09:00:00.000Z',
        (e) => e.recordedAt >= '2025-05-10T09:00:00.000Z' && e.recordedAt <= '2025-07-20T09:00:00.000Z',
      ],
      [
        'pair=AZ-CN&type=PartnershipDeclared&from=2024',
        (e) =>
          e.stream === 'relationship-AZ-CN' &&
          e.type === 'PartnershipDeclared' &&
          period(e).end >= '2024-01-01',
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = all.filter(keep).map((e) => e.eventId);
      expect({ query, some: expected.length > 0, fewer: expected.length < all.length }).toEqual({
        query,
        some: true,
        fewer: true,
      });
      const client = await openStream(port, `/v1/events/stream?after=0&${query}`);
      // The feed has read the whole log once its last `id:` is the log's last position.
      await client.until((c) => c.lastEventId === all[all.length - 1].position);
      client.close();
      expect({ query, ids: client.events().map((e) => e.eventId) }).toEqual({ query, ids: expected });
    }
  }, 20_000);

  test('a bad filter, after or Last-Event-ID is a 400 naming it, before any stream opens', async () => {
    for (const [url, headers, field] of [
      ['/v1/events/stream?actor=ZZ', {}, 'actor'],
      ['/v1/events/stream?pair=AZ-AZ', {}, 'pair'],
      ['/v1/events/stream?type=Nothing', {}, 'type'],
      ['/v1/events/stream?from=2024-13', {}, 'from'],
      ['/v1/events/stream?recordedTo=yesterday', {}, 'recordedTo'],
      ['/v1/events/stream?after=-1', {}, 'after'],
      // What only the search can honour: words, the record as known at a time, pages.
      ['/v1/events/stream?q=corridor', {}, 'q'],
      ['/v1/events/stream?knownAt=2025-01-01T00:00:00Z', {}, 'knownAt'],
      ['/v1/events/stream?cursor=abc', {}, 'cursor'],
      ['/v1/events/stream?pair=AZ-CN&pair=AZ-TR', {}, 'pair'],
      ['/v1/events/stream', { 'last-event-id': 'abc' }, 'Last-Event-ID'],
    ] as const) {
      const res = await t.request({ method: 'GET', url, headers });
      expect({ url, status: res.status, fields: res.body.errors.map((e: any) => e.field) }).toEqual({
        url,
        status: 400,
        fields: [field],
      });
    }
  });

  test('a heartbeat comment every FEED_HEARTBEAT_SECONDS on an idle stream', async () => {
    const idle = await openStream(port, '/v1/events/stream', { as: 'reader' });
    await idle.until((c) => c.comments.filter((x) => x === 'heartbeat').length >= 2, 4000);
    idle.close();
    expect(idle.events()).toEqual([]);
  });

  test('20 streams while events are written: each gets every event once, in log order', async () => {
    const before = (await wholeLog(t)).length;
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => openStream(port, '/v1/events/stream?after=0', { as: 'reader' })),
    );
    const years = Array.from({ length: 20 }, (_, i) => String(1990 + i));
    await Promise.all(
      years.map((year, i) => record(t, otherPair(i % 2 ? ['IN', 'KE'] : ['NG', 'MX'], year))),
    );
    const log = await wholeLog(t);
    expect(log).toHaveLength(before + 20);
    await Promise.all(clients.map((c) => c.until(count(log.length))));
    for (const c of clients) {
      c.close();
      expect(c.events().map((e) => e.position)).toEqual(log.map((e) => e.position));
    }
  }, 20_000);
});

describe('GET /v1/events/stream: limits', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ FEED_MAX_STREAMS_PER_TOKEN: '2', FEED_MAX_STREAMS: '3' });
    port = await portOf(t);
  });
  afterAll(() => t.close());

  const gauge = async () =>
    Number(
      /^timeline_open_streams (\d+)$/m.exec((await t.request({ method: 'GET', url: '/metrics' })).text)?.[1],
    );

  test('per token, then in all: 503 with Retry-After beyond; a closed stream frees its place', async () => {
    const a = await openStream(port, '/v1/events/stream', { as: 'reader' });
    const b = await openStream(port, '/v1/events/stream', { as: 'reader' });
    const refused = await openStream(port, '/v1/events/stream', { as: 'reader' });
    expect([a.status, b.status, refused.status]).toEqual([200, 200, 503]);
    expect(refused.headers['retry-after']).toBe('5');
    await refused.ended;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.text)).toEqual(
      expect.objectContaining({ status: 503, type: '/problems/too-many-streams' }),
    );
    expect(refused.text).toContain('FEED_MAX_STREAMS_PER_TOKEN');
    const c = await openStream(port, '/v1/events/stream', { as: 'auditor' });
    expect(c.status).toBe(200);
    expect(await gauge()).toBe(3);
    const full = await openStream(port, '/v1/events/stream', { as: 'admin' });
    await full.ended;
    expect(full.status).toBe(503);
    expect(full.text).toContain('(FEED_MAX_STREAMS)');
    a.close();
    await a.ended;
    // The service notices the client has gone.
    for (let i = 0; i < 50 && (await gauge()) > 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await gauge()).toBe(2);
    const again = await openStream(port, '/v1/events/stream', { as: 'reader' });
    expect(again.status).toBe(200);
    for (const s of [b, c, again]) s.close();
  });
});

describe('GET /v1/events/stream: shutdown', () => {
  test('the service stops with streams open: each ends, and the stop does not wait for the clients', async () => {
    const t = await startTestApp();
    const port = await portOf(t);
    const streams = await Promise.all([1, 2, 3].map(() => openStream(port, '/v1/events/stream?after=0')));
    const started = Date.now();
    await t.close();
    await Promise.all(streams.map((s) => s.ended));
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
