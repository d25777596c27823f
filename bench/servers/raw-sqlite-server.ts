import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { openRawEventTable } from '../support/raw-event-table';

/**
 * Reference (a) of bench/http-post.bench.ts: node:http that parses the JSON body and inserts one
 * row per request with raw better-sqlite3 (WAL, synchronous=FULL): the least a durable write costs.
 * Env: PORT, SQLITE_PATH.
 */
const { db } = openRawEventTable(process.env.SQLITE_PATH ?? ':memory:', 'FULL');
type Params = [string, string, string, string, string, string, string];
const insert = db.prepare<Params, { revision: number; position: number }>(
  `INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
   SELECT ?, COALESCE(MAX(revision), -1) + 1, ?, ?, ?, ?, ? FROM events WHERE stream = ?
   RETURNING revision, position`,
);

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function record(text: string, res: ServerResponse): void {
  let body: { type?: unknown; actors?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return send(res, 400, { title: 'malformed JSON' });
  }
  const { type, actors, ...rest } = body;
  if (typeof type !== 'string' || !Array.isArray(actors) || actors.length !== 2) {
    return send(res, 400, { title: 'type and two actors are required' });
  }
  const stream = `relationship-${actors
    .map((a) => String(a).toUpperCase())
    .sort()
    .join('-')}`;
  const eventId = randomUUID();
  const recordedAt = new Date().toISOString();
  const payload = JSON.stringify({ actors, ...rest });
  const metadata = JSON.stringify({ recordedAt, recordedBy: 'bench', schemaVersion: 1 });
  const row = insert.get(stream, eventId, type, payload, metadata, recordedAt, stream)!;
  send(res, 201, { eventId, stream, revision: row.revision, position: String(row.position), recordedAt });
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/v1/events') return send(res, 404, { title: 'not found' });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      record(Buffer.concat(chunks).toString('utf8'), res);
    } catch (error) {
      send(res, error instanceof Database.SqliteError ? 503 : 500, { title: String(error) });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => db.close()));
