import { example } from './fixtures/example-facts';
import { startTestApp, TestApp } from './support/test-app';

describe('Bearer tokens and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const post = (headers: Record<string, string>) =>
    t.request({ method: 'POST', url: '/v1/events', body: example('StatementIssued'), headers });

  test('no token on a write → 401', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/problems/unauthenticated');
  });

  test('an unknown token → 401', async () => {
    expect((await post({ authorization: 'Bearer not-a-real-token-at-all' })).status).toBe(401);
  });

  test('a malformed Authorization header → 401', async () => {
    expect((await post({ authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
  });

  test("a reader's token on a write → 403", async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'reader',
      body: example('StatementIssued'),
    });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });

  test("an auditor's token on a write → 403 (auditors record nothing)", async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'auditor',
      body: example('StatementIssued'),
    });
    expect(res.status).toBe(403);
  });

  test('an admin records, and the event names the principal', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'admin',
      body: example('StatementIssued'),
    });
    expect(res.status).toBe(201);
    const read = await t.request({ method: 'GET', url: `/v1/events/${res.body.eventId}` });
    expect(read.body.recordedBy).toBe('admin-user');
  });

  test('reads are open by default', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/events/00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(404);
  });
});

describe('READS_REQUIRE_TOKEN=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ READS_REQUIRE_TOKEN: 'true' });
  });
  afterAll(() => t.close());

  test('a read without a token → 401; with a reader token → answered', async () => {
    const url = '/v1/events/00000000-0000-4000-8000-000000000000';
    expect((await t.request({ method: 'GET', url })).status).toBe(401);
    expect((await t.request({ method: 'GET', url, as: 'reader' })).status).toBe(404);
  });

  test('health stays open for probes', async () => {
    expect((await t.request({ method: 'GET', url: '/health' })).status).toBe(200);
  });
});

describe('No token configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_TOKENS: '' });
  });
  afterAll(() => t.close());

  test('a write is refused with a message that says how to configure a token', async () => {
    const res = await t.request({ method: 'POST', url: '/v1/events', body: example('StatementIssued') });
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain('API_TOKENS=name:role:token');
  });
});
