import { SCHEMA_VERSION } from '@app/domain';
import { exampleFacts, ExampleFactType, example } from './fixtures/example-facts';
import { startTestApp, TestApp } from './support/test-app';

describe('Recording every event type of the catalogue over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // In catalogue order, which records slug-introducing events before the events that reference them.
  test.each(Object.keys(exampleFacts) as ExampleFactType[])(
    'given a valid %s, when it is posted, then it is stored and reads back with its metadata',
    async (type) => {
      const body = example(type);
      const posted = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
      expect(posted.status).toBe(201);
      expect(posted.body).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        stream: 'relationship-AZ-CN',
        revision: expect.any(Number),
        position: expect.stringMatching(/^\d+$/),
        recordedAt: '2026-11-27T12:00:00.000Z',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(posted.headers.location).toBe(`/v1/events/${posted.body.eventId}`);

      const read = await t.request({ method: 'GET', url: `/v1/events/${posted.body.eventId}` });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        eventId: posted.body.eventId,
        type,
        actors: ['AZ', 'CN'],
        occurredOn: body.occurredOn,
        sources: body.sources,
        recordedBy: 'recorder-user',
        recordedAt: '2026-11-27T12:00:00.000Z',
        stream: 'relationship-AZ-CN',
        revision: posted.body.revision,
        position: posted.body.position,
        schemaVersion: SCHEMA_VERSION,
        hash: posted.body.hash,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        corrections: [],
        retraction: null,
      });
      expect(read.body.data).toMatchObject(body.data as object);
    },
  );

  test('the events of one relationship chain their hashes revision after revision', async () => {
    const first = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('StatementIssued'),
    });
    const second = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('StatementIssued'),
    });
    expect(second.body.revision).toBe(first.body.revision + 1);
    const read = await t.request({ method: 'GET', url: `/v1/events/${second.body.eventId}` });
    expect(read.body.prevHash).toBe(first.body.hash);
  });

  test('codes are case-insensitive on input and the pair is unordered: cn/az lands in relationship-AZ-CN', async () => {
    const body = example('PositionStated', {
      actors: ['cn', 'az'],
      data: { by: 'cn', topic: 'sovereignty of Azerbaijan', stance: 'supports' },
    });
    const posted = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
    expect(posted.status).toBe(201);
    expect(posted.body.stream).toBe('relationship-AZ-CN');
    const read = await t.request({ method: 'GET', url: `/v1/events/${posted.body.eventId}` });
    expect(read.body.actors).toEqual(['CN', 'AZ']);
    expect(read.body.data.by).toBe('CN');
  });

  test('a former state (ISO 3166-3) and Kosovo are actors', async () => {
    const body = example('DiplomaticRelationsEstablished', { actors: ['SUHH', 'XK'], occurredOn: '1990' });
    const posted = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
    expect(posted.status).toBe(201);
    expect(posted.body.stream).toBe('relationship-SUHH-XK');
  });

  test('a client-chosen eventId is kept, lower-cased', async () => {
    const eventId = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
    const posted = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('MeetingHeld', { eventId }),
    });
    expect(posted.status).toBe(201);
    expect(posted.body.eventId).toBe(eventId.toLowerCase());
  });

  test('an unknown event id reads as 404 problem details', async () => {
    const read = await t.request({ method: 'GET', url: '/v1/events/00000000-0000-4000-8000-000000000000' });
    expect(read.status).toBe(404);
    expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(read.body).toMatchObject({ status: 404, type: '/problems/not-found' });
  });
});
