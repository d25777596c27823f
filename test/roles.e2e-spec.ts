import { startTestApp, TestApp, TestRole } from './support/test-app';

/**
 * Every route of the OpenAPI document, called with every role (docs/domain.md#roles): reads are open (unless
 * READS_REQUIRE_TOKEN), recorders record, auditors audit, admin does everything. A route the table below
 * does not name fails the test, so a new route cannot ship without a decision on who may call it.
 */
type Need = 'open' | 'reader' | 'recorder' | 'auditor' | 'admin';
const NEEDS: Record<string, Need> = {
  'POST /v1/events': 'recorder',
  'POST /v1/events/{eventId}/corrections': 'recorder',
  'POST /v1/events/{eventId}/retraction': 'recorder',
  'GET /v1/events': 'reader',
  'GET /v1/events/{eventId}': 'reader',
  'GET /v1/events/stream': 'reader',
  'GET /v1/relationships/{a}/{b}': 'reader',
  'GET /v1/relationships/{a}/{b}/timeline': 'reader',
  'GET /v1/relationships/{a}/{b}/history': 'auditor',
  'GET /v1/countries/{code}/relationships': 'reader',
  'GET /v1/countries': 'reader',
  'GET /v1/panel': 'reader',
  'GET /v1/audit/log': 'auditor',
  'GET /v1/audit/digest': 'auditor',
  'POST /v1/audit/verify': 'auditor',
  'POST /v1/audit/replay': 'admin',
  'GET /health': 'open',
  'GET /metrics': 'open',
};
const ALLOWED: Record<Need, (TestRole | 'none')[]> = {
  open: ['none', 'reader', 'recorder', 'auditor', 'admin'],
  reader: ['reader', 'recorder', 'auditor', 'admin'],
  recorder: ['recorder', 'admin'],
  auditor: ['auditor', 'admin'],
  admin: ['admin'],
};
const ROLES: (TestRole | 'none')[] = ['none', 'reader', 'recorder', 'auditor', 'admin'];

function concrete(path: string): string {
  // The live feed does not end: a bad `after` (400, after the token is checked) says who is let through.
  if (path === '/v1/events/stream') return `${path}?after=not-a-position`;
  return path
    .replace('{eventId}', '00000000-0000-4000-8000-000000000000')
    .replace('{a}', 'AZ')
    .replace('{b}', 'CN')
    .replace('{code}', 'AZ');
}

describe.each([
  ['reads open', {}],
  ['READS_REQUIRE_TOKEN=true', { READS_REQUIRE_TOKEN: 'true' }],
])('every route, every role (%s)', (_, env) => {
  let t: TestApp;
  let routes: [string, string][];
  beforeAll(async () => {
    t = await startTestApp(env as Record<string, string>);
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => [m.toUpperCase(), path] as [string, string]),
    );
  });
  afterAll(() => t.close());

  test('the table names every documented route', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const [method, path] of routes)
      expect({ route: `${method} ${path}`, known: `${method} ${path}` in NEEDS }).toEqual({
        route: `${method} ${path}`,
        known: true,
      });
  });

  test('each role is let through exactly where the table says, and refused with 401/403 elsewhere', async () => {
    const readsOpen = !('READS_REQUIRE_TOKEN' in env);
    for (const [method, path] of routes) {
      const need = NEEDS[`${method} ${path}`];
      for (const role of ROLES) {
        const allowed = ALLOWED[need].includes(role) || (need === 'reader' && role === 'none' && readsOpen);
        const res = await t.request({
          method: method as 'GET' | 'POST',
          url: concrete(path),
          as: role === 'none' ? undefined : role,
          body: method === 'POST' ? {} : undefined,
        });
        const refused = res.status === 401 || res.status === 403;
        expect({ route: `${method} ${path}`, role, refused }).toEqual({
          route: `${method} ${path}`,
          role,
          refused: !allowed,
        });
        if (refused) expect(res.status).toBe(role === 'none' ? 401 : 403);
      }
    }
  }, 60_000);
});
