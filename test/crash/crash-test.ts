/**
 * Crash safety (issue "Reliability and security"): the built server on a file store, 16 concurrent
 * writers with client-chosen eventIds, SIGKILL at a random moment, restart, and check that
 * - every acknowledged event is there exactly once, as acknowledged (revision, position, hash);
 * - nothing was stored that no writer sent, and nothing is half-written (every stored event reads back
 *   and every hash chain verifies);
 * - a retry of every unacknowledged event after the restart is answered 201 or 200, never 409;
 * - the read models equal a fresh replay of the log (same digest), so the projector resumed without
 *   applying anything twice or skipping anything.
 * Usage: npm run test:crash [-- --trials 20 --writers 16 --seed N]  (needs `npm run build`).
 */
import { spawn, ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '20' },
    writers: { type: 'string', default: '16' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
  },
});
const TRIALS = Number(values.trials);
const WRITERS = Number(values.writers);
const MAIN = resolve(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
const RECORDER = 'recorder-crash-token-0123456789';
const ADMIN = 'admin-crash-token-0123456789abc';
const PAIRS = [
  ['AZ', 'CN'],
  ['FR', 'IN'],
  ['DE', 'JP'],
  ['BR', 'ZA'],
  ['KE', 'NG'],
  ['MX', 'US'],
  ['GB', 'IT'],
  ['ES', 'PT'],
];

let seed = Number(values.seed);
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

interface Server {
  child: ChildProcess;
  url: string;
}

async function start(dir: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: join(dir, 'events.db'),
      READ_MODEL_PATH: join(dir, 'read-models.db'),
      API_TOKENS: `writer:recorder:${RECORDER},operator:admin:${ADMIN}`,
      // 16 writers from one token go far past any sensible per-client limit: this test is about crashes.
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become healthy within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function body(eventId: string, n: number): string {
  const [a, b] = PAIRS[n % PAIRS.length];
  return JSON.stringify({
    eventId,
    type: 'StatementIssued',
    actors: [a, b],
    occurredOn: `${1950 + (n % 70)}-0${1 + (n % 9)}`,
    data: { by: a, summary: `crash-test statement ${n}` },
    sources: [{ publisher: 'crash test' }],
  });
}

async function post(url: string, text: string): Promise<Response> {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${RECORDER}`, 'content-type': 'application/json' },
    body: text,
  });
}

async function getJson(url: string, path: string): Promise<any> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) {
    console.error('the build is missing: run `npm run build` first');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'timeline-crash-'));
  const sent = new Map<string, string>(); // eventId → body
  const acked = new Map<string, { revision: number; position: string; hash: string }>();
  let counter = 0;
  const failures: string[] = [];
  let server = await start(dir, await freePort());
  try {
    for (let trial = 1; trial <= TRIALS; trial++) {
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const eventId = randomUUID();
          const text = body(eventId, counter++);
          sent.set(eventId, text);
          try {
            const res = await post(server.url, text);
            if (res.status === 201 || res.status === 200) acked.set(eventId, await res.json());
            else failures.push(`trial ${trial}: POST answered ${res.status}: ${await res.text()}`);
          } catch {
            return; // the server was killed under this request: it stays unacknowledged
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, writer);
      await new Promise((r) => setTimeout(r, 150 + random() * 1200));
      killed = true;
      server.child.kill('SIGKILL');
      await Promise.all(writers);
      if (server.child.exitCode === null && server.child.signalCode === null) {
        await new Promise((r) => server.child.once('exit', r));
      }
      server = await start(dir, await freePort());

      // Every acknowledged event is there, as acknowledged.
      for (const [eventId, receipt] of acked) {
        const res = await fetch(`${server.url}/v1/events/${eventId}`);
        if (res.status !== 200) {
          failures.push(`trial ${trial}: acknowledged ${eventId} is missing (${res.status})`);
          continue;
        }
        const event = await res.json();
        if (
          event.position !== receipt.position ||
          event.hash !== receipt.hash ||
          event.revision !== receipt.revision
        ) {
          failures.push(`trial ${trial}: ${eventId} differs from its receipt`);
        }
      }
      // Exactly once, and nothing that no writer sent.
      const seen = new Map<string, number>();
      let after: string | null = null;
      do {
        const page: any = await getJson(
          server.url,
          `/v1/audit/log?limit=1000${after ? `&after=${after}` : ''}`,
        );
        for (const item of page.items) seen.set(item.eventId, (seen.get(item.eventId) ?? 0) + 1);
        after = page.nextCursor;
      } while (after);
      for (const [eventId, count] of seen) {
        if (count !== 1) failures.push(`trial ${trial}: ${eventId} stored ${count} times`);
        if (!sent.has(eventId)) failures.push(`trial ${trial}: ${eventId} stored but never sent`);
      }
      // Every chain verifies: nothing half-written.
      const verified = await (
        await fetch(`${server.url}/v1/audit/verify`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json();
      if (!verified.ok)
        failures.push(`trial ${trial}: verify failed: ${JSON.stringify(verified.chains.firstBroken)}`);
      // Retries of the unacknowledged are safe: 201 (never stored) or 200 (stored, ack lost), never 409.
      for (const [eventId, text] of sent) {
        if (acked.has(eventId)) continue;
        const res = await post(server.url, text);
        if (res.status !== 201 && res.status !== 200)
          failures.push(`trial ${trial}: retry of ${eventId} answered ${res.status}`);
        else acked.set(eventId, await res.json());
      }
      // The read models equal a fresh replay of the log.
      const replay = await (
        await fetch(`${server.url}/v1/audit/replay`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json();
      if (!replay.ok)
        failures.push(
          `trial ${trial}: read models differ from a replay (${replay.liveDigest} vs ${replay.replayDigest})`,
        );
      console.log(
        `trial ${trial}/${TRIALS}: ${acked.size} events acknowledged in all, ${seen.size} stored before retries; verify ${verified.ok ? 'ok' : 'FAILED'}, replay ${replay.ok ? 'ok' : 'DIFFERENT'}`,
      );
      if (failures.length > 0) break;
    }
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log(`crash test FAILED (seed ${values.seed}):\n  ${failures.slice(0, 20).join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    `crash test passed: ${TRIALS} trials with SIGKILL, ${WRITERS} writers, ${acked.size} events, seed ${values.seed}`,
  );
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
// Should the work ever wait on nothing, this keeps the process from ending silently with code 0.
const guard = setInterval(() => undefined, 60_000);
process.on('exit', () => clearInterval(guard));
