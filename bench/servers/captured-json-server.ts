import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The reference of the read benches (bench/read-path.bench.ts): raw node:http answering every GET
 * with JSON captured from the service beforehand, round-robin — the same bytes, the same sizes, the
 * same status and ETag — without computing anything: the HTTP ceiling for those answers on this
 * machine. /health answers a small fixed body. Env: PORT, RESPONSES_PATH (a JSON array of
 * { status, contentType, etag, body }).
 */
interface Captured {
  status: number;
  contentType: string;
  etag?: string;
  body: string;
}

const captured = (JSON.parse(readFileSync(process.env.RESPONSES_PATH ?? '', 'utf8')) as Captured[]).map(
  (c) => ({
    status: c.status,
    body: Buffer.from(c.body, 'utf8'),
    headers: {
      'content-type': c.contentType,
      'content-length': Buffer.byteLength(c.body),
      ...(c.etag ? { etag: c.etag } : {}),
    },
  }),
);
if (captured.length === 0) throw new Error('RESPONSES_PATH holds no responses');
const HEALTH = JSON.stringify({ status: 'ok' });
let next = 0;

const server = createServer((req, res) => {
  req.resume();
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(HEALTH) });
    res.end(HEALTH);
    return;
  }
  const answer = captured[next];
  next = (next + 1) % captured.length;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close());
