import { createServer, type ServerResponse } from 'node:http';
import { relationshipId } from '@app/domain';
import { ReadModelFile, StateReader } from '@app/timeline';

/**
 * A floor of the state query in bench/read-path.bench.ts: raw node:http answering
 * `/v1/relationships/{a}/{b}?at=YYYY-MM-DD` with the service's own read-model code (StateReader: the
 * snapshot in force, the facts after it folded and the answer rendered), and nothing of the service's HTTP shell: no Fastify, Nest, guard, CQRS bus, security headers or parameter checks
 * (the bench sends valid ones). Env: PORT, READ_MODEL_PATH (projected read models, opened beside
 * the service that holds them).
 */
const readModels = ReadModelFile.open(process.env.READ_MODEL_PATH ?? '');
const reader = new StateReader(readModels);
const PATH = /^\/v1\/relationships\/([A-Z]{2})\/([A-Z]{2})\?at=(\d{4}-\d{2}-\d{2})$/;

function send(res: ServerResponse, status: number, body: string, etag?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(etag ? { etag } : {}),
  });
  res.end(body);
}

const server = createServer((req, res) => {
  req.resume();
  if (req.url === '/health') return send(res, 200, '{"status":"ok"}');
  const match = PATH.exec(req.url ?? '');
  if (!match) return send(res, 404, '{"title":"not found"}');
  const [, a, b, at] = match;
  const row = reader.relationship(relationshipId(a, b));
  if (!row) return send(res, 404, '{"title":"nothing recorded"}');
  const state = reader.stateJson(row, at, new Date().toISOString(), true)!;
  send(res, 200, state.json, `"${state.revision}"`);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  readModels.close();
});
