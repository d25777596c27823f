import { example } from './fixtures/example-facts';
import { Writable } from 'node:stream';
import { startTestApp, TestApp, TOKENS } from './support/test-app';

describe('HTTP hardening', () => {
  describe('defaults', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    test('security headers on every answer', async () => {
      const res = await t.request({ method: 'GET', url: '/health' });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    test('CORS is off by default: no Access-Control-Allow-Origin for another origin', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://elsewhere.example' },
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('every answer carries a request id, the client’s when it sent a sane one', async () => {
      const mine = await t.request({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': 'trace-123' },
      });
      expect(mine.headers['x-request-id']).toBe('trace-123');
      const fresh = await t.request({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('CORS_ORIGINS and RATE_LIMIT_PER_MINUTE', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CORS_ORIGINS: 'https://newsroom.example', RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(() => t.close());

    test('a configured origin is allowed, another is not', async () => {
      const ok = await t.request({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://newsroom.example' },
      });
      expect(ok.headers['access-control-allow-origin']).toBe('https://newsroom.example');
      const no = await t.request({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://elsewhere.example' },
      });
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('past the limit a client gets 429 with Retry-After, as problem details; another token has its own budget', async () => {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 7; i++) {
        last = await t.request({
          method: 'POST',
          url: '/v1/events',
          as: 'recorder',
          body: example('StatementIssued'),
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(last!.body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
      const other = await t.request({
        method: 'POST',
        url: '/v1/events',
        as: 'admin',
        body: example('StatementIssued'),
      });
      expect(other.status).toBe(201);
    });
  });
});

describe('request logs', () => {
  test('one JSON line per request with its id, method, path and status — no token, no body', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const t = await startTestApp({ LOG_LEVEL: 'info' }, undefined, { logStream: stream });
    const body = example('StatementIssued', { note: 'a-distinctive-note-in-the-body' });
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body,
      headers: { 'x-request-id': 'log-test-1' },
    });
    expect(res.status).toBe(201);
    await t.close();
    const text = lines.join('\n');
    expect(text).not.toContain(TOKENS.recorder);
    expect(text).not.toContain('a-distinctive-note-in-the-body');
    const entries = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'log-test-1');
    expect(entries[0]).toMatchObject({
      reqId: 'log-test-1',
      req: { id: 'log-test-1', method: 'POST', url: '/v1/events' },
    });
    const entry = entries.find((l) => l.res);
    expect(entry).toMatchObject({ reqId: 'log-test-1', res: { statusCode: 201 } });
    expect(entry.responseTime).toEqual(expect.any(Number));
  });
});
