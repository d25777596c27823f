import { example } from './fixtures/example-facts';
import { headPosition } from './support/store-probe';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

/**
 * The defects a third-party fuzzer driven by /openapi.json found (issue 16), each as the request that
 * reproduced it: every one is refused with a problem naming what is wrong, and stores nothing.
 */
describe('What a document-driven fuzzer found', () => {
  let t: TestApp;
  let eventId: string;
  let before: string | null;
  beforeAll(async () => {
    t = await startTestApp();
    eventId = (
      await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: example('StatementIssued') })
    ).body.eventId;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    before = await headPosition(t);
  });
  afterEach(async () => {
    expect(await headPosition(t)).toBe(before);
  });

  function expectProblem(res: TestResponse, status: number, field?: string, rule?: string): void {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    if (field) expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
  }

  test('a repeated query parameter is a 400 naming it, not a 500', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/timeline?types=VisitHeld&types=MeetingHeld',
    });
    expectProblem(res, 400, 'types', 'notRepeated');
  });

  test('an unknown query parameter is a 400 naming it, not silently ignored', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?date=2024-07-04' });
    expectProblem(res, 400, 'date', 'knownParameter');
    const state = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN?date=2024-07-04' });
    expectProblem(state, 400, 'date', 'knownParameter');
  });

  test('the token is checked before the parameters: an unknown one without a token is a 401', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/history?date=2024-07-04' });
    expectProblem(res, 401);
    const withToken = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/history?date=2024-07-04',
      as: 'auditor',
    });
    expectProblem(withToken, 400, 'date', 'knownParameter');
  });

  test('a correction whose changes.data is null is a 400, not a 500', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/v1/events/${eventId}/corrections`,
      as: 'recorder',
      body: { changes: { data: null }, reason: 'r' },
    });
    expectProblem(res, 400, 'changes.data', 'notNull');
  });

  test.each([
    ['note', (b: Record<string, any>) => (b.note = null), 'note'],
    ['sources[].url', (b: Record<string, any>) => (b.sources[0].url = null), 'sources[0].url'],
    ['data (an optional field of the envelope)', (b: Record<string, any>) => (b.data = null), 'data'],
    ['data.venue', (b: Record<string, any>) => (b.data.venue = null), 'data.venue'],
    ['eventId', (b: Record<string, any>) => (b.eventId = null), 'eventId'],
  ])('null for the optional field %s is refused: absent is the only "no value"', async (_, set, field) => {
    const body = example('MeetingHeld', { eventId: undefined }) as Record<string, any>;
    set(body);
    const res = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
    expectProblem(res, 400, field, 'notNull');
  });

  test('null for areas of an agreement is refused', async () => {
    const body = example('AgreementSigned', { eventId: undefined }) as Record<string, any>;
    body.data.agreementId = 'null-areas';
    body.data.areas = null;
    const res = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
    expectProblem(res, 400, 'data.areas', 'notNull');
  });

  // Found by the fuzz test driven by the document (not by the third-party fuzzer).
  test.each([
    ['an empty array', []],
    ['an array of a source', [{ publisher: 'MFA' }]],
  ])('a source that is %s, not an object, is refused (it was stored)', async (_, source) => {
    const body = example('MeetingHeld', { eventId: undefined, sources: [source] });
    const res = await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body });
    expectProblem(res, 400, 'sources', 'isObject');
  });

  test('a digest to verify against that is an array is refused, not taken as no digest', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/audit/verify',
      as: 'auditor',
      body: { digest: [] },
    });
    expectProblem(res, 400, 'digest', 'isObject');
  });

  test('a text/plain body on a POST is a 415, not a 400', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      rawBody: JSON.stringify(example('MeetingHeld')),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415);
  });

  test("an unknown route's problem title is in words, not a class name", async () => {
    const res = await t.request({ method: 'GET', url: '/v1/nothing-here' });
    expectProblem(res, 404);
    expect(res.body.title).toBe('Not Found');
  });

  test('a wrong method on a known path is a 405 with Allow', async () => {
    const res = await t.request({ method: 'DELETE', url: `/v1/events/${eventId}` });
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD');
    const post = await t.request({ method: 'PUT', url: '/v1/events' });
    expectProblem(post, 405);
    expect(post.headers.allow).toBe('POST, GET, HEAD');
  });
});

describe('with CORS on (its OPTIONS route matches every path)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://example.org' });
  });
  afterAll(() => t.close());

  test('an unknown route is still a 404, not a 405 allowing OPTIONS', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.status).toBe(404);
  });

  test('a wrong method on a known path is a 405 naming its methods', async () => {
    const res = await t.request({ method: 'PUT', url: '/v1/events' });
    expect({ status: res.status, allow: res.headers.allow }).toEqual({
      status: 405,
      allow: 'POST, GET, HEAD',
    });
  });
});
