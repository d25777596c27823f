import { connect } from 'node:net';
import { startTestApp, TestApp } from './support/test-app';

/** What a raw TCP client gets back, or '' when the server closed the connection without a word. */
function exchange(port: number, text: string, waitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    setTimeout(() => {
      socket.destroy();
      resolve(`(still open) ${received}`);
    }, waitMs).unref();
  });
}

describe('slow and oversized clients, over a real socket', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: '800' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => t.close());

  test('a client that stops in the middle of its request headers (slow-loris) gets 408 and is cut off', async () => {
    const started = Date.now();
    const answer = await exchange(port, 'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: appl', 5000);
    expect(answer).not.toMatch(/^\(still open\)/);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3500);
  }, 10_000);

  test('headers over 16 KiB are refused with 431', async () => {
    const answer = await exchange(
      port,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      5000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
  }, 10_000);
});
