import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '@app/config';

/** The API serves the built page at / (apps/web → dist/web) beside its own routes, which keep theirs. */
describe('the timeline page is served by the API', () => {
  let dir: string;
  let app: NestFastifyApplication;
  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'timeline-web-'));
    const web = join(dir, 'web');
    mkdirSync(join(web, 'js'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Diplomatic timeline</title>');
    writeFileSync(join(web, 'js', 'main.js'), 'export {};');
    const config = loadConfig({
      SQLITE_PATH: join(dir, 'timeline.db'),
      READ_MODEL_PATH: join(dir, 'read-models.db'),
      LOG_LEVEL: 'silent',
    });
    app = await createApp(config, { logger: false, webRoot: web });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET / is the page, and its files are served with their types', async () => {
    const page = await get('/');
    expect([page.statusCode, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('Diplomatic timeline');
    const script = await get('/js/main.js');
    expect([script.statusCode, script.headers['content-type']]).toEqual([
      200,
      'application/javascript; charset=utf-8',
    ]);
  });

  test('the API, its documentation and health keep their routes', async () => {
    expect((await get('/health')).statusCode).toBe(200);
    expect((await get('/openapi.json')).json().info.title).toBe('diplomatic-timeline');
    expect((await get('/docs')).body).toContain('swagger-ui');
    expect((await get('/v1/countries')).json().items.length).toBeGreaterThan(200);
  });

  test('a path that is neither a file of the page nor a route is still a 404 problem', async () => {
    const res = await get('/no-such-page');
    expect([res.statusCode, res.headers['content-type']]).toEqual([
      404,
      'application/problem+json; charset=utf-8',
    ]);
  });
});
