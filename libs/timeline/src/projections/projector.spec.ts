import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { parseFactInput, SCHEMA_VERSION, streamOf } from '@app/domain';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { ReadModelFile } from '../read-models/read-model-file';
import { StateReader } from '../read-models/state-reader';
import { Projector } from './projector';

const BATCH = 500;

const PAIRS = ['AZ-CN', 'FR-IN', 'DE-JP', 'BR-ZA', 'KE-NG', 'MX-US'];
const EVENTS = 1300;

/** 1 300 events over six relationships, with dates out of order so that snapshots are placed again. */
async function seed(store: SqliteEventStore): Promise<void> {
  const revisions = new Map<string, bigint>();
  for (let i = 0; i < EVENTS; i++) {
    const [a, b] = PAIRS[i % PAIRS.length].split('-');
    const year = 1950 + ((i * 37) % 70);
    const fact = parseFactInput({
      type: i % 5 === 0 ? 'PartnershipDeclared' : 'StatementIssued',
      actors: [a, b],
      occurredOn: i % 3 === 0 ? String(year) : `${year}-0${1 + (i % 9)}-1${i % 10}`,
      data:
        i % 5 === 0
          ? { level: i % 2 ? 'strategic partnership' : 'partnership' }
          : { by: a, summary: `statement ${i}` },
      sources: [{ publisher: 'test' }],
    });
    const stream = streamOf(a, b);
    const revision = revisions.get(stream) ?? -1n;
    await store.append(
      stream,
      [
        {
          eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          type: fact.type,
          payload: fact.payload,
          metadata: {
            recordedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
            recordedBy: 'test',
            schemaVersion: SCHEMA_VERSION,
            prevHash: '',
            hash: '',
          },
        },
      ],
      { expectedRevision: revision === -1n ? 'no_stream' : revision },
    );
    revisions.set(stream, revision + 1n);
  }
}

/** The same store, as one that cannot read stream by stream (as EventStoreDB): projected in log order. */
function inLogOrderOnly(store: SqliteEventStore): EventStore {
  return Object.create(store, { readByStream: { value: undefined } }) as EventStore;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('the projector: from the ordered log, in batches, each committed with its checkpoint', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = mkdtempSync(join(tmpdir(), 'projector-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.db'), synchronous: 'NORMAL' });
    await seed(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    Logger.overrideLogger(['error', 'warn', 'log']);
  });

  test('killed between batches, it resumes at its checkpoint: no event applied twice, none skipped, same read models as a clean run', async () => {
    const file = join(dir, 'read-models.db');
    // First run: the second batch fails inside its transaction, as if the process died during it.
    const first = ReadModelFile.open(file);
    const dying = new Projector(inLogOrderOnly(store), first);
    let batches = 0;
    const original = dying.writer.applyBatch.bind(dying.writer);
    dying.writer.applyBatch = (events) => {
      batches += 1;
      if (batches === 2) throw new Error('killed');
      original(events);
    };
    dying.batchSize = BATCH;
    dying.start();
    await until(() => dying.lastError === 'killed', 'the failing batch');
    await dying.stop();
    first.close();

    // The committed state is exactly the first batch: its rows and its checkpoint, nothing of the second.
    expect(count(file, 'SELECT count(*) AS n FROM revisions')).toBe(BATCH);
    const reopened = ReadModelFile.open(file);
    expect(reopened.checkpoint()).toBe(String(BATCH));

    // Second run, a new process on the same files: it resumes from the checkpoint.
    const resumed = new Projector(inLogOrderOnly(store), reopened);
    resumed.start();
    await until(() => resumed.checkpoint() === String(EVENTS), 'the catch-up');
    await resumed.stop();
    expect(count(file, 'SELECT count(*) AS n FROM revisions')).toBe(EVENTS);
    expect(count(file, 'SELECT count(DISTINCT event_id) AS n FROM facts')).toBe(EVENTS);

    // The same read models as one uninterrupted run from position 0.
    const clean = ReadModelFile.open(':memory:');
    const cleanRun = new Projector(inLogOrderOnly(store), clean);
    cleanRun.start();
    await until(() => cleanRun.checkpoint() === String(EVENTS), 'the clean run');
    await cleanRun.stop();
    // The digest covers every table: fact rows, revisions, snapshots.
    expect(await reopened.digest()).toBe(await clean.digest());
    reopened.close();
    clean.close();
  });

  test('on empty read models it builds them stream by stream; killed during the build, it resumes from its progress; the result is the projection in log order, row for row', async () => {
    const file = join(dir, 'built.db');
    const first = ReadModelFile.open(file);
    const dying = new Projector(store, first);
    let pages = 0;
    const original = dying.writer.buildRelationships.bind(dying.writer);
    dying.writer.buildRelationships = (histories, progress) => {
      pages += 1;
      if (pages === 2) throw new Error('killed');
      original(histories, progress);
    };
    dying.batchSize = BATCH; // two whole streams of about 217 events per page
    dying.start();
    await until(() => dying.lastError === 'killed', 'the failing page');
    await dying.stop();
    first.close();

    // Committed: the first page's two relationships, whole, and the progress; no checkpoint yet.
    expect(count(file, 'SELECT count(*) AS n FROM relationships')).toBe(2);
    const reopened = ReadModelFile.open(file);
    expect(reopened.checkpoint()).toBeUndefined();
    expect(reopened.buildProgress()).toEqual({ through: String(EVENTS), lastStream: 'relationship-BR-ZA' });

    const resumed = new Projector(store, reopened);
    resumed.start();
    await until(() => resumed.checkpoint() === String(EVENTS), 'the build');
    await resumed.stop();
    expect(reopened.buildProgress()).toBeUndefined();
    expect(count(file, 'SELECT count(*) AS n FROM revisions')).toBe(EVENTS);

    const inLogOrder = ReadModelFile.open(':memory:');
    const logOrderRun = new Projector(inLogOrderOnly(store), inLogOrder);
    logOrderRun.start();
    await until(() => logOrderRun.checkpoint() === String(EVENTS), 'the run in log order');
    await logOrderRun.stop();
    expect(await reopened.digest()).toBe(await inLogOrder.digest());
    reopened.close();
    inLogOrder.close();
  });

  test('while it builds, other work gets turns between pages', async () => {
    const readModels = ReadModelFile.open(':memory:');
    const projector = new Projector(store, readModels);
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks += 1;
      if (ticking) setImmediate(tick);
    };
    const ticksAtPage: number[] = [];
    const original = projector.writer.buildRelationships.bind(projector.writer);
    projector.writer.buildRelationships = (histories, progress) => {
      ticksAtPage.push(ticks);
      original(histories, progress);
    };
    projector.batchSize = BATCH; // pages of two streams: three pages
    setImmediate(tick);
    projector.start();
    try {
      await until(() => projector.checkpoint() === String(EVENTS), 'the build');
      expect(ticksAtPage).toHaveLength(3);
      for (let i = 1; i < ticksAtPage.length; i++) expect(ticksAtPage[i]).toBeGreaterThan(ticksAtPage[i - 1]);
    } finally {
      ticking = false;
      await projector.stop();
      readModels.close();
    }
  });

  test('it goes live after the catch-up: an append is projected without a restart', async () => {
    const readModels = ReadModelFile.open(':memory:');
    const projector = new Projector(store, readModels);
    projector.start();
    await until(() => projector.checkpoint() === String(EVENTS), 'the catch-up');
    const fact = parseFactInput({
      type: 'StatementIssued',
      actors: ['AZ', 'CN'],
      occurredOn: '2025-01-01',
      data: { by: 'AZ', summary: 'live' },
      sources: [{ publisher: 'test' }],
    });
    const head = (await store.readStream('relationship-AZ-CN')).length;
    const { position } = await store.append(
      'relationship-AZ-CN',
      [
        {
          eventId: '10000000-0000-4000-8000-000000000000',
          type: fact.type,
          payload: fact.payload,
          metadata: {
            recordedAt: '2026-02-01T00:00:00.000Z',
            recordedBy: 'test',
            schemaVersion: 1,
            prevHash: '',
            hash: '',
          },
        },
      ],
      { expectedRevision: BigInt(head - 1) },
    );
    expect(await projector.waitFor(position, 2000)).toBe(true);
    expect(new StateReader(readModels).summaryOn('AZ-CN', '2025-01-01')?.lastEvent?.eventId).toBe(
      '10000000-0000-4000-8000-000000000000',
    );
    await projector.stop();
    readModels.close();
  });
});
