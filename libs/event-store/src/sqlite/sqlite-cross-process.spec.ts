import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';

const RACERS = 3;
const ATTEMPTS = 100;

/**
 * Several processes appending to one stream of one file. better-sqlite3 is synchronous, so appends
 * inside one process never interleave; only separate processes can race between "read the stream
 * head" and "insert". The store takes the write lock first (BEGIN IMMEDIATE): every loser must see a
 * ConcurrencyError it can recover from, never a busy or stale-snapshot SQLite error, and the stream
 * must come out gap-free.
 */
describe('SqliteEventStore across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`given ${RACERS} processes racing ${ATTEMPTS} appends each to one stream with exact expected revisions, then every append either succeeds or gets ConcurrencyError, and the stream holds exactly the successes with revisions 0…n-1`, async () => {
    const path = join(dir, 'race.db');
    const racers = Array.from({ length: RACERS }, (_, i) => new Racer(path, i));
    let tallies: Tally[];
    try {
      // A barrier: all have loaded and opened the store before any appends, so they overlap.
      await Promise.all(racers.map((racer) => racer.ready));
      for (const racer of racers) racer.go();
      tallies = await Promise.all(racers.map((racer) => racer.tally));
    } finally {
      for (const racer of racers) racer.stop();
    }

    const store = SqliteEventStore.open({ path });
    try {
      const events = await store.readStream('relationship-AZ-CN');
      const successes = tallies.reduce((sum, t) => sum + t.ok, 0);
      expect(tallies.every((t) => t.ok + t.conflicts === ATTEMPTS)).toBe(true);
      expect(tallies.some((t) => t.conflicts > 0)).toBe(true); // they did race
      expect(events).toHaveLength(successes);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    } finally {
      await store.close();
    }
  }, 30_000);
});

/** A child process running racerProgram: says "ready" on stdout, starts on "go" from stdin, ends with its tally. */
class Racer {
  readonly ready: Promise<void>;
  readonly tally: Promise<Tally>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(path: string, index: number) {
    this.child = spawn(process.execPath, ['-e', racerProgram(), path, String(index), String(ATTEMPTS)]);
    let stdout = '';
    let stderr = '';
    let signalReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (signalReady = resolve));
    this.child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) signalReady();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.tally = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`racer ${index} exited with ${code}: ${stderr}`));
        resolve(JSON.parse(stdout.slice('ready\n'.length)) as Tally);
      });
    });
    // Handled here too: when the barrier fails first, the others' tallies reject with nobody awaiting.
    this.tally.catch(() => undefined);
    // A racer that dies before it is ready must fail the test, not leave the barrier waiting.
    this.ready = Promise.race([ready, this.tally.then(() => undefined)]);
  }

  /** Ends the child if it still runs (a failed test must not leave it waiting for "go"). */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  go(): void {
    this.child.stdin.end('go\n');
  }
}

interface Tally {
  ok: number;
  conflicts: number;
}

const SRC = resolve(__dirname, '..', '..', '..');

/**
 * A child process's program, in plain JavaScript for `node -e`. It compiles the store's TypeScript
 * with swc (what jest uses) on require, and maps `@app/domain` to the domain's errors module — the
 * only runtime values the store takes from the domain — to keep the child's start light.
 */
function racerProgram(): string {
  const storeModule = join(SRC, 'event-store', 'src', 'sqlite', 'sqlite-event-store.ts');
  const domainErrors = join(SRC, 'domain', 'src', 'errors.ts');
  return `
    const fs = require('node:fs');
    const Module = require('node:module');
    const { randomUUID } = require('node:crypto');
    const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    const resolveFilename = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      return resolveFilename.call(this, request === '@app/domain' ? ${JSON.stringify(domainErrors)} : request, ...rest);
    };
    Module._extensions['.ts'] = (module, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename,
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    const { SqliteEventStore } = require(${JSON.stringify(storeModule)});
    const { ConcurrencyError } = require('@app/domain');

    const [path, racer, attempts] = process.argv.slice(1);
    const event = () => ({
      eventId: randomUUID(),
      type: 'StatementIssued',
      payload: { actors: ['AZ', 'CN'], occurredOn: '2024-07-03', data: { by: 'AZ', summary: 'racer ' + racer }, sources: [{ publisher: 'test' }] },
      metadata: { recordedAt: new Date().toISOString(), recordedBy: 'racer ' + racer, schemaVersion: 1, prevHash: '', hash: '' },
    });
    const toExpected = (revision) => (revision < 0n ? 'no_stream' : revision);

    (async () => {
      const store = SqliteEventStore.open({ path });
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      let current = BigInt((await store.readStream('relationship-AZ-CN')).length) - 1n;
      const tally = { ok: 0, conflicts: 0 };
      while (tally.ok + tally.conflicts < Number(attempts)) {
        try {
          current = (await store.append('relationship-AZ-CN', [event()], { expectedRevision: toExpected(current) })).revision;
          tally.ok += 1;
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
          tally.conflicts += 1;
          current = error.actual === 'no_stream' ? -1n : BigInt(error.actual);
        }
      }
      await store.close();
      process.stdout.write(JSON.stringify(tally));
    })().catch((error) => {
      console.error(error);
      process.exit(1);
    });
  `;
}
