import { createServer } from 'node:http';

/**
 * Reference (b) of bench/http-post.bench.ts: node:http answering every POST, once its body is
 * read, with the same ~200-byte JSON receipt — the HTTP ceiling of this machine. Env: PORT.
 */
const RECEIPT = JSON.stringify({
  eventId: '0b6f8a52-3c1d-4e7a-9f21-5d8c4b7e6a10',
  stream: 'relationship-AZ-CN',
  revision: 0,
  position: '1',
  recordedAt: '2026-01-01T00:00:00.000Z',
  hash: 'ab'.repeat(32),
});
const HEADERS = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(RECEIPT) };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 201 : 200, HEADERS);
    res.end(RECEIPT);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close());
