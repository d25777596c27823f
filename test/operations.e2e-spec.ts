import { startTestApp, TestApp } from './support/test-app';

describe('Health and API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  test('GET /health says the store is reachable and where its log ends', async () => {
    const res = await t.request({ method: 'GET', url: '/health' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      store: { reachable: true, headPosition: null },
      projection: { checkpoint: null, lag: '0', build: null, lastError: null },
    });
  });

  test('GET /openapi.json documents every route, with the event schemas of the catalogue', async () => {
    const res = await t.request({ method: 'GET', url: '/openapi.json' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/events',
        '/v1/events/{eventId}',
        '/v1/events/{eventId}/corrections',
        '/v1/events/{eventId}/retraction',
        '/v1/relationships/{a}/{b}',
        '/v1/relationships/{a}/{b}/timeline',
        '/v1/relationships/{a}/{b}/history',
        '/v1/countries/{code}/relationships',
        '/v1/audit/log',
        '/v1/audit/digest',
        '/v1/audit/verify',
        '/v1/audit/replay',
        '/health',
      ]),
    );
    const schemas = res.body.components.schemas;
    expect(schemas.VisitHeldBody.required).toEqual(
      expect.arrayContaining(['type', 'actors', 'occurredOn', 'sources']),
    );
    expect(schemas.RecordEventBody.oneOf).toHaveLength(21);
    expect(schemas.VisaPolicyChangedData.properties.regime.enum).toEqual([
      'visa-required',
      'e-visa',
      'visa-on-arrival',
      'visa-free',
    ]);
  });

  test('GET /docs serves the Swagger UI', async () => {
    const res = await t.request({ method: 'GET', url: '/docs' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  test('an unknown route is a 404 problem', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
