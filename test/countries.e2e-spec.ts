import { example } from './fixtures/example-facts';
import { startTestApp, TestApp } from './support/test-app';

/** GET /v1/countries: the states a client can choose from, with their names (the page's pickers use it). */
describe('GET /v1/countries', () => {
  let t: TestApp;
  let position = '0';
  beforeAll(async () => {
    t = await startTestApp();
    for (const actors of [
      ['AZ', 'CN'],
      ['AZ', 'TR'],
      ['CN', 'SUHH'],
    ]) {
      const res = await t.request({
        method: 'POST',
        url: '/v1/events',
        as: 'recorder',
        body: example('StatementIssued', {
          actors,
          data: { by: actors[1], summary: 'A statement, for the test.' },
        }),
      });
      expect(res.status).toBe(201);
      position = res.body.position;
    }
  });
  afterAll(() => t.close());

  const list = async () => {
    const res = await t.request({ method: 'GET', url: `/v1/countries?minPosition=${position}` });
    expect(res.status).toBe(200);
    return res.body as {
      items: { code: string; name: string; aliases: string[]; former: boolean; relationships: number }[];
      nextCursor: null;
    };
  };

  test('lists every current state (ISO 3166-1) and every former one (ISO 3166-3), in one page, open to readers', async () => {
    const body = await list();
    expect(body.nextCursor).toBeNull();
    const codes = body.items.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['AZ', 'CN', 'US', 'XK', 'SUHH', 'YUCS', 'CSHH', 'DDDE']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(260);
  });

  test('each with its official English name and the common names people type', async () => {
    const byCode = new Map((await list()).items.map((c) => [c.code, c]));
    expect(byCode.get('AZ')).toMatchObject({ name: 'Azerbaijan', aliases: [], former: false });
    expect(byCode.get('CN')).toMatchObject({ name: "People's Republic of China", aliases: ['China'] });
    expect(byCode.get('SUHH')).toMatchObject({ name: 'USSR', former: true });
  });

  test('each state with its dates from the state list, and the state it continues or that continues it', async () => {
    const byCode = new Map((await list()).items.map((c) => [c.code, c]));
    expect(byCode.get('SUHH')).toMatchObject({
      from: '1922-12-30',
      to: '1991-12-25',
      predecessor: 'RU',
      successor: 'RU',
    });
    expect(byCode.get('RU')).toMatchObject({ predecessor: 'SUHH' });
    expect(byCode.get('RU')).not.toHaveProperty('to');
    expect(byCode.get('BD')).toMatchObject({ from: '1971-12-16' });
    expect(byCode.get('US')).not.toHaveProperty('from'); // a member since the list begins (1816)
  });

  test('sorted by name, with how many relationships of each state are recorded', async () => {
    const items = (await list()).items;
    const names = items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    const count = (code: string) => items.find((c) => c.code === code)!.relationships;
    expect([count('AZ'), count('CN'), count('TR'), count('SUHH'), count('FR')]).toEqual([2, 2, 1, 1, 0]);
  });

  test('documented in the OpenAPI description', async () => {
    const res = await t.request({ method: 'GET', url: '/openapi.json' });
    expect(res.body.paths['/v1/countries'].get.summary).toMatch(/every known state/i);
  });
});
