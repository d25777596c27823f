/**
 * Soak: the built service under a mixed load (reads and writes) for a bounded time, reporting errors,
 * latency and the server's memory over time (issue "Reliability and security"). Bounded in time and
 * requests, loopback only. Usage: npm run soak -- [--minutes 10] [--clients 16] [--write-share 0.3]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { START_FLAGS } from '../servers/servers-under-test';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '16' },
    'write-share': { type: 'string', default: '0.3' },
  },
});
const DURATION_MS = Number(values.minutes) * 60_000;
const CLIENTS = Number(values.clients);
const WRITE_SHARE = Number(values['write-share']);
const MAIN = resolve(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
const TOKEN = 'soak-recorder-token-0123456789';
const CODES = [
  'AZ',
  'CN',
  'FR',
  'IN',
  'DE',
  'JP',
  'BR',
  'ZA',
  'KE',
  'NG',
  'MX',
  'US',
  'GB',
  'IT',
  'ES',
  'PT',
];

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

function p99(samples: number[]): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] * 10) / 10;
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) {
    console.error('the build is missing: run `npm run build` first');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'timeline-soak-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...START_FLAGS, MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      SQLITE_PATH: join(dir, 'events.db'),
      READ_MODEL_PATH: join(dir, 'read-models.db'),
      API_TOKENS: `soak:recorder:${TOKEN}`,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 300) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    let window: number[] = [];
    let all: number[] = [];
    let requests = 0;
    let errors = 0;
    let n = 0;
    const memory: { minute: number; rssMb: number }[] = [{ minute: 0, rssMb: rssMb(child.pid!) }];
    const one = async () => {
      const i = n++;
      const a = CODES[i % CODES.length];
      const b =
        CODES[(i * 7 + 3) % CODES.length] === a
          ? CODES[(i + 1) % CODES.length]
          : CODES[(i * 7 + 3) % CODES.length];
      const t0 = performance.now();
      let res: Response;
      if (Math.random() < WRITE_SHARE) {
        res = await fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            eventId: randomUUID(),
            type: 'StatementIssued',
            actors: [a, b],
            occurredOn: `${1950 + (i % 70)}-0${1 + (i % 9)}-1${i % 10}`,
            data: { by: a, summary: `soak statement ${i}` },
            sources: [{ publisher: 'soak' }],
          }),
        });
      } else {
        const path = [
          `/v1/relationships/${a}/${b}?at=${1950 + (i % 75)}-06-01`,
          `/v1/relationships/${a}/${b}/timeline?limit=50`,
          `/v1/countries/${a}/relationships?at=2000-01-01`,
        ][i % 3];
        res = await fetch(`${url}${path}`);
      }
      await res.arrayBuffer();
      window.push(performance.now() - t0);
      requests++;
      // A 404 is an answer (a pair no writer has reached yet); anything 5xx, 429 or 4xx on a valid request is an error.
      if (res.status >= 500 || (res.status >= 400 && res.status !== 404)) errors++;
    };
    const client = async () => {
      while (Date.now() - started < DURATION_MS) {
        try {
          await one();
        } catch {
          errors++;
        }
      }
    };
    const reporter = setInterval(() => {
      const minute = Math.round(((Date.now() - started) / 60_000) * 10) / 10;
      memory.push({ minute, rssMb: rssMb(child.pid!) });
      console.log(
        `${minute} min: ${requests} requests, ${errors} errors, p99 ${p99(window)} ms (last 30 s), RSS ${memory[memory.length - 1].rssMb} MB`,
      );
      all = all.concat(window);
      window = [];
    }, 30_000);
    await Promise.all(Array.from({ length: CLIENTS }, client));
    clearInterval(reporter);
    all = all.concat(window);
    memory.push({ minute: Math.round((Date.now() - started) / 6000) / 10, rssMb: rssMb(child.pid!) });
    const summary = {
      minutes: Number(values.minutes),
      clients: CLIENTS,
      writeShare: WRITE_SHARE,
      requests,
      errors,
      requestsPerSecond: Math.round(requests / ((Date.now() - started) / 1000)),
      p99Ms: p99(all),
      rssStartMb: memory[0].rssMb,
      rssAfterFirstMinuteMb: memory.find((m) => m.minute >= 1)?.rssMb ?? null,
      rssEndMb: memory[memory.length - 1].rssMb,
    };
    console.log(JSON.stringify(summary, null, 2));
    process.exitCode = errors > 0 ? 1 : 0;
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
